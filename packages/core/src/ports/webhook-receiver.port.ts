/**
 * What a framework adapter (Express router, Nest middleware, a bare http server) hands the engine,
 * and what it sends back. Adapters stay thin: they only move bytes and headers.
 */
export type HeaderValue = string | string[] | undefined;
export type IncomingHeaders = Record<string, HeaderValue> | Headers;

export interface WebhookRequest {
  /** Request headers; lookups are case-insensitive. */
  headers: IncomingHeaders;
  /** The exact bytes received: signatures are over bytes, never over re-serialised JSON. */
  rawBody: Uint8Array;
}

export interface WebhookResponse {
  /** 200/202 once durably recorded; 400 malformed; 401 bad signature; 500 RAW_BODY_REQUIRED (the
   * adapter passed parsed data, not the bytes); 503 store unavailable. */
  status: number;
  /** JSON-serialisable body, e.g. `{ received: true }` or `{ error: { code, message } }`. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface WebhookReceiver {
  receiveWebhook(request: WebhookRequest): Promise<WebhookResponse>;
}
