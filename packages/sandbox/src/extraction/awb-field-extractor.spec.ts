import { describe, expect, it } from '@jest/globals';
import type { TextRun } from '../formats/pdf-text-reader.js';
import { extractAwbFields, looksLikeAwbPage } from './awb-field-extractor.js';
import { buildAwbResult } from './awb-result-builder.js';
import { readAwbNumber, readFlight, readWeight } from './field-parsers.js';

const run = (text: string, x: number, y: number, size = 9): TextRun => ({
  text,
  x,
  y,
  size,
  width: text.length * size * 0.5,
});

describe('AWB field extraction', () => {
  it('reads boxes: values below a caption, inside its column, above the next caption', () => {
    const runs = [
      run("Shipper's Name and Address", 30, 800, 6),
      run("Shipper's Account Number", 200, 800, 6),
      run('ACME GMBH', 32, 788),
      run('12 HAFENSTRASSE', 32, 777),
      run('9999', 202, 788), // the account number box, not the shipper
      run("Consignee's Name and Address", 30, 740, 6),
      run('BETA LTD', 32, 728),
      run('Airport of Departure (Addr. of First Carrier)', 30, 700, 6),
      run('FRANKFURT (FRA)', 32, 688),
      run('Airport of Destination', 30, 670, 6),
      run('Requested Flight/Date', 160, 670, 6),
      run('HONG KONG (HKG)', 32, 658),
      run('LH 8400/05DEC', 162, 658),
      run('No. of Pieces RCP', 30, 630, 6),
      run('Gross Weight', 90, 630, 6),
      run('kg lb', 150, 630, 6),
      run('Nature and Quantity of Goods', 200, 630, 6),
      run('12', 32, 618),
      run('345.5', 92, 618),
      run('K', 152, 618),
      run('MACHINE PARTS', 202, 618),
      run('DIMS 100X80X60 CM', 202, 607),
      run('020-1234 5675', 400, 820, 12),
    ];
    expect(looksLikeAwbPage(runs)).toBe(true);
    const { status, result } = buildAwbResult(extractAwbFields(runs), 1, 0.8);
    expect(status).toBe('success');
    expect(result).toMatchObject({
      awb_number: '020-12345675',
      origin: 'FRA',
      destination: 'HKG',
      shipper: 'ACME GMBH',
      consignee: 'BETA LTD',
      pieces: 12,
      gross_weight: 345.5,
      gross_weight_unit: 'KG',
      flight: 'LH8400',
      goods: 'MACHINE PARTS',
    });
  });

  it('reads "Caption: value" lines too', () => {
    const runs = [
      run("Shipper's Name and Address: ACME GMBH", 30, 800),
      run("Consignee's Name and Address: BETA LTD", 30, 780),
      run('Airport of Departure: FRA', 30, 760),
      run('Airport of Destination: HKG', 30, 740),
      run('AWB 020-12345675', 30, 720),
    ];
    const fields = extractAwbFields(runs);
    expect([
      fields.shipper.value,
      fields.consignee.value,
      fields.origin.value,
      fields.destination.value,
    ]).toEqual(['ACME GMBH', 'BETA LTD', 'FRA', 'HKG']);
    expect(fields.awb_number.value).toBe('020-12345675');
  });

  it('prefers a number whose check digit holds, and flags one that does not', () => {
    expect(readAwbNumber(['160-12345676', '160-1234 5675'])).toMatchObject({
      value: '160-12345675',
      confidence: 0.99,
    });
    expect(readAwbNumber(['160-12345676'])).toMatchObject({ value: '160-12345676', confidence: 0.3 });
    expect(readAwbNumber(['123-12345675'])).toMatchObject({ value: '123-12345675', confidence: 0.6 });
    expect(readAwbNumber(['no number here']).value).toBeNull();
  });

  it('parses weights with their unit and flags unknown flight designators', () => {
    expect(readWeight(['1,250.5'], []).weight.value).toBe(1250.5);
    expect(readWeight(['12,500'], []).weight.value).toBe(12500);
    expect(readWeight(['heavy'], []).weight.value).toBeNull();
    expect(readWeight(['250,5 KGS'], [])).toMatchObject({ weight: { value: 250.5 }, unit: { value: 'KG' } });
    expect(readWeight(['80'], ['L'])).toMatchObject({ weight: { value: 80 }, unit: { value: 'LB' } });
    expect(readFlight(['CX 880/12JAN'])).toMatchObject({ value: 'CX880', confidence: 0.96 });
    expect(readFlight(['ZZ 12'])).toMatchObject({ value: 'ZZ12', confidence: 0.7 });
  });

  it('is partial when a required field is missing, listing why', () => {
    const { status, result } = buildAwbResult(extractAwbFields([run('020-12345675', 10, 10)]), 1, 0.8);
    expect(status).toBe('partial');
    expect(result.shipper).toBeNull();
    expect(result.confidence.shipper).toBe(0);
    expect(result.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/shipper/)]));
  });
});
