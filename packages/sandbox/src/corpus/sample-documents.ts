import { keyedRandom } from '../random/seeded-random.js';
import { randomAwb, type AwbFields } from './awb-sample.js';
import { writeAwbPdf } from './awb-form-writer.js';
import { drawScannedForm } from './bitmap.js';
import { writePng } from './png-writer.js';
import { writeTiff } from './tiff-writer.js';

/**
 * Single documents for tests and demos, without writing a corpus to disk: one air waybill PDF with
 * the fields printed on it, or a scanned page image of a given size.
 */
export async function writeSampleAwb(options: { seed?: number | string; extraPages?: number } = {}): Promise<{
  bytes: Uint8Array;
  fields: AwbFields;
}> {
  const awb = randomAwb(keyedRandom(options.seed ?? 1, 'sample-awb'));
  return { bytes: await writeAwbPdf(awb, options.extraPages ?? 0), fields: awb.fields };
}

export interface ScanImageOptions {
  format: 'png' | 'tiff';
  /** Pixels. Default 1240x1754 (A4 at 150 dpi), readable; under 1200 on the shorter side is LOW_RESOLUTION. */
  width?: number;
  height?: number;
  /** TIFF only. Default 1. */
  pages?: number;
  /** TIFF only: Motorola byte order (`MM`) instead of Intel (`II`). */
  bigEndian?: boolean;
}

export function writeScanImage(options: ScanImageOptions): Uint8Array {
  const { width = 1240, height = 1754, pages = 1 } = options;
  const bitmaps = Array.from({ length: pages }, (_, i) => drawScannedForm(width, height, i));
  if (options.format === 'png') {
    if (pages !== 1) throw new RangeError('a PNG holds one page');
    return writePng(bitmaps[0]!);
  }
  return writeTiff(bitmaps, { bigEndian: options.bigEndian });
}
