import type { ValidationIssue } from '../protocol/validation-result.js';
import { errorMessage } from './engine-context.js';

export interface ProviderFailure {
  retryable: boolean;
  status: number | undefined;
  retryAfterMs: number | undefined;
  /** 401/403: our API key is wrong or revoked — an operator's problem, never the documents'. */
  credentials: boolean;
  /** What the provider said was wrong, by field path (`documents[3].file_id`), when it said so. */
  issues: ValidationIssue[];
  message: string;
}

/**
 * What a failed provider call means for the engine. A ProviderError says whether it is retryable
 * (429, 5xx, timeouts) and may carry Retry-After; anything else (connection refused, reset, DNS) is a
 * network failure, which is always worth retrying. A refused API key (401/403) is retried too.
 */
export function providerFailure(error: unknown): ProviderFailure {
  const e = error as { status?: unknown; retryable?: unknown; retryAfterMs?: unknown; issues?: unknown };
  const isProviderError = typeof e === 'object' && e !== null && typeof e.retryable === 'boolean';
  const status = isProviderError && typeof e.status === 'number' ? e.status : undefined;
  const credentials = status === 401 || status === 403;
  return {
    // Failing every document for a bad key would lose them all; they wait until the key is fixed.
    retryable: credentials || (isProviderError ? (e.retryable as boolean) : true),
    status,
    credentials,
    retryAfterMs: isProviderError && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
    issues: isProviderError && Array.isArray(e.issues) ? (e.issues as ValidationIssue[]) : [],
    message: errorMessage(error),
  };
}
