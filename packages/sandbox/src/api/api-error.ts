import type { ValidationIssue } from '@docbatch/core';

/** An HTTP error answer of the sandbox API: status, machine code, message, optional details/headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 400 naming the first offending field in the message and every one in `details`. */
export function validationError(issues: readonly ValidationIssue[]): ApiError {
  const [first] = issues;
  const message = first ? `${first.path || '(body)'}: ${first.message}` : 'invalid request';
  return new ApiError(400, 'VALIDATION_ERROR', message, issues);
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
