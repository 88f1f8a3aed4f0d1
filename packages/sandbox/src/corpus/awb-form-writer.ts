import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import type { AwbSample, FormStyle } from './awb-sample.js';
import { PdfPageContent } from './pdf-page-content.js';

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 28;
const MIDDLE = 297;
const CAPTION_SIZE = 6;
const LINE = 0.6;

interface Pen {
  content: PdfPageContent;
  style: FormStyle;
  /** Width of text in the values' font, to shrink what would overflow its box (as form fillers do). */
  measure: (text: string, size: number) => number;
}

/** y of a point `top` points below the top edge (pdf-lib, like PDF, measures y upwards). */
const yFrom = (top: number) => PAGE_HEIGHT - top;

/** A labelled box of the form: thin border, small caption in its top-left corner, values below. */
function box(
  pen: Pen,
  x: number,
  top: number,
  width: number,
  height: number,
  caption: string,
  values: string[] = [],
): void {
  const { indent, valueSize, lineGap } = pen.style;
  pen.content.rect(x, yFrom(top + height), width, height);
  pen.content.text(caption, x + 3, yFrom(top + 8), CAPTION_SIZE, 'F1');
  values.forEach((value, i) => {
    const room = width - indent - 2;
    const size = Math.min(valueSize, (valueSize * room) / pen.measure(value, valueSize));
    pen.content.text(value, x + indent, yFrom(top + 11 + valueSize + i * lineGap), size, 'F1');
  });
}

function text(pen: Pen, value: string, x: number, top: number, size: number, bold = false): void {
  pen.content.text(value, x, yFrom(top), size, bold ? 'F2' : 'F1');
}

/**
 * Draws page one of an air waybill laid out like the IATA form (Resolution 600a): header with the
 * AWB number, shipper/consignee/agent boxes on the left, issuing carrier on the right, routing,
 * the rate description table and the execution line.
 */
function drawAwbPage(pen: Pen, awb: AwbSample): void {
  const { fields } = awb;
  const prefix = awb.airline.prefix;
  text(pen, `${prefix} ${awb.originAirport.code} ${awb.serialText}`, LEFT, 22, 12, true);
  text(pen, `${prefix}-${awb.serialText}`, 450, 22, 12, true);

  // Left column: parties. Right column: the carrier's block.
  box(pen, LEFT, 30, 172, 72, "Shipper's Name and Address", [fields.shipper, ...awb.shipperAddress]);
  box(pen, 200, 30, 97, 72, "Shipper's Account Number");
  box(pen, MIDDLE, 30, 270, 72, 'Not Negotiable  Air Waybill  Issued by', [awb.airline.name]);
  box(pen, LEFT, 102, 172, 72, "Consignee's Name and Address", [fields.consignee, ...awb.consigneeAddress]);
  box(pen, 200, 102, 97, 72, "Consignee's Account Number");
  box(
    pen,
    MIDDLE,
    102,
    270,
    72,
    'Copies 1, 2 and 3 of this Air Waybill are originals and have the same validity',
  );
  box(pen, LEFT, 174, 269, 40, "Issuing Carrier's Agent Name and City", [awb.agent]);
  box(pen, MIDDLE, 174, 270, 40, 'Accounting Information', ['FREIGHT PREPAID']);
  box(pen, LEFT, 214, 134, 28, "Agent's IATA Code", [awb.agentIataCode]);
  box(pen, 162, 214, 135, 28, 'Account No.');
  box(pen, MIDDLE, 214, 270, 28, 'Optional Shipping Information');

  // Routing.
  const airport = (city: string, code: string) => (awb.style.bareAirportCodes ? code : `${city} (${code})`);
  const origin = airport(awb.originAirport.city, fields.origin);
  box(pen, LEFT, 242, 269, 28, 'Airport of Departure (Addr. of First Carrier) and Requested Routing', [
    origin,
  ]);
  box(pen, MIDDLE, 242, 45, 28, 'Currency', ['USD']);
  box(pen, 342, 242, 40, 28, 'CHGS Code', ['PP']);
  box(pen, 382, 242, 92, 28, 'Declared Value for Carriage', ['NVD']);
  box(pen, 474, 242, 93, 28, 'Declared Value for Customs', ['NCV']);
  box(pen, LEFT, 270, 32, 28, 'To', [fields.destination]);
  box(pen, 60, 270, 110, 28, 'By First Carrier', [awb.airline.designator]);
  box(pen, 170, 270, 127, 28, 'to  by  to  by');
  box(pen, MIDDLE, 270, 270, 28, 'Amount of Insurance', ['NIL']);
  box(pen, LEFT, 298, 134, 28, 'Airport of Destination', [airport(awb.destinationCity, fields.destination)]);
  box(pen, 162, 298, 135, 28, 'Requested Flight/Date', [`${fields.flight}/${awb.flightDate}`]);
  box(pen, MIDDLE, 298, 270, 28, 'Handling Information', ['NOTIFY CONSIGNEE ON ARRIVAL']);

  // Rate description table.
  const unit = fields.gross_weight_unit === 'KG' ? 'K' : 'L';
  const total = (awb.chargeableWeight * awb.rate).toFixed(2);
  const columns: Array<[number, number, string, string[]]> = [
    [LEFT, 58, 'No. of Pieces RCP', [String(fields.pieces)]],
    [86, 56, 'Gross Weight', [fields.gross_weight.toFixed(1)]],
    [142, 22, 'kg lb', [unit]],
    [164, 36, 'Rate Class', [awb.rateClass]],
    [200, 62, 'Chargeable Weight', [awb.chargeableWeight.toFixed(1)]],
    [262, 50, 'Rate / Charge', [awb.rate.toFixed(2)]],
    [312, 60, 'Total', [total]],
    [372, 195, 'Nature and Quantity of Goods (incl. Dimensions or Volume)', [fields.goods, awb.goodsDetail]],
  ];
  for (const [x, width, caption, values] of columns) box(pen, x, 326, width, 150, caption, values);

  // Charges, certification and execution.
  box(pen, LEFT, 476, 134, 28, 'Weight Charge (Prepaid)', [total]);
  box(pen, 162, 476, 135, 28, 'Valuation Charge');
  box(pen, MIDDLE, 476, 270, 28, 'Other Charges', ['AWC 15.00  FSC 0.85/KG']);
  box(pen, LEFT, 504, 539, 44, 'Shipper certifies that the particulars on the face hereof are correct', [
    'SIGNATURE OF SHIPPER OR HIS AGENT',
  ]);
  box(pen, LEFT, 548, 150, 30, 'Executed on (date)', [awb.executedOn]);
  box(pen, 178, 548, 150, 30, 'at (place)', [awb.originAirport.city]);
  box(pen, 328, 548, 239, 30, 'Signature of Issuing Carrier or its Agent', [awb.agent.split(',')[0]!]);
  text(pen, `ORIGINAL 3 (FOR SHIPPER)   ${prefix}-${awb.serialText}`, 380, 590, 7);
}

