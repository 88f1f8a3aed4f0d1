import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock, WebhookVerifier } from '@docbatch/core';
import { startSandbox, WEBHOOK_RETRY_SCHEDULE_MS, writeSampleAwb, type Sandbox } from '@docbatch/sandbox';
import { startFileServer, type FileServer } from './support/file-server.js';
import { until } from './support/poll.js';
import { callApi } from './support/sandbox-api.js';
import { startWebhookSink, type SinkAnswer, type WebhookSink } from './support/webhook-sink.js';

describe('webhook delivery and its retry schedule', () => {
  let sandbox: Sandbox;
  let sink: WebhookSink;
  let files: FileServer;

  afterEach(async () => {
    await sandbox?.close();
    await Promise.all([sink?.close(), files?.close()]);
  });

  async function setUp(answer: (index: number) => SinkAnswer, options: Parameters<typeof startSandbox>[0]) {
    files = await startFileServer({ '/awb.pdf': (await writeSampleAwb({ seed: 5 })).bytes });
    sink = await startWebhookSink((_hook, index) => answer(index));
    sandbox = await startSandbox({ seed: 'retries', ...options });
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      webhook_url: sink.url,
      documents: [{ id: 'awb', url: files.url('/awb.pdf') }],
    });
    expect(created.status).toBe(201);
    return created.body.batch_id as string;
  }

  const webhookState = async (batchId: string) =>
    (await callApi(sandbox, 'GET', `/v1/batch/${batchId}/documents/awb`)).body.webhook;

  it('retries after exactly 10 s, 30 s, 2 min, 10 min and 1 h, then marks the delivery failed', async () => {
    const clock = new ManualClock();
    const batchId = await setUp(() => ({ status: 500 }), {
      clock,
      processingTime: { meanMs: 1000, stdDevMs: 0, minMs: 1000 },
    });
    // The document is read, then held for its 1 s of processing; the first attempt follows.
    await until(() => clock.pendingTimers === 1, 'the document to be read');
    await clock.advance(1000);
    await sink.waitFor(1);
    expect(WEBHOOK_RETRY_SCHEDULE_MS).toEqual([10_000, 30_000, 120_000, 600_000, 3_600_000]);
    for (const [i, delay] of WEBHOOK_RETRY_SCHEDULE_MS.entries()) {
      // The 500 has been read and the retry timer is armed.
      await until(() => clock.pendingTimers === 1, `retry timer ${i + 1}`);
      await clock.advance(delay - 1);
      expect(await webhookState(batchId)).toEqual({ state: 'pending', attempts: i + 1 });
      await clock.advance(1);
      expect((await webhookState(batchId)).attempts).toBe(i + 2);
      await sink.waitFor(i + 2);
    }
    await until(
      async () => (await webhookState(batchId)).state === 'failed',
      'the delivery to be marked failed',
    );
    expect(await webhookState(batchId)).toEqual({ state: 'failed', attempts: 6 });
    expect(clock.pendingTimers).toBe(0);

    // Every attempt carries the same webhook-id and the same body, freshly signed at its own time.
    const ids = new Set(sink.received.map((hook) => hook.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(new Set(sink.received.map((hook) => hook.rawBody.toString())).size).toBe(1);
    const verifier = new WebhookVerifier({ secret: sandbox.webhookSecret });
    const stamps = sink.received.map((hook) => Number(hook.headers['webhook-timestamp']));
    sink.received.forEach((hook, i) =>
      expect(() =>
        verifier.verify(hook.headers as Record<string, string>, hook.rawBody, { now: stamps[i]! * 1000 }),
      ).not.toThrow(),
    );
    const gaps = stamps.slice(1).map((stamp, i) => stamp - stamps[i]!);
    expect(gaps).toEqual([10, 30, 120, 600, 3600]);

    // The result stays available by polling.
    const polled = await callApi(sandbox, 'GET', `/v1/batch/${batchId}/documents/awb`);
    expect(polled.body).toMatchObject({ status: 'success', result: { pages: 1 } });
  });

  it('runs the schedule scaled by timeScale and stops at the first 2xx', async () => {
    const batchId = await setUp((index) => ({ status: index < 2 ? 503 : 200 }), {
      timeScale: 0.001,
      processingTime: { meanMs: 10, stdDevMs: 0, minMs: 10 },
    });
    await sink.waitFor(3);
    await until(async () => (await webhookState(batchId)).state === 'delivered', 'delivery');
    expect(await webhookState(batchId)).toEqual({ state: 'delivered', attempts: 3 });
    const [first, second, third] = sink.received.map((hook) => hook.at);
    // Lower bounds only: 10 s and 30 s at 1/1000 (timers never fire early by a whole millisecond).
    expect(second! - first!).toBeGreaterThanOrEqual(9);
    expect(third! - second!).toBeGreaterThanOrEqual(29);
  });

  it('counts an answer slower than the answer timeout as a failure and retries', async () => {
    const batchId = await setUp((index) => (index === 0 ? { status: 200, delayMs: 400 } : { status: 200 }), {
      timeScale: 0.001,
      webhookTimeoutMs: 100,
      processingTime: { meanMs: 10, stdDevMs: 0, minMs: 10 },
    });
    await sink.waitFor(2);
    await until(async () => (await webhookState(batchId)).state === 'delivered', 'delivery');
    expect(await webhookState(batchId)).toEqual({ state: 'delivered', attempts: 2 });
  });

  it('sends no webhook and reports no delivery state for a batch without webhook_url', async () => {
    files = await startFileServer({ '/awb.pdf': (await writeSampleAwb({ seed: 6 })).bytes });
    sink = await startWebhookSink();
    sandbox = await startSandbox({ timeScale: 0 });
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: [{ id: 'awb', url: files.url('/awb.pdf') }],
    });
    await until(
      async () =>
        (await callApi(sandbox, 'GET', `/v1/batch/${created.body.batch_id}`)).body.status === 'complete',
      'batch',
    );
    const doc = await callApi(sandbox, 'GET', `/v1/batch/${created.body.batch_id}/documents/awb`);
    expect(doc.body.status).toBe('success');
    expect(doc.body.webhook).toBeUndefined();
    expect(sink.received).toHaveLength(0);
  });
});
