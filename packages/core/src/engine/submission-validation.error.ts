import { formatValidationIssues, type ValidationIssue } from '../protocol/validation-result.js';

/** submit() refused the call: nothing was stored. `errors` names each bad document by path. */
export class SubmissionValidationError extends Error {
  override readonly name = 'SubmissionValidationError';
  readonly code = 'INVALID_SUBMISSION';

  constructor(readonly errors: ValidationIssue[]) {
    super(`Invalid submission: ${formatValidationIssues(errors)}`);
  }
}
