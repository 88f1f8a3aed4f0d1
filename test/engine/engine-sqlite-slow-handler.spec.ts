/**
 * On SQLite a handler runs inside the store transaction, which holds TypeORM's single connection:
 * a webhook arriving meanwhile cannot record its receipt — and so cannot be answered — until the
 * handler's transaction ends. The provider wants a 2xx within 10 s, so the default handlers.timeoutMs
 * (8 s) must end a hung handler's transaction before that. Real sandbox, real SQLite, ManualClock.
 */
import { afterEach, expect, it } from '@jest/globals';
import { signWebhook, type WebhookResponse } from '@docbatch/core';
import { TypeormStore } from '@docbatch/typeorm';
import {
  openSqlite,
  type TestDatabase,
} from '../../packages/typeorm/src/testing/test-data-sources.test-helper.js';
import { corpusFiles, startHarness, type Harness } from './engine-harness.js';

let h: Harness | undefined;
let db: TestDatabase | undefined;
afterEach(async () => {
  await h?.close();
  await db?.close();
  h = db = undefined;
});

it('on SQLite, a webhook arriving while a handler hangs is answered within the provider’s 10 s', async () => {
  db = await openSqlite();
  // The sandbox sends no webhook of its own: the test delivers each one when it wants.
  h = await startHarness({ store: new TypeormStore(db.dataSource), sandbox: { faults: { dropRate: 1 } } });
  const harness = h;
  const engine = harness.engine({ polling: { staleAfterMs: 24 * 3_600_000 } });
  let hung = false;
  engine.on('document.complete', (o) => {
    if (o.id !== 'hangs') return undefined;
    hung = true;
    return new Promise<never>(() => {});
  });
  await engine.start();
  const files = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 2);
  const sub = await engine.submit([
    { id: 'hangs', file: { path: files[0]!.path } },
    { id: 'next', file: { path: files[1]!.path } },
  ]);
  await harness.until(() => harness.provider.created.length === 1, { what: 'the batch', stepMs: 0 });
  const batchId = harness.provider.created[0]!.batchId;
  const deliver = async (docId: string): Promise<WebhookResponse> => {
    const doc = await harness.provider.getDocument(batchId, docId);
    const body = JSON.stringify({
      event: 'document.complete',
      batch_id: batchId,
      doc_id: docId,
      status: doc.status,
      result: doc.result,
      processing_ms: doc.processing_ms,
    });
    const headers = signWebhook({
      secret: harness.sandbox.webhookSecret,
      body,
      id: `msg_${docId}`,
      timestamp: Math.floor(harness.clock.now() / 1000),
    });
    return engine.receiveWebhook({ headers, rawBody: Buffer.from(body) });
  };
  await harness.until(async () => (await engine.status(sub.id))!.counts.submitted === 2, {
    what: 'both submitted',
    stepMs: 0,
  });
  await harness.until(
    async () =>
      (await harness.provider.getDocument(batchId, 'hangs')).status === 'success' &&
      (await harness.provider.getDocument(batchId, 'next')).status === 'success',
    { what: 'the provider to finish' },
  );

  expect((await deliver('hangs')).status).toBe(200);
  await harness.until(() => hung, { what: 'the hung handler', stepMs: 0 });
  const arrivedAt = harness.clock.now();
  let answer: WebhookResponse | undefined;
  void deliver('next').then((a) => (answer = a));
  await harness.until(() => answer !== undefined, { what: 'the second answer', stepMs: 1_000 });
  expect(answer!.status).toBe(200);
  expect(harness.clock.now() - arrivedAt).toBeLessThan(10_000);
  await harness.until(async () => (await engine.status(sub.id))!.counts.succeeded === 2, {
    what: 'both outcomes',
  });
});
