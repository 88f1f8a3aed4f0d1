// One realistic extraction result (~0.7 KB as JSON), shared by the benchmarks so they all measure
// webhooks of the same size.
export const SAMPLE_AWB_RESULT = Object.freeze({
  awb_number: '160-12345675',
  origin: 'HKG',
  destination: 'FRA',
  shipper: 'ACME ELECTRONICS (HONG KONG) LIMITED, 12/F TOWER 2, KOWLOON BAY',
  consignee: 'GLOBEX LOGISTICS GMBH, CARGO CITY SUED, GEBAEUDE 558, 60549 FRANKFURT',
  pieces: 12,
  gross_weight: 348.5,
  gross_weight_unit: 'KG',
  flight: 'CX289',
  goods: 'CONSOLIDATED ELECTRONIC COMPONENTS AS PER ATTACHED MANIFEST, NOT RESTRICTED',
  pages: 3,
  confidence: {
    awb_number: 0.99,
    origin: 0.98,
    destination: 0.97,
    shipper: 0.91,
    consignee: 0.9,
    pieces: 0.95,
  },
  warnings: [],
});

/** A document.complete event carrying {@link SAMPLE_AWB_RESULT}. */
export function sampleCompleteEvent(batchId = 'bat_01JEXAMPLE0000000000000000', docId = 'doc_000123') {
  return {
    event: 'document.complete',
    batch_id: batchId,
    doc_id: docId,
    status: 'success',
    processing_ms: 1834,
    result: SAMPLE_AWB_RESULT,
  };
}
