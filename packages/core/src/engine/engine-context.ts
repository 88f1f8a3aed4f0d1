import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Queue } from '../ports/queue.port.js';
import type { Store } from '../ports/store.port.js';
import type { RetryPolicy } from '../retry/index.js';
import type { ProviderPort } from './provider-port.js';

/** Queue job names. Jobs carry no data: each one drains its kind of work from the store. */
export const JOBS = {
  submit: 'docbatch.submit',
  ingest: 'docbatch.ingest',
  dispatch: 'docbatch.dispatch',
  sweep: 'docbatch.sweep',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Resolved settings and shared services, handed to each part of the engine. */
export interface EngineContext<M = unknown> {
  store: Store<M>;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  provider: ProviderPort;
  /** Lease owner name of this process. */
  owner: string;
  leaseMs: number;
  webhookUrl: string | undefined;
  retry: Partial<RetryPolicy> | undefined;
  batchSize: number;
  dailyQuota: number;
  maxInFlight: number | undefined;
  uploadConcurrency: number;
  retryCoalesceMs: number;
  staleAfterMs: number;
  sweepIntervalMs: number;
  /** A submitted attempt with no result this long after its batch was created is given up. */
  resultDeadlineMs: number;
  handlerMaxAttempts: number;
  handlerBackoffMs: number;
  handlerMaxBackoffMs: number;
  handlerTimeoutMs: number;
  /** True once stop() began: drain loops end after the item in hand. */
  stopping(): boolean;
  /**
   * Asks the queue to run a job now or at `at` (engine clock). Never throws: the store holds the
   * work and the sweeper re-arms every job kind, so a failed add only delays it.
   */
  wake(job: JobName, at?: number): Promise<void>;
}

/** The UTC day of an instant, the daily quota's window: '2026-12-03'. */
export function quotaWindow(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Start of the UTC day after `now`, when the next quota window opens. */
export function nextQuotaWindowAt(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
