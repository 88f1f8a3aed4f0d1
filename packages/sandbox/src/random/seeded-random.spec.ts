import { describe, expect, it } from '@jest/globals';
import { keyedRandom, SeededRandom } from './seeded-random.js';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs for another', () => {
    const sequence = (seed: string | number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(new SeededRandom(seed)),
      );
    expect(sequence('a')).toEqual(sequence('a'));
    expect(sequence('a')).not.toEqual(sequence('b'));
    expect(sequence(1)).not.toEqual(sequence(2));
  });

  it('stays in range', () => {
    const random = new SeededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      const int = random.int(3, 5);
      expect(int >= 3 && int <= 5 && Number.isInteger(int)).toBe(true);
    }
  });

  it('keys decisions by identity, so asking order does not matter', () => {
    const first = keyedRandom('seed', 'bat_1', 'doc_2').next();
    keyedRandom('seed', 'bat_1', 'doc_1').next();
    expect(keyedRandom('seed', 'bat_1', 'doc_2').next()).toBe(first);
    // Parts are separated: ("ab", "c") is not ("a", "bc").
    expect(keyedRandom('ab', 'c').next()).not.toBe(keyedRandom('a', 'bc').next());
  });
});
