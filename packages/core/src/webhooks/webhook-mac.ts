import { createHmac, type KeyObject } from 'node:crypto';

/**
 * The HMAC-SHA256 each scheme signs, computed over the exact body bytes (never re-encoded text, so
 * two different byte strings can never share a signature):
 * - standard-webhooks: `<id>.<timestamp>.<body>`
 * - timestamped-hmac:  `<timestamp>.<body>`
 * - hmac:              `<body>`
 */
export function standardWebhooksMac(key: KeyObject, id: string, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

export function timestampedMac(key: KeyObject, timestamp: string, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${timestamp}.`).update(body).digest();
}

export function bodyMac(key: KeyObject, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(body).digest();
}
