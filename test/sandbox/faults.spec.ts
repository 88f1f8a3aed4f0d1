import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@docbatch/core';
import { startSandbox, writeSampleAwb, type Sandbox, type SandboxOptions } from '@docbatch/sandbox';
import { startFileServer, type FileServer } from './support/file-server.js';
import { until } from './support/poll.js';
import { callApi, listAll, waitForBatch } from './support/sandbox-api.js';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink.js';

describe('fault injection', () => {
  let files: FileServer;
  const open: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    files = await startFileServer({ '/awb.pdf': (await writeSampleAwb({ seed: 12 })).bytes });
  });
  afterAll(() => files.close());
  afterEach(async () => {
    await Promise.all(open.splice(0).map((thing) => thing.close()));
  });

  async function sandboxWithSink(options: SandboxOptions): Promise<{ sandbox: Sandbox; sink: WebhookSink }> {
    const sink = await startWebhookSink();
    const sandbox = await startSandbox({ timeScale: 0, ...options });
    open.push(sandbox, sink);
    return { sandbox, sink };
  }

  const submit = async (
    sandbox: Sandbox,
    count: number,
    webhookUrl?: string,
    headers?: Record<string, string>,
  ) =>
    callApi(
      sandbox,
      'POST',
      '/v1/batch',
      {
        ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
        documents: Array.from({ length: count }, (_, i) => ({
          id: `doc_${String(i).padStart(2, '0')}`,
          url: files.url('/awb.pdf'),
        })),
      },
      headers,
    );

  it.each([
    ['timeoutRate', 'TIMEOUT'],
    ['rateLimitedRate', 'RATE_LIMITED'],
    ['internalErrorRate', 'INTERNAL_ERROR'],
  ])('%s fails documents with %s, in the webhook and when polled', async (fault, code) => {
    const { sandbox, sink } = await sandboxWithSink({ faults: { [fault]: 1 } });
    const { body } = await submit(sandbox, 3, sink.url);
    const hooks = await sink.waitFor(3);
    expect(hooks.map((hook) => [hook.body.status, hook.body.error_code, hook.body.result])).toEqual(
      Array(3).fill(['failed', code, null]),
    );
    await waitForBatch(sandbox, body.batch_id);
    expect((await listAll(sandbox, body.batch_id)).map((doc) => doc.error_code)).toEqual([code, code, code]);
  });

  it('duplicateRate delivers each webhook twice with the same webhook-id and body', async () => {
    const { sandbox, sink } = await sandboxWithSink({ faults: { duplicateRate: 1 } });
    const { body } = await submit(sandbox, 3, sink.url);
    const hooks = await sink.waitFor(6);
    const byId = new Map<string, string[]>();
    for (const hook of hooks)
      byId.set(String(hook.headers['webhook-id']), [
        ...(byId.get(String(hook.headers['webhook-id'])) ?? []),
        hook.rawBody.toString(),
      ]);
    expect([...byId.values()].map((bodies) => bodies.length)).toEqual([2, 2, 2]);
    for (const bodies of byId.values()) expect(bodies[0]).toBe(bodies[1]);
    // The provider made one successful attempt per document; the copy is the fault.
    const docs = await listAll(sandbox, body.batch_id);
    expect(docs.map((doc) => doc.webhook)).toEqual(Array(3).fill({ state: 'delivered', attempts: 1 }));
  });

  it('dropRate never sends the webhook: the delivery is failed with 0 attempts, the result is polled', async () => {
    const { sandbox, sink } = await sandboxWithSink({ faults: { dropRate: 1 } });
    const { body } = await submit(sandbox, 3, sink.url);
    await waitForBatch(sandbox, body.batch_id);
    const docs = await listAll(sandbox, body.batch_id);
    expect(docs.map((doc) => [doc.status, doc.webhook])).toEqual(
      Array(3).fill(['success', { state: 'failed', attempts: 0 }]),
    );
    expect(sink.received).toHaveLength(0);
  });

  it('delayRate holds the first attempt back by delayMs', async () => {
    const clock = new ManualClock();
    const { sandbox, sink } = await sandboxWithSink({
      clock,
      timeScale: 1,
      processingTime: { meanMs: 1000, stdDevMs: 0, minMs: 1000 },
      faults: { delayRate: 1, delayMs: 60_000 },
    });
    const { body } = await submit(sandbox, 1, sink.url);
    const doc = async () =>
      (await callApi(sandbox, 'GET', `/v1/batch/${body.batch_id}/documents/doc_00`)).body;
    await until(() => clock.pendingTimers === 1, 'the document to be read');
    await clock.advance(1000);
    expect(await doc()).toMatchObject({ status: 'success', webhook: { state: 'pending', attempts: 0 } });
    await clock.advance(59_999);
    expect((await doc()).webhook.attempts).toBe(0);
    await clock.advance(1);
    await sink.waitFor(1);
    await until(async () => (await doc()).webhook.state === 'delivered', 'delivery');
  });

  it('reorderRate lets webhooks overtake each other, the same way for the same seed', async () => {
    const arrivalOrder = async () => {
      const clock = new ManualClock();
      const { sandbox, sink } = await sandboxWithSink({
        clock,
        timeScale: 1,
        seed: 'reorder',
        processingTime: { meanMs: 1000, stdDevMs: 0, minMs: 1000 },
        faults: { reorderRate: 1, reorderWindowMs: 5000 },
      });
      await submit(sandbox, 10, sink.url);
      await until(() => clock.pendingTimers === 10, 'ten documents to be read');
      await clock.advance(1000); // all ten finish at the same instant, in manifest order
      let expected = 0;
      // Step through the window 1 ms at a time and let each released webhook land before the next.
      for (let t = 0; t <= 5000 && expected < 10; t++) {
        const before = clock.pendingTimers;
        await clock.advance(1);
        expected += before - clock.pendingTimers;
        await sink.waitFor(expected);
      }
      return sink.received.map((hook) => hook.body.doc_id as string);
    };
    const first = await arrivalOrder();
    const manifestOrder = Array.from({ length: 10 }, (_, i) => `doc_${String(i).padStart(2, '0')}`);
    expect([...first].sort()).toEqual(manifestOrder);
    expect(first).not.toEqual(manifestOrder);
    expect(await arrivalOrder()).toEqual(first);
  });

  it('decides the same faults for the same seed, and different ones for another seed', async () => {
    const faults = {
      timeoutRate: 0.2,
      rateLimitedRate: 0.2,
      internalErrorRate: 0.1,
      dropRate: 0.3,
      duplicateRate: 0.3,
    };
    const run = async (seed: string) => {
      const { sandbox, sink } = await sandboxWithSink({ seed, faults });
      const { body } = await submit(sandbox, 40, sink.url);
      await waitForBatch(sandbox, body.batch_id);
      const docs = await listAll(sandbox, body.batch_id);
      return docs.map(
        (doc) =>
          `${doc.doc_id}:${doc.error_code ?? doc.status}:${doc.webhook.attempts === 0 ? 'dropped' : 'sent'}`,
      );
    };
    const a = await run('chaos-1');
    const b = await run('chaos-1');
    const c = await run('chaos-2');
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const outcomes = new Set(a.map((line) => line.split(':')[1]));
    expect(outcomes).toEqual(new Set(['success', 'TIMEOUT', 'RATE_LIMITED', 'INTERNAL_ERROR']));
  });

  it('api500Rate and api429Rate answer before doing anything; setFaults turns them off', async () => {
    const { sandbox } = await sandboxWithSink({ faults: { api500Rate: 1 } });
    const failed = await submit(sandbox, 1, undefined, { 'idempotency-key': 'k1' });
    expect([failed.status, failed.body.error.code]).toEqual([500, 'INTERNAL_ERROR']);
    sandbox.setFaults({ api429Rate: 1 });
    const limited = await callApi(sandbox, 'GET', '/v1/batch/bat_anything');
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    sandbox.setFaults({});
    // Had the 500 stored anything, this key with another body would be refused with 409.
    const created = await submit(sandbox, 2, undefined, { 'idempotency-key': 'k1' });
    expect(created.status).toBe(201);
    expect(created.body.document_count).toBe(2);
  });

  it('lostResponseRate creates the batch but answers 500; a retry with the Idempotency-Key gets that batch', async () => {
    const { sandbox, sink } = await sandboxWithSink({ faults: { lostResponseRate: 1 } });
    const lost = await submit(sandbox, 2, sink.url, { 'idempotency-key': 'submit-7' });
    expect(lost.status).toBe(500);
    const hooks = await sink.waitFor(2);
    sandbox.setFaults({});
    const retried = await submit(sandbox, 2, sink.url, { 'idempotency-key': 'submit-7' });
    expect(retried.status).toBe(201);
    expect(hooks.map((hook) => hook.body.batch_id)).toEqual([retried.body.batch_id, retried.body.batch_id]);
    expect((await callApi(sandbox, 'GET', `/v1/batch/${retried.body.batch_id}`)).body.document_count).toBe(2);
  });

  it('refuses an invalid fault configuration or webhook secret with a clear message', async () => {
    await expect(startSandbox({ faults: { timeoutRate: 1.5 } })).rejects.toThrow(
      /timeoutRate must be a rate from 0 to 1/,
    );
    await expect(startSandbox({ faults: { bogus: 1 } as never })).rejects.toThrow(/unknown fault "bogus"/);
    await expect(startSandbox({ webhookSecret: 'whsec_not base64!' })).rejects.toThrow(/secret/);
  });

  it('api500Rate hits the same requests for the same seed', async () => {
    const statuses = async () => {
      const { sandbox } = await sandboxWithSink({ seed: 'api', faults: { api500Rate: 0.5 } });
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await callApi(sandbox, 'GET', '/v1/batch/bat_x')).status);
      return seen;
    };
    const first = await statuses();
    expect(new Set(first)).toEqual(new Set([404, 500]));
    expect(await statuses()).toEqual(first);
  });
});
