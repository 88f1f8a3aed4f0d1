import { afterEach, beforeAll, afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentOutcome } from '@docbatch/core';
import { corpusFiles, startHarness, type Harness } from './engine-harness.js';

/** Serves one real AWB file at every path: the "document URLs" the sandbox fetches. */
let files: Server;
let fileUrl: (id: string) => string;
beforeAll(async () => {
  const [file] = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 1);
  files = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(file!.bytes),
  );
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  const { port } = files.address() as AddressInfo;
  fileUrl = (id) => `http://127.0.0.1:${port}/awb/${id}.pdf`;
});
afterAll(() => {
  files.closeAllConnections();
  return new Promise<void>((resolve) => files.close(() => resolve()));
});

const docs = (count: number, prefix = 'u') =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, url: fileUrl(`${prefix}${i}`) }));

describe('engine: submission limits', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('splits 5,001 documents into provider batches of 5,000 and 1', async () => {
    h = await startHarness({ sandbox: { maxProcessing: 1 } });
    const engine = h.engine();
    await engine.start();
    const sub = await engine.submit(docs(5_001));

    await h.until(() => h.provider.created.length === 2, { what: 'two batches', stepMs: 0 });
    expect(h.provider.created.map((b) => b.documents)).toEqual([5_000, 1]);
    expect((await engine.status(sub.id))!.counts).toMatchObject({ pending: 0, submitted: 5_001 });
  });

  it('stops at the daily quota and resumes in the next window', async () => {
    h = await startHarness();
    const engine = h.engine({ submission: { dailyQuota: 3 } });
    const complete: DocumentOutcome[] = [];
    engine.on('document.complete', (o) => void complete.push(o));
    await engine.start();
    const sub = await engine.submit(docs(5));

    await h.until(() => complete.length === 3, { what: 'the first window' });
    expect(h.provider.created.map((b) => b.documents)).toEqual([3]);
    expect((await engine.status(sub.id))!.counts.pending).toBe(2);

    const nextWindow = Date.UTC(2026, 11, 4);
    await h.until(() => h.provider.created.length === 2, { what: 'the next window', stepMs: 30 * 60_000 });
    expect(h.clock.now()).toBeGreaterThanOrEqual(nextWindow);
    expect(h.provider.created[1]!.documents).toBe(2);
    await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'all results' });
    expect(complete).toHaveLength(5);
  });

  it('keeps at most maxInFlight documents at the provider', async () => {
    h = await startHarness();
    const engine = h.engine({ submission: { maxInFlight: 2 } });
    let peak = 0;
    engine.on('document.complete', async (o) => {
      const { counts } = (await engine.status(o.submissionId))!;
      peak = Math.max(peak, counts.submitted);
    });
    await engine.start();
    const sub = await engine.submit(docs(5, 'm'));

    await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'all results' });
    expect(h.provider.created.map((b) => b.documents).reduce((a, b) => a + b)).toBe(5);
    expect(Math.max(...h.provider.created.map((b) => b.documents))).toBeLessThanOrEqual(2);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('waits out a 429 storm and a lost create response without creating a second batch', async () => {
    h = await startHarness({ sandbox: { faults: { api429Rate: 1 } } });
    const engine = h.engine();
    const complete: DocumentOutcome[] = [];
    engine.on('document.complete', (o) => void complete.push(o));
    await engine.start();
    const sub = await engine.submit(docs(6));

    await h.until(() => h.provider.createCalls.length >= 5, { what: 'repeated 429s', stepMs: 1_000 });
    expect(h.provider.created).toHaveLength(0);
    // The next create is carried out by the provider but its answer is lost (500): the engine must
    // retry with the same Idempotency-Key and get the same batch back.
    h.sandbox.setFaults({ lostResponseRate: 1 });
    const calls = h.provider.createCalls.length;
    await h.until(() => h.provider.createCalls.length > calls, { what: 'the lost response', stepMs: 1_000 });
    h.sandbox.setFaults({});
    await h.until(async () => (await engine.status(sub.id))!.complete, {
      what: 'all results',
      stepMs: 1_000,
    });

    expect(new Set(h.provider.createCalls).size).toBe(1);
    expect(h.provider.created).toHaveLength(1);
    expect(complete).toHaveLength(6);
    expect(
      complete.every(
        (o) => o.attempts.length === 1 && o.attempts[0]!.batchId === h.provider.created[0]!.batchId,
      ),
    ).toBe(true);
    // One webhook per document: a duplicate batch at the provider would have sent more.
    await h.clock.advance(60_000);
    expect(h.answers).toEqual(new Array(6).fill(200));
  });
});
