import { crc32 } from 'node:zlib';
import { corrupted } from './document-error.js';
import type { ImageInfo } from './image-info.js';

/**
 * Walks the PNG chunk list (checking every CRC) up to IEND without inflating the pixels: enough to
 * know the size and to catch a truncated or damaged file.
 */
export function inspectPng(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let size: { width: number; height: number } | undefined;
  let sawImageData = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > bytes.length) throw corrupted(`PNG chunk ${type} runs past the end of the file (truncated?)`);
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) {
      throw corrupted(`PNG chunk ${type} fails its CRC check`);
    }
    if (!size) {
      if (type !== 'IHDR' || length < 8) throw corrupted('PNG does not start with an IHDR chunk');
      size = { width: view.getUint32(offset + 8), height: view.getUint32(offset + 12) };
      if (size.width === 0 || size.height === 0) throw corrupted('PNG has a zero width or height');
    }
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') {
      if (!sawImageData) throw corrupted('PNG has no image data');
      return { pages: [size] };
    }
    offset = end;
  }
  throw corrupted('PNG ends before its IEND chunk (truncated?)');
}
