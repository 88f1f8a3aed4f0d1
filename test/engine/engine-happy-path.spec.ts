import { afterEach, describe, expect, it } from '@jest/globals';
import type { BatchCompleteEvent, DocumentOutcome } from '@docbatch/core';
import { corpusFiles, smallCorpus, startHarness, type Harness } from './engine-harness.js';

describe('engine end to end on the sandbox', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('uploads, submits, ingests webhooks and reports each outcome once, then the batch', async () => {
    h = await startHarness();
    const files = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 3);
    const engine = h.engine();
    const complete: DocumentOutcome[] = [];
    const batches: BatchCompleteEvent[] = [];
    engine.on('document.complete', (outcome) => void complete.push(outcome));
    engine.on('batch.complete', (event) => void batches.push(event));
    await engine.start();

    const sub = await engine.submit(
      files.map((f, i) =>
        i === 0
          ? { id: `awb_${i}`, file: f.bytes, filename: f.name }
          : { id: `awb_${i}`, file: { path: f.path } },
      ),
      { label: 'happy' },
    );
    expect((await engine.status(sub.id))?.counts.pending).toBe(3);

    await h.until(async () => batches.length === 1, { what: 'batch.complete' });
    expect(complete.map((o) => o.id).sort()).toEqual(['awb_0', 'awb_1', 'awb_2']);
    const { truth } = await smallCorpus();
    for (const outcome of complete) {
      const file = files[Number(outcome.id.slice(4))]!;
      expect(outcome).toMatchObject({ state: 'succeeded', submissionId: sub.id, errorCode: null });
      expect(outcome.result?.awb_number).toBe(truth[file.name]!.fields!.awb_number);
      expect(outcome.attempts).toHaveLength(1);
      expect(outcome.attempts[0]).toMatchObject({
        attempt: 1,
        status: 'success',
        action: 'accept',
        via: 'webhook',
      });
    }
    expect(batches[0]).toEqual({
      submissionId: sub.id,
      label: 'happy',
      documentCount: 3,
      counts: { succeeded: 3, needs_review: 0, failed: 0 },
    });
    expect(await engine.status(sub.id)).toMatchObject({
      complete: true,
      handlerFailed: 0,
      counts: { succeeded: 3 },
    });
    expect(h.provider.created).toHaveLength(1);
    expect(h.answers.every((s) => s === 200)).toBe(true);
  });
});
