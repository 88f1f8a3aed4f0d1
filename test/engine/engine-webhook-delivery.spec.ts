import { afterEach, describe, expect, it } from '@jest/globals';
import { signWebhook, type DocumentOutcome, type DocumentRetryEvent } from '@docbatch/core';
import { corpusFiles, recordingLogger, startHarness, type Harness } from './engine-harness.js';

const clean = (count: number) => corpusFiles((t) => t.category === 'clean' && t.status === 'success', count);

function collect(engine: ReturnType<Harness['engine']>) {
  const complete: DocumentOutcome[] = [];
  const retries: DocumentRetryEvent[] = [];
  engine.on('document.complete', (o) => void complete.push(o));
  engine.on('document.retry', (r) => void retries.push(r));
  return { complete, retries };
}

describe('engine: webhook delivery going wrong', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('records duplicate and reordered webhooks once and reports each document once', async () => {
    h = await startHarness({
      sandbox: { faults: { duplicateRate: 1, reorderRate: 1, reorderWindowMs: 3_000 } },
    });
    const files = await clean(8);
    const engine = h.engine();
    const { complete } = collect(engine);
    await engine.start();
    const sub = await engine.submit(files.map((f, i) => ({ id: `d${i}`, file: { path: f.path } })));

    await h.until(async () => (await engine.status(sub.id))!.complete && h.answers.length === 16, {
      what: 'all deliveries',
    });
    expect(h.answers).toEqual(new Array(16).fill(200));
    expect(complete.map((o) => o.id).sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7']);
    expect(complete.every((o) => o.state === 'succeeded' && o.attempts.length === 1)).toBe(true);
  });

  it('fences a late webhook from an older attempt: recorded, never applied over the newer one', async () => {
    h = await startHarness({ sandbox: { faults: { timeoutRate: 1 } } });
    const [file] = await clean(1);
    const logger = recordingLogger();
    const engine = h.engine({ logger });
    const { complete, retries } = collect(engine);
    await engine.start();
    const sub = await engine.submit([{ id: 'awb_late', file: { path: file!.path } }]);

    await h.until(() => retries.length === 1, { what: 'the TIMEOUT retry' });
    expect(retries[0]).toMatchObject({ id: 'awb_late', attempt: 1, errorCode: 'TIMEOUT' });
    h.sandbox.setFaults({});
    await h.until(() => h.provider.created.length === 2, { what: 'the second attempt', stepMs: 250 });
    expect((await engine.status(sub.id))!.counts.submitted).toBe(1);

    // Attempt 1's batch now reports a permanent failure, under a new message id: a real, signed, late
    // webhook that would fail the document for good if it were applied.
    const oldBatch = h.provider.created[0]!.batchId;
    const body = JSON.stringify({
      event: 'document.complete',
      batch_id: oldBatch,
      doc_id: 'awb_late',
      status: 'failed',
      result: null,
      error_code: 'CORRUPTED_FILE',
      processing_ms: 900,
    });
    const late = await engine.receiveWebhook({
      headers: signWebhook({
        secret: h.sandbox.webhookSecret,
        body,
        timestamp: Math.floor(h.clock.now() / 1000),
      }),
      rawBody: Buffer.from(body),
    });
    expect(late).toEqual({ status: 200, body: { received: true, duplicate: false } });
    await h.until(() => logger.lines.some((l) => l.message.includes('stale')), {
      what: 'the late webhook processed',
      stepMs: 0,
    });
    expect((await engine.status(sub.id))!.counts.submitted).toBe(1);

    await h.until(() => complete.length === 1, { what: 'attempt 2 result' });
    expect(complete[0]).toMatchObject({ id: 'awb_late', state: 'succeeded' });
    expect(complete[0]!.result?.awb_number).toEqual(expect.any(String));
    expect(complete[0]!.attempts.map((a) => [a.attempt, a.batchId, a.status])).toEqual([
      [1, oldBatch, 'failed'],
      [2, h.provider.created[1]!.batchId, 'success'],
    ]);
  });

  it('polls stale batches when webhooks never arrive', async () => {
    h = await startHarness({ sandbox: { faults: { dropRate: 1 } } });
    const files = await clean(3);
    const engine = h.engine();
    const { complete } = collect(engine);
    await engine.start();
    const sub = await engine.submit(files.map((f, i) => ({ id: `p${i}`, file: { path: f.path } })));

    await h.until(() => h.provider.created.length === 1, { what: 'the batch' });
    const createdAt = h.clock.now();
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'results by polling',
      stepMs: 60_000,
    });
    expect(h.clock.now() - createdAt).toBeGreaterThanOrEqual(15 * 60_000);
    expect(h.answers).toEqual([]);
    expect(complete).toHaveLength(3);
    expect(complete.every((o) => o.state === 'succeeded' && o.attempts[0]!.via === 'poll')).toBe(true);
  });

  it('runs polling-only without a webhook configuration', async () => {
    h = await startHarness({ webhooks: false });
    const files = await clean(2);
    const engine = h.engine({ polling: { staleAfterMs: 5_000 } });
    const { complete } = collect(engine);
    await engine.start();
    const sub = await engine.submit(files.map((f, i) => ({ id: `q${i}`, file: { path: f.path } })));

    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'results by polling',
      stepMs: 1_000,
    });
    expect(h.answers).toEqual([]);
    expect(complete.map((o) => [o.id, o.state, o.attempts[0]!.via])).toEqual(
      expect.arrayContaining([
        ['q0', 'succeeded', 'poll'],
        ['q1', 'succeeded', 'poll'],
      ]),
    );
    const refused = await engine.receiveWebhook({ headers: {}, rawBody: Buffer.from('{}') });
    expect(refused.status).toBe(404);
  });
});
