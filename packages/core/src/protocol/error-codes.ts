/** Error codes the provider documents for a failed document. */
export const KNOWN_ERROR_CODES = [
  'TIMEOUT',
  'RATE_LIMITED',
  'CORRUPTED_FILE',
  'UNSUPPORTED_FORMAT',
  'LOW_RESOLUTION',
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];
/** A provider may add codes at any time: unknown ones are kept as plain strings, never rejected. */
export type ErrorCode = KnownErrorCode | (string & {});

/** Codes a plain retry can fix. */
export const TRANSIENT_ERROR_CODES: readonly KnownErrorCode[] = ['TIMEOUT', 'RATE_LIMITED'];

export function isKnownErrorCode(code: unknown): code is KnownErrorCode {
  return (KNOWN_ERROR_CODES as readonly unknown[]).includes(code);
}

export function isTransientErrorCode(code: unknown): boolean {
  return (TRANSIENT_ERROR_CODES as readonly unknown[]).includes(code);
}
