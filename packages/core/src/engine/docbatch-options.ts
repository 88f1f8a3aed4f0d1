import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { Queue } from '../ports/queue.port.js';
import type { Store } from '../ports/store.port.js';
import type { WebhookScheme, WebhookSecret } from '../webhooks/webhook-secret.js';
import type { RetryPolicy } from '../retry/index.js';
import type { ProviderClientOptions } from '../provider/index.js';
import type { ProviderPort } from './provider-port.js';

export interface DocbatchWebhookOptions {
  /** Secret(s) the provider signs with; several during a rotation. */
  secret: WebhookSecret | readonly WebhookSecret[];
  /** Public URL of your webhook endpoint, sent as `webhook_url` with every batch. */
  url: string;
  scheme?: WebhookScheme;
  toleranceSec?: number;
  headerName?: string;
}

export interface DocbatchOptions<M = unknown> {
  /** The provider's base URL and key, or a ready client (anything with the ProviderPort methods). */
  provider: ProviderClientOptions | ProviderPort;
  /** Without it docbatch runs polling-only: no webhook_url is sent and results are polled. */
  webhook?: DocbatchWebhookOptions;
  /** Default: a new MemoryStore (state lost with the process). */
  store?: Store<M>;
  /** Default: a new InProcessQueue on the same clock. */
  queue?: Queue;
  /** Passed to classifyOutcome. */
  retry?: Partial<RetryPolicy>;
  polling?: {
    /** Poll an open provider batch when nothing about it was heard for this long. Default 15 min
     * (30 s in polling-only mode). */
    staleAfterMs?: number;
    /** How often the sweeper runs. Default 60 s (polling-only: staleAfterMs, at least 1 s). */
    intervalMs?: number;
    /** The safety deadline of one attempt: a document still without a result this long after its
     * provider batch was created (the provider says queued/processing, or cannot be reached) is
     * given up as RESULT_DEADLINE_EXCEEDED and retried per the retry policy, so none waits forever.
     * Checked when its batch is polled. Default 24 h — far beyond the provider's normal processing
     * and webhook retry schedule (about 73 min); raise it if your provider's queue runs longer. */
    resultDeadlineMs?: number;
  };
  submission?: {
    /** Documents per provider batch, at most 5,000 (the provider's limit). */
    batchSize?: number;
    /** Documents sent per UTC day, counted in the store so all processes share it. Default 10,000. */
    dailyQuota?: number;
    /** At most this many documents in flight (assigned or submitted). Default: no limit. */
    maxInFlight?: number;
    /** Parallel file uploads. Default 4. */
    uploadConcurrency?: number;
    /** Retries are rounded up to this grid so those falling due together share a provider batch
     * (results arrive one by one). Default 5 s; 0 sends each retry as soon as it is due. */
    retryCoalesceMs?: number;
  };
  handlers?: {
    /** Runs of a throwing handler before its event is parked as handler_failed. Default 5. */
    maxAttempts?: number;
    /** Backoff before retry n is backoffMs * 2^(n-1), capped at maxBackoffMs. Defaults 1 s, 5 min. */
    backoffMs?: number;
    maxBackoffMs?: number;
    /** A run of an event's handlers that has not settled after this long counts as a throw (a
     * hung handler must not hold every event behind it, nor stop()): rolled back, retried, then
     * parked. Default 8 s: handlers run inside the store transaction, and on SQLite that holds the
     * single connection, so a webhook arriving meanwhile is answered only after it ends — the
     * provider wants a 2xx within 10 s. Raise it for slow handlers on PostgreSQL (or the memory
     * store); on SQLite keep handlers short. Keep it well under leaseMs: past it, another process
     * may run the same event (its commit is fenced). */
    timeoutMs?: number;
  };
  clock?: Clock;
  logger?: Logger;
  /** How long a claimed piece of work stays with this process before others may take it. 60 s. */
  leaseMs?: number;
  /** Names this process in leases. Default: random. */
  instanceId?: string;
}
