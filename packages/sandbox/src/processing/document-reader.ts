import type { AwbResult } from '@docbatch/core';
import { buildAwbResult, emptyAwbResult } from '../extraction/awb-result-builder.js';
import { extractAwbFields, looksLikeAwbPage } from '../extraction/awb-field-extractor.js';
import { DocumentProcessingError } from '../formats/document-error.js';
import { detectFormat, type DocumentFormat } from '../formats/format-detector.js';
import type { ImageInfo } from '../formats/image-info.js';
import { inspectJpeg } from '../formats/jpeg-inspector.js';
import { openPdf, type TextRun } from '../formats/pdf-text-reader.js';
import { inspectPng } from '../formats/png-inspector.js';
import { inspectTiff } from '../formats/tiff-inspector.js';

export interface ReadOptions {
  enhancedPreprocessing?: boolean;
  /** Below this confidence a required field makes the document `partial`. Default 0.8. */
  confidenceThreshold?: number;
  /** Shortest page side, in pixels, an image needs to be readable. Default 1200 (A4 at ~150 dpi). */
  minImageSide?: number;
  /** The same with `enhanced_preprocessing` (upscaling, denoising). Default 600. */
  minImageSideEnhanced?: number;
}

export type ReadOutcome =
  | { status: 'success' | 'partial'; result: AwbResult; format: DocumentFormat }
  | { status: 'failed'; errorCode: string; message: string; format: DocumentFormat | null };

/** The form is on one of the first pages; attachments (manifests, invoices) follow it. */
const MAX_PAGES_SEARCHED = 5;

/** Reads one document's bytes the way the provider does: detect, check, extract. */
export async function readDocument(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadOutcome> {
  const format = detectFormat(bytes);
  try {
    if (!format) throw new DocumentProcessingError('UNSUPPORTED_FORMAT', 'not a PDF, TIFF, JPEG or PNG file');
    const outcome = format === 'pdf' ? await readPdf(bytes, options) : readImage(format, bytes, options);
    return { ...outcome, format };
  } catch (error) {
    if (!(error instanceof DocumentProcessingError)) throw error;
    return { status: 'failed', errorCode: error.code, message: error.message, format };
  }
}

async function readPdf(bytes: Uint8Array, options: ReadOptions) {
  const pdf = await openPdf(bytes);
  try {
    let first: TextRun[] | undefined;
    for (let page = 1; page <= Math.min(pdf.pageCount, MAX_PAGES_SEARCHED); page++) {
      const runs = await pdf.readPage(page);
      first ??= runs;
      if (looksLikeAwbPage(runs)) {
        const warnings = page > 1 ? [`air waybill form found on page ${page}`] : [];
        return buildAwbResult(
          extractAwbFields(runs),
          pdf.pageCount,
          options.confidenceThreshold ?? 0.8,
          warnings,
        );
      }
    }
    if (!first?.length) {
      return emptyAwbResult(
        pdf.pageCount,
        'PDF has no text layer (a scan); the sandbox does not run OCR yet',
      );
    }
    const { result } = buildAwbResult(
      extractAwbFields(first),
      pdf.pageCount,
      options.confidenceThreshold ?? 0.8,
      ['no air waybill form found; fields were searched in the text of page 1'],
    );
    return { status: 'partial' as const, result };
  } finally {
    await pdf.close();
  }
}

function readImage(format: Exclude<DocumentFormat, 'pdf'>, bytes: Uint8Array, options: ReadOptions) {
  const info: ImageInfo =
    format === 'png' ? inspectPng(bytes) : format === 'jpeg' ? inspectJpeg(bytes) : inspectTiff(bytes);
  const enhancedMinSide = options.minImageSideEnhanced ?? 600;
  const minSide = options.enhancedPreprocessing ? enhancedMinSide : (options.minImageSide ?? 1200);
  info.pages.forEach(({ width, height }, i) => {
    if (Math.min(width, height) < minSide) {
      throw new DocumentProcessingError(
        'LOW_RESOLUTION',
        `page ${i + 1} is ${width}x${height} px; at least ${minSide} px on the shorter side is needed` +
          (options.enhancedPreprocessing ? '' : ` (${enhancedMinSide} with enhanced_preprocessing)`),
      );
    }
  });
  return emptyAwbResult(
    info.pages.length,
    `${format.toUpperCase()} image has no text layer; the sandbox does not run OCR yet`,
  );
}
