import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type GroundTruth } from '@docbatch/sandbox';
import { startFileServer, type FileServer } from './file-server.js';

/** A generated corpus served over loopback HTTP: `url(name)` is what goes into a manifest. */
export interface ServedCorpus {
  groundTruth: GroundTruth;
  bytes: Map<string, Buffer>;
  url(name: string): string;
  close(): Promise<void>;
}

export async function serveCorpus(count: number, seed: number | string): Promise<ServedCorpus> {
  const dir = await mkdtemp(join(tmpdir(), 'docbatch-corpus-'));
  const { groundTruth } = await generateCorpus({ count, outDir: dir, seed });
  const bytes = new Map<string, Buffer>();
  for (const name of Object.keys(groundTruth)) bytes.set(name, await readFile(join(dir, name)));
  await rm(dir, { recursive: true, force: true });
  const server: FileServer = await startFileServer(
    Object.fromEntries([...bytes].map(([name, b]) => [`/${name}`, b])),
  );
  return { groundTruth, bytes, url: (name) => server.url(`/${name}`), close: () => server.close() };
}
