/** The formats the provider accepts, told apart by their leading bytes (never by name or header). */
export type DocumentFormat = 'pdf' | 'tiff' | 'png' | 'jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
/** Readers accept `%PDF-` anywhere in the first KiB (some generators prepend junk). */
const PDF_HEADER_WINDOW = 1024;

export function detectFormat(bytes: Uint8Array): DocumentFormat | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (indexOf(bytes, PDF_MAGIC, PDF_HEADER_WINDOW) >= 0) return 'pdf';
  return null;
}

export function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

/** First index of needle starting before `limit`, or -1. */
export function indexOf(bytes: Uint8Array, needle: readonly number[], limit = bytes.length): number {
  const last = Math.min(limit, bytes.length - needle.length);
  for (let i = 0; i <= last; i++) if (startsWith(bytes, needle, i)) return i;
  return -1;
}
