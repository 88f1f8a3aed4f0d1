/** A few real AWB files from the sandbox's corpus generator, with what the provider must answer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type CorpusCategory } from '@docbatch/sandbox';

export interface CorpusDocument {
  /** The id submitted (the file name). */
  id: string;
  path: string;
  status: 'success' | 'partial' | 'failed';
  errorCode: string | null;
  awbNumber: string | null;
}

export interface FreightCorpus {
  /** Clean single/multi-page waybills: `success`, fields known. */
  readable: CorpusDocument[];
  /** Truncated PDFs: failed, CORRUPTED_FILE (permanent, never retried). */
  corrupted: CorpusDocument[];
  remove(): void;
}

export async function freightCorpus(): Promise<FreightCorpus> {
  const outDir = mkdtempSync(join(tmpdir(), 'docbatch-nest-corpus-'));
  // 40 documents with seed 7 contain every category; only the predictable ones are used.
  const { groundTruth } = await generateCorpus({ count: 40, outDir, seed: 7 });
  const pick = (categories: CorpusCategory[], max: number): CorpusDocument[] =>
    Object.entries(groundTruth)
      .filter(([, truth]) => categories.includes(truth.category))
      .slice(0, max)
      .map(([name, truth]) => ({
        id: name,
        path: join(outDir, name),
        status: truth.status,
        errorCode: truth.error_code,
        awbNumber: truth.fields?.awb_number ?? null,
      }));
  return {
    readable: pick(['clean', 'multi_page'], 4),
    corrupted: pick(['truncated'], 1),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
