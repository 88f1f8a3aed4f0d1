import { afterEach, describe, expect, it } from '@jest/globals';
import type { BatchCompleteEvent, DocumentOutcome } from '@docbatch/core';
import { corpusFiles, startHarness, type Harness } from './engine-harness.js';

describe('engine: user handlers', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('retries a throwing handler, parks it as handler_failed without blocking others, and redrives it', async () => {
    h = await startHarness();
    const good = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 2);
    const [bad] = await corpusFiles((t) => t.category === 'not_a_document', 1);
    const engine = h.engine({ handlers: { maxAttempts: 3, backoffMs: 1_000 } });
    let broken = true;
    const runs: [string, number][] = [];
    const handled: DocumentOutcome[] = [];
    const failed: DocumentOutcome[] = [];
    const batches: BatchCompleteEvent[] = [];
    engine.on('document.complete', (outcome, ctx) => {
      runs.push([outcome.id, ctx.attempt]);
      if (outcome.id === 'h0' && broken) throw new Error('ledger is locked');
      handled.push(outcome);
    });
    engine.on('document.failed', (outcome) => void failed.push(outcome));
    engine.on('batch.complete', (event) => void batches.push(event));
    await engine.start();
    const sub = await engine.submit([
      { id: 'h0', file: { path: good[0]!.path } },
      { id: 'h1', file: { path: good[1]!.path } },
      { id: 'h2', file: { path: bad!.path } },
    ]);

    await h.until(async () => (await engine.status(sub.id))!.handlerFailed === 1, {
      what: 'the parked handler',
    });
    expect(runs.filter(([id]) => id === 'h0')).toEqual([
      ['h0', 1],
      ['h0', 2],
      ['h0', 3],
    ]);
    expect(handled.map((o) => o.id).sort()).toEqual(['h1', 'h2']);
    expect(failed.map((o) => [o.id, o.state, o.errorCode])).toEqual([['h2', 'failed', expect.any(String)]]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.counts).toEqual({ succeeded: 2, needs_review: 0, failed: 1 });
    expect(await engine.status(sub.id)).toMatchObject({ complete: true, handlerFailed: 1 });

    // Nothing more happens to a parked event on its own.
    await h.clock.advance(60 * 60_000);
    expect(runs.filter(([id]) => id === 'h0')).toHaveLength(3);

    broken = false;
    expect(await engine.redrive(sub.id)).toBe(1);
    await h.until(() => handled.some((o) => o.id === 'h0'), { what: 'the redriven handler', stepMs: 0 });
    expect(runs.filter(([id]) => id === 'h0').at(-1)).toEqual(['h0', 1]);
    expect((await engine.status(sub.id))!.handlerFailed).toBe(0);
    expect(handled.filter((o) => o.id === 'h0')).toHaveLength(1);
  });

  it('stop() lets a running handler finish before it resolves', async () => {
    h = await startHarness();
    const [file] = await corpusFiles((t) => t.category === 'clean', 1);
    // A slow handler still inside its (raised) timeout: stop() waits for it.
    const engine = h.engine({ handlers: { timeoutMs: 120_000 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = false;
    let finished = false;
    engine.on('document.complete', async () => {
      running = true;
      await gate;
      finished = true;
    });
    await engine.start();
    await engine.submit([{ id: 's0', file: { path: file!.path } }]);
    await h.until(() => running, { what: 'the handler to start' });

    let stopped = false;
    const stopping = engine.stop().then(() => (stopped = true));
    await h.clock.advance(60_000);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
  });
});
