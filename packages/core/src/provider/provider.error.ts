import type { ValidationIssue } from '../protocol/validation-result.js';

/**
 * docbatch's own codes (the provider's `error.code` is used when it sends one):
 * - NETWORK_ERROR: no HTTP answer (refused, reset, DNS) — retryable
 * - REQUEST_TIMEOUT: no complete answer within timeoutMs — retryable
 * - INVALID_RESPONSE: a 2xx whose body is not the JSON the protocol promises
 * - INVALID_MANIFEST: refused before sending (too many documents, duplicate ids, bad refs)
 * - ABORTED: the caller's AbortSignal fired
 * - HTTP_<status>: an error answer without a JSON error body
 */
export type ProviderErrorCode =
  'NETWORK_ERROR' | 'REQUEST_TIMEOUT' | 'INVALID_RESPONSE' | 'INVALID_MANIFEST' | 'ABORTED' | (string & {});

export interface ProviderErrorInit {
  /** HTTP status; 0 when no answer was received (or the request was never sent). */
  status: number;
  code: ProviderErrorCode;
  retryable: boolean;
  requestId?: string;
  /** The provider's Retry-After, in milliseconds from when the answer arrived. */
  retryAfterMs?: number;
  issues?: ValidationIssue[];
  cause?: unknown;
}

/** A provider call that failed. `retryable` says whether trying again later can help. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly status: number;
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** What was wrong, for INVALID_MANIFEST / INVALID_RESPONSE. */
  readonly issues: ValidationIssue[] | undefined;

  constructor(message: string, init: ProviderErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.issues = init.issues;
  }
}
