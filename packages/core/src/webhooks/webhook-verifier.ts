import { timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingHeaders } from '../ports/webhook-receiver.port.js';
import { firstHeader, headerValues } from './header-lookup.js';
import { bodyMac, standardWebhooksMac, timestampedMac } from './webhook-mac.js';
import { webhookKey, type WebhookScheme, type WebhookSecret } from './webhook-secret.js';
import { DEFAULT_SIGNATURE_HEADER } from './webhook-signer.js';
import { WebhookVerificationError } from './webhook-verification.error.js';

export interface WebhookVerifierOptions {
  /** One secret, or several during a rotation (any one matching passes). */
  secret: WebhookSecret | readonly WebhookSecret[];
  /** Default `standard-webhooks`. */
  scheme?: WebhookScheme;
  /** Accepted clock skew in both directions, seconds. Default 300. */
  toleranceSec?: number;
  /** Signature header for `timestamped-hmac` / `hmac`; default `x-signature`. */
  headerName?: string;
  /** Clock in milliseconds since the epoch (a `Clock.now`); default `Date.now`. */
  now?: () => number;
}

export interface VerifyOptions {
  /** Verify as of this instant (milliseconds since the epoch, or a Date) instead of the clock. */
  now?: number | Date;
}

export interface VerifiedWebhook {
  scheme: WebhookScheme;
  /** `webhook-id` (Standard Webhooks only): the sender's message id, stable across redeliveries. */
  id?: string;
  /** The signed timestamp, unix seconds (not for plain `hmac`, which has none). */
  timestamp?: number;
}

// A plain integer only: `parseInt("1614265330abc")` would happily accept trailing junk.
const INTEGER = /^\d{1,15}$/;
const HEX_MAC = /^[0-9a-f]{64}$/i;
const BASE64_MAC = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Verifies signed webhooks on the exact raw bytes received. Keys are decoded once here, so `verify`
 * is one HMAC per configured secret plus a constant-time compare.
 */
export class WebhookVerifier {
  readonly scheme: WebhookScheme;
  private readonly keys: KeyObject[];
  private readonly toleranceSec: number;
  private readonly signatureHeader: string;
  private readonly clock: () => number;

  constructor(options: WebhookVerifierOptions) {
    this.scheme = options.scheme ?? 'standard-webhooks';
    if (!['standard-webhooks', 'timestamped-hmac', 'hmac'].includes(this.scheme)) {
      throw new RangeError(`Unknown webhook signature scheme "${this.scheme}"`);
    }
    const secrets = Array.isArray(options.secret) ? options.secret : [options.secret as WebhookSecret];
    if (secrets.length === 0)
      throw new WebhookVerificationError('BAD_SECRET', 'No webhook secret configured.');
    this.keys = secrets.map((secret) => webhookKey(secret, this.scheme));
    this.toleranceSec = options.toleranceSec ?? 300;
    if (!(this.toleranceSec >= 0)) throw new RangeError('toleranceSec must be >= 0');
    this.signatureHeader = (options.headerName ?? DEFAULT_SIGNATURE_HEADER).toLowerCase();
    this.clock = options.now ?? Date.now;
  }

  /** Returns what was verified, or throws {@link WebhookVerificationError}. */
  verify(headers: IncomingHeaders, rawBody: Uint8Array, options?: VerifyOptions): VerifiedWebhook {
    if (!(rawBody instanceof Uint8Array)) {
      throw new WebhookVerificationError(
        'RAW_BODY_REQUIRED',
        `Webhook verification needs the exact raw body bytes (Buffer/Uint8Array), got ${typeName(rawBody)}: ` +
          'capture the body before any JSON or text parser runs.',
      );
    }
    switch (this.scheme) {
      case 'standard-webhooks':
        return this.verifyStandard(headers, rawBody, options);
      case 'timestamped-hmac':
        return this.verifyTimestamped(headers, rawBody, options);
      default:
        return this.verifyPlain(headers, rawBody);
    }
  }

