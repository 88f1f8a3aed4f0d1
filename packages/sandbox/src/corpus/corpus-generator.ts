import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyedRandom, SeededRandom } from '../random/seeded-random.js';
import { randomAwb, randomStyle, type AwbFields, type AwbSample, type FormStyle } from './awb-sample.js';
import { writeAwbPdf } from './awb-form-writer.js';
import { drawScannedForm } from './bitmap.js';
import { randomNonDocument } from './non-documents.js';
import { writePng } from './png-writer.js';
import { writeTiff } from './tiff-writer.js';

/** What a corpus file is meant to exercise. */
export type CorpusCategory =
  | 'clean'
  | 'multi_page'
  | 'bad_check_digit'
  | 'unknown_airport'
  | 'truncated'
  | 'not_a_document'
  | 'low_resolution'
  | 'scan';

/** Share of each category; `clean` takes whatever is left (about 78%). */
export const CORPUS_MIX: Readonly<Record<Exclude<CorpusCategory, 'clean'>, number>> = {
  multi_page: 0.06,
  bad_check_digit: 0.02,
  unknown_airport: 0.02,
  truncated: 0.03,
  not_a_document: 0.03,
  low_resolution: 0.04,
  scan: 0.02,
};

export interface ExpectedOutcome {
  status: 'success' | 'partial' | 'failed';
  error_code: string | null;
}

/** What the provider must answer for one corpus file. */
export interface GroundTruthEntry extends ExpectedOutcome {
  category: CorpusCategory;
  /** Page count the provider must report; null when the file fails before pages are counted. */
  pages: number | null;
  /** Fields printed on the waybill (also on partial ones: the bad value is what must be read). */
  fields: AwbFields | null;
  /** The answer with `enhanced_preprocessing: true`, where it differs. */
  enhanced?: ExpectedOutcome;
}

/** File name → expected outcome; written as `ground-truth.json` beside the files. */
export type GroundTruth = Record<string, GroundTruthEntry>;

export interface GenerateCorpusOptions {
  count: number;
  outDir: string;
  /** Same seed, same bytes. Default 1. */
  seed?: number | string;
}

export interface CorpusSummary {
  outDir: string;
  groundTruthPath: string;
  groundTruth: GroundTruth;
  categories: Record<CorpusCategory, number>;
}

/** About 200 s of generation and a few GB of files: beyond that, generate several corpora. */
export const MAX_CORPUS_COUNT = 100_000;

/** Airport codes that look real but are assigned to no airport in the sandbox's table. */
const UNKNOWN_AIRPORT_CODES = ['QQX', 'XQZ', 'ZQJ', 'QZX', 'JQQ'];

/**
 * Writes `count` documents and `ground-truth.json` into outDir. The mix is fixed by {@link CORPUS_MIX}
 * and shuffled by the seed; each document's content depends only on (seed, index).
 */
export async function generateCorpus(options: GenerateCorpusOptions): Promise<CorpusSummary> {
  const { count, outDir } = options;
  // The plan is built in memory up front: a count of a billion aborted the process (V8 array size).
  if (!Number.isInteger(count) || count < 1 || count > MAX_CORPUS_COUNT)
    throw new RangeError(`count must be an integer from 1 to ${MAX_CORPUS_COUNT}, got ${count}`);
  const seed = options.seed ?? 1;
  await mkdir(outDir, { recursive: true });

  const plan: CorpusCategory[] = [];
  for (const [category, share] of Object.entries(CORPUS_MIX)) {
    for (let i = 0; i < Math.round(count * share); i++) plan.push(category as CorpusCategory);
  }
  plan.length = Math.min(plan.length, count);
  while (plan.length < count) plan.push('clean');
  new SeededRandom(`${seed}|plan`).shuffle(plan);

  const groundTruth: GroundTruth = {};
  const categories = Object.fromEntries(
    ['clean', ...Object.keys(CORPUS_MIX)].map((c) => [c, 0]),
  ) as CorpusSummary['categories'];
  const width = Math.max(4, String(count).length);
  for (const [index, category] of plan.entries()) {
    const random = keyedRandom(seed, index);
    const made = await makeDocument(category, random, randomStyle(keyedRandom(seed, index, 'style')));
    const name = `awb-${String(index + 1).padStart(width, '0')}.${made.extension}`;
    await writeFile(join(outDir, name), made.bytes);
    groundTruth[name] = { category, ...made.truth };
    categories[category]++;
  }
  const groundTruthPath = join(outDir, 'ground-truth.json');
  await writeFile(groundTruthPath, JSON.stringify(groundTruth, null, 2) + '\n');
  return { outDir, groundTruthPath, groundTruth, categories };
}

