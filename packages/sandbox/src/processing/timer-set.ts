import type { Clock, TimerHandle } from '@docbatch/core';

/**
 * Every timer the sandbox sets goes through here: durations are nominal (what the real provider
 * waits) and are multiplied by timeScale, and close() cancels whatever is still pending so a stopped
 * sandbox leaves nothing behind.
 */
export class TimerSet {
  private readonly pending = new Set<TimerHandle>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    readonly timeScale: number,
  ) {}

  /** Runs fn after nominalMs × timeScale of the clock's time. */
  after(nominalMs: number, fn: () => void): void {
    this.afterScaled(nominalMs * this.timeScale, fn);
  }

  /** Runs fn after ms of the clock's time, already scaled. */
  afterScaled(ms: number, fn: () => void): void {
    if (this.closed) return;
    const handle = this.clock.setTimer(() => {
      this.pending.delete(handle);
      if (!this.closed) fn();
    }, ms);
    this.pending.add(handle);
  }

  cancelAll(): void {
    this.closed = true;
    for (const handle of this.pending) handle.cancel();
    this.pending.clear();
  }
}
