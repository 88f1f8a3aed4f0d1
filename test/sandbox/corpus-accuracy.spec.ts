import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, type AwbFields, type Sandbox } from '@docbatch/sandbox';
import { serveCorpus, type ServedCorpus } from './support/corpus-fixture.js';
import { callApi, listAll, waitForBatch } from './support/sandbox-api.js';

/** The sandbox reads a generated corpus of 200 over HTTP exactly as its ground truth says. */
describe('extraction accuracy on a generated corpus of 200', () => {
  let sandbox: Sandbox;
  let corpus: ServedCorpus;
  const byName = new Map<string, any>();

  beforeAll(async () => {
    corpus = await serveCorpus(200, 2026);
    sandbox = await startSandbox({ timeScale: 0.0001, seed: 'accuracy' });
    const documents = Object.keys(corpus.groundTruth).map((name) => ({ id: name, url: corpus.url(name) }));
    const created = await callApi(sandbox, 'POST', '/v1/batch', { documents });
    expect(created.status).toBe(201);
    await waitForBatch(sandbox, created.body.batch_id, 60_000);
    for (const doc of await listAll(sandbox, created.body.batch_id)) byName.set(doc.doc_id, doc);
  });
  afterAll(async () => {
    await sandbox.close();
    await corpus.close();
  });

  it('reaches at least 99% field accuracy on the clean text PDFs', () => {
    let fields = 0;
    let correct = 0;
    const misses: string[] = [];
    for (const [name, truth] of Object.entries(corpus.groundTruth)) {
      if (truth.category !== 'clean' && truth.category !== 'multi_page') continue;
      const result = byName.get(name)?.result ?? {};
      for (const [field, expected] of Object.entries(truth.fields!) as [keyof AwbFields, unknown][]) {
        fields++;
        if (result[field] === expected) correct++;
        else
          misses.push(
            `${name}.${field}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(result[field])}`,
          );
      }
    }
    const accuracy = correct / fields;
    console.log(
      `sandbox field accuracy on clean text PDFs: ${(accuracy * 100).toFixed(2)}% (${correct}/${fields} fields)` +
        (misses.length ? `\n  misses: ${misses.slice(0, 10).join('\n  ')}` : ''),
    );
    expect(fields).toBeGreaterThan(1500); // ~168 documents x 10 fields: the corpus really was read
    expect(accuracy).toBeGreaterThanOrEqual(0.99);
  });

  it('answers every document with the status, error code and page count of the ground truth', () => {
    const answered = Object.keys(corpus.groundTruth).map((name) => {
      const doc = byName.get(name);
      return {
        name,
        status: doc?.status,
        error_code: doc?.error_code ?? null,
        pages: doc?.result?.pages ?? null,
      };
    });
    const expected = Object.entries(corpus.groundTruth).map(([name, truth]) => ({
      name,
      status: truth.status,
      error_code: truth.error_code,
      pages: truth.pages,
    }));
    expect(answered).toEqual(expected);
  });

  it('covers every category of the mix, with the bad values read as printed', () => {
    const categories = new Set(Object.values(corpus.groundTruth).map((truth) => truth.category));
    expect([...categories].sort()).toEqual([
      'bad_check_digit',
      'clean',
      'low_resolution',
      'multi_page',
      'not_a_document',
      'scan',
      'truncated',
      'unknown_airport',
    ]);
    for (const [name, truth] of Object.entries(corpus.groundTruth)) {
      if (truth.category === 'bad_check_digit') {
        expect(byName.get(name).result.awb_number).toBe(truth.fields!.awb_number);
        expect(byName.get(name).result.warnings.join()).toMatch(/check digit/);
      }
      if (truth.category === 'unknown_airport') {
        expect(byName.get(name).result.destination).toBe(truth.fields!.destination);
        expect(byName.get(name).result.confidence.destination).toBeLessThan(0.8);
      }
    }
  });

  it('reads half of the low-resolution scans once enhanced preprocessing is asked for', async () => {
    const lowRes = Object.entries(corpus.groundTruth).filter(
      ([, truth]) => truth.category === 'low_resolution',
    );
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: lowRes.map(([name]) => ({ id: name, url: corpus.url(name) })),
      options: { enhanced_preprocessing: true },
    });
    await waitForBatch(sandbox, created.body.batch_id);
    const docs = await listAll(sandbox, created.body.batch_id);
    expect(docs.map((d) => ({ name: d.doc_id, status: d.status, error_code: d.error_code }))).toEqual(
      lowRes.map(([name, truth]) => ({
        name,
        status: truth.enhanced!.status,
        error_code: truth.enhanced!.error_code,
      })),
    );
    expect(new Set(docs.map((d) => d.status))).toEqual(new Set(['partial', 'failed']));
  });
});
