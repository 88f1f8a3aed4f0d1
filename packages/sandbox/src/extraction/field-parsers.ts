import { parseAwbNumber } from '@docbatch/core';
import { findAirlineByDesignator, findAirlineByPrefix } from '../reference-data/airlines.js';
import { findAirport } from '../reference-data/airports.js';
import { notFound, type FieldReading } from './field-reading.js';

/**
 * Value parsers for AWB fields. Confidence reflects what could be confirmed: a check digit that
 * matches, a prefix or airport code that exists, a number that is only a number.
 */

/** An AWB number written anywhere in a line: 3-4-4 digit groups, optionally separated. */
const AWB_IN_TEXT = /(?<!\d)(\d{3})[\s\-\u2013]?(\d{4})[\s\-\u2013]?(\d{4})(?!\d)/g;

export function readAwbNumber(lines: readonly string[]): FieldReading<string> {
  const seen = new Map<string, number>();
  for (const line of lines) {
    for (const match of line.matchAll(AWB_IN_TEXT)) {
      const digits = `${match[1]}-${match[2]}${match[3]}`;
      seen.set(digits, (seen.get(digits) ?? 0) + 1);
    }
  }
  if (seen.size === 0) return notFound('no air waybill number found');
  // The number is printed several times on a form (header, footer); the most repeated one wins.
  const ranked = [...seen.entries()].sort((a, b) => b[1] - a[1]).map(([digits]) => digits);
  const valid = ranked.map((digits) => parseAwbNumber(digits)).find((parsed) => parsed !== null);
  if (!valid) {
    return {
      value: ranked[0]!,
      confidence: 0.3,
      warning: `awb_number ${ranked[0]} fails its check digit (serial mod 7)`,
    };
  }
  if (!findAirlineByPrefix(valid.prefix)) {
    return {
      value: valid.normalized,
      confidence: 0.6,
      warning: `awb_number prefix ${valid.prefix} is not a known airline prefix`,
    };
  }
  return { value: valid.normalized, confidence: 0.99 };
}

export function readAirport(field: string, lines: readonly string[]): FieldReading<string> {
  const text = lines.join(' ');
  const inParens = /\(([A-Z]{3})\)/.exec(text)?.[1];
  const candidate = inParens ?? /\b[A-Z]{3}\b/.exec(text)?.[0];
  if (!candidate) return notFound(`${field}: no airport code found`);
  if (!findAirport(candidate)) {
    return {
      value: candidate,
      confidence: 0.35,
      warning: `${field} ${candidate} is not a known IATA airport code`,
    };
  }
  return { value: candidate, confidence: inParens ? 0.98 : 0.9 };
}

export function readName(field: string, lines: readonly string[]): FieldReading<string> {
  // First line of a name-and-address box is the name.
  const name = lines[0]?.trim();
  if (!name) return notFound(`${field}: box is empty`);
  if (!/[A-Za-z].*[A-Za-z].*[A-Za-z]/.test(name))
    return { value: name, confidence: 0.5, warning: `${field} does not look like a name` };
  return { value: name, confidence: 0.95 };
}

export function readPieces(lines: readonly string[]): FieldReading<number> {
  const first = lines[0]?.trim();
  if (!first) return notFound('pieces: box is empty');
  if (/^\d{1,5}$/.test(first)) return { value: Number(first), confidence: 0.98 };
  const digits = /\d{1,5}/.exec(first)?.[0];
  return digits
    ? { value: Number(digits), confidence: 0.6, warning: `pieces read from "${first}"` }
    : notFound(`pieces: "${first}" is not a number`);
}

export type WeightUnit = 'KG' | 'LB';

export function readWeight(
  weightLines: readonly string[],
  unitLines: readonly string[],
): { weight: FieldReading<number>; unit: FieldReading<WeightUnit> } {
  const first = weightLines[0]?.trim() ?? '';
  const match = /^(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,6}(?:[.,]\d{1,2})?)\s*(KGS?|LBS?|K|L)?$/i.exec(
    first,
  );
  // "1,250.5" has a thousands separator; "250,5" a decimal comma.
  const number = match?.[1]!.includes('.')
    ? match[1].replaceAll(',', '')
    : match?.[1]!.replace(/,(\d{3})/g, '$1').replace(',', '.');
  const weight: FieldReading<number> = match
    ? { value: Number(number), confidence: 0.98 }
    : notFound(first ? `gross_weight: "${first}" is not a weight` : 'gross_weight: box is empty');
  const unitText = (match?.[2] ?? unitLines[0] ?? '').trim().toUpperCase();
  const unit: FieldReading<WeightUnit> = unitText.startsWith('K')
    ? { value: 'KG', confidence: 0.97 }
    : unitText.startsWith('L')
      ? { value: 'LB', confidence: 0.97 }
      : notFound('gross_weight_unit: no kg/lb indicator');
  return { weight, unit };
}

export function readFlight(lines: readonly string[]): FieldReading<string> {
  const match = /\b([A-Z]{2}|[A-Z]\d|\d[A-Z])\s?(\d{1,4})[A-Z]?\b/.exec(lines.join(' '));
  if (!match) return notFound('flight: no flight number found');
  const flight = `${match[1]}${match[2]}`;
  if (!findAirlineByDesignator(match[1]!)) {
    return {
      value: flight,
      confidence: 0.7,
      warning: `flight ${flight}: ${match[1]} is not a known airline designator`,
    };
  }
  return { value: flight, confidence: 0.96 };
}

export function readGoods(lines: readonly string[]): FieldReading<string> {
  // The first line is the nature of the goods; dimensions and volume follow on later lines.
  const nature = lines[0]?.trim();
  return nature ? { value: nature, confidence: 0.93 } : notFound('goods: box is empty');
}
