import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { readConformance } from '../protocol/conformance.test-helper.js';
import { generateWebhookSecret } from './webhook-secret.js';
import { signWebhook } from './webhook-signer.js';
import { WebhookVerificationError, type WebhookVerificationErrorCode } from './webhook-verification.error.js';
import { WebhookVerifier } from './webhook-verifier.js';

interface Vector {
  name: string;
  secret: string;
  headers: Record<string, string>;
  body: string;
  now: number;
  valid: boolean;
}
const { vectors } = readConformance<{ vectors: Vector[] }>('standard-webhooks.json');

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = 1_700_000_000;
const body = Buffer.from('{"event":"document.complete","doc_id":"d1"}');

function codeOf(fn: () => unknown): WebhookVerificationErrorCode | 'no error' {
  try {
    fn();
    return 'no error';
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.code;
    throw error;
  }
}

describe('WebhookVerifier — Standard Webhooks conformance', () => {
  it('has vectors to run', () => expect(vectors.length).toBeGreaterThanOrEqual(5));

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const verifier = new WebhookVerifier({ secret: vector.secret });
    const verify = () =>
      verifier.verify(vector.headers, Buffer.from(vector.body), { now: vector.now * 1000 });
    if (vector.valid) {
      expect(verify()).toEqual({
        scheme: 'standard-webhooks',
        id: vector.headers['webhook-id'],
        timestamp: Number(vector.headers['webhook-timestamp']),
      });
    } else {
      expect(verify).toThrow(WebhookVerificationError);
    }
  });
});

