import type { IncomingHeaders } from '../ports/webhook-receiver.port.js';

/**
 * Every value of a header, looked up case-insensitively in a Node/Express header record (values may
 * be arrays when a header was repeated) or a fetch `Headers` object. `name` must be lower case.
 */
export function headerValues(headers: IncomingHeaders, name: string): string[] {
  if (typeof (headers as Headers).get === 'function') {
    const value = (headers as Headers).get(name);
    return value === null ? [] : [value];
  }
  const record = headers as Record<string, unknown>;
  // Node lower-cases incoming header names, so the direct hit is the common, fast case.
  let value = record[name];
  if (value === undefined) {
    for (const key in record) {
      if (key.length === name.length && key.toLowerCase() === name) {
        value = record[key];
        break;
      }
    }
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The first value of a header, or undefined when absent or empty. */
export function firstHeader(headers: IncomingHeaders, name: string): string | undefined {
  const values = headerValues(headers, name);
  return values.length > 0 && values[0] !== '' ? values[0] : undefined;
}
