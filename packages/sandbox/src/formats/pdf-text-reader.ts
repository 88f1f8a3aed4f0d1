import { corrupted, DocumentProcessingError } from './document-error.js';

/** A run of text on a page, in PDF user space (origin bottom-left, y grows upwards). */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  /** Advance width of the run. */
  width: number;
  /** Font size, from the text matrix. */
  size: number;
}

/** A PDF opened once: its page count is known, page text is read only for the pages asked for. */
export interface PdfText {
  pageCount: number;
  readPage(pageNumber: number): Promise<TextRun[]>;
  close(): Promise<void>;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

/**
 * pdfjs runs its "worker" on the main thread when the worker module is preloaded on globalThis:
 * no worker file to locate, no thread start-up per document, and it works the same under Jest.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= (async () => {
    const globals = globalThis as { pdfjsWorker?: unknown };
    // @ts-expect-error the worker entry point ships without type declarations
    globals.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjs;
}

/** Search window for the end-of-file marker: writers may append a few bytes of whitespace or junk. */
const EOF_WINDOW = 1024;
const EOF_MARKER = '%%EOF';

/**
 * Opens a PDF for text extraction. A file cut short loses its `%%EOF` trailer; pdfjs would quietly
 * rebuild what it can, but a provider must report the file as corrupted rather than half-read it.
 */
export async function openPdf(bytes: Uint8Array): Promise<PdfText> {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(-EOF_WINDOW)
    .toString('latin1');
  if (!tail.includes(EOF_MARKER)) throw corrupted('PDF has no %%EOF trailer (truncated?)');
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // pdfjs may detach the buffer it is given; the caller keeps its bytes.
    data: new Uint8Array(bytes),
    stopAtErrors: true,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    verbosity: 0,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw pdfError(error);
  }
  return {
    pageCount: document.numPages,
    async readPage(pageNumber) {
      try {
        const page = await document.getPage(pageNumber);
        const content = await page.getTextContent();
        page.cleanup();
        const runs: TextRun[] = [];
        for (const item of content.items) {
          if (!('str' in item) || item.str.trim() === '') continue;
          const [a, b, , , x, y] = item.transform as number[];
          runs.push({ text: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(a!, b!) });
        }
        return runs;
      } catch (error) {
        throw pdfError(error);
      }
    },
    close: () => document.destroy(),
  };
}

function pdfError(error: unknown): DocumentProcessingError {
  const name = (error as { name?: string })?.name;
  const message = (error as { message?: string })?.message ?? String(error);
  if (name === 'PasswordException') {
    return new DocumentProcessingError('UNSUPPORTED_FORMAT', 'PDF is password-protected');
  }
  return corrupted(`PDF cannot be read: ${message}`);
}
