// The demo's documents: generated once per (count, seed) by the sandbox's corpus generator, reused after.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { generateCorpus } from '@docbatch/sandbox';

/**
 * What docbatch should make of a file, given the provider's ground truth: partial → needs_review;
 * a LOW_RESOLUTION scan is resubmitted once with enhanced preprocessing, so its `enhanced` answer is
 * the one that counts.
 */
export function expectedOutcome(truth) {
  const last = truth.status === 'failed' && truth.enhanced ? truth.enhanced : truth;
  if (last.status === 'success') return { outcome: 'succeeded' };
  if (last.status === 'partial') return { outcome: 'needs_review' };
  return { outcome: 'failed', errorCode: last.error_code };
}

export async function ensureCorpus({ dir, count, seed, log }) {
  const corpusDir = path.join(dir, `corpus-${count}-seed${seed}`);
  const truthFile = path.join(corpusDir, 'ground-truth.json');
  let groundTruth = await readFile(truthFile, 'utf8').then(JSON.parse, () => null);
  if (groundTruth) {
    log(`corpus            ${path.relative(process.cwd(), corpusDir)} (${count} documents, reused)`);
  } else {
    const started = Date.now();
    ({ groundTruth } = await generateCorpus({ count, outDir: corpusDir, seed }));
    log(
      `corpus            ${path.relative(process.cwd(), corpusDir)} (${count} documents, generated in ${((Date.now() - started) / 1000).toFixed(1)}s)`,
    );
  }
  const documents = Object.entries(groundTruth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([filename, truth]) => ({
      id: path.parse(filename).name,
      filename,
      category: truth.category,
      expected: expectedOutcome(truth),
      fields: truth.fields,
    }));
  return { dir: corpusDir, documents };
}
