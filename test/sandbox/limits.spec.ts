import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '@docbatch/core';
import { startSandbox, writeSampleAwb, type Sandbox } from '@docbatch/sandbox';
import { startFileServer, type FileServer } from './support/file-server.js';
import { until } from './support/poll.js';
import { callApi, listAll } from './support/sandbox-api.js';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink.js';

describe('per-key limits', () => {
  let sandbox: Sandbox;
  let files: FileServer;
  let sink: WebhookSink | undefined;

  afterEach(async () => {
    await sandbox?.close();
    await Promise.all([files?.close(), sink?.close()]);
    sink = undefined;
  });

  const manifest = (count: number, prefix = 'doc') => ({
    documents: Array.from({ length: count }, (_, i) => ({
      id: `${prefix}_${i}`,
      url: files.url('/awb.pdf'),
    })),
  });

  it('processes at most maxProcessing documents at once per key; the rest wait in order', async () => {
    files = await startFileServer({ '/awb.pdf': (await writeSampleAwb({ seed: 8 })).bytes });
    const clock = new ManualClock();
    sandbox = await startSandbox({
      clock,
      maxProcessing: 3,
      apiKeys: ['key_a', 'key_b'],
      processingTime: { meanMs: 1000, stdDevMs: 0, minMs: 1000 },
    });
    const other = { url: sandbox.url, apiKey: 'key_b' };
    const { body } = await callApi(sandbox, 'POST', '/v1/batch', manifest(8));
    const { body: otherBatch } = await callApi(other, 'POST', '/v1/batch', manifest(2));
    const counts = async (key = sandbox, id = body.batch_id) =>
      (await callApi(key, 'GET', `/v1/batch/${id}`)).body;

    // Each document is read, then held until its second has passed: exactly 3 of key_a's hold a slot.
    await until(() => clock.pendingTimers === 5, 'five documents to be read');
    expect(await counts()).toMatchObject({
      status: 'processing',
      counts: { queued: 5, processing: 3, success: 0 },
    });
    // key_b has its own limit: its batch is not stuck behind key_a's.
    expect((await counts(other as Sandbox, otherBatch.batch_id)).counts).toMatchObject({
      queued: 0,
      processing: 2,
    });

    await clock.advance(1000);
    await until(() => clock.pendingTimers === 3, 'the next three to be read');
    expect((await counts()).counts).toMatchObject({ queued: 2, processing: 3, success: 3 });
    const order = (await listAll(sandbox, body.batch_id)).map((doc) => doc.status);
    expect(order).toEqual([
      'success',
      'success',
      'success',
      'processing',
      'processing',
      'processing',
      'queued',
      'queued',
    ]);

    await clock.advance(1000);
    await until(() => clock.pendingTimers === 2, 'the last two to be read');
    await clock.advance(1000);
    const done = await counts();
    expect(done).toMatchObject({ status: 'complete', counts: { queued: 0, processing: 0, success: 8 } });
    expect(Date.parse(done.completed_at) - Date.parse(done.created_at)).toBe(3000);
  });

  it('over the daily quota: the rest of a batch fails RATE_LIMITED, then 429 with Retry-After until midnight UTC', async () => {
    files = await startFileServer({ '/awb.pdf': (await writeSampleAwb({ seed: 9 })).bytes });
    sink = await startWebhookSink();
    // 20:00 UTC: four hours before the quota resets.
    const clock = new ManualClock({ startAt: Date.UTC(2026, 11, 3, 20, 0, 0) });
    sandbox = await startSandbox({
      clock,
      dailyQuota: 5,
      processingTime: { meanMs: 100, stdDevMs: 0, minMs: 100 },
    });

    const first = await callApi(sandbox, 'POST', '/v1/batch', manifest(3, 'a'));
    expect(first.status).toBe(201);
    const second = await callApi(sandbox, 'POST', '/v1/batch', {
      webhook_url: sink.url,
      ...manifest(4, 'b'),
    });
    expect(second.status).toBe(201);
    expect(second.body.document_count).toBe(4);

    const refused = await callApi(sandbox, 'POST', '/v1/batch', manifest(1, 'c'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(refused.headers.get('retry-after')).toBe(String(4 * 60 * 60));

    await until(async () => {
      await clock.advance(100);
      return (await callApi(sandbox, 'GET', `/v1/batch/${second.body.batch_id}`)).body.status === 'complete';
    }, 'the second batch');
    const docs = await listAll(sandbox, second.body.batch_id);
    expect(docs.map((doc) => [doc.doc_id, doc.status, doc.error_code])).toEqual([
      ['b_0', 'success', null],
      ['b_1', 'success', null],
      ['b_2', 'failed', 'RATE_LIMITED'],
      ['b_3', 'failed', 'RATE_LIMITED'],
    ]);
    // Over-quota documents are reported like any other finished document.
    const hooks = await sink.waitFor(4);
    expect(
      hooks
        .filter((hook) => hook.body.error_code === 'RATE_LIMITED')
        .map((hook) => hook.body.doc_id)
        .sort(),
    ).toEqual(['b_2', 'b_3']);

    // After midnight UTC the key has a fresh quota.
    await clock.advance(4 * 60 * 60 * 1000);
    expect((await callApi(sandbox, 'POST', '/v1/batch', manifest(1, 'd'))).status).toBe(201);
  });
});
