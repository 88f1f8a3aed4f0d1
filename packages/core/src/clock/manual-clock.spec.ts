import { describe, expect, it } from '@jest/globals';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('starts at a realistic time and only moves when told', async () => {
    const clock = new ManualClock();
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1));
    await clock.advance(1500);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + 1500);
    expect(new ManualClock({ startAt: 42 }).now()).toBe(42);
  });

  it('fires due timers in time order, each at its own due time, and no others', async () => {
    const clock = new ManualClock({ startAt: 0 });
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => fired.push(['c', clock.now()]), 300);
    clock.setTimer(() => fired.push(['a', clock.now()]), 100);
    clock.setTimer(() => fired.push(['b', clock.now()]), 100);
    clock.setTimer(() => fired.push(['late', clock.now()]), 301);
    await clock.advance(300);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 300],
    ]);
    expect(clock.pendingTimers).toBe(1);
    expect(clock.now()).toBe(300);
  });

  it('fires timers set by timers when they fall due inside the same advance', async () => {
    const clock = new ManualClock({ startAt: 0 });
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now());
      clock.setTimer(tick, 1000);
    };
    clock.setTimer(tick, 1000);
    await clock.advance(3 * 60 * 60_000); // three hours of a once-a-second schedule
    expect(fired).toHaveLength(3 * 60 * 60);
    expect(fired.at(-1)).toBe(3 * 60 * 60_000);
  });

  it('lets promise chains started by a timer settle before the next timer fires', async () => {
    const clock = new ManualClock({ startAt: 0 });
    const log: string[] = [];
    clock.setTimer(() => {
      void (async () => {
        await Promise.resolve();
        await new Promise((resolve) => setImmediate(resolve));
        log.push('chain done');
        clock.setTimer(() => log.push('scheduled by chain'), 10);
      })();
    }, 10);
    clock.setTimer(() => log.push('second timer'), 15);
    await clock.advance(20);
    expect(log).toEqual(['chain done', 'second timer', 'scheduled by chain']);
  });

  it('cancelled timers never fire', async () => {
    const clock = new ManualClock({ startAt: 0 });
    let fired = false;
    const handle = clock.setTimer(() => (fired = true), 5);
    handle.cancel();
    handle.cancel();
    await clock.advance(10);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('set() jumps without firing; overdue timers fire on the next advance', async () => {
    const clock = new ManualClock({ startAt: 0 });
    let firedAt: number | undefined;
    clock.setTimer(() => (firedAt = clock.now()), 100);
    clock.set(5000);
    expect(firedAt).toBeUndefined();
    await clock.advance(0);
    expect(firedAt).toBe(5000);
    clock.set(10);
    expect(clock.now()).toBe(10);
  });

  it('rejects moving backwards with advance()', async () => {
    await expect(new ManualClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
