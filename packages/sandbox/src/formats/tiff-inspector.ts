import { corrupted, DocumentProcessingError } from './document-error.js';
import type { ImageInfo, PageSize } from './image-info.js';

const TAG_WIDTH = 256;
const TAG_LENGTH = 257;
const TAG_STRIP_OFFSETS = 273;
const TAG_STRIP_BYTE_COUNTS = 279;
const TAG_TILE_OFFSETS = 324;
const TAG_TILE_BYTE_COUNTS = 325;
/** Bytes per value for TIFF field types 1-12. */
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
/** A loop in the IFD chain must not hang the provider. */
const MAX_PAGES = 10_000;

/**
 * Follows the IFD chain of a classic TIFF (either byte order): one IFD per page. Each page's size is
 * read, and its strips or tiles must lie inside the file, which is how truncation shows.
 */
export function inspectTiff(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  if (bytes.length < 8) throw corrupted('TIFF header is truncated');
  if (u16(2) === 43)
    throw new DocumentProcessingError('UNSUPPORTED_FORMAT', 'BigTIFF files are not supported');

  const readValues = (type: number, count: number, valueField: number): number[] => {
    const size = (TYPE_SIZES[type] ?? 0) * count;
    if (size === 0) return [];
    const at = size <= 4 ? valueField : u32(valueField);
    if (at + size > bytes.length)
      throw corrupted('TIFF tag values lie past the end of the file (truncated?)');
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      if (type === 3) values.push(u16(at + i * 2));
      else if (type === 4) values.push(u32(at + i * 4));
      else if (type === 1) values.push(bytes[at + i]!);
      else return values; // other types are never used for the tags we read
    }
    return values;
  };

  const pages: PageSize[] = [];
  const visited = new Set<number>();
  for (let ifd = u32(4); ifd !== 0;) {
    if (visited.has(ifd) || pages.length >= MAX_PAGES) throw corrupted('TIFF page chain loops');
    visited.add(ifd);
    if (ifd + 2 > bytes.length)
      throw corrupted('TIFF page directory lies past the end of the file (truncated?)');
    const count = u16(ifd);
    const next = ifd + 2 + count * 12;
    if (next + 4 > bytes.length) throw corrupted('TIFF page directory is truncated');
    const tags = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      const tag = u16(entry);
      if (
        tag === TAG_WIDTH ||
        tag === TAG_LENGTH ||
        (tag >= TAG_STRIP_OFFSETS && tag <= TAG_TILE_BYTE_COUNTS)
      ) {
        tags.set(tag, readValues(u16(entry + 2), u32(entry + 4), entry + 8));
      }
    }
    const width = tags.get(TAG_WIDTH)?.[0] ?? 0;
    const height = tags.get(TAG_LENGTH)?.[0] ?? 0;
    if (width === 0 || height === 0) throw corrupted(`TIFF page ${pages.length + 1} has no size`);
    checkDataInside(
      tags.get(TAG_STRIP_OFFSETS) ?? tags.get(TAG_TILE_OFFSETS),
      tags.get(TAG_STRIP_BYTE_COUNTS) ?? tags.get(TAG_TILE_BYTE_COUNTS),
      bytes.length,
      pages.length + 1,
    );
    pages.push({ width, height });
    ifd = u32(next);
  }
  if (pages.length === 0) throw corrupted('TIFF has no pages');
  return { pages };
}

function checkDataInside(
  offsets: number[] | undefined,
  counts: number[] | undefined,
  fileLength: number,
  page: number,
): void {
  if (!offsets?.length || offsets.length !== counts?.length)
    throw corrupted(`TIFF page ${page} has no image data`);
  offsets.forEach((offset, i) => {
    if (offset + counts[i]! > fileLength) throw corrupted(`TIFF page ${page} image data is truncated`);
  });
}
