import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../clock/manual-clock.js';
import type { Logger } from '../ports/logger.port.js';
import type { NewReceipt } from '../ports/store.port.js';
import { MemoryStore } from '../store/memory-store.js';
import { signWebhook } from '../webhooks/webhook-signer.js';
import { createDocbatch } from './docbatch.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const event = {
  event: 'document.complete',
  batch_id: 'bat_unknown',
  doc_id: 'doc_1',
  status: 'failed',
  result: null,
  error_code: 'TIMEOUT',
  processing_ms: 12,
};

function setup(store = new MemoryStore(), scheme?: 'hmac', secrets: string | string[] = secret) {
  const clock = new ManualClock();
  const lines: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (m) => void lines.push(m),
    error: (m) => void lines.push(m),
  };
  // Nothing here is submitted, so the provider is never called.
  const docbatch = createDocbatch({
    provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test' },
    webhook: { secret: secrets, url: 'http://127.0.0.1:9/hooks', ...(scheme && { scheme }) },
    store,
    clock,
    logger,
  });
  const send = (body: unknown, headers?: Record<string, string>) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return docbatch.receiveWebhook({
      headers:
        headers ?? signWebhook({ secret, scheme, body: raw, timestamp: Math.floor(clock.now() / 1000) }),
      rawBody: Buffer.from(raw),
    });
  };
  return { docbatch, clock, send, lines, store };
}

