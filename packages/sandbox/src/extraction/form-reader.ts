import type { TextRun } from '../formats/pdf-text-reader.js';

/**
 * Reads a boxed form the way a person does: find a caption, read what is written below it, inside
 * its column, down to the next caption. Captions are told from values by their small print: the
 * largest known caption sets the caption size, and every run printed that small is a caption too.
 */
export interface Caption {
  run: TextRun;
  /** Text after "Caption:" when the value is written on the caption's own line. */
  inlineValue?: string;
}

/** How far below a caption we look when no other caption closes the box. */
const MAX_BOX_DEPTH = 160;
const SAME_LINE = 2;
/** Values are written a little inside the box, so slightly left of the caption too. */
const LEFT_SLACK = 4;

export class FormReader {
  private readonly captionSize: number;

  constructor(
    private readonly runs: readonly TextRun[],
    knownCaptions: readonly TextRun[],
  ) {
    this.captionSize = Math.max(0, ...knownCaptions.map((run) => run.size)) + 0.5;
  }

  isCaption(run: TextRun): boolean {
    return run.size <= this.captionSize;
  }

  /** Lines of text in the caption's box, top to bottom, each line's runs joined left to right. */
  valueLines(caption: Caption): string[] {
    if (caption.inlineValue) return [caption.inlineValue];
    const { run } = caption;
    const left = run.x - LEFT_SLACK;
    const right = this.columnRight(run);
    const floor = this.boxFloor(run, left, right);
    const values = this.runs.filter(
      (other) =>
        !this.isCaption(other) &&
        other.y < run.y - 0.5 &&
        other.y > floor &&
        other.x >= left &&
        other.x < right,
    );
    return joinLines(values);
  }

  /** The next caption to the right on the caption's line ends its column. */
  private columnRight(run: TextRun): number {
    let right = Infinity;
    for (const other of this.runs) {
      if (
        other !== run &&
        this.isCaption(other) &&
        Math.abs(other.y - run.y) < SAME_LINE &&
        other.x > run.x + 1
      ) {
        right = Math.min(right, other.x - LEFT_SLACK + 0.5);
      }
    }
    return right;
  }

  /** The nearest caption below whose text overlaps the column closes the box. */
  private boxFloor(run: TextRun, left: number, right: number): number {
    let floor = run.y - MAX_BOX_DEPTH;
    for (const other of this.runs) {
      if (!this.isCaption(other) || other.y >= run.y - SAME_LINE) continue;
      if (other.x < right && other.x + other.width > left) floor = Math.max(floor, other.y);
    }
    return floor;
  }
}

function joinLines(runs: TextRun[]): string[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: TextRun[][] = [];
  for (const run of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - run.y) < SAME_LINE) line.push(run);
    else lines.push([run]);
  }
  return lines.map((line) =>
    line
      .sort((a, b) => a.x - b.x)
      .map((r) => r.text.trim())
      .join(' ')
      .replace(/\s+/g, ' '),
  );
}
