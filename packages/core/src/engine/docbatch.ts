import { newId } from './new-id.js';
import { SystemClock } from '../clock/system-clock.js';
import { InProcessQueue } from '../queue/in-process-queue.js';
import { MAX_BATCH_DOCUMENTS } from '../protocol/batch-manifest.dto.js';
import { ProviderClient } from '../provider/index.js';
import type { Logger } from '../ports/logger.port.js';
import type { DocumentLifecycleState, EngineEventName, Store } from '../ports/store.port.js';
import type { WebhookReceiver, WebhookRequest, WebhookResponse } from '../ports/webhook-receiver.port.js';
import { WebhookVerifier } from '../webhooks/webhook-verifier.js';
import { MemoryStore } from '../store/memory-store.js';
import { BatchSubmitter } from './batch-submitter.js';
import { BatchSweeper } from './batch-sweeper.js';
import { checkOptions } from './check-options.js';
import { DocbatchStoppedError } from './docbatch-stopped.error.js';
import type { DocbatchHandler } from './docbatch-events.js';
import type { DocbatchOptions } from './docbatch-options.js';
import { errorMessage, JOBS, type EngineContext, type JobName } from './engine-context.js';
import { EventDispatcher } from './event-dispatcher.js';
import type { ProviderPort } from './provider-port.js';
import { ReceiptIngestor } from './receipt-ingestor.js';
import {
  submitDocuments,
  type SubmissionHandle,
  type SubmitDocument,
  type SubmitOptions,
} from './submission-intake.js';
import { receiveWebhook } from './webhook-intake.js';

export interface SubmissionStatus {
  id: string;
  label: string | null;
  createdAt: number;
  documentCount: number;
  /** Documents per state; every state is present. */
  counts: Record<DocumentLifecycleState, number>;
  /** Handler runs parked after throwing too often (see redrive()). */
  handlerFailed: number;
  /** Every document has reached its final outcome. */
  complete: boolean;
}

export interface Docbatch<M = unknown> extends WebhookReceiver {
  /** Validates and durably stores the documents as pending; the background submitter sends them. */
  submit(documents: readonly SubmitDocument[], options?: SubmitOptions): Promise<SubmissionHandle>;
  /** Registers a handler; returns a function that removes it. Register before start(). */
  on<E extends EngineEventName>(event: E, handler: DocbatchHandler<E, M>): () => void;
  /** verify → validate → record → answer; adapters call it with the exact raw body. */
  receiveWebhook(request: WebhookRequest): Promise<WebhookResponse>;
  /** Counts per state, or null for an unknown submission. */
  status(submissionId: string): Promise<SubmissionStatus | null>;
  /** Re-queues parked (handler_failed) events, of one submission or all; returns how many. */
  redrive(submissionId?: string): Promise<number>;
  /** Starts the background work and resumes whatever the store holds (after a crash too). */
  start(): Promise<void>;
  /** Stops taking work, lets running work finish, closes the queue. */
  stop(): Promise<void>;
}

const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

function isProviderPort(p: DocbatchOptions['provider']): p is ProviderPort {
  return typeof (p as ProviderPort).createBatch === 'function';
}

