/** Why a webhook was rejected. Adapters answer 401 for all of them except RAW_BODY_REQUIRED (500: a wiring bug). */
export type WebhookVerificationErrorCode =
  | 'MISSING_HEADER'
  | 'BAD_TIMESTAMP'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'NO_MATCHING_SIGNATURE'
  | 'BAD_SECRET'
  | 'RAW_BODY_REQUIRED';

/**
 * Thrown by {@link WebhookVerifier.verify} (and for a malformed secret, by the constructor).
 * Messages say what to fix but never contain a secret or an expected signature.
 */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
