import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type GroundTruth } from '../corpus/corpus-generator.js';
import { readDocument } from './document-reader.js';

describe('readDocument over a generated corpus', () => {
  let dir: string;
  let truth: GroundTruth;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docbatch-reader-'));
    truth = (await generateCorpus({ count: 100, outDir: dir, seed: 7 })).groundTruth;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('answers every file as its ground truth says', async () => {
    for (const [name, expected] of Object.entries(truth)) {
      const outcome = await readDocument(await readFile(join(dir, name)));
      const got = {
        status: outcome.status,
        error_code: outcome.status === 'failed' ? outcome.errorCode : null,
        pages: outcome.status === 'failed' ? null : outcome.result.pages,
      };
      expect({ name, ...got }).toEqual({
        name,
        status: expected.status,
        error_code: expected.error_code,
        pages: expected.pages,
      });
      if (expected.fields && outcome.status !== 'failed') {
        const { confidence: _c, pages: _p, warnings: _w, ...fields } = outcome.result;
        expect({ name, ...fields }).toEqual({ name, ...expected.fields });
      }
    }
  });
});
