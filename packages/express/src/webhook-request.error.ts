/**
 * Why the router refused a request before it reached the engine. `status` is the HTTP answer,
 * `code` the stable machine-readable reason sent as `{ error: { code, message } }`.
 */
export class WebhookRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: WebhookRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRequestError';
  }
}

export type WebhookRequestErrorCode =
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'REQUEST_ABORTED'
  | 'BODY_ALREADY_PARSED';
