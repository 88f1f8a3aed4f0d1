/**
 * The Queue port: it only schedules work. The store is the source of truth, so a job that is lost
 * (process killed, Redis flushed) is found again by the engine's sweeper; implementations never need
 * to be durable beyond what their backend offers.
 */

/** Job payloads are small JSON objects (keys, ids), never documents. */
export type JobData = Record<string, unknown>;

export interface JobOptions {
  /** Run no earlier than this many milliseconds from now (retry backoff). */
  delayMs?: number;
  /**
   * At most one job per (name, dedupeId) is queued at a time; ids are scoped per job name.
   * - While that job is waiting or delayed (a retry backoff included), an add with the same id is ignored.
   * - While it is running, an add is remembered (the latest data wins) and runs once the running job has
   *   finished: work signalled during a run is never lost, and one id does not run twice at the same
   *   time (unless a worker stalls past its lock and its job is recovered elsewhere).
   * - Once it has finished (completed or failed for good), an add schedules it again: the engine relies
   *   on this to re-arm work. (BullMQ alone silently ignores an add whose jobId exists in any state,
   *   completed included, so its adapter uses BullMQ deduplication ids, not job ids.)
   */
  dedupeId?: string;
}

export interface JobContext {
  /** The job's name as given to add(). */
  name: string;
  /** 1 for the first run, 2 for the next one (after a failure, or a stall/crash of a worker), … */
  attemptsMade: number;
}

export type JobHandler = (data: JobData, ctx: JobContext) => Promise<void>;

export interface ProcessOptions {
  /** Jobs of this name run at most this many at a time per process. Default 1. */
  concurrency?: number;
}

/**
 * Thrown by a handler when re-running the job cannot help; the queue drops it instead of retrying.
 * Any other error lets the queue run the job again later (in-process: after a short backoff).
 */
export class UnrecoverableJobError extends Error {
  readonly code = 'UNRECOVERABLE_JOB';
}

export interface Queue {
  /** Schedules a named job. Resolves once the backend has accepted it. */
  add(name: string, data: JobData, options?: JobOptions): Promise<void>;
  /** Registers the handler for a job name; this process then works on such jobs. Call before start(). */
  process(name: string, handler: JobHandler, options?: ProcessOptions): void;
  /** Starts working (connects workers). Idempotent. */
  start(): Promise<void>;
  /** Stops taking jobs, waits for active ones to finish, releases connections. Idempotent. */
  close(): Promise<void>;
}
