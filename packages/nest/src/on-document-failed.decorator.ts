import type { DocumentOutcome } from '@docbatch/core';
import { handlerDecorator, oneOf } from './docbatch-handler.metadata.js';

export interface DocumentFailedFilter {
  /** Only failures with this error code (or one of these), e.g. `'CORRUPTED_FILE'`. Default: all. */
  errorCode?: string | readonly string[];
}

/**
 * Runs once per document that failed for good (permanent error, or transient retries exhausted):
 * `@OnDocumentFailed({ errorCode: ['CORRUPTED_FILE', 'UNSUPPORTED_FORMAT'] }) reject(outcome, ctx)`.
 */
export const OnDocumentFailed = (filter: DocumentFailedFilter = {}): MethodDecorator => {
  const isWanted = oneOf(filter.errorCode);
  return handlerDecorator({
    event: 'document.failed',
    filter,
    matches: isWanted && ((payload) => isWanted((payload as DocumentOutcome).errorCode ?? '')),
  });
};
