import { describe, expect, it } from '@jest/globals';
import { SystemClock } from './system-clock.js';

describe('SystemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fires a timer no earlier than asked', async () => {
    const clock = new SystemClock();
    const start = clock.now();
    const firedAt = await new Promise<number>((resolve) => clock.setTimer(() => resolve(clock.now()), 20));
    expect(firedAt - start).toBeGreaterThanOrEqual(20);
  });

  it('never fires a cancelled timer', async () => {
    const clock = new SystemClock();
    let fired = false;
    clock.setTimer(() => (fired = true), 5).cancel();
    await new Promise<void>((resolve) => clock.setTimer(resolve, 30));
    expect(fired).toBe(false);
  });
});
