/** A cancellable timer returned by {@link Clock.setTimer}. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as docbatch sees it. The engine never calls Date.now()/setTimeout directly, so tests can run
 * hours of retry schedule in milliseconds with a controllable clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls fn once after ms milliseconds of this clock's time. */
  setTimer(fn: () => void, ms: number): TimerHandle;
}