  private verifyStandard(
    headers: IncomingHeaders,
    body: Uint8Array,
    options?: VerifyOptions,
  ): VerifiedWebhook {
    const id = firstHeader(headers, 'webhook-id');
    const timestamp = firstHeader(headers, 'webhook-timestamp');
    const signatures = headerValues(headers, 'webhook-signature').join(' ');
    if (id === undefined || timestamp === undefined || signatures === '') {
      const missing = [
        id === undefined && 'webhook-id',
        timestamp === undefined && 'webhook-timestamp',
        signatures === '' && 'webhook-signature',
      ].filter(Boolean);
      throw new WebhookVerificationError(
        'MISSING_HEADER',
        `Missing webhook header(s): ${missing.join(', ')}.`,
      );
    }
    const seconds = this.checkTimestamp(timestamp, 'webhook-timestamp', options);
    // Entries are `<version>,<base64>` separated by spaces; a fetch Headers object joins repeated
    // headers with ", ", hence the trailing-comma trim. Versions other than v1 are ignored.
    const candidates: Buffer[] = [];
    for (const entry of signatures.split(' ')) {
      if (entry.startsWith('v1,')) candidates.push(Buffer.from(entry.replace(/,+$/, '').slice(3), 'latin1'));
    }
    for (const key of this.keys) {
      const expected = Buffer.from(
        standardWebhooksMac(key, id, timestamp, body).toString('base64'),
        'latin1',
      );
      for (const candidate of candidates) {
        if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
          return { scheme: this.scheme, id, timestamp: seconds };
        }
      }
    }
    throw this.noMatch('webhook-signature', candidates.length, 'v1');
  }

  private verifyTimestamped(
    headers: IncomingHeaders,
    body: Uint8Array,
    options?: VerifyOptions,
  ): VerifiedWebhook {
    const header = headerValues(headers, this.signatureHeader).join(',');
    if (header === '') {
      throw new WebhookVerificationError('MISSING_HEADER', `Missing webhook header ${this.signatureHeader}.`);
    }
    let timestamp: string | undefined;
    const candidates: Buffer[] = [];
    for (const part of header.split(',')) {
      const eq = part.indexOf('=');
      const name = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (name === 't') {
        if (timestamp !== undefined && timestamp !== value) {
          throw new WebhookVerificationError(
            'BAD_TIMESTAMP',
            `${this.signatureHeader} has more than one t=.`,
          );
        }
        timestamp = value;
      } else if (name === 'v1' && HEX_MAC.test(value)) {
        candidates.push(Buffer.from(value, 'hex'));
      }
    }
    if (timestamp === undefined) {
      throw new WebhookVerificationError('BAD_TIMESTAMP', `${this.signatureHeader} has no t=<unix seconds>.`);
    }
    const seconds = this.checkTimestamp(timestamp, `${this.signatureHeader} t=`, options);
    for (const key of this.keys) {
      if (matchesAny(timestampedMac(key, timestamp, body), candidates)) {
        return { scheme: this.scheme, timestamp: seconds };
      }
    }
    throw this.noMatch(this.signatureHeader, candidates.length, 'v1=<hex>');
  }

  private verifyPlain(headers: IncomingHeaders, body: Uint8Array): VerifiedWebhook {
    const values = headerValues(headers, this.signatureHeader);
    if (values.length === 0 || values.every((v) => v === '')) {
      throw new WebhookVerificationError('MISSING_HEADER', `Missing webhook header ${this.signatureHeader}.`);
    }
    const candidates: Buffer[] = [];
    for (const raw of values) {
      const value = raw.trim().replace(/^sha256=/i, '');
      if (HEX_MAC.test(value)) candidates.push(Buffer.from(value, 'hex'));
      else if (BASE64_MAC.test(value)) candidates.push(Buffer.from(value, 'base64'));
    }
    for (const key of this.keys) {
      if (matchesAny(bodyMac(key, body), candidates)) return { scheme: this.scheme };
    }
    throw this.noMatch(this.signatureHeader, candidates.length, 'hex or base64 HMAC-SHA256');
  }

  private checkTimestamp(value: string, header: string, options?: VerifyOptions): number {
    if (!INTEGER.test(value)) {
      throw new WebhookVerificationError(
        'BAD_TIMESTAMP',
        `${header} must be a plain integer of unix seconds, got ${JSON.stringify(value.slice(0, 32))}.`,
      );
    }
    const seconds = Number(value);
    const nowMs = options?.now === undefined ? this.clock() : Number(options.now);
    const skew = seconds - Math.floor(nowMs / 1000);
    if (skew > this.toleranceSec || -skew > this.toleranceSec) {
      throw new WebhookVerificationError(
        'TIMESTAMP_OUT_OF_TOLERANCE',
        `${header} is ${Math.abs(skew)} s in the ${skew > 0 ? 'future' : 'past'} (tolerance ${this.toleranceSec} s): ` +
          'a replayed message, or a clock out of sync.',
      );
    }
    return seconds;
  }

  private noMatch(header: string, candidates: number, format: string): WebhookVerificationError {
    const found =
      candidates === 0
        ? `no ${format} signature found in ${header}`
        : `${candidates} ${format} signature(s) checked`;
    return new WebhookVerificationError(
      'NO_MATCHING_SIGNATURE',
      `No signature matches the body with the ${this.keys.length} configured secret(s) (${found}). ` +
        'Pass the exact raw body bytes, unmodified, and check the secret.',
    );
  }
}

function matchesAny(expected: Buffer, candidates: readonly Buffer[]): boolean {
  for (const candidate of candidates) {
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) return true;
  }
  return false;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
