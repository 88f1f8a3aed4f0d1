import type { Clock, TimerHandle } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import {
  UnrecoverableJobError,
  type JobData,
  type JobHandler,
  type JobOptions,
  type ProcessOptions,
  type Queue,
} from '../ports/queue.port.js';
import { SystemClock } from '../clock/system-clock.js';
import { QueueClosedError } from './queue-closed.error.js';

export interface InProcessQueueOptions {
  /** Delays and retry backoff run on this clock. Default: the system clock. */
  clock?: Clock;
  logger?: Logger;
  /** Runs per job, first one included, before a failing job is dropped. Default 5. */
  attempts?: number;
  /** Backoff before re-run n is backoffMs * 2^(n-1). Default 1,000 ms. */
  backoffMs?: number;
}

interface Job {
  name: string;
  data: JobData;
  /** `name\0dedupeId`, when added with a dedupe id. */
  dedupeKey?: string;
  state: 'delayed' | 'waiting' | 'active';
  attemptsMade: number;
  timer?: TimerHandle;
}

interface Lane {
  handler?: JobHandler;
  concurrency: number;
  waiting: Job[];
  active: number;
}

/**
 * The default Queue: jobs live in this process's memory. Enough for one process, since the store is
 * the source of truth: jobs lost on a crash are found again by the engine's sweeper on restart.
 * Dedupe semantics match BullMQ's deduplication with keepLastIfActive, so both pass one contract suite.
 */
export class InProcessQueue implements Queue {
  private readonly clock: Clock;
  private readonly logger?: Logger;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly lanes = new Map<string, Lane>();
  /** The job holding each dedupe key, from add until it has finished for good. */
  private readonly holders = new Map<string, Job>();
  /** The latest add made while its dedupe key's holder was running; runs when the holder finishes. */
  private readonly nextAdds = new Map<string, { data: JobData; delayMs: number }>();
  /** Delayed jobs and jobs waiting out a retry backoff. */
  private readonly sleeping = new Set<Job>();
  private readonly running = new Set<Promise<void>>();
  private started = false;
  /** Set when close() begins: no job starts any more, and failures are not retried. */
  private closing = false;
  private closed = false;

  constructor(options: InProcessQueueOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger;
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.backoffMs = options.backoffMs ?? 1_000;
  }

  async add(name: string, data: JobData, options: JobOptions = {}): Promise<void> {
    // Adds from jobs finishing during close() are accepted (as a backend queue would take them) but
    // never run here; the store still holds the work, so the next start finds it again.
    if (this.closed) throw new QueueClosedError(name);
    const delayMs = options.delayMs ?? 0;
    if (options.dedupeId === undefined) return this.schedule(this.job(name, data), delayMs);

    const dedupeKey = `${name}\u0000${options.dedupeId}`;
    const holder = this.holders.get(dedupeKey);
    if (!holder) {
      const job = { ...this.job(name, data), dedupeKey };
      this.holders.set(dedupeKey, job);
      this.schedule(job, delayMs);
    } else if (holder.state === 'active') {
      this.nextAdds.set(dedupeKey, { data, delayMs });
    }
  }

  process(name: string, handler: JobHandler, options: ProcessOptions = {}): void {
    const lane = this.lane(name);
    if (lane.handler) throw new Error(`InProcessQueue: a handler for "${name}" is already registered`);
    lane.handler = handler;
    lane.concurrency = Math.max(1, options.concurrency ?? 1);
    this.pump(lane);
  }

  async start(): Promise<void> {
    if (this.started || this.closing) return;
    this.started = true;
    for (const lane of this.lanes.values()) this.pump(lane);
  }

  async close(): Promise<void> {
    this.closing = true;
    // Jobs started before close() finish; their failures are no longer retried.
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    for (const job of this.sleeping) job.timer?.cancel();
    this.sleeping.clear();
    this.closed = true;
  }

  private job(name: string, data: JobData): Job {
    return { name, data, state: 'waiting', attemptsMade: 0 };
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { concurrency: 1, waiting: [], active: 0 };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private schedule(job: Job, delayMs: number): void {
    if (delayMs <= 0) return this.enqueue(job);
    job.state = 'delayed';
    this.sleeping.add(job);
    job.timer = this.clock.setTimer(() => {
      this.sleeping.delete(job);
      this.enqueue(job);
    }, delayMs);
  }

  private enqueue(job: Job): void {
    job.state = 'waiting';
    const lane = this.lane(job.name);
    lane.waiting.push(job);
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    while (this.started && !this.closing && lane.handler && lane.active < lane.concurrency) {
      const job = lane.waiting.shift();
      if (!job) return;
      job.state = 'active';
      lane.active++;
      const run = this.run(lane.handler, job).finally(() => {
        lane.active--;
        this.running.delete(run);
        this.pump(lane);
      });
      this.running.add(run);
    }
  }

  private async run(handler: JobHandler, job: Job): Promise<void> {
    job.attemptsMade++;
    try {
      await handler(job.data, { name: job.name, attemptsMade: job.attemptsMade });
    } catch (error) {
      const fields = { job: job.name, attempt: job.attemptsMade, error: String(error) };
      const retryable = !(error instanceof UnrecoverableJobError) && job.attemptsMade < this.attempts;
      if (retryable && !this.closing) {
        const delayMs = this.backoffMs * 2 ** (job.attemptsMade - 1);
        this.logger?.warn('queue job failed, will retry', { ...fields, delayMs });
        // The retry is the same job: it keeps its dedupe key, so adds during the backoff are ignored.
        return this.schedule(job, delayMs);
      }
      if (retryable) this.logger?.info('queue job failed while closing, not retried', fields);
      else this.logger?.error('queue job failed for good', fields);
    }
    this.finish(job);
  }

  private finish(job: Job): void {
    const key = job.dedupeKey;
    if (key === undefined || this.holders.get(key) !== job) return;
    this.holders.delete(key);
    const next = this.nextAdds.get(key);
    if (!next) return;
    this.nextAdds.delete(key);
    const successor = { ...this.job(job.name, next.data), dedupeKey: key };
    this.holders.set(key, successor);
    this.schedule(successor, next.delayMs);
  }
}
