import { describe, expect, it } from '@jest/globals';
import { DailyQuota } from './daily-quota.js';

describe('DailyQuota', () => {
  const day = Date.UTC(2026, 11, 3);

  it('grants what is left today, per key, and resets at midnight UTC', () => {
    const quota = new DailyQuota(10);
    expect(quota.take('a', 7, day + 1000)).toBe(7);
    expect(quota.take('a', 7, day + 2000)).toBe(3);
    expect(quota.take('a', 1, day + 3000)).toBe(0);
    expect(quota.take('b', 4, day + 3000)).toBe(4);
    expect(quota.remaining('a', day + 3000)).toBe(0);
    expect(quota.take('a', 5, day + 24 * 3600_000)).toBe(5);
  });

  it('tells the seconds until the reset', () => {
    expect(new DailyQuota(1).secondsUntilReset(day + 23 * 3600_000 + 59 * 60_000 + 30_000)).toBe(30);
  });
});
