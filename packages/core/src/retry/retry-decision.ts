import type { DocumentOutcomeStatus } from '../protocol/document-complete-event.dto.js';

/** What classifyOutcome reads: a `document.complete` event or a polled final result. */
export interface ClassifiableOutcome {
  status: DocumentOutcomeStatus | (string & {});
  error_code?: string | null;
  /** Provider hint (milliseconds) not to retry sooner, e.g. with RATE_LIMITED. */
  retry_after_ms?: number | null;
  /** Same hint in seconds, as the HTTP Retry-After header writes it. */
  retry_after?: number | null;
}

/**
 * The attempt that produced the outcome. Pass `enhanced` when you know it: with a bare attempt number,
 * any attempt after the first is assumed to have used its one enhanced pass already.
 */
export interface AttemptContext {
  /** 1 for the first submission. */
  attempt: number;
  /** Whether that attempt already asked for enhanced preprocessing. */
  enhanced?: boolean;
}

export type FailReason =
  | 'permanent_error'
  | 'retries_exhausted'
  | 'enhancement_failed'
  | 'unknown_error_code'
  | 'unknown_status'
  | (string & {});

export type RetryDecision =
  | { action: 'accept' }
  | { action: 'review' }
  | { action: 'retry'; delayMs: number; options: { enhancedPreprocessing?: boolean } }
  | { action: 'fail'; reason: FailReason };
