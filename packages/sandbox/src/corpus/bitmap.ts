/**
 * A 1-bit page image (1 = ink), the shape of a fax-quality scan. Enough to draw a form's boxes and
 * text-like bars so generated scans look like scans and compress like them.
 */
export class Bitmap {
  readonly bytesPerRow: number;
  readonly bits: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.bytesPerRow = Math.ceil(width / 8);
    this.bits = new Uint8Array(this.bytesPerRow * height);
  }

  fillRect(x: number, y: number, width: number, height: number): void {
    const x1 = Math.min(this.width, x + width);
    const y1 = Math.min(this.height, y + height);
    for (let row = Math.max(0, y); row < y1; row++) {
      for (let col = Math.max(0, x); col < x1; col++) {
        this.bits[row * this.bytesPerRow + (col >> 3)]! |= 0x80 >> (col & 7);
      }
    }
  }

  row(index: number): Uint8Array {
    return this.bits.subarray(index * this.bytesPerRow, (index + 1) * this.bytesPerRow);
  }
}

/** A scanned air waybill, schematically: the outer frame, box rules and lines of "text". */
export function drawScannedForm(width: number, height: number, lineSeed: number): Bitmap {
  const page = new Bitmap(width, height);
  const unit = Math.max(1, Math.round(width / 600));
  const margin = Math.round(width * 0.05);
  page.fillRect(margin, margin, width - 2 * margin, unit);
  page.fillRect(margin, height - margin, width - 2 * margin, unit);
  page.fillRect(margin, margin, unit, height - 2 * margin);
  page.fillRect(width - margin, margin, unit, height - 2 * margin);
  page.fillRect(Math.round(width / 2), margin, unit, Math.round(height * 0.45));
  for (let box = 1; box < 12; box++) {
    const y = margin + Math.round((box * (height - 2 * margin)) / 12);
    page.fillRect(margin, y, width - 2 * margin, unit);
    const bars = 1 + ((lineSeed + box) % 3);
    for (let bar = 0; bar < bars; bar++) {
      const length = Math.round(width * (0.12 + ((lineSeed * 7 + box * 3 + bar) % 5) * 0.05));
      page.fillRect(margin + 6 * unit, y + (8 + bar * 9) * unit, length, 3 * unit);
    }
  }
  return page;
}
