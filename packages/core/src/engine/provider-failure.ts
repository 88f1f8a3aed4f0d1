import { errorMessage } from './engine-context.js';

export interface ProviderFailure {
  retryable: boolean;
  status: number | undefined;
  retryAfterMs: number | undefined;
  message: string;
}

/**
 * What a failed provider call means for the engine. A ProviderError says whether it is retryable
 * (429, 5xx, timeouts) and may carry Retry-After; anything else (connection refused, reset, DNS) is a
 * network failure, which is always worth retrying.
 */
export function providerFailure(error: unknown): ProviderFailure {
  const e = error as { status?: unknown; retryable?: unknown; retryAfterMs?: unknown };
  const isProviderError = typeof e === 'object' && e !== null && typeof e.retryable === 'boolean';
  return {
    retryable: isProviderError ? (e.retryable as boolean) : true,
    status: isProviderError && typeof e.status === 'number' ? e.status : undefined,
    retryAfterMs: isProviderError && typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
    message: errorMessage(error),
  };
}
