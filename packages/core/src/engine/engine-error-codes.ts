/**
 * Error codes docbatch gives an attempt itself; the provider never sends them. They reach handlers
 * as `outcome.errorCode` and in each attempt's history, like the provider's own codes.
 */
export const ENGINE_ERROR_CODES = {
  /** The provider answered 404 for the batch or the document while we waited for its result: it
   * lost the attempt. Retried like TIMEOUT, per the retry policy. */
  lostByProvider: 'LOST_BY_PROVIDER',
  /** No result within polling.resultDeadlineMs of the attempt's batch being created (the provider
   * still says queued/processing, or cannot be reached). Retried like TIMEOUT. */
  resultDeadlineExceeded: 'RESULT_DEADLINE_EXCEEDED',
  /** retry.classifier threw, or returned something that is not a decision: the document fails at
   * once (a bug in the host's rules is not fixed by trying again), with the result kept. */
  classifierFailed: 'CLASSIFIER_FAILED',
} as const;

/** Engine codes a new attempt may fix: added to the retry policy's transientErrorCodes. */
export const ENGINE_TRANSIENT_ERROR_CODES: readonly string[] = [
  ENGINE_ERROR_CODES.lostByProvider,
  ENGINE_ERROR_CODES.resultDeadlineExceeded,
];
