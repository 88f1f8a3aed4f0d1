import { deflateSync } from 'node:zlib';

/** Resource names the form writer's pages use for their two fonts. */
export type FontName = 'F1' | 'F2';

/**
 * A page content stream written as PDF operators directly. pdf-lib's drawText/drawRectangle build an
 * object per operator and deflate in JavaScript; writing the few operators a form needs and
 * compressing with node:zlib makes corpus generation several times faster, with the same output.
 */
export class PdfPageContent {
  private readonly ops: string[] = [];

  constructor(lineWidth: number) {
    this.ops.push(`${lineWidth} w 0 G 0 g`);
  }

  rect(x: number, y: number, width: number, height: number): void {
    this.ops.push(`${n(x)} ${n(y)} ${n(width)} ${n(height)} re S`);
  }

  /** ASCII text only (what the corpus prints), drawn with the font's WinAnsi encoding. */
  text(value: string, x: number, y: number, size: number, font: FontName): void {
    this.ops.push(`BT /${font} ${n(size)} Tf ${n(x)} ${n(y)} Td (${escape(value)}) Tj ET`);
  }

  deflated(): Uint8Array {
    return deflateSync(this.ops.join('\n'));
  }
}

const n = (value: number) => String(Math.round(value * 100) / 100);
const escape = (value: string) => value.replace(/[\\()]/g, (c) => `\\${c}`);
