import { crc32, deflateSync } from 'node:zlib';
import type { Bitmap } from './bitmap.js';

/** Encodes a 1-bit bitmap as a grayscale PNG (bit depth 1, where 0 is black: ink bits are inverted). */
export function writePng(image: Bitmap, dpi = 150): Uint8Array {
  const raw = Buffer.alloc((image.bytesPerRow + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    const row = image.row(y);
    const start = y * (image.bytesPerRow + 1); // byte 0: filter type None
    for (let i = 0; i < row.length; i++) raw[start + 1 + i] = ~row[i]! & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grayscale, deflate, adaptive filtering, no interlace
  const pixelsPerMetre = Math.round(dpi / 0.0254);
  const physical = Buffer.alloc(9);
  physical.writeUInt32BE(pixelsPerMetre, 0);
  physical.writeUInt32BE(pixelsPerMetre, 4);
  physical[8] = 1; // unit: metre
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('pHYs', physical),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
