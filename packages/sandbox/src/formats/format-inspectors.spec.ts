import { describe, expect, it } from '@jest/globals';
import { drawScannedForm } from '../corpus/bitmap.js';
import { writePng } from '../corpus/png-writer.js';
import { writeTiff } from '../corpus/tiff-writer.js';
import { DocumentProcessingError } from './document-error.js';
import { detectFormat } from './format-detector.js';
import { inspectJpeg } from './jpeg-inspector.js';
import { inspectPng } from './png-inspector.js';
import { inspectTiff } from './tiff-inspector.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as DocumentProcessingError).code;
  }
};

/** A structurally complete baseline JPEG: SOI, SOF0 (size), SOS, entropy bytes, EOI. */
function jpeg(width: number, height: number, withEnd = true): Buffer {
  const sof = Buffer.from([
    0xff,
    0xc0,
    0,
    11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    1,
    1,
    0x11,
    0,
  ]);
  const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    sof,
    sos,
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56]),
    withEnd ? Buffer.from([0xff, 0xd9]) : Buffer.alloc(0),
  ]);
}

describe('format detection and raster inspection', () => {
  const page = drawScannedForm(300, 200, 1);

  it('detects formats by magic bytes, never by name', () => {
    expect(detectFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFormat(Buffer.concat([Buffer.from('junk before\n'), Buffer.from('%PDF-1.4')]))).toBe('pdf');
    expect(detectFormat(writePng(page))).toBe('png');
    expect(detectFormat(writeTiff([page]))).toBe('tiff');
    expect(detectFormat(writeTiff([page], { bigEndian: true }))).toBe('tiff');
    expect(detectFormat(jpeg(10, 10))).toBe('jpeg');
    expect(detectFormat(Buffer.from('GIF89a'))).toBeNull();
    expect(detectFormat(Buffer.alloc(0))).toBeNull();
  });

  it('reads PNG size and catches truncation and CRC damage', () => {
    const png = writePng(page);
    expect(inspectPng(png)).toEqual({ pages: [{ width: 300, height: 200 }] });
    expect(codeOf(() => inspectPng(png.subarray(0, png.length - 5)))).toBe('CORRUPTED_FILE');
    const damaged = Buffer.from(png);
    damaged[20] = damaged[20]! ^ 1; // inside IHDR
    expect(() => inspectPng(damaged)).toThrow(/CRC/);
  });

  it('follows the TIFF page chain in both byte orders and catches truncated strips and loops', () => {
    expect(inspectTiff(writeTiff([page, page, page])).pages).toHaveLength(3);
    expect(inspectTiff(writeTiff([page, page], { bigEndian: true })).pages).toEqual([
      { width: 300, height: 200 },
      { width: 300, height: 200 },
    ]);
    const tiff = writeTiff([page]);
    expect(codeOf(() => inspectTiff(tiff.subarray(0, 60)))).toBe('CORRUPTED_FILE');
    // Point the first page's "next IFD" at itself.
    const looped = Buffer.from(tiff);
    const ifd = looped.readUInt32LE(4);
    looped.writeUInt32LE(ifd, ifd + 2 + looped.readUInt16LE(ifd) * 12);
    expect(() => inspectTiff(looped)).toThrow(/loops/);
    const big = Buffer.from([0x49, 0x49, 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(codeOf(() => inspectTiff(big))).toBe('UNSUPPORTED_FORMAT');
  });

  it('reads the JPEG frame size and requires the end-of-image marker', () => {
    expect(inspectJpeg(jpeg(1700, 2200))).toEqual({ pages: [{ width: 1700, height: 2200 }] });
    expect(() => inspectJpeg(jpeg(1700, 2200, false))).toThrow(/end-of-image/);
    expect(codeOf(() => inspectJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xd9])))).toBe('CORRUPTED_FILE');
  });
});
