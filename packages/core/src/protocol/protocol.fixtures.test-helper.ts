import type { AwbResult } from './awb-result.dto.js';
import type { DocumentCompleteEvent } from './document-complete-event.dto.js';

export function awbResult(overrides: Partial<AwbResult> = {}): AwbResult {
  return {
    awb_number: '160-12345675',
    origin: 'HKG',
    destination: 'FRA',
    shipper: 'ACME Ltd',
    consignee: 'Globex GmbH',
    pieces: 3,
    gross_weight: 120.5,
    gross_weight_unit: 'KG',
    flight: 'CX289',
    goods: 'Electronics',
    pages: 1,
    confidence: { awb_number: 0.99, origin: 0.97, shipper: 0.8 },
    ...overrides,
  };
}

export function completeEvent(overrides: Record<string, unknown> = {}): DocumentCompleteEvent {
  return {
    event: 'document.complete',
    batch_id: 'bat_1',
    doc_id: 'doc_001',
    status: 'success',
    result: awbResult(),
    processing_ms: 1234,
    ...overrides,
  } as DocumentCompleteEvent;
}
