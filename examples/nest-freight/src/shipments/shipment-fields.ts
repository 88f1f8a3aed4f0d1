import { normalizeAwbNumber, type AwbResult } from '@docbatch/core';
import type { Shipment } from './shipment.entity.js';

export type ShipmentFields = Omit<Shipment, 'id' | 'documentId' | 'receivedAt'>;

/**
 * The app's own acceptance rule on top of the provider's `success`: a shipment is booked only with
 * every field the freight system keys on. Anything less goes to a person, never half into the books.
 */
export function readShipmentFields(
  result: AwbResult | null | undefined,
): ShipmentFields | { missing: string[] } {
  if (!result) return { missing: ['result'] };
  const awbNumber = result.awb_number ? normalizeAwbNumber(result.awb_number) : null;
  const { origin, destination, shipper, consignee, pieces, gross_weight, gross_weight_unit } = result;
  const missing = Object.entries({
    awb_number: awbNumber,
    origin,
    destination,
    shipper,
    consignee,
    pieces,
    gross_weight,
    gross_weight_unit,
  })
    .filter(([, value]) => value === null || value === undefined || value === '')
    .map(([field]) => (field === 'awb_number' && result.awb_number ? 'awb_number (invalid)' : field));
  if (missing.length > 0) return { missing };
  return {
    awbNumber: awbNumber!,
    origin: origin!,
    destination: destination!,
    shipper: shipper!,
    consignee: consignee!,
    pieces: pieces!,
    grossWeight: gross_weight!,
    weightUnit: gross_weight_unit!,
    flight: result.flight ?? null,
    goods: result.goods ?? null,
    pages: result.pages ?? 1,
  };
}
