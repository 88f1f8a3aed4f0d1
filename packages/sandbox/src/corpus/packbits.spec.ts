import { describe, expect, it } from '@jest/globals';
import { packBits } from './packbits.js';

/** The TIFF 6.0 PackBits decoder, to prove what we write is what a reader gets back. */
function unpack(packed: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < packed.length;) {
    const header = (packed[i++]! << 24) >> 24;
    if (header >= 0) {
      out.push(...packed.subarray(i, i + header + 1));
      i += header + 1;
    } else if (header !== -128) {
      out.push(...Array<number>(1 - header).fill(packed[i++]!));
    }
  }
  return out;
}

describe('packBits', () => {
  it.each([
    ['empty', []],
    ['one byte', [7]],
    ['a long run', Array(300).fill(0)],
    ['literals', [1, 2, 3, 4, 5]],
    ['mixed', [0, 0, 0, 1, 2, 2, 3, 4, 4, 4, 4, 5]],
    ['a run of exactly 128 then 1', Array(129).fill(9)],
  ])('round-trips %s', (_name, row) => {
    expect(unpack(packBits(Uint8Array.from(row)))).toEqual(row);
  });

  it('compresses a blank scan row to a few bytes', () => {
    expect(packBits(new Uint8Array(155)).length).toBe(4);
  });
});
