import type { Bitmap } from './bitmap.js';
import { packBits } from './packbits.js';

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

/**
 * Encodes 1-bit pages as one classic TIFF (bilevel, WhiteIsZero, PackBits, one strip per page), in
 * either byte order: scanners write both, and a reader must follow the IFD chain for the page count.
 */
export function writeTiff(
  pages: readonly Bitmap[],
  options: { bigEndian?: boolean; dpi?: number } = {},
): Uint8Array {
  const little = !options.bigEndian;
  const dpi = options.dpi ?? 150;
  const parts: Uint8Array[] = [];
  let length = 8;
  const append = (bytes: Uint8Array) => {
    const at = length;
    parts.push(bytes);
    length += bytes.length;
    if (length % 2) append(new Uint8Array(1)); // keep offsets word-aligned
    return at;
  };
  const header = new DataView(new ArrayBuffer(8));
  header.setUint16(0, little ? 0x4949 : 0x4d4d);
  header.setUint16(2, 42, little);

  const ifdOffsets: number[] = [];
  const nextPointers: number[] = [];
  for (const page of pages) {
    const rows: Uint8Array[] = [];
    for (let y = 0; y < page.height; y++) rows.push(packBits(page.row(y)));
    const strip = Buffer.concat(rows);
    const stripOffset = append(strip);
    const resolution = new DataView(new ArrayBuffer(8));
    resolution.setUint32(0, dpi, little);
    resolution.setUint32(4, 1, little);
    const resolutionOffset = append(new Uint8Array(resolution.buffer));
    const entries: Array<[tag: number, type: number, value: number]> = [
      [256, LONG, page.width],
      [257, LONG, page.height],
      [258, SHORT, 1], // BitsPerSample
      [259, SHORT, 32773], // Compression: PackBits
      [262, SHORT, 0], // Photometric: WhiteIsZero, so ink bits are 1
      [273, LONG, stripOffset],
      [277, SHORT, 1], // SamplesPerPixel
      [278, LONG, page.height], // RowsPerStrip
      [279, LONG, strip.length],
      [282, RATIONAL, resolutionOffset],
      [283, RATIONAL, resolutionOffset],
      [296, SHORT, 2], // ResolutionUnit: inch
    ];
    const ifd = new DataView(new ArrayBuffer(2 + entries.length * 12 + 4));
    ifd.setUint16(0, entries.length, little);
    entries.forEach(([tag, type, value], i) => {
      const at = 2 + i * 12;
      ifd.setUint16(at, tag, little);
      ifd.setUint16(at + 2, type, little);
      ifd.setUint32(at + 4, 1, little);
      if (type === SHORT) ifd.setUint16(at + 8, value, little);
      else ifd.setUint32(at + 8, value, little);
    });
    const ifdOffset = append(new Uint8Array(ifd.buffer));
    ifdOffsets.push(ifdOffset);
    nextPointers.push(ifdOffset + 2 + entries.length * 12);
  }

  const out = Buffer.concat([new Uint8Array(header.buffer), ...parts]);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(4, ifdOffsets[0] ?? 0, little);
  nextPointers.forEach((pointer, i) => view.setUint32(pointer, ifdOffsets[i + 1] ?? 0, little));
  return out;
}
