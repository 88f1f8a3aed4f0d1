/**
 * Attempts that would otherwise never end: the provider forgets a batch (404 when polled), never
 * finishes a document, or the host's retry.classifier throws. Each document must still reach exactly
 * one final outcome. Real sandboxes on loopback, polled by the real sweeper, on one ManualClock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENGINE_ERROR_CODES, ProviderClient, type DocumentOutcome, type ProviderPort } from '@docbatch/core';
import { startSandbox, type Sandbox } from '@docbatch/sandbox';
import { TypeormStore } from '@docbatch/typeorm';
import {
  openSqlite,
  type TestDatabase,
} from '../../packages/typeorm/src/testing/test-data-sources.test-helper.js';
import { corpusFiles, recordingLogger, startHarness, type Harness } from './engine-harness.js';

/** Serves one real AWB at every path: document URLs any sandbox can fetch again after a restart. */
let files: Server;
let fileUrl: (id: string) => string;
beforeAll(async () => {
  const [file] = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 1);
  files = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(file!.bytes),
  );
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  fileUrl = (id) => `http://127.0.0.1:${(files.address() as AddressInfo).port}/awb/${id}.pdf`;
});
afterAll(() => {
  files.closeAllConnections();
  return new Promise<void>((resolve) => files.close(() => resolve()));
});

/** A provider port whose target can be swapped: the provider "restarting" with empty state. */
function switchableProvider(first: ProviderClient): ProviderPort & { target: ProviderClient } {
  const port = {
    target: first,
    uploadFile: (...a: Parameters<ProviderPort['uploadFile']>) => port.target.uploadFile(...a),
    createBatch: (...a: Parameters<ProviderPort['createBatch']>) => port.target.createBatch(...a),
    getDocument: (batchId: string, docId: string) => port.target.getDocument(batchId, docId),
    listDocuments: (batchId: string, options?: { status?: string }) =>
      port.target.listDocuments(batchId, options as never),
  };
  return port;
}

const HOUR = 60 * 60_000;