/** Creates the ingestion engine. Nothing runs until start(); submit() and receiveWebhook() work before. */
export function createDocbatch<M = undefined>(options: DocbatchOptions<M>): Docbatch<M> {
  checkOptions(options);
  const clock = options.clock ?? new SystemClock();
  const logger = options.logger ?? consoleLogger;
  const store = options.store ?? (new MemoryStore() as unknown as Store<M>);
  const queue = options.queue ?? new InProcessQueue({ clock, logger });
  let stopping = false;
  /** Cuts short the provider client's in-call retry waits (up to a minute each) when stop() begins. */
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (stopping) return reject(new Error('docbatch is stopping'));
      const interrupt = () => {
        timer.cancel();
        reject(new Error('docbatch is stopping'));
      };
      const timer = clock.setTimer(() => {
        sleepers.delete(interrupt);
        resolve();
      }, ms);
      sleepers.add(interrupt);
    });
  const provider = isProviderPort(options.provider)
    ? options.provider
    : new ProviderClient({
        ...options.provider,
        // In-call retries wait on the engine's clock, so a test clock drives them too.
        retry: { sleep, ...options.provider.retry },
      });
  const batchSize = options.submission?.batchSize ?? MAX_BATCH_DOCUMENTS;
  const pollingOnly = options.webhook === undefined;
  const staleAfterMs = options.polling?.staleAfterMs ?? (pollingOnly ? 30_000 : 15 * 60_000);

  const ctx: EngineContext<M> = {
    store,
    queue,
    clock,
    logger,
    provider,
    owner: options.instanceId ?? newId('docbatch-'),
    leaseMs: options.leaseMs ?? 60_000,
    webhookUrl: options.webhook?.url,
    retry: options.retry,
    batchSize,
    dailyQuota: options.submission?.dailyQuota ?? 10_000,
    maxInFlight: options.submission?.maxInFlight,
    uploadConcurrency: Math.max(1, options.submission?.uploadConcurrency ?? 4),
    retryCoalesceMs: Math.max(0, options.submission?.retryCoalesceMs ?? 5_000),
    staleAfterMs,
    // Never below a second: a sweep that re-arms itself at once would spin without yielding.
    sweepIntervalMs: options.polling?.intervalMs ?? (pollingOnly ? Math.max(staleAfterMs, 1_000) : 60_000),
    resultDeadlineMs: options.polling?.resultDeadlineMs ?? 24 * 60 * 60_000,
    handlerMaxAttempts: Math.max(1, options.handlers?.maxAttempts ?? 5),
    handlerBackoffMs: options.handlers?.backoffMs ?? 1_000,
    handlerMaxBackoffMs: options.handlers?.maxBackoffMs ?? 5 * 60_000,
    // Under the provider's 10 s webhook deadline: on SQLite a handler's transaction holds the one
    // connection, so webhooks arriving meanwhile cannot record their receipt until it ends.
    handlerTimeoutMs: options.handlers?.timeoutMs ?? 8_000,
    stopping: () => stopping,
    async wake(job: JobName, at?: number) {
      const delayMs = at === undefined ? 0 : at - clock.now();
      try {
        // One immediate job per kind at a time; delayed wake-ups are distinct per due time, so a
        // later one never swallows an earlier one.
        if (delayMs <= 0) await queue.add(job, {}, { dedupeId: 'now' });
        else await queue.add(job, {}, { delayMs, dedupeId: `at:${at}` });
      } catch (error) {
        if (!stopping)
          logger.warn('docbatch: scheduling work failed; the sweeper will pick it up', {
            job,
            error: errorMessage(error),
          });
      }
    },
  };

  const verifier = options.webhook
    ? new WebhookVerifier({
        secret: options.webhook.secret,
        scheme: options.webhook.scheme,
        toleranceSec: options.webhook.toleranceSec,
        headerName: options.webhook.headerName,
        now: () => clock.now(),
      })
    : undefined;
  const submitter = new BatchSubmitter(ctx);
  const ingestor = new ReceiptIngestor(ctx);
  const dispatcher = new EventDispatcher<M>(ctx);
  const sweeper = new BatchSweeper(ctx);
  let started = false;

  return {
    submit: (documents, submitOptions) => submitDocuments(ctx, documents, submitOptions),
    on: (event, handler) => dispatcher.on(event, handler),
    receiveWebhook: (request) => receiveWebhook(ctx, verifier, request),

    async status(submissionId) {
      const submission = await store.getSubmission(submissionId);
      if (!submission) return null;
      const [counts, handlerFailed] = await Promise.all([
        store.countDocumentsByState(submissionId),
        store.countParkedEvents(submissionId),
      ]);
      return {
        id: submission.id,
        label: submission.label,
        createdAt: submission.createdAt,
        documentCount: submission.documentCount,
        counts,
        handlerFailed,
        complete: submission.finalCount === submission.documentCount,
      };
    },

    async redrive(submissionId) {
      const count = await store.redriveEvents({ submissionId, now: clock.now() });
      if (count > 0) await ctx.wake(JOBS.dispatch);
      return count;
    },

    async start() {
      if (stopping) throw new DocbatchStoppedError();
      if (started) return;
      started = true;
      queue.process(JOBS.submit, () => submitter.drain());
      queue.process(JOBS.ingest, () => ingestor.drain());
      queue.process(JOBS.dispatch, () => dispatcher.drain());
      queue.process(JOBS.sweep, () => sweeper.sweep());
      await queue.start();
      // The first sweep resumes everything the store holds: pending documents, batches being
      // created, unprocessed receipts, events not yet handled, stale batches.
      await ctx.wake(JOBS.sweep);
    },

    async stop() {
      stopping = true;
      // The interrupted call fails as a network error would: its batch is resumed on the next start.
      for (const interrupt of sleepers) interrupt();
      sleepers.clear();
      await queue.close();
    },
  };
}
