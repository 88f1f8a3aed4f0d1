/**
 * A docbatch engine wired to the real sandbox on loopback, both on one ManualClock: the sandbox's
 * processing and webhook retry schedule and the engine's retries, leases and sweeper all move only
 * when the test advances time. HTTP between them is real, so waits poll a condition with a deadline.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDocbatch,
  ManualClock,
  MemoryStore,
  ProviderClient,
  type Docbatch,
  type DocbatchOptions,
  type Logger,
  type ProviderPort,
  type Store,
} from '@docbatch/core';
import {
  generateCorpus,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
  type GroundTruth,
} from '@docbatch/sandbox';

export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps what it was told, for assertions on warnings. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: unknown }[];
} {
  const lines: { level: string; message: string; fields?: unknown }[] = [];
  const keep = (level: string) => (message: string, fields?: unknown) =>
    void lines.push({ level, message, fields });
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** A real ProviderClient that also remembers every createBatch call and its answer. */
export class RecordingProvider implements ProviderPort {
  readonly created: { idempotencyKey: string; batchId: string; documents: number; enhanced: boolean }[] = [];
  readonly createCalls: string[] = [];
  constructor(private readonly client: ProviderClient) {}
  uploadFile(...args: Parameters<ProviderPort['uploadFile']>) {
    return this.client.uploadFile(...args);
  }
  async createBatch(...[manifest, options]: Parameters<ProviderPort['createBatch']>) {
    this.createCalls.push(options.idempotencyKey);
    const response = await this.client.createBatch(manifest, options);
    this.created.push({
      idempotencyKey: options.idempotencyKey,
      batchId: response.batch_id,
      documents: manifest.documents.length,
      enhanced: manifest.options?.enhanced_preprocessing === true,
    });
    return response;
  }
  getDocument(batchId: string, docId: string) {
    return this.client.getDocument(batchId, docId);
  }
  listDocuments(batchId: string, options?: { status?: string }) {
    return this.client.listDocuments(batchId, options as never);
  }
}

export interface Harness {
  clock: ManualClock;
  sandbox: Sandbox;
  store: Store;
  provider: RecordingProvider;
  /** URL of the loopback webhook endpoint that feeds docbatch.receiveWebhook. */
  hookUrl: string;
  /** Status of every webhook answer, in order (503 while no engine is up). */
  answers: number[];
  /** Builds an engine on the harness' sandbox, store and clock (a fresh one after a "crash"). */
  engine(options?: Partial<DocbatchOptions>): Docbatch;
  /** The engine the webhook endpoint currently delivers to. */
  current: Docbatch | undefined;
  /** Advances the clock in steps until `check` holds, giving real I/O time between steps. */
  until(check: () => boolean | Promise<boolean>, options?: { stepMs?: number; what?: string }): Promise<void>;
  close(): Promise<void>;
}

const REAL_DEADLINE_MS = 20_000;
const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHarness(
  options: { sandbox?: SandboxOptions; store?: Store; webhooks?: boolean } = {},
): Promise<Harness> {
  const clock = new ManualClock({ startAt: Date.UTC(2026, 11, 3, 9, 0, 0) });
  const sandbox = await startSandbox({
    clock,
    seed: 7,
    processingTime: { meanMs: 1_000, stdDevMs: 0, minMs: 1_000 },
    ...options.sandbox,
  });
  const store = options.store ?? new MemoryStore();
  const provider = new RecordingProvider(
    new ProviderClient({
      baseUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      retry: { retries: 0 },
    }),
  );
  const answers: number[] = [];
  const engines: Docbatch[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = harness.current;
      if (!target) {
        answers.push(503);
        res.writeHead(503).end();
        return;
      }
      void target.receiveWebhook({ headers: req.headers, rawBody: Buffer.concat(chunks) }).then((answer) => {
        answers.push(answer.status);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;

  const harness: Harness = {
    clock,
    sandbox,
    store,
    provider,
    hookUrl,
    answers,
    current: undefined,
    engine(overrides = {}) {
      const engine = createDocbatch({
        provider,
        ...(options.webhooks !== false && { webhook: { secret: sandbox.webhookSecret, url: hookUrl } }),
        store,
        clock,
        logger: quietLogger,
        retry: { random: () => 0.5 },
        ...overrides,
      } as DocbatchOptions);
      engines.push(engine);
      harness.current = engine;
      return engine;
    },
    async until(check, { stepMs = 500, what = 'condition' } = {}) {
      const deadline = Date.now() + REAL_DEADLINE_MS;
      for (;;) {
        if (await check()) return;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${what} (clock at ${new Date(clock.now()).toISOString()})`);
        await clock.advance(stepMs);
        await realPause(2);
      }
    },
    async close() {
      for (const engine of engines) await engine.stop();
      await sandbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return harness;
}

let corpus: Promise<{ dir: string; files: string[]; truth: GroundTruth }> | undefined;

/** A small generated corpus of real documents, made once per test file. */
export function smallCorpus(): Promise<{ dir: string; files: string[]; truth: GroundTruth }> {
  corpus ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'docbatch-engine-'));
    // Seed 1 holds every category the suites pick, low-resolution scans the enhanced pass rescues
    // and ones it does not included (corpusFiles throws when a wanted kind is missing).
    const summary = await generateCorpus({ count: 40, outDir: dir, seed: 1 });
    const files = (await readdir(dir)).filter((f) => f !== 'ground-truth.json').sort();
    return { dir, files, truth: summary.groundTruth };
  })();
  return corpus;
}

/** Corpus files whose expected outcome matches, e.g. every clean success. */
export async function corpusFiles(
  predicate: (entry: GroundTruth[string]) => boolean,
  count: number,
): Promise<{ path: string; name: string; bytes: Buffer }[]> {
  const { dir, files, truth } = await smallCorpus();
  const chosen = files.filter((f) => truth[f] && predicate(truth[f]!)).slice(0, count);
  if (chosen.length < count)
    throw new Error(`corpus has only ${chosen.length} matching files, ${count} wanted`);
  return Promise.all(
    chosen.map(async (name) => ({ name, path: join(dir, name), bytes: await readFile(join(dir, name)) })),
  );
}
