import { corrupted } from './document-error.js';
import type { ImageInfo } from './image-info.js';

/** Markers without a length field: TEM, RST0-7, SOI, EOI. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

/** SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Reads JPEG segments up to the scan for the frame size, then requires the end-of-image marker:
 * a file cut short in transit loses its EOI.
 */
export function inspectJpeg(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  let size: { width: number; height: number } | undefined;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw corrupted(`JPEG segment expected at byte ${offset}`);
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length)
      throw corrupted('JPEG segment runs past the end of the file');
    if (isStartOfFrame(marker)) {
      if (length < 7) throw corrupted('JPEG frame header is too short');
      size = { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset += 2 + length;
  }
  if (!size || size.width === 0 || size.height === 0) throw corrupted('JPEG has no frame header with a size');
  if (!endsWithEoi(bytes)) throw corrupted('JPEG ends without its end-of-image marker (truncated?)');
  return { pages: [size] };
}

/** EOI, tolerating the zero padding some scanners append. */
function endsWithEoi(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0) end--;
  return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}
