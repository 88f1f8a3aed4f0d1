import type { ConnectionOptions } from 'bullmq';
import type { Logger } from '@docbatch/core';

export interface BullMqQueueOptions {
  /**
   * Where Redis is: a `redis://` URL, ioredis options (`{ host, port, password, tls, … }`, what
   * `@nestjs/bullmq`'s `BullModule.forRoot({ connection })` takes), or an existing ioredis client.
   * A client you pass is shared, never closed by docbatch; connections docbatch opens, it closes.
   */
  connection: string | ConnectionOptions;
  /** Redis key prefix; jobs of name `n` live under `<prefix>:<n>:…`. Default `docbatch`. */
  prefix?: string;
  /** Redis errors, retries (warn) and final failures (error). Default: warnings and errors to the console. */
  logger?: Logger;
  /** Runs per job, first one included, before a failing job is failed for good. Default 5. */
  attempts?: number;
  /** Backoff before re-run n is backoffMs * 2^(n-1). Default 1,000 ms. */
  backoffMs?: number;
  /**
   * How long a worker's lock on a running job lasts without renewal (it renews every half of it).
   * A worker that dies (kill -9, lost machine) holds its jobs this long before another worker takes
   * them over. Default 30,000 ms.
   */
  lockDurationMs?: number;
  /** How often each worker looks for jobs whose lock expired. Default: lockDurationMs. */
  stalledIntervalMs?: number;
  /** Stalls a job may survive before it fails for good. Default 3. */
  maxStalledCount?: number;
  /** Failed jobs kept in Redis per job name, for inspection. Completed ones are removed. Default 1,000. */
  keepFailed?: number;
}