describe('WebhookVerifier — standard-webhooks', () => {
  const verifier = new WebhookVerifier({ secret: SECRET, now: () => NOW * 1000 });
  const signed = signWebhook({ secret: SECRET, body, id: 'msg_1', timestamp: NOW });

  it('accepts what signWebhook produced, returning the id and timestamp', () => {
    expect(verifier.verify(signed, body)).toEqual({
      scheme: 'standard-webhooks',
      id: 'msg_1',
      timestamp: NOW,
    });
  });

  it('verifies bytes, not text: bodies that decode to the same string do not share a signature', () => {
    // 0xff and 0xfe are both invalid UTF-8 and decode to U+FFFD; a text-based verifier would confuse them.
    const a = Buffer.from([0x7b, 0xff, 0x7d]);
    const b = Buffer.from([0x7b, 0xfe, 0x7d]);
    expect(a.toString('utf8')).toBe(b.toString('utf8'));
    const headers = signWebhook({ secret: SECRET, body: a, id: 'msg_2', timestamp: NOW });
    expect(verifier.verify(headers, a).id).toBe('msg_2');
    expect(codeOf(() => verifier.verify(headers, b))).toBe('NO_MATCHING_SIGNATURE');
  });

  it('accepts a Uint8Array view into a larger buffer', () => {
    const big = Buffer.concat([Buffer.from('xx'), body, Buffer.from('yy')]);
    const view = new Uint8Array(big.buffer, big.byteOffset + 2, body.length);
    expect(verifier.verify(signed, view).id).toBe('msg_1');
  });

  it('refuses a string or parsed body, naming the fix', () => {
    expect(codeOf(() => verifier.verify(signed, body.toString() as unknown as Uint8Array))).toBe(
      'RAW_BODY_REQUIRED',
    );
    expect(() => verifier.verify(signed, { a: 1 } as unknown as Uint8Array)).toThrow(
      /raw body bytes.*got Object/,
    );
  });

  it('detects a tampered body, id or timestamp', () => {
    expect(codeOf(() => verifier.verify(signed, Buffer.from(body.toString() + ' ')))).toBe(
      'NO_MATCHING_SIGNATURE',
    );
    expect(codeOf(() => verifier.verify({ ...signed, 'webhook-id': 'msg_other' }, body))).toBe(
      'NO_MATCHING_SIGNATURE',
    );
    expect(codeOf(() => verifier.verify({ ...signed, 'webhook-timestamp': String(NOW + 1) }, body))).toBe(
      'NO_MATCHING_SIGNATURE',
    );
  });

  it('looks headers up case-insensitively, in records and in fetch Headers', () => {
    const upper = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifier.verify(upper, body).id).toBe('msg_1');
    expect(verifier.verify(new Headers(upper), body).id).toBe('msg_1');
  });

  it('handles array-valued headers (a repeated signature header)', () => {
    const decoy = 'v1,' + Buffer.alloc(32, 7).toString('base64');
    const headers = { ...signed, 'webhook-signature': [decoy, signed['webhook-signature']!] };
    expect(verifier.verify(headers, body).id).toBe('msg_1');
    const fetchHeaders = new Headers({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW) });
    fetchHeaders.append('webhook-signature', decoy);
    fetchHeaders.append('webhook-signature', signed['webhook-signature']!);
    expect(verifier.verify(fetchHeaders, body).id).toBe('msg_1');
    expect(verifier.verify({ ...signed, 'webhook-id': ['msg_1'] }, body).id).toBe('msg_1');
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('names a missing %s', (name) => {
    const headers: Record<string, string> = { ...signed };
    delete headers[name];
    expect(() => verifier.verify(headers, body)).toThrow(
      new RegExp(`Missing webhook header\\(s\\): ${name}`),
    );
    expect(codeOf(() => verifier.verify({ ...signed, [name]: '' }, body))).toBe('MISSING_HEADER');
  });

  it.each(['1614265330abc', '-1700000000', '1.7e9', ' 1700000000', '0x65', '17000000001234567'])(
    'rejects the non-integer timestamp %j',
    (timestamp) => {
      expect(codeOf(() => verifier.verify({ ...signed, 'webhook-timestamp': timestamp }, body))).toBe(
        'BAD_TIMESTAMP',
      );
    },
  );

  it('applies the tolerance in both directions, inclusive, against the injected clock', () => {
    const at = (seconds: number) => codeOf(() => verifier.verify(signed, body, { now: seconds * 1000 }));
    expect(at(NOW + 300)).toBe('no error');
    expect(at(NOW - 300)).toBe('no error');
    expect(at(NOW + 301)).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect(at(NOW - 301)).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    expect(() => verifier.verify(signed, body, { now: new Date((NOW + 301) * 1000) })).toThrow(
      /301 s in the past/,
    );
    expect(() => verifier.verify(signed, body, { now: (NOW - 400) * 1000 })).toThrow(/400 s in the future/);
  });

  it('takes a configurable tolerance and a clock', () => {
    let clock = NOW * 1000;
    const strict = new WebhookVerifier({ secret: SECRET, toleranceSec: 5, now: () => clock });
    expect(strict.verify(signed, body).timestamp).toBe(NOW);
    clock += 6000;
    expect(codeOf(() => strict.verify(signed, body))).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('uses the real clock by default', () => {
    const fresh = signWebhook({ secret: SECRET, body });
    expect(new WebhookVerifier({ secret: SECRET }).verify(fresh, body).id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(codeOf(() => new WebhookVerifier({ secret: SECRET }).verify(signed, body))).toBe(
      'TIMESTAMP_OUT_OF_TOLERANCE',
    );
  });

  it('accepts any of several secrets (rotation)', () => {
    const next = generateWebhookSecret();
    const rotating = new WebhookVerifier({ secret: [next, SECRET], now: () => NOW * 1000 });
    expect(rotating.verify(signed, body).id).toBe('msg_1');
    const byNext = signWebhook({ secret: next, body, id: 'msg_n', timestamp: NOW });
    expect(rotating.verify(byNext, body).id).toBe('msg_n');
    expect(codeOf(() => verifier.verify(byNext, body))).toBe('NO_MATCHING_SIGNATURE');
  });

  it('reads whsec_ secrets with or without base64 padding, without prefix, or as raw bytes', () => {
    const key = Buffer.from('0123456789abcdefghij!?#'); // 23 bytes → base64 ends with "="
    const padded = 'whsec_' + key.toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    const headers = signWebhook({ secret: padded, body, id: 'msg_p', timestamp: NOW });
    for (const secret of [padded, padded.replace(/=+$/, ''), key.toString('base64'), new Uint8Array(key)]) {
      expect(new WebhookVerifier({ secret, now: () => NOW * 1000 }).verify(headers, body).id).toBe('msg_p');
    }
  });

  it('rejects malformed secrets with BAD_SECRET and never echoes them', () => {
    for (const secret of ['whsec_not base64!', 'whsec_', '', 'whsec_abcde', new Uint8Array()]) {
      let error: unknown;
      try {
        new WebhookVerifier({ secret });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as WebhookVerificationError).code).toBe('BAD_SECRET');
      if (typeof secret === 'string' && secret.length > 6)
        expect((error as Error).message).not.toContain(secret.slice(6));
    }
    expect(codeOf(() => new WebhookVerifier({ secret: [] }))).toBe('BAD_SECRET');
  });

  it('never puts a secret or the expected signature in an error message', () => {
    const messages: string[] = [];
    const attempts: Array<() => unknown> = [
      () => verifier.verify({ ...signed, 'webhook-signature': 'v1,AAAA' }, body),
      () => verifier.verify({ ...signed, 'webhook-timestamp': 'zz' }, body),
      () => verifier.verify(signed, body, { now: 0 }),
      () => verifier.verify({}, body),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages).toHaveLength(attempts.length);
    const expected = signed['webhook-signature']!.slice(3);
    for (const message of messages) {
      expect(message).not.toContain(SECRET.slice(6));
      expect(message).not.toContain(expected);
    }
  });

  it('generates distinct whsec_ secrets that round-trip', () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(a).not.toBe(generateWebhookSecret());
  });
});

describe('WebhookVerifier — timestamped-hmac (t=<unix>,v1=<hex>)', () => {
  const secret = 'plain-shared-secret';
  const verifier = new WebhookVerifier({ secret, scheme: 'timestamped-hmac', now: () => NOW * 1000 });
  const signed = signWebhook({ scheme: 'timestamped-hmac', secret, body, timestamp: NOW });
  const hex = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${NOW}.`).update(body).digest('hex');

  it('signs t.body with the secret as raw UTF-8 key', () => {
    expect(signed).toEqual({ 'x-signature': `t=${NOW},v1=${hex}` });
    expect(verifier.verify(signed, body)).toEqual({ scheme: 'timestamped-hmac', timestamp: NOW });
  });

  it('accepts any of several v1 entries, upper-case hex, and spaces after commas', () => {
    const decoy = 'ab'.repeat(32);
    expect(
      verifier.verify({ 'X-Signature': `t=${NOW}, v1=${decoy}, v1=${hex.toUpperCase()}` }, body).timestamp,
    ).toBe(NOW);
  });

  it('uses a configurable header name', () => {
    const custom = new WebhookVerifier({
      secret,
      scheme: 'timestamped-hmac',
      headerName: 'Kaby-Signature',
      now: () => NOW * 1000,
    });
    const headers = signWebhook({
      scheme: 'timestamped-hmac',
      secret,
      body,
      timestamp: NOW,
      headerName: 'Kaby-Signature',
    });
    expect(Object.keys(headers)).toEqual(['kaby-signature']);
    expect(custom.verify(headers, body).timestamp).toBe(NOW);
    expect(codeOf(() => custom.verify(signed, body))).toBe('MISSING_HEADER');
  });

  it.each([
    [`v1=${hex}`, 'BAD_TIMESTAMP'],
    [`t=${NOW}abc,v1=${hex}`, 'BAD_TIMESTAMP'],
    [`t=${NOW},t=${NOW + 1},v1=${hex}`, 'BAD_TIMESTAMP'],
    [`t=${NOW - 301},v1=${hex}`, 'TIMESTAMP_OUT_OF_TOLERANCE'],
    [`t=${NOW + 1},v1=${hex}`, 'NO_MATCHING_SIGNATURE'],
    [`t=${NOW},v0=${hex}`, 'NO_MATCHING_SIGNATURE'],
    [`t=${NOW},v1=${hex.slice(0, 62)}`, 'NO_MATCHING_SIGNATURE'],
  ])('rejects %s with %s', (header, code) => {
    expect(codeOf(() => verifier.verify({ 'x-signature': header }, body))).toBe(code);
  });
});

describe('WebhookVerifier — plain hmac header', () => {
  const secret = 'another-secret';
  const verifier = new WebhookVerifier({ secret, scheme: 'hmac', headerName: 'X-Hub-Signature-256' });
  const mac = createHmac('sha256', secret).update(body).digest();

  it.each([
    ['sha256=<hex>', `sha256=${mac.toString('hex')}`],
    ['bare hex', mac.toString('hex')],
    ['upper-case hex and prefix', `SHA256=${mac.toString('hex').toUpperCase()}`],
    ['base64', mac.toString('base64')],
    ['base64 without padding', mac.toString('base64').replace(/=+$/, '')],
    ['sha256=<base64url>', `sha256=${mac.toString('base64url')}`],
  ])('accepts %s', (_label, value) => {
    expect(verifier.verify({ 'x-hub-signature-256': value }, body)).toEqual({ scheme: 'hmac' });
  });

  it('round-trips with signWebhook in both encodings', () => {
    for (const encoding of ['hex', 'base64'] as const) {
      const headers = signWebhook({
        scheme: 'hmac',
        secret,
        body,
        headerName: 'X-Hub-Signature-256',
        encoding,
      });
      expect(verifier.verify(headers, body).scheme).toBe('hmac');
    }
  });

  it('rejects a wrong MAC, a truncated one and a missing header', () => {
    expect(codeOf(() => verifier.verify({ 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body))).toBe(
      'NO_MATCHING_SIGNATURE',
    );
    expect(codeOf(() => verifier.verify({ 'x-hub-signature-256': mac.toString('hex').slice(2) }, body))).toBe(
      'NO_MATCHING_SIGNATURE',
    );
    expect(codeOf(() => verifier.verify({ 'x-signature': mac.toString('hex') }, body))).toBe(
      'MISSING_HEADER',
    );
  });
});
