import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { WebhookVerificationError } from './webhook-verification.error.js';

export type WebhookScheme = 'standard-webhooks' | 'timestamped-hmac' | 'hmac';
/** A secret as configured: `whsec_…` (Standard Webhooks), a plain string (HMAC schemes) or raw key bytes. */
export type WebhookSecret = string | Uint8Array;

const WHSEC_PREFIX = 'whsec_';
// Standard or URL-safe base64, padding optional: providers print secrets both ways.
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Turns a configured secret into the HMAC key, once: Standard Webhooks secrets are base64 (after an
 * optional `whsec_` prefix); the HMAC schemes use the secret's UTF-8 bytes as they are.
 */
export function webhookKey(secret: WebhookSecret, scheme: WebhookScheme): KeyObject {
  if (secret instanceof Uint8Array) {
    if (secret.length === 0) throw badSecret('is empty');
    return createSecretKey(Buffer.from(secret));
  }
  if (typeof secret !== 'string' || secret.length === 0) throw badSecret('is empty or not a string');
  if (scheme !== 'standard-webhooks') return createSecretKey(Buffer.from(secret, 'utf8'));
  const encoded = secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret;
  if (!BASE64.test(encoded) || encoded.replace(/=+$/, '').length % 4 === 1) {
    throw badSecret(`is not base64 after the optional "${WHSEC_PREFIX}" prefix`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw badSecret('decodes to an empty key');
  return createSecretKey(key);
}

/** A fresh Standard Webhooks secret: `whsec_` + base64 of 24 random bytes (the Svix/Standard Webhooks size). */
export function generateWebhookSecret(byteLength = 24): string {
  return WHSEC_PREFIX + randomBytes(byteLength).toString('base64');
}

function badSecret(why: string): WebhookVerificationError {
  return new WebhookVerificationError('BAD_SECRET', `The webhook secret ${why}.`);
}