describe('receiveWebhook', () => {
  it('answers 200 once recorded and records a redelivery (same webhook-id) once', async () => {
    const { send } = setup();
    const headers = signWebhook({
      secret,
      body: JSON.stringify(event),
      timestamp: Math.floor(Date.UTC(2026, 0, 1) / 1000),
    });
    expect(await send(event, headers)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await send(event, headers)).toEqual({ status: 200, body: { received: true, duplicate: true } });
  });

  it('dedupes on batch/doc/status when the scheme carries no message id', async () => {
    const { send } = setup(new MemoryStore(), 'hmac');
    expect((await send(event)).body).toEqual({ received: true, duplicate: false });
    expect((await send(event)).body).toEqual({ received: true, duplicate: true });
    expect((await send({ ...event, status: 'success', result: null, error_code: undefined })).status).toBe(
      400,
    );
  });

  it('answers 401 to a bad signature and 400 to a malformed or invalid body, storing nothing', async () => {
    const { send, store } = setup();
    const forged = signWebhook({
      secret: 'whsec_' + Buffer.from('another secret').toString('base64'),
      body: JSON.stringify(event),
      timestamp: Math.floor(Date.UTC(2026, 0, 1) / 1000),
    });
    expect(await send(event, forged)).toMatchObject({
      status: 401,
      body: { error: { code: expect.any(String) } },
    });
    expect(await send('{"event":')).toMatchObject({
      status: 400,
      body: { error: { code: 'MALFORMED_JSON' } },
    });
    const invalid = await send({ ...event, processing_ms: 'slow' });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PAYLOAD' } } });
    expect((invalid.body as { error: { message: string } }).error.message).toContain('processing_ms');
    expect(await store.hasUnprocessedReceipts()).toBe(false);
  });

  it('acknowledges a result for an unknown batch, then files it as unknown with a warning', async () => {
    const { docbatch, send, clock, lines, store } = setup();
    expect((await send(event)).status).toBe(200);
    await docbatch.start();
    await clock.advance(60_000);
    expect(await store.hasUnprocessedReceipts()).toBe(true); // the batch may still be being recorded
    await clock.advance(120_000);
    expect(await store.hasUnprocessedReceipts()).toBe(false);
    expect(lines).toContain('docbatch: result for an unknown batch or document, recorded and ignored');
    await docbatch.stop();
  });

  it('answers 503 when the store cannot record the webhook, so the provider retries', async () => {
    class DownStore extends MemoryStore {
      override async recordReceipt(_receipt: NewReceipt): Promise<{ id: string; duplicate: boolean }> {
        throw new Error('connection refused');
      }
    }
    const { send, lines } = setup(new DownStore());
    expect(await send(event)).toMatchObject({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE' } } });
    expect(lines).toContain('docbatch: could not record a webhook, answering 503');
  });

  it('answers 500 naming the fix when an adapter hands over parsed or decoded data instead of the raw bytes', async () => {
    const { docbatch, clock, store, lines } = setup();
    const raw = JSON.stringify(event);
    const headers = signWebhook({ secret, body: raw, timestamp: Math.floor(clock.now() / 1000) });
    for (const rawBody of [raw, JSON.parse(raw), undefined]) {
      const answer = await docbatch.receiveWebhook({ headers, rawBody: rawBody as never });
      expect(answer).toMatchObject({ status: 500, body: { error: { code: 'RAW_BODY_REQUIRED' } } });
      expect((answer.body as { error: { message: string } }).error.message).toMatch(
        /capture the body before any JSON or text parser/,
      );
    }
    expect(lines).toContain('docbatch: webhook adapter bug, answering 500');
    expect(await store.hasUnprocessedReceipts()).toBe(false);
  });

  it('answers 400 to bytes that are not UTF-8 JSON and to JSON of the wrong shape, 401 to bad or missing headers', async () => {
    const { docbatch, clock, send } = setup();
    const now = Math.floor(clock.now() / 1000);
    const signed = (raw: Buffer) => ({
      headers: signWebhook({ secret, body: raw, timestamp: now }),
      rawBody: raw,
    });
    const garbage = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);
    expect((await docbatch.receiveWebhook(signed(garbage))).body).toMatchObject({
      error: { code: 'MALFORMED_JSON' },
    });
    for (const shape of ['null', '[]', '"document.complete"', '42', '{}']) {
      expect(await send(shape)).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PAYLOAD' } } });
    }
    const raw = JSON.stringify(event);
    const good = signWebhook({ secret, body: raw, timestamp: now });
    const noHeaders = await docbatch.receiveWebhook({ headers: {}, rawBody: Buffer.from(raw) });
    expect(noHeaders).toMatchObject({ status: 401, body: { error: { code: 'MISSING_HEADER' } } });
    // Repeated headers arrive as arrays: the first id and timestamp count, every signature is tried.
    const arrays = await docbatch.receiveWebhook({
      headers: {
        'webhook-id': [good['webhook-id']!, 'msg_other'],
        'webhook-timestamp': [good['webhook-timestamp']!],
        'webhook-signature': ['v1,AAAA', good['webhook-signature']!],
      },
      rawBody: Buffer.from(raw),
    });
    expect(arrays.status).toBe(200);
  });

  it('refuses a replay outside the tolerance and clock skew beyond it either way, accepting skew within it', async () => {
    const { send, clock } = setup();
    const raw = JSON.stringify(event);
    const at = (offsetSec: number) =>
      send(raw, signWebhook({ secret, body: raw, timestamp: Math.floor(clock.now() / 1000) + offsetSec }));
    expect((await at(-301)).body).toMatchObject({ error: { code: 'TIMESTAMP_OUT_OF_TOLERANCE' } });
    expect((await at(301)).body).toMatchObject({ error: { code: 'TIMESTAMP_OUT_OF_TOLERANCE' } });
    expect((await at(-299)).status).toBe(200);
    expect((await at(299)).status).toBe(200);
  });

  it('accepts either secret during a rotation', async () => {
    const next = 'whsec_' + Buffer.from('the next webhook secret, 32 bytes').toString('base64');
    const { send, clock } = setup(new MemoryStore(), undefined, [next, secret]);
    for (const s of [secret, next]) {
      const raw = JSON.stringify({ ...event, doc_id: `doc_${s.length}_${s.slice(-4)}` });
      const headers = signWebhook({ secret: s, body: raw, timestamp: Math.floor(clock.now() / 1000) });
      expect((await send(raw, headers)).status).toBe(200);
    }
  });

  it('records the same delivery arriving 20 times at once exactly once', async () => {
    const { send, store } = setup();
    const raw = JSON.stringify(event);
    const headers = signWebhook({ secret, body: raw, timestamp: Math.floor(Date.UTC(2026, 0, 1) / 1000) });
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(raw, headers)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => !(a.body as { duplicate: boolean }).duplicate)).toHaveLength(1);
    expect(await store.claimReceipts({ owner: 't', now: 0, leaseMs: 1, limit: 100 })).toHaveLength(1);
  });
});
