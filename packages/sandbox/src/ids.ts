import { keyedRandom } from './random/seeded-random.js';

/** Ids like `bat_3f9c…`: unique per sandbox, reproducible for a seed and the same sequence of calls. */
export class IdGenerator {
  private counter = 0;

  constructor(private readonly seed: string) {}

  next(prefix: string): string {
    const random = keyedRandom(this.seed, prefix, this.counter++);
    let hex = '';
    while (hex.length < 24)
      hex += Math.floor(random.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return `${prefix}_${hex}`;
  }
}
