import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock, TimerHandle } from '../ports/clock.port.js';

interface PendingTimer {
  dueAt: number;
  /** Tie-breaker: timers due at the same instant run in the order they were set. */
  seq: number;
  fn: () => void;
}

export interface ManualClockOptions {
  /** Initial time in ms since the epoch. Default 2026-01-01T00:00:00Z, so timestamps look real. */
  startAt?: number;
  /**
   * Event-loop turns given to promise chains after each timer (and before advance() returns).
   * One turn drains every microtask; more turns let chains that hop through setImmediate or
   * already-resolved I/O settle too. Default 5.
   */
  settleTurns?: number;
}

/**
 * A clock that moves only when told to. Tests run hours of retry schedule in milliseconds:
 * `await clock.advance(60 * 60_000)` fires every timer due in that hour, in time order, and lets
 * the work each timer starts settle before the next one fires — as if the time had really passed.
 */
export class ManualClock implements Clock {
  private current: number;
  private readonly settleTurns: number;
  private readonly timers: PendingTimer[] = [];
  private seq = 0;

  constructor(options: ManualClockOptions = {}) {
    this.current = options.startAt ?? Date.UTC(2026, 0, 1);
    this.settleTurns = options.settleTurns ?? 5;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer: PendingTimer = { dueAt: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return {
      cancel: () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
      },
    };
  }

  /** Number of timers set and neither fired nor cancelled. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by ms, firing every timer that falls due (including timers set by the
   * timers it fires) at its own due time, in order, settling promise chains between them.
   */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.current + ms;
    await this.settle();
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
      await this.settle();
    }
    this.current = Math.max(this.current, target);
    await this.settle();
  }

  /**
   * Jumps to an absolute time without firing timers (e.g. to test signature timestamp tolerance,
   * or a clock set backwards). Timers already overdue fire on the next advance(); advance(0) fires
   * them now.
   */
  set(epochMs: number): void {
    this.current = epochMs;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.timers) {
      if (timer.dueAt > limit) continue;
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.seq < best.seq))
        best = timer;
    }
    return best;
  }

  private async settle(): Promise<void> {
    for (let i = 0; i < this.settleTurns; i++) await nextTurn();
  }
}
