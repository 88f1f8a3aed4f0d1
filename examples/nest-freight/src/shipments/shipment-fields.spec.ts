import type { AwbResult } from '@docbatch/core';
import { readShipmentFields } from './shipment-fields.js';

const read: AwbResult = {
  awb_number: '160 1234 5675',
  origin: 'HKG',
  destination: 'FRA',
  shipper: 'ATLAS TRADING LTD',
  consignee: 'HANSA MACHINERY GMBH',
  pieces: 4,
  gross_weight: 120.5,
  gross_weight_unit: 'KG',
  flight: 'CX289',
  goods: null,
  pages: 2,
  confidence: {},
};

describe('readShipmentFields', () => {
  it('maps a complete read to a shipment row with the AWB number normalised', () => {
    expect(readShipmentFields(read)).toEqual({
      awbNumber: '160-12345675',
      origin: 'HKG',
      destination: 'FRA',
      shipper: 'ATLAS TRADING LTD',
      consignee: 'HANSA MACHINERY GMBH',
      pieces: 4,
      grossWeight: 120.5,
      weightUnit: 'KG',
      flight: 'CX289',
      goods: null,
      pages: 2,
    });
  });

  it('names every field the books cannot do without', () => {
    expect(readShipmentFields({ ...read, origin: null, pieces: null, shipper: '' })).toEqual({
      missing: ['origin', 'shipper', 'pieces'],
    });
    expect(readShipmentFields(null)).toEqual({ missing: ['result'] });
  });

  it('refuses an AWB number whose check digit is wrong', () => {
    expect(readShipmentFields({ ...read, awb_number: '160-12345670' })).toEqual({
      missing: ['awb_number (invalid)'],
    });
  });
});
