import { expect, it } from '@jest/globals';
import { newId } from './new-id.js';

describe('newId', () => {
  it('is 32 hex characters after its prefix, and unique', () => {
    expect(newId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newId('sub_')).toMatch(/^sub_[0-9a-f]{32}$/);
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts with its creation time, so ids made in a later millisecond sort after earlier ones', () => {
    const before = Date.now();
    const first = newId();
    expect(parseInt(first.slice(0, 12), 16)).toBeGreaterThanOrEqual(before);
    expect(parseInt(first.slice(0, 12), 16)).toBeLessThanOrEqual(Date.now());
    // Poll for the next millisecond (bounded: it comes within a few turns of the loop).
    let later = newId();
    for (let spins = 0; later.slice(0, 12) === first.slice(0, 12); spins++) {
      if (spins === 1_000_000) throw new Error('the clock did not move');
      later = newId();
    }
    expect(later > first).toBe(true);
  });
});
