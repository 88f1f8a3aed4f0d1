import { describe, expect, it } from '@jest/globals';
import { readConformance } from '../protocol/conformance.test-helper.js';
import { awbCheckDigit, isValidAwbNumber, normalizeAwbNumber, parseAwbNumber } from './awb-number.js';

const vectors = readConformance<{ valid: string[]; invalid: string[] }>('awb-numbers.json');

describe('AWB numbers', () => {
  it('has conformance vectors to run', () => {
    expect(vectors.valid.length).toBeGreaterThan(0);
    expect(vectors.invalid.length).toBeGreaterThan(0);
  });

  it.each(vectors.valid)('conformance: %s is valid', (awb) => {
    expect(isValidAwbNumber(awb)).toBe(true);
    expect(normalizeAwbNumber(awb)).toBe(awb);
  });

  it.each(vectors.invalid)('conformance: %s is invalid', (awb) => {
    expect(isValidAwbNumber(awb)).toBe(false);
    expect(parseAwbNumber(awb)).toBeNull();
  });

  it.each([
    ['160-12345675', '160-12345675'],
    ['16012345675', '160-12345675'],
    ['160 1234 5675', '160-12345675'],
    ['176-1551 5964', '176-15515964'],
    ['  020\u201381140743 ', '020-81140743'],
  ])('normalises %j to %s', (input, normalized) => {
    expect(normalizeAwbNumber(input)).toBe(normalized);
  });

  it('splits into prefix, serial and check digit', () => {
    expect(parseAwbNumber('176-1551 5964')).toEqual({
      prefix: '176',
      serial: '1551596',
      checkDigit: 4,
      normalized: '176-15515964',
    });
  });

  it.each(['160--12345675', '160-123-45675', '1601234567 5x', '', '160_12345675', '1600-12345675'])(
    'rejects the malformed spelling %j',
    (input) => {
      expect(parseAwbNumber(input)).toBeNull();
    },
  );

  it('rejects non-strings without throwing', () => {
    expect(isValidAwbNumber(16012345675 as unknown as string)).toBe(false);
  });

  it('computes the check digit as serial mod 7', () => {
    expect(awbCheckDigit('1234567')).toBe(5);
    expect(awbCheckDigit(9999999)).toBe(2);
    expect(awbCheckDigit('0000000')).toBe(0);
    expect(() => awbCheckDigit('12345678')).toThrow(RangeError);
  });
});
