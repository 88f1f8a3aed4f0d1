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
  dedupeId?: string;
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
 */
export class InProcessQueue implements Queue {
  private readonly clock: Clock;
  private readonly logger?: Logger;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly lanes = new Map<string, Lane>();
  /** Jobs that are waiting or delayed, by dedupe id: a second add with that id is ignored. */
  private readonly queued = new Map<string, Job>();
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
    // Adds from jobs finishing during close() are accepted (like a backend queue would) but never
    // run here; the store still holds the work, so the next start finds it again.
    if (this.closed) throw new QueueClosedError(name);
    const { dedupeId, delayMs = 0 } = options;
    if (dedupeId !== undefined) {
      const key = `${name}\u0000${dedupeId}`;
      if (this.queued.has(key)) return;
      const job: Job = { name, data, dedupeId: key, attemptsMade: 0 };
      this.queued.set(key, job);
      this.schedule(job, delayMs);
    } else {
      this.schedule({ name, data, attemptsMade: 0 }, delayMs);
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
    this.sleeping.add(job);
    job.timer = this.clock.setTimer(() => {
      this.sleeping.delete(job);
      this.enqueue(job);
    }, delayMs);
  }

  private enqueue(job: Job): void {
    const lane = this.lane(job.name);
    lane.waiting.push(job);
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    while (this.started && !this.closing && lane.handler && lane.active < lane.concurrency) {
      const job = lane.waiting.shift();
      if (!job) return;
      // Once started, the job no longer holds its dedupe id: a new add re-arms the work.
      if (job.dedupeId !== undefined && this.queued.get(job.dedupeId) === job)
        this.queued.delete(job.dedupeId);
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
      if (error instanceof UnrecoverableJobError || job.attemptsMade >= this.attempts || this.closing) {
        this.logger?.error('queue job failed for good', fields);
        return;
      }
      const delayMs = this.backoffMs * 2 ** (job.attemptsMade - 1);
      this.logger?.warn('queue job failed, will retry', { ...fields, delayMs });
      // A retry is a re-run of the same job, not a new add: it does not take the dedupe id back.
      this.schedule({ ...job, dedupeId: undefined, timer: undefined }, delayMs);
    }
  }
}
