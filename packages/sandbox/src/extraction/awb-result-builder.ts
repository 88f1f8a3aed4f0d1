import type { AwbResult } from '@docbatch/core';
import { AWB_FIELDS, REQUIRED_FIELDS, type FieldReadings } from './awb-field-extractor.js';

export interface ExtractionOutcome {
  status: 'success' | 'partial';
  result: AwbResult;
}

/**
 * Turns field readings into the provider's result: `partial` as soon as a required field is missing
 * or read with less confidence than the threshold; every doubt is listed in `warnings`.
 */
export function buildAwbResult(
  readings: FieldReadings,
  pages: number,
  confidenceThreshold: number,
  extraWarnings: string[] = [],
): ExtractionOutcome {
  const confidence: Record<string, number> = {};
  const warnings = [...extraWarnings];
  for (const field of AWB_FIELDS) {
    confidence[field] = Math.round(readings[field].confidence * 100) / 100;
    const warning = readings[field].warning;
    if (warning) warnings.push(warning);
  }
  const weak = REQUIRED_FIELDS.some(
    (field) => readings[field].value === null || readings[field].confidence < confidenceThreshold,
  );
  const value = <T>(field: keyof FieldReadings) => readings[field].value as T | null;
  const result: AwbResult = {
    awb_number: value('awb_number'),
    origin: value('origin'),
    destination: value('destination'),
    shipper: value('shipper'),
    consignee: value('consignee'),
    pieces: value('pieces'),
    gross_weight: value('gross_weight'),
    gross_weight_unit: value('gross_weight_unit'),
    flight: value('flight'),
    goods: value('goods'),
    pages,
    confidence,
    ...(warnings.length ? { warnings } : {}),
  };
  return { status: weak ? 'partial' : 'success', result };
}

/** The result of a document that was read but carries no fields (a scan, a PDF without text). */
export function emptyAwbResult(pages: number, warning: string): ExtractionOutcome {
  const confidence = Object.fromEntries(AWB_FIELDS.map((field) => [field, 0]));
  const nulls = Object.fromEntries(AWB_FIELDS.map((field) => [field, null]));
  return { status: 'partial', result: { ...nulls, pages, confidence, warnings: [warning] } as AwbResult };
}