interface MadeDocument {
  extension: string;
  bytes: Uint8Array;
  truth: Omit<GroundTruthEntry, 'category'>;
}

async function makeDocument(
  category: CorpusCategory,
  random: SeededRandom,
  style: FormStyle,
): Promise<MadeDocument> {
  const awb = randomAwb(random, style);
  const readable = (status: 'success' | 'partial', pages: number, sample: AwbSample = awb) => ({
    status,
    error_code: null,
    pages,
    fields: sample.fields,
  });
  switch (category) {
    case 'clean':
      return { extension: 'pdf', bytes: await writeAwbPdf(awb), truth: readable('success', 1) };
    case 'multi_page': {
      const extra = random.int(1, 2);
      return {
        extension: 'pdf',
        bytes: await writeAwbPdf(awb, extra),
        truth: readable('success', 1 + extra),
      };
    }
    case 'bad_check_digit': {
      const [prefix, digits] = awb.fields.awb_number.split('-') as [string, string];
      const wrong = (Number(digits[7]) + random.int(1, 6)) % 7; // any other check digit
      const serialText = `${digits.slice(0, 4)} ${digits.slice(4, 7)}${wrong}`;
      const bad = {
        ...awb,
        serialText,
        fields: { ...awb.fields, awb_number: `${prefix}-${digits.slice(0, 7)}${wrong}` },
      };
      return { extension: 'pdf', bytes: await writeAwbPdf(bad), truth: readable('partial', 1, bad) };
    }
    case 'unknown_airport': {
      const bad = { ...awb, fields: { ...awb.fields, destination: random.pick(UNKNOWN_AIRPORT_CODES) } };
      return { extension: 'pdf', bytes: await writeAwbPdf(bad), truth: readable('partial', 1, bad) };
    }
    case 'truncated': {
      const whole = await writeAwbPdf(awb);
      const cut = Math.floor(whole.length * (0.3 + random.next() * 0.5));
      return { extension: 'pdf', bytes: whole.subarray(0, cut), truth: failed('CORRUPTED_FILE') };
    }
    case 'not_a_document': {
      const { extension, bytes } = randomNonDocument(random);
      return { extension, bytes, truth: failed('UNSUPPORTED_FORMAT') };
    }
    case 'low_resolution': {
      // Half of them are readable once upscaled (enhanced preprocessing), half are hopeless.
      const rescuable = random.chance(0.5);
      const [w, h] = rescuable ? [800, 1131] : [400, 566];
      const image = scanFile(random, w, h, 1);
      const enhanced: ExpectedOutcome = rescuable
        ? { status: 'partial', error_code: null }
        : { status: 'failed', error_code: 'LOW_RESOLUTION' };
      return { ...image, truth: { ...failed('LOW_RESOLUTION'), enhanced } };
    }
    case 'scan': {
      const pages = random.int(1, 2);
      const image = scanFile(random, 1240, 1754, pages);
      return { ...image, truth: { status: 'partial', error_code: null, pages, fields: null } };
    }
  }
}

function failed(errorCode: string): Omit<GroundTruthEntry, 'category'> {
  return { status: 'failed', error_code: errorCode, pages: null, fields: null };
}

/** A scanned form as PNG (single page) or TIFF (either byte order, any page count). */
function scanFile(random: SeededRandom, width: number, height: number, pages: number) {
  const bitmaps = Array.from({ length: pages }, (_, i) =>
    drawScannedForm(width, height, random.int(0, 1000) + i),
  );
  if (pages === 1 && random.chance(0.5)) return { extension: 'png', bytes: writePng(bitmaps[0]!) };
  return { extension: 'tif', bytes: writeTiff(bitmaps, { bigEndian: random.chance(0.5) }) };
}
