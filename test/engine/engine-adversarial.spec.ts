/**
 * Attacks on the engine with real parts: the sandbox on loopback, real HTTP webhooks, MemoryStore and
 * TypeormStore on SQLite, all on one ManualClock. Each case is a way a host app or a provider can
 * misbehave; the engine must neither crash, nor lose a document, nor hammer the provider.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  InProcessQueue,
  ManualClock,
  ProviderClient,
  signWebhook,
  type DocumentOutcome,
} from '@docbatch/core';
import { TypeormStore } from '@docbatch/typeorm';
import {
  openSqlite,
  type TestDatabase,
} from '../../packages/typeorm/src/testing/test-data-sources.test-helper.js';
import { corpusFiles, recordingLogger, startHarness, type Harness } from './engine-harness.js';

const clean = (count: number) => corpusFiles((t) => t.category === 'clean' && t.status === 'success', count);

/** Serves one real AWB at every path: document URLs the sandbox fetches (no upload involved). */
let files: Server;
let fileUrl: (id: string) => string;
beforeAll(async () => {
  const [file] = await clean(1);
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

describe('engine under attack', () => {
  let h: Harness;
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await h?.close();
    await db?.close();
    db = undefined;
  });

  it('backs off a 429 storm answering Retry-After: 0 instead of hammering, then makes one batch', async () => {
    // The sandbox's injected 429 carries Retry-After: round(timeScale) = "0".
    h = await startHarness({ sandbox: { timeScale: 0.1, faults: { api429Rate: 1 } } });
    const engine = h.engine();
    await engine.start();
    const sub = await engine.submit([
      { id: 'storm-0', url: fileUrl('storm-0') },
      { id: 'storm-1', url: fileUrl('storm-1') },
    ]);
    await h.until(() => h.provider.createCalls.length > 0, { what: 'the first create call', stepMs: 0 });
    const tenMinutesOn = h.clock.now() + 10 * 60_000;
    await h.until(() => h.clock.now() >= tenMinutesOn, { what: 'ten minutes of storm', stepMs: 1_000 });
    // Exponential backoff from 1 s, capped at 5 min: about ten tries in ten minutes, not thousands.
    expect(h.provider.createCalls.length).toBeGreaterThanOrEqual(3);
    expect(h.provider.createCalls.length).toBeLessThanOrEqual(12);

    h.sandbox.setFaults({});
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'the outcomes',
      stepMs: 5_000,
    });
    expect(new Set(h.provider.createCalls).size).toBe(1);
    expect(h.provider.created).toHaveLength(1);
  });

  it('fails a file that vanished after submit alone; the rest of its batch goes on', async () => {
    h = await startHarness();
    const [kept, doomed] = await clean(2);
    const dir = await mkdtemp(join(tmpdir(), 'docbatch-vanish-'));
    const vanishing = join(dir, 'awb.pdf');
    await copyFile(doomed!.path, vanishing);
    const engine = h.engine();
    const outcomes = new Map<string, DocumentOutcome>();
    engine.on('document.complete', (o) => void outcomes.set(o.id, o));
    const sub = await engine.submit([
      { id: 'vanished', file: { path: vanishing } },
      { id: 'kept', file: { path: kept!.path } },
    ]);
    await rm(dir, { recursive: true });
    await engine.start();

    await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'both outcomes' });
    expect(outcomes.get('vanished')).toMatchObject({ state: 'failed', errorCode: 'FILE_UNREADABLE' });
    expect(outcomes.get('vanished')!.reason).toContain(vanishing);
    expect(outcomes.get('kept')).toMatchObject({ state: 'succeeded' });
  });

  it.each(['MemoryStore', 'TypeormStore on SQLite'])(
    "fails only the document the provider refuses in a batch (a stale fileId), not the others' documents (%s)",
    async (storeName) => {
      if (storeName !== 'MemoryStore') db = await openSqlite();
      h = await startHarness({ store: db && new TypeormStore(db.dataSource) });
      const engine = h.engine();
      const outcomes = new Map<string, DocumentOutcome>();
      engine.on('document.complete', (o) => void outcomes.set(o.id, o));
      // Two callers' submissions, stored before start, so they share one provider batch.
      const stale = await engine.submit([{ id: 'stale', fileId: 'file_expired_long_ago' }]);
      const fine = await engine.submit([
        { id: 'fine-0', url: fileUrl('fine-0') },
        { id: 'fine-1', url: fileUrl('fine-1') },
      ]);
      await engine.start();

      await h.until(async () => (await engine.status(fine.id))!.complete, { what: 'the good documents' });
      expect((await engine.status(stale.id))!.complete).toBe(true);
      expect(outcomes.get('stale')).toMatchObject({ state: 'failed', errorCode: 'DOCUMENT_REJECTED' });
      expect(outcomes.get('stale')!.reason).toContain('no uploaded file');
      expect(outcomes.get('fine-0')).toMatchObject({ state: 'succeeded' });
      expect(outcomes.get('fine-1')).toMatchObject({ state: 'succeeded' });
      expect(h.provider.created.map((b) => b.documents)).toEqual([2]);
    },
  );

  it('times out a hung handler, parks it, and neither other documents nor stop() wait on it', async () => {
    h = await startHarness();
    const good = await clean(3);
    const engine = h.engine({ handlers: { timeoutMs: 10_000, maxAttempts: 2, backoffMs: 1_000 } });
    const handled: string[] = [];
    engine.on('document.complete', (o) => {
      if (o.id === 'hangs') return new Promise<never>(() => {});
      handled.push(o.id);
      return undefined;
    });
    await engine.start();
    const sub = await engine.submit(
      good.map((f, i) => ({ id: i === 0 ? 'hangs' : `ok${i}`, file: { path: f.path } })),
    );

    await h.until(async () => (await engine.status(sub.id))!.handlerFailed === 1, {
      what: 'the parked handler',
    });
    expect(handled.sort()).toEqual(['ok1', 'ok2']);
    expect((await engine.status(sub.id))!.counts.succeeded).toBe(3);
    await engine.stop();
  });

  it('keeps documents pending while the provider refuses the API key; a fixed engine finishes them', async () => {
    h = await startHarness();
    const logger = recordingLogger();
    const wrongKey = new ProviderClient({
      baseUrl: h.sandbox.url,
      apiKey: 'sk_revoked',
      retry: { retries: 0 },
    });
    const first = h.engine({ provider: wrongKey, logger });
    await first.start();
    // URL documents: the create call itself meets the 401. (An upload meets it too, but the sandbox
    // may close the connection before reading the file, which the client sees as EPIPE.)
    const sub = await first.submit([
      { id: 'key-0', url: fileUrl('key-0') },
      { id: 'key-1', url: fileUrl('key-1') },
    ]);
    const keyRefused = () => logger.lines.some((l) => l.level === 'error' && /API key/.test(l.message));
    await h.until(keyRefused, { what: 'the refused API key to be logged', stepMs: 0 });
    const tenMinutesOn = h.clock.now() + 10 * 60_000;
    await h.until(() => h.clock.now() >= tenMinutesOn, { what: 'ten minutes', stepMs: 5_000 });
    expect((await first.status(sub.id))!.counts).toMatchObject({ pending: 2, failed: 0 });
    await first.stop();

    const fixed = h.engine();
    const outcomes: DocumentOutcome[] = [];
    fixed.on('document.complete', (o) => void outcomes.push(o));
    await fixed.start();
    await h.until(async () => (await fixed.status(sub.id))!.complete, {
      what: 'the outcomes',
      stepMs: 5_000,
    });
    expect(outcomes.map((o) => [o.id, o.state]).sort()).toEqual([
      ['key-0', 'succeeded'],
      ['key-1', 'succeeded'],
    ]);
  });

  it("stop() does not wait out the provider client's retry backoff", async () => {
    h = await startHarness({ sandbox: { faults: { api500Rate: 1 } } });
    let calls = 0;
    // The engine's own ProviderClient (in-call retries on the engine clock), counting real requests.
    const engine = h.engine({
      provider: {
        baseUrl: h.sandbox.url,
        apiKey: h.sandbox.apiKey,
        fetch: (...args: Parameters<typeof fetch>) => (calls++, fetch(...args)),
      },
    });
    await engine.start();
    const sub = await engine.submit([{ id: 'backoff', url: fileUrl('backoff') }]);
    await h.until(() => calls === 1, { what: 'the first create call', stepMs: 0 });

    // The clock is frozen, so a backoff sleep would never end: stop() must cut it short.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), 5_000)));
    expect(await Promise.race([engine.stop().then(() => 'stopped' as const), stuck])).toBe('stopped');
    clearTimeout(timer);
    expect(calls).toBe(1);

    h.sandbox.setFaults({});
    const next = h.engine();
    await next.start();
    await h.until(async () => (await next.status(sub.id))!.complete, { what: 'the outcome', stepMs: 5_000 });
  });

  it('a process dying mid-create (never stopped, lease still held) is taken over after the lease, with one batch', async () => {
    h = await startHarness();
    const files = await clean(2);
    // The dying process: its create call never returns, and its own timers never fire again.
    let unblock!: (error: Error) => void;
    const blocked = new Promise<never>((_, reject) => (unblock = reject));
    const dying = h.engine({
      instanceId: 'dying',
      queue: new InProcessQueue({ clock: new ManualClock() }),
      provider: {
        uploadFile: (...args) => h.provider.uploadFile(...args),
        createBatch: () => blocked,
        getDocument: (...args) => h.provider.getDocument(...args),
        listDocuments: (...args) => h.provider.listDocuments(...args),
      },
    });
    await dying.start();
    const sub = await dying.submit(files.map((f, i) => ({ id: `crash-${i}`, file: { path: f.path } })));
    await h.until(async () => (await h.store.countInFlight()) === 2, {
      what: 'the batch being created',
      stepMs: 0,
    });

    const heir = h.engine({ instanceId: 'heir' });
    const outcomes: DocumentOutcome[] = [];
    heir.on('document.complete', (o) => void outcomes.push(o));
    await heir.start();
    try {
      await h.until(async () => (await heir.status(sub.id))!.complete, {
        what: 'the heir to finish',
        stepMs: 5_000,
      });
    } finally {
      unblock(new Error('the dying process is gone')); // lets h.close() stop it
    }
    expect(outcomes.map((o) => [o.id, o.state]).sort()).toEqual([
      ['crash-0', 'succeeded'],
      ['crash-1', 'succeeded'],
    ]);
    expect(h.provider.created).toHaveLength(1);
  });

  it.each([
    ['fails an unknown error code at once by default', {}, [1], 'unknown_error_code'],
    [
      'retries it when the policy says so, until maxAttempts',
      { unknownErrorCode: 'retry', maxAttempts: 2 },
      [1, 2],
      'retries_exhausted',
    ],
  ] as const)('%s', async (_title, retry, attempts, reason) => {
    // INTERNAL_ERROR is not among the documented codes.
    h = await startHarness({ sandbox: { faults: { internalErrorRate: 1 } } });
    const engine = h.engine({ retry: { random: () => 0.5, ...retry } });
    const outcomes: DocumentOutcome[] = [];
    engine.on('document.complete', (o) => void outcomes.push(o));
    await engine.start();
    const sub = await engine.submit([{ id: 'odd-code', url: fileUrl('odd-code') }]);
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'the outcome',
      stepMs: 5_000,
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ state: 'failed', errorCode: 'INTERNAL_ERROR', reason });
    expect(outcomes[0]!.attempts.map((a) => a.attempt)).toEqual(attempts);
  });

  it('survives start() twice, stop() during submit and stop() twice; a fresh engine sends what was stored', async () => {
    h = await startHarness();
    const first = h.engine();
    await Promise.all([first.start(), first.start()]);
    const [sub] = await Promise.all([
      first.submit([{ id: 'mid-stop', url: fileUrl('mid-stop') }]),
      first.stop(),
    ]);
    await first.stop();
    expect(
      (await first.status(sub.id))!.counts.pending + (await first.status(sub.id))!.counts.submitted,
    ).toBe(1);

    const second = h.engine();
    await second.start();
    await h.until(async () => (await second.status(sub.id))!.complete, { what: 'the outcome' });
    expect((await second.status(sub.id))!.counts.succeeded).toBe(1);
  });

  it('on SQLite, records one of 20 concurrent deliveries of a webhook and runs its handler once', async () => {
    db = await openSqlite();
    // The sandbox sends no webhook of its own: the test is the only sender.
    h = await startHarness({ store: new TypeormStore(db.dataSource), sandbox: { faults: { dropRate: 1 } } });
    const engine = h.engine({ polling: { staleAfterMs: 24 * 3_600_000 } });
    const handled: string[] = [];
    engine.on('document.complete', (o) => void handled.push(o.id));
    await engine.start();
    const sub = await engine.submit([{ id: 'twenty', url: fileUrl('twenty') }]);
    await h.until(() => h.provider.created.length === 1, { what: 'the batch', stepMs: 0 });
    const batchId = h.provider.created[0]!.batchId;
    await h.until(async () => (await h.provider.getDocument(batchId, 'twenty')).status === 'success', {
      what: 'the provider to finish',
    });
    const doc = await h.provider.getDocument(batchId, 'twenty');
    const body = JSON.stringify({
      event: 'document.complete',
      batch_id: batchId,
      doc_id: 'twenty',
      status: doc.status,
      result: doc.result,
      processing_ms: doc.processing_ms,
    });
    const headers = signWebhook({
      secret: h.sandbox.webhookSecret,
      body,
      id: 'msg_twenty',
      timestamp: Math.floor(h.clock.now() / 1000),
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(h.hookUrl, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { duplicate?: boolean } })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'the outcome', stepMs: 0 });
    await h.until(() => handled.length > 0, { what: 'the handler', stepMs: 0 });
    await h.clock.advance(60_000);
    expect(handled).toEqual(['twenty']);
  });
});
