/**
 * Air waybill numbers: a 3-digit airline prefix, a 7-digit serial and a check digit equal to
 * serial mod 7 (the prefix is not covered). People and OCR write them as `160-12345675`,
 * `16012345675`, `160 1234 5675` or `176-1551 5964`; we accept a space, hyphen or en dash between
 * the usual 3-4-4 groups and nothing else, so stray digits are never glued into a number.
 */
export interface AwbNumber {
  /** IATA airline prefix, e.g. `160`. */
  prefix: string;
  /** 7-digit serial number. */
  serial: string;
  checkDigit: number;
  /** Canonical form, `160-12345675`. */
  normalized: string;
}

const AWB_PATTERN = /^\s*(\d{3})[\s\-\u2013]?(\d{4})[\s\-\u2013]?(\d{3})(\d)\s*$/;

/** Check digit of a 7-digit serial: serial mod 7. */
export function awbCheckDigit(serial: string | number): number {
  const text = typeof serial === 'number' ? String(serial) : serial;
  if (!/^\d{1,7}$/.test(text)) throw new RangeError('An AWB serial is 1 to 7 digits');
  return Number(text) % 7;
}

/** Parses an AWB number in any accepted spelling; null when the format or check digit is wrong. */
export function parseAwbNumber(input: string): AwbNumber | null {
  if (typeof input !== 'string') return null;
  const match = AWB_PATTERN.exec(input);
  if (!match) return null;
  const prefix = match[1]!;
  const serial = match[2]! + match[3]!;
  const checkDigit = Number(match[4]);
  if (Number(serial) % 7 !== checkDigit) return null;
  return { prefix, serial, checkDigit, normalized: `${prefix}-${serial}${checkDigit}` };
}

/** `160 1234 5675` → `160-12345675`; null when not a valid AWB number. */
export function normalizeAwbNumber(input: string): string | null {
  return parseAwbNumber(input)?.normalized ?? null;
}

/** True when the input is a well-formed AWB number whose check digit matches. */
export function isValidAwbNumber(input: string): boolean {
  return parseAwbNumber(input) !== null;
}