/** An attached cargo manifest page listing house waybills under the master AWB. */
function drawManifestPage(pen: Pen, awb: AwbSample, pageNumber: number): void {
  text(pen, 'CARGO MANIFEST', LEFT, 40, 14, true);
  text(pen, `MASTER AIR WAYBILL ${awb.airline.prefix}-${awb.serialText}   PAGE ${pageNumber}`, LEFT, 60, 9);
  text(pen, 'HOUSE AWB        PCS     WEIGHT     DESCRIPTION', LEFT, 90, 9, true);
  for (let i = 0; i < 12; i++) {
    const line = `HAWB${String(pageNumber * 100 + i).padStart(6, '0')}    ${1 + (i % 5)}     ${(12.5 * (i + 1)).toFixed(1)}     ${awb.fields.goods}`;
    text(pen, line, LEFT, 106 + i * 14, 9);
  }
}

/** One air waybill as PDF bytes: the form page plus `extraPages` manifest pages. */
export async function writeAwbPdf(awb: AwbSample, extraPages = 0): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Air Waybill ${awb.fields.awb_number}`);
  pdf.setProducer('docbatch-sandbox corpus');
  // A fixed date keeps the bytes identical for a seed.
  pdf.setCreationDate(new Date(Date.UTC(2026, 0, 1)));
  pdf.setModificationDate(new Date(Date.UTC(2026, 0, 1)));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const addPage = (draw: (pen: Pen) => void) => {
    const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    page.node.setFontDictionary(PDFName.of('F1'), regular.ref);
    page.node.setFontDictionary(PDFName.of('F2'), bold.ref);
    const content = new PdfPageContent(LINE);
    draw({ content, style: awb.style, measure: (text, size) => regular.widthOfTextAtSize(text, size) });
    const stream = pdf.context.stream(content.deflated(), { Filter: 'FlateDecode' });
    page.node.addContentStream(pdf.context.register(stream));
  };
  addPage((pen) => drawAwbPage(pen, awb));
  for (let i = 0; i < extraPages; i++) addPage((pen) => drawManifestPage(pen, awb, i + 2));
  return pdf.save({ useObjectStreams: false });
}