describe('attempts that never end on their own', () => {
  let h: Harness;
  let restarted: Sandbox | undefined;
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await h?.close();
    await restarted?.close();
    await db?.close();
    restarted = db = undefined;
  });

  /** Submits `count` URL documents to a sandbox that would take hours, then swaps it for a fresh one. */
  async function loseTheBatch(count: number, retry: Record<string, unknown> = {}, sqlite = false) {
    if (sqlite) db = await openSqlite();
    h = await startHarness({
      webhooks: false,
      ...(db && { store: new TypeormStore(db.dataSource) }),
      sandbox: { processingTime: { meanMs: 10 * HOUR, stdDevMs: 0, minMs: 10 * HOUR } },
    });
    const client = (s: Sandbox) =>
      new ProviderClient({ baseUrl: s.url, apiKey: s.apiKey, retry: { retries: 0 } });
    const provider = switchableProvider(client(h.sandbox));
    const logger = recordingLogger();
    const engine = h.engine({ provider, logger, retry: { random: () => 0.5, ...retry } });
    const outcomes: DocumentOutcome[] = [];
    engine.on('document.complete', (o) => void outcomes.push(o));
    await engine.start();
    const ids = Array.from({ length: count }, (_, i) => `lost-${i}`);
    const sub = await engine.submit(ids.map((id) => ({ id, url: fileUrl(id) })));
    await h.until(async () => (await engine.status(sub.id))!.counts.submitted === count, {
      what: 'the first batch',
      stepMs: 0,
    });
    // The provider restarts with empty state: the batch and its documents are gone (404).
    restarted = await startSandbox({
      clock: h.clock,
      seed: 8,
      processingTime: { meanMs: 1_000, stdDevMs: 0, minMs: 1_000 },
    });
    provider.target = client(restarted);
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'every outcome',
      stepMs: 10_000,
    });
    return { engine, sub, outcomes, logger };
  }

  // 1 document is polled one by one (404 for the document); 21 are listed (404 for the batch).
  it.each([
    [1, 'MemoryStore'],
    [21, 'MemoryStore'],
    [1, 'TypeormStore on SQLite'],
  ] as const)(
    'a batch the provider lost (404 when polled, %i documents, %s) is resubmitted and succeeds',
    async (count, store) => {
      const { engine, sub, outcomes, logger } = await loseTheBatch(count, {}, store !== 'MemoryStore');
      expect(outcomes).toHaveLength(count);
      for (const outcome of outcomes) {
        expect(outcome.state).toBe('succeeded');
        expect(outcome.attempts.map((a) => [a.attempt, a.errorCode, a.action, a.via])).toEqual([
          [1, ENGINE_ERROR_CODES.lostByProvider, 'retry', 'poll'],
          [2, null, 'accept', 'poll'],
        ]);
      }
      expect((await engine.status(sub.id))!.counts.succeeded).toBe(count);
      expect(logger.lines.some((l) => l.message.includes('404'))).toBe(true);
    },
  );

  it('a lost attempt at maxAttempts fails the document LOST_BY_PROVIDER, retries exhausted', async () => {
    const { outcomes } = await loseTheBatch(1, { maxAttempts: 1 });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      state: 'failed',
      errorCode: ENGINE_ERROR_CODES.lostByProvider,
      reason: 'retries_exhausted',
    });
  });

  it("a document the provider never finishes fails RESULT_DEADLINE_EXCEEDED after each attempt's deadline", async () => {
    h = await startHarness({
      webhooks: false,
      sandbox: { processingTime: { meanMs: 1_000 * HOUR, stdDevMs: 0, minMs: 1_000 * HOUR } },
    });
    const engine = h.engine({
      polling: { resultDeadlineMs: HOUR },
      retry: { random: () => 0.5, maxAttempts: 2 },
    });
    const outcomes: DocumentOutcome[] = [];
    engine.on('document.complete', (o) => void outcomes.push(o));
    await engine.start();
    const start = h.clock.now();
    const sub = await engine.submit([{ id: 'forever', url: fileUrl('forever') }]);
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'the outcome',
      stepMs: 5 * 60_000,
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      state: 'failed',
      errorCode: ENGINE_ERROR_CODES.resultDeadlineExceeded,
      reason: 'retries_exhausted',
    });
    expect(outcomes[0]!.attempts.map((a) => a.action)).toEqual(['retry', 'fail']);
    // Two attempts of an hour each, give or take a polling interval and the retry backoff.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(2 * HOUR);
    expect(h.clock.now() - start).toBeLessThan(3 * HOUR);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('rules table not loaded');
      },
      'threw: rules table not loaded',
    ],
    ['returns a non-decision', () => ({ action: 'retry', delayMs: Number.NaN }), 'not a decision'],
  ] as const)(
    'a retry.classifier that %s fails the document at once with CLASSIFIER_FAILED, result kept',
    async (_title, classifier, reason) => {
      h = await startHarness();
      const logger = recordingLogger();
      const engine = h.engine({ logger, retry: { random: () => 0.5, classifier: classifier as never } });
      const outcomes: DocumentOutcome[] = [];
      engine.on('document.complete', (o) => void outcomes.push(o));
      await engine.start();
      const sub = await engine.submit([{ id: 'rules', url: fileUrl('rules') }]);
      await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'the outcome' });
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatchObject({ state: 'failed', errorCode: ENGINE_ERROR_CODES.classifierFailed });
      expect(outcomes[0]!.reason).toContain(reason);
      expect(outcomes[0]!.result).toMatchObject({ awb_number: expect.any(String) });
      expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
        expect.stringContaining('retry.classifier failed'),
      ]);
      expect((await engine.status(sub.id))!.counts.failed).toBe(1);
    },
  );
});
