import type { TextRun } from '../formats/pdf-text-reader.js';
import { FormReader, type Caption } from './form-reader.js';
import {
  readAirport,
  readAwbNumber,
  readFlight,
  readGoods,
  readName,
  readPieces,
  readWeight,
} from './field-parsers.js';
import type { FieldReading } from './field-reading.js';

/** The AWB fields the sandbox extracts, in result order. */
export const AWB_FIELDS = [
  'awb_number',
  'origin',
  'destination',
  'shipper',
  'consignee',
  'pieces',
  'gross_weight',
  'gross_weight_unit',
  'flight',
  'goods',
] as const;
export type AwbFieldName = (typeof AWB_FIELDS)[number];

/** A document is `partial` when one of these is missing or below the confidence threshold. */
export const REQUIRED_FIELDS: readonly AwbFieldName[] = AWB_FIELDS.filter(
  (f) => f !== 'flight' && f !== 'goods',
);

export type FieldReadings = { [K in AwbFieldName]: FieldReading<string | number> };

/** Captions of the IATA form boxes we read, by the part of the form they label. */
const CAPTIONS = {
  shipper: /^shipper'?s name and address/i,
  consignee: /^consignee'?s name and address/i,
  origin: /^airport of departure/i,
  destination: /^airport of destination/i,
  flight: /^(requested )?flight\s*\/\s*date/i,
  pieces: /^no\.? of pieces/i,
  gross_weight: /^gross weight/i,
  unit: /^kg\s*\/?\s*lb\b/i,
  goods: /^nature and quantity of goods/i,
} as const;
type CaptionName = keyof typeof CAPTIONS;

/** True when the page carries at least the core captions of an air waybill. */
export function looksLikeAwbPage(runs: readonly TextRun[]): boolean {
  const captions = findCaptions(runs);
  return Boolean(captions.shipper && captions.consignee && (captions.origin || captions.destination));
}

/** Reads every AWB field from the text runs of a form page. */
export function extractAwbFields(runs: readonly TextRun[]): FieldReadings {
  const captions = findCaptions(runs);
  const boxed = Object.values(captions).filter((caption) => !caption.inlineValue);
  const form = new FormReader(
    runs,
    boxed.map((caption) => caption.run),
  );
  const lines = (name: CaptionName) => (captions[name] ? form.valueLines(captions[name]) : []);
  const { weight, unit } = readWeight(lines('gross_weight'), lines('unit'));
  return {
    awb_number: readAwbNumber(runs.map((run) => run.text)),
    origin: readAirport('origin', lines('origin')),
    destination: readAirport('destination', lines('destination')),
    shipper: readName('shipper', lines('shipper')),
    consignee: readName('consignee', lines('consignee')),
    pieces: readPieces(lines('pieces')),
    gross_weight: weight,
    gross_weight_unit: unit,
    flight: readFlight(lines('flight')),
    goods: readGoods(lines('goods')),
  };
}

/** Captions of a page, found once: the reader first asks whether a page is a form, then reads it. */
const captionsOfPage = new WeakMap<readonly TextRun[], Partial<Record<CaptionName, Caption>>>();

function findCaptions(runs: readonly TextRun[]): Partial<Record<CaptionName, Caption>> {
  const cached = captionsOfPage.get(runs);
  if (cached) return cached;
  const found: Partial<Record<CaptionName, Caption>> = {};
  captionsOfPage.set(runs, found);
  for (const run of runs) {
    const text = run.text.trim();
    for (const name of Object.keys(CAPTIONS) as CaptionName[]) {
      if (found[name] || !CAPTIONS[name].test(text)) continue;
      // "Shipper's Name and Address: ACME LTD" carries its value on the same line.
      const inline = /:\s*(\S.*)$/.exec(text)?.[1];
      found[name] = inline ? { run, inlineValue: inline } : { run };
    }
  }
  return found;
}
