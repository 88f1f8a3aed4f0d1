import {
  Queue as BullQueue,
  UnrecoverableError,
  Worker,
  type ConnectionOptions,
  type JobsOptions,
} from 'bullmq';
import {
  QueueClosedError,
  UnrecoverableJobError,
  type JobData,
  type JobHandler,
  type JobOptions,
  type Logger,
  type ProcessOptions,
  type Queue,
} from '@docbatch/core';
import type { BullMqQueueOptions } from './bullmq-queue-options.js';

/** Without a logger, Redis trouble and failed jobs still show: warnings and errors go to the console. */
const consoleWarnings: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(`docbatch/bullmq: ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`docbatch/bullmq: ${message}`, fields ?? ''),
};

interface Registration {
  handler: JobHandler;
  concurrency: number;
}

/**
 * The docbatch Queue on BullMQ: any number of processes on any number of machines share the work.
 * Each job name is its own BullMQ queue, so concurrency is per name, as the port promises.
 */
export class BullMqQueue implements Queue {
  private readonly connection: ConnectionOptions;
  private readonly prefix: string;
  private readonly logger: Logger;
  private readonly jobOptions: JobsOptions;
  private readonly registrations = new Map<string, Registration>();
  private readonly producers = new Map<string, BullQueue>();
  private readonly workers: Worker[] = [];
  private started = false;
  private closing?: Promise<void>;
  /** Set once the producers are being closed: no new one may open, or its connection would leak. */
  private closed = false;

  constructor(private readonly options: BullMqQueueOptions) {
    this.connection =
      typeof options.connection === 'string' ? { url: options.connection } : options.connection;
    this.prefix = options.prefix ?? 'docbatch';
    this.logger = options.logger ?? consoleWarnings;
    this.jobOptions = {
      attempts: Math.max(1, options.attempts ?? 5),
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1_000 },
      // Nothing reads finished jobs back: dedupe lives in BullMQ's deduplication keys, not job ids.
      removeOnComplete: true,
      removeOnFail: { count: options.keepFailed ?? 1_000 },
    };
  }

  async add(name: string, data: JobData, options: JobOptions = {}): Promise<void> {
    if (this.closed) throw new QueueClosedError(name);
    const jobOptions: JobsOptions = { ...this.jobOptions, delay: Math.max(0, options.delayMs ?? 0) };
    if (options.dedupeId !== undefined) {
      // keepLastIfActive: an add while the holder runs is kept and queued when it finishes, which is
      // the port's re-arm rule. A plain jobId would be ignored while a finished job with it exists.
      jobOptions.deduplication = { id: options.dedupeId, keepLastIfActive: true };
    }
    await this.producer(name).add(name, data, jobOptions);
  }

  process(name: string, handler: JobHandler, options: ProcessOptions = {}): void {
    if (this.registrations.has(name))
      throw new Error(`BullMqQueue: a handler for "${name}" is already registered`);
    if (this.started) throw new Error(`BullMqQueue: process("${name}") must be called before start()`);
    this.registrations.set(name, { handler, concurrency: Math.max(1, options.concurrency ?? 1) });
  }

  async start(): Promise<void> {
    if (this.started || this.closing) return;
    this.started = true;
    for (const [name, registration] of this.registrations) this.workers.push(this.worker(name, registration));
    // Surfaces a wrong connection here rather than as a stream of background errors.
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    // Workers first, gracefully: active jobs finish and may still add follow-up jobs to the producers.
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.closed = true;
    await Promise.all([...this.producers.values()].map((producer) => producer.close()));
  }

  private producer(name: string): BullQueue {
    let producer = this.producers.get(name);
    if (!producer) {
      producer = new BullQueue(name, { connection: this.connection, prefix: this.prefix });
      producer.on('error', (error) =>
        this.logger.error('bullmq queue error', { job: name, error: String(error) }),
      );
      this.producers.set(name, producer);
    }
    return producer;
  }

  private worker(name: string, { handler, concurrency }: Registration): Worker {
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    const worker = new Worker(
      name,
      async (job) => {
        try {
          await handler(job.data as JobData, { name, attemptsMade: job.attemptsStarted });
        } catch (error) {
          if (error instanceof UnrecoverableJobError) {
            throw Object.assign(new UnrecoverableError(error.message), { cause: error });
          }
          throw error;
        }
      },
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency,
        lockDuration,
        stalledInterval: this.options.stalledIntervalMs ?? lockDuration,
        maxStalledCount: this.options.maxStalledCount ?? 3,
      },
    );
    worker.on('error', (error) =>
      this.logger.error('bullmq worker error', { job: name, error: String(error) }),
    );
    worker.on('failed', (job, error) => {
      const fields = { job: name, attempt: job?.attemptsMade, error: String(error) };
      // finishedOn is set only when BullMQ moved the job to failed, i.e. it will not run again.
      if (job?.finishedOn) this.logger.error('queue job failed for good', fields);
      else this.logger.warn('queue job failed, will retry', fields);
    });
    return worker;
  }
}
