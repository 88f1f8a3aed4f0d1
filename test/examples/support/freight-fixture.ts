/**
 * What both example suites need: a small generated AWB corpus, the real sandbox on loopback at a
 * fast time scale, and a loopback file server the sandbox fetches URL documents from.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, startSandbox, type GroundTruthEntry, type Sandbox } from '@docbatch/sandbox';

export interface CorpusDocument {
  id: string;
  filename: string;
  file: string;
  truth: GroundTruthEntry;
}

export interface FreightFixture {
  sandbox: Sandbox;
  documents: CorpusDocument[];
  /** URL the sandbox can fetch the corpus file from. */
  urlOf(doc: CorpusDocument): string;
  tmpDir: string;
  close(): Promise<void>;
}

/** Provider time runs 100× faster than real time: a 1.5 s extraction takes 15 ms. */
export const TIME_SCALE = 0.01;

export async function startFreightFixture({
  count,
  seed,
}: {
  count: number;
  seed: number;
}): Promise<FreightFixture> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'docbatch-example-'));
  const corpusDir = path.join(tmpDir, 'corpus');
  const { groundTruth } = await generateCorpus({ count, outDir: corpusDir, seed });
  const documents = Object.entries(groundTruth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([filename, truth]) => ({
      id: path.parse(filename).name,
      filename,
      file: path.join(corpusDir, filename),
      truth,
    }));

  const files = http.createServer((req, res) => {
    const doc = documents.find((d) => `/${d.filename}` === req.url);
    if (!doc) return void res.writeHead(404).end();
    readFile(doc.file).then(
      (bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  const filesUrl = `http://127.0.0.1:${(files.address() as net.AddressInfo).port}`;
  const sandbox = await startSandbox({ timeScale: TIME_SCALE, seed });

  return {
    sandbox,
    documents,
    tmpDir,
    urlOf: (doc) => `${filesUrl}/${doc.filename}`,
    async close() {
      await sandbox.close();
      files.closeAllConnections();
      await new Promise<void>((resolve) => files.close(() => resolve()));
      await rm(tmpDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server already listening on a free loopback port, with no handler yet. The app's webhook URL
 * must be known before the app is built, so the port comes first and the app is attached after
 * (`server.on('request', app)`), leaving no window in which another process could take the port.
 */
export async function listenOnFreePort(): Promise<{
  server: http.Server;
  url: string;
  close(): Promise<void>;
}> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls `probe` until it returns a value, or fails with what it last saw once the deadline passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Where each corpus category must land in the app, stated per category (not derived from the
 * ground truth's status, so a change in the mapping shows up here).
 */
export function expectedLanding(truth: GroundTruthEntry): {
  table: 'shipment' | 'review' | 'failure';
  errorCode?: string;
} {
  switch (truth.category) {
    case 'clean':
    case 'multi_page':
      return { table: 'shipment' };
    case 'bad_check_digit':
    case 'unknown_airport':
    case 'scan':
      return { table: 'review' };
    case 'truncated':
      return { table: 'failure', errorCode: 'CORRUPTED_FILE' };
    case 'not_a_document':
      return { table: 'failure', errorCode: 'UNSUPPORTED_FORMAT' };
    case 'low_resolution':
      // docbatch resubmits once with enhanced preprocessing: half the scans become readable (partial).
      return truth.enhanced?.status === 'partial'
        ? { table: 'review' }
        : { table: 'failure', errorCode: 'LOW_RESOLUTION' };
  }
}
