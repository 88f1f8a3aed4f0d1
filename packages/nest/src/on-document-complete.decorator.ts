import type { DocumentOutcome, FinalDocumentState } from '@docbatch/core';
import { handlerDecorator, oneOf } from './docbatch-handler.metadata.js';

/**
 * The provider's words (`success`, `partial`, `failed`) or the engine's final states
 * (`succeeded`, `needs_review`, `failed`): both name the same three outcomes.
 */
export type OutcomeStatus = 'success' | 'partial' | FinalDocumentState;

export interface DocumentCompleteFilter {
  /** Only outcomes in this status (or one of these). Default: every final outcome. */
  status?: OutcomeStatus | readonly OutcomeStatus[];
}

const STATE_OF: Record<OutcomeStatus, FinalDocumentState> = {
  success: 'succeeded',
  succeeded: 'succeeded',
  partial: 'needs_review',
  needs_review: 'needs_review',
  failed: 'failed',
};

/**
 * Runs once per document when it reaches its final outcome:
 * `@OnDocumentComplete({ status: 'success' }) save(outcome: DocumentOutcome, ctx: HandlerContext<EntityManager>)`.
 */
export const OnDocumentComplete = (filter: DocumentCompleteFilter = {}): MethodDecorator => {
  const wanted =
    filter.status === undefined
      ? undefined
      : ([filter.status].flat() as OutcomeStatus[]).map((status) => {
          const state = STATE_OF[status];
          if (!state) throw new TypeError(`@OnDocumentComplete: unknown status "${String(status)}"`);
          return state;
        });
  const isWanted = oneOf(wanted);
  return handlerDecorator({
    event: 'document.complete',
    filter,
    matches: isWanted && ((payload) => isWanted((payload as DocumentOutcome).state)),
  });
};
