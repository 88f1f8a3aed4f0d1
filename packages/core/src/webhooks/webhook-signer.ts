import { randomUUID } from 'node:crypto';
import { bodyMac, standardWebhooksMac, timestampedMac } from './webhook-mac.js';
import { webhookKey, type WebhookScheme, type WebhookSecret } from './webhook-secret.js';

/** Default signature header of the two HMAC schemes (Standard Webhooks names are fixed by its spec). */
export const DEFAULT_SIGNATURE_HEADER = 'x-signature';

export interface SignWebhookOptions {
  scheme?: WebhookScheme;
  secret: WebhookSecret;
  /** The exact bytes that will be sent; a string is sent (and signed) as UTF-8. */
  body: Uint8Array | string;
  /** Standard Webhooks message id; a fresh `msg_…` when omitted. Keep it across redeliveries. */
  id?: string;
  /** Unix seconds; now when omitted. */
  timestamp?: number;
  /** Signature header for `timestamped-hmac` / `hmac`; default `x-signature`. */
  headerName?: string;
  /** `hmac` scheme only: how the MAC is written (`sha256=<hex>` by default). */
  encoding?: 'hex' | 'base64';
}

/** Signs a webhook body and returns the headers to send with it (sandbox, tests, your own senders). */
export function signWebhook(options: SignWebhookOptions): Record<string, string> {
  const scheme = options.scheme ?? 'standard-webhooks';
  const key = webhookKey(options.secret, scheme);
  const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  if (!/^\d+$/.test(timestamp))
    throw new RangeError('timestamp must be a non-negative integer (unix seconds)');
  const header = (options.headerName ?? DEFAULT_SIGNATURE_HEADER).toLowerCase();
  switch (scheme) {
    case 'standard-webhooks': {
      const id = options.id ?? `msg_${randomUUID().replaceAll('-', '')}`;
      const signature = standardWebhooksMac(key, id, timestamp, body).toString('base64');
      return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
    }
    case 'timestamped-hmac':
      return { [header]: `t=${timestamp},v1=${timestampedMac(key, timestamp, body).toString('hex')}` };
    case 'hmac': {
      const mac = bodyMac(key, body);
      return {
        [header]: options.encoding === 'base64' ? mac.toString('base64') : `sha256=${mac.toString('hex')}`,
      };
    }
    default:
      throw new RangeError(`Unknown webhook signature scheme "${String(scheme)}"`);
  }
}
