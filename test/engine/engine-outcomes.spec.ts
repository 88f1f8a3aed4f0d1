import { afterEach, describe, expect, it } from '@jest/globals';
import type { DocumentOutcome } from '@docbatch/core';
import { corpusFiles, startHarness, type Harness } from './engine-harness.js';

describe('engine: outcomes by kind of document', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('accepts, reviews, fails, and resubmits LOW_RESOLUTION once with enhanced preprocessing', async () => {
    h = await startHarness();
    const pick = async (category: string, count = 1) => corpusFiles((t) => t.category === category, count);
    const [clean] = await pick('clean');
    const [partial] = await pick('bad_check_digit');
    const [truncated] = await pick('truncated');
    // One the enhanced pass rescues and one it does not, as the corpus' ground truth says.
    const [rescuable] = await corpusFiles(
      (t) => t.category === 'low_resolution' && t.enhanced?.status === 'partial',
      1,
    );
    const [hopeless] = await corpusFiles(
      (t) => t.category === 'low_resolution' && t.enhanced?.status === 'failed',
      1,
    );
    const engine = h.engine();
    const complete = new Map<string, DocumentOutcome>();
    const failed: string[] = [];
    engine.on('document.complete', (o) => void complete.set(o.id, o));
    engine.on('document.failed', (o) => void failed.push(o.id));
    await engine.start();
    const sub = await engine.submit([
      { id: 'clean', file: { path: clean!.path } },
      { id: 'partial', file: { path: partial!.path } },
      { id: 'truncated', file: { path: truncated!.path } },
      { id: 'lowres_rescued', file: { path: rescuable!.path } },
      { id: 'lowres_hopeless', file: { path: hopeless!.path } },
    ]);

    await h.until(async () => (await engine.status(sub.id))!.complete, { what: 'all outcomes' });
    expect(complete.get('clean')).toMatchObject({ state: 'succeeded', reason: null });
    expect(complete.get('partial')).toMatchObject({ state: 'needs_review', errorCode: null });
    expect(complete.get('partial')!.result?.confidence).toBeDefined();
    expect(complete.get('truncated')).toMatchObject({
      state: 'failed',
      errorCode: 'CORRUPTED_FILE',
      reason: 'permanent_error',
    });

    const enhancedBatches = h.provider.created.filter((b) => b.enhanced);
    expect(enhancedBatches).toHaveLength(1);
    expect(enhancedBatches[0]!.documents).toBe(2);
    for (const id of ['lowres_rescued', 'lowres_hopeless']) {
      const outcome = complete.get(id)!;
      expect(outcome.attempts.map((a) => [a.attempt, a.enhanced, a.errorCode])).toEqual([
        [1, false, 'LOW_RESOLUTION'],
        [2, true, id === 'lowres_rescued' ? null : 'LOW_RESOLUTION'],
      ]);
    }
    expect(complete.get('lowres_rescued')).toMatchObject({ state: 'needs_review' });
    expect(complete.get('lowres_hopeless')).toMatchObject({
      state: 'failed',
      errorCode: 'LOW_RESOLUTION',
      reason: 'enhancement_failed',
    });
    expect(failed.sort()).toEqual(['lowres_hopeless', 'truncated']);
  });

  it('acknowledges webhooks while handlers are still busy: handlers never run inside the request', async () => {
    h = await startHarness();
    const files = await corpusFiles((t) => t.category === 'clean', 3);
    const engine = h.engine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    engine.on('document.complete', async (o) => {
      await gate;
      handled.push(o.id);
    });
    await engine.start();
    const sub = await engine.submit(files.map((f, i) => ({ id: `g${i}`, file: { path: f.path } })));

    await h.until(() => h.answers.length === 3, { what: 'three acknowledged webhooks' });
    expect(h.answers).toEqual([200, 200, 200]);
    expect(handled).toEqual([]);
    release();
    await h.until(() => handled.length === 3, { what: 'the handlers', stepMs: 0 });
    expect((await engine.status(sub.id))!.counts.succeeded).toBe(3);
  });
});
