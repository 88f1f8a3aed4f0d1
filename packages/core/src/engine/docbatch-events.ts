import type { AwbResult } from '../protocol/awb-result.dto.js';
import type { AttemptRecord, EngineEventName, FinalDocumentState } from '../ports/store.port.js';
import type { Logger } from '../ports/logger.port.js';

/** A document's final outcome, handed to `document.complete` (and `document.failed`) handlers. */
export interface DocumentOutcome {
  /** The caller's document id. */
  id: string;
  submissionId: string;
  state: FinalDocumentState;
  /** The extracted fields (null when failed without a result). */
  result: AwbResult | null;
  /** The provider's error code of the last attempt (`CORRUPTED_FILE`, …), or docbatch's own code
   * (`UPLOAD_REJECTED`, `DOCUMENT_REJECTED`, `BATCH_REJECTED`) when the provider refused it, or
   * `FILE_UNREADABLE` when its `{ path }` could no longer be read at upload time. */
  errorCode: string | null;
  /** Why it failed or needs review, in words. */
  reason: string | null;
  /** Every attempt, oldest first. */
  attempts: AttemptRecord[];
}

/** Handed to `document.retry` handlers each time a new attempt is scheduled. */
export interface DocumentRetryEvent {
  id: string;
  submissionId: string;
  /** The attempt that failed. */
  attempt: number;
  errorCode: string | null;
  /** When the next attempt becomes eligible (ms since the epoch), and after how long. */
  retryAt: number;
  delayMs: number;
  /** The next attempt asks for enhanced preprocessing. */
  enhanced: boolean;
}

/** Handed to `batch.complete` handlers once per submission, when all its documents are final. */
export interface BatchCompleteEvent {
  submissionId: string;
  label: string | null;
  documentCount: number;
  counts: Record<FinalDocumentState, number>;
}

export interface DocbatchEventMap {
  'document.complete': DocumentOutcome;
  'document.failed': DocumentOutcome;
  'document.retry': DocumentRetryEvent;
  'batch.complete': BatchCompleteEvent;
}

/** The second argument of every handler. */
export interface HandlerContext<M = unknown> {
  /**
   * The store transaction's native handle: TypeORM's EntityManager with @docbatch/typeorm. Write your
   * rows through it and they commit together with the "handled" mark (exactly-once effect); if the
   * handler throws, both roll back and the event is retried. Undefined with the memory store.
   */
  manager: M;
  event: EngineEventName;
  /** 1 on the first run, 2 on the first retry after a throw, … */
  attempt: number;
  logger: Logger;
}

export type DocbatchHandler<E extends EngineEventName, M = unknown> = (
  payload: DocbatchEventMap[E],
  ctx: HandlerContext<M>,
) => unknown;
