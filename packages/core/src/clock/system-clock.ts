import type { Clock, TimerHandle } from '../ports/clock.port.js';

/** Node clamps setTimeout delays above 2^31-1 ms (~24.8 days) to 1 ms; longer waits are chained. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The real clock: Date.now() and setTimeout. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const dueAt = Date.now() + Math.max(0, ms);
    let timer: NodeJS.Timeout;
    const arm = (remaining: number) => {
      timer = setTimeout(
        () => {
          const left = dueAt - Date.now();
          if (left > 0) arm(left);
          else fn();
        },
        Math.min(remaining, MAX_TIMEOUT_MS),
      );
    };
    arm(dueAt - Date.now());
    return { cancel: () => clearTimeout(timer) };
  }
}
