import { TRANSIENT_ERROR_CODES } from '../protocol/error-codes.js';
import type { AttemptContext, ClassifiableOutcome, RetryDecision } from './retry-decision.js';

export interface RetryPolicy {
  /** Attempts per document in total, the first one included. Default 5. */
  maxAttempts: number;
  /** Backoff ceiling of retry n is min(maxDelayMs, baseDelayMs * 2^(n-1)); full jitter picks in [0, ceiling). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** `partial`: accept as needs-review (default), or resubmit once with enhanced preprocessing first. */
  partial: 'review' | 'enhance';
  /** `LOW_RESOLUTION`: one resubmission with enhanced preprocessing, then fail (default), or fail at once. */
  lowResolution: 'enhance' | 'fail';
  /** Codes a plain retry can fix. Default TIMEOUT and RATE_LIMITED. */
  transientErrorCodes: readonly string[];
  /** A code docbatch does not know: fail with reason `unknown_error_code` (default) or retry it as transient. */
  unknownErrorCode: 'fail' | 'retry';
  /** In [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
  /** Your own rules first: return a decision, or undefined to fall back to the defaults. */
  classifier?: (
    event: ClassifiableOutcome,
    attempt: AttemptContext,
    policy: RetryPolicy,
  ) => RetryDecision | undefined;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 10_000,
  maxDelayMs: 10 * 60_000,
  partial: 'review',
  lowResolution: 'enhance',
  transientErrorCodes: TRANSIENT_ERROR_CODES,
  unknownErrorCode: 'fail',
  random: Math.random,
});

/** Exponential backoff with full jitter (AWS style): spreads a burst of retries instead of syncing them. */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * ceiling);
}
