/**
 * docbatch across processes, as deployed: one web process receiving the provider's webhooks, two
 * worker processes, PostgreSQL as the store (TypeormStore), BullMQ on Redis as the queue, the
 * sandbox as the provider. 2,000 documents must each reach one final outcome with exactly one
 * handler effect — also when a worker is killed with SIGKILL mid-run.
 *
 * The children are plain .mjs on the compiled packages (Jest's TypeScript transform does not reach
 * child processes), so beforeAll builds @docbatch/typeorm and @docbatch/bullmq (and core) first.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { fork, execFile, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import 'reflect-metadata';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DOCBATCH_ENTITIES, DOCBATCH_POSTGRES_MIGRATIONS } from '@docbatch/typeorm';
import { generateCorpus, startSandbox, type Sandbox } from '@docbatch/sandbox';
import {
  describeIfPostgres,
  describeIfRedis,
  POSTGRES_URL,
  REDIS_URL,
  uniqueName,
} from '../support/services.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const DOCUMENTS = 2_000;
/** Distinct corpus files; documents reuse them under their own ids. */
const CORPUS_FILES = 100;
const RUN_DEADLINE_MS = 150_000;

const [withPostgres, withRedis] = [await describeIfPostgres(), await describeIfRedis()];
const describeServices = withPostgres === describe && withRedis === describe ? describe : describe.skip;

interface Child {
  role: string;
  process: ChildProcess;
  /** The last lines it wrote to stderr, shown when the test fails. */
  stderr: string[];
}

describeServices('multi-process: web + 2 workers on PostgreSQL and BullMQ, against the sandbox', () => {
  let sandbox: Sandbox;
  let fileServer: Server;
  let fileBaseUrl: string;
  let corpusDir: string;
  let corpusFiles: string[];
  const children: Child[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/typeorm', 'packages/bullmq'], {
      cwd: root,
      timeout: 240_000,
    });
    corpusDir = await mkdtemp(join(tmpdir(), 'docbatch-mp-'));
    const corpus = await generateCorpus({ count: CORPUS_FILES, outDir: corpusDir, seed: 'multi-process' });
    corpusFiles = Object.keys(corpus.groundTruth).sort();
    fileServer = createServer(async (request, response) => {
      const name = decodeURIComponent((request.url ?? '').slice(1));
      if (!corpusFiles.includes(name)) return void response.writeHead(404).end();
      response.writeHead(200).end(await readFile(join(corpusDir, name)));
    });
    await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
    fileBaseUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
    // 1.5 s of nominal processing per document becomes ~15 ms; webhook retries shrink alike.
    sandbox = await startSandbox({ timeScale: 0.01, seed: 'multi-process' });
  }, 300_000);

  afterEach(async () => {
    await Promise.all(children.splice(0).map(stopChild));
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, 60_000);

  afterAll(async () => {
    await sandbox?.close();
    await new Promise((resolve) => fileServer?.close(resolve));
    if (corpusDir) await rm(corpusDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh PostgreSQL schema (docbatch migrations + the host's effects table) and Redis prefix. */
  async function deployment(options: { hangAtEffects?: number } = {}) {
    const schema = uniqueName('docbatch_mp');
    const prefix = uniqueName('dbq_mp');
    const dataSource = new DataSource({
      type: 'postgres',
      url: POSTGRES_URL,
      schema,
      entities: [...DOCBATCH_ENTITIES],
      migrations: [...DOCBATCH_POSTGRES_MIGRATIONS],
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
    await dataSource.runMigrations();
    // No unique constraint on purpose: a second effect for one document shows up as a second row.
    await dataSource.query(
      `CREATE TABLE "${schema}".mp_effects (id serial PRIMARY KEY, doc_id text NOT NULL, state text NOT NULL, worker text NOT NULL)`,
    );
    await dataSource.query(`CREATE TABLE "${schema}".mp_hang (id int PRIMARY KEY)`);
    cleanups.push(async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });
    const config = {
      postgresUrl: POSTGRES_URL,
      schema,
      redisUrl: REDIS_URL,
      prefix,
      providerUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      webhookSecret: sandbox.webhookSecret,
    };
    const web = await startChild('web', 'web-process.mjs', config);
    const webUrl = web.url as string;
    const workers = [];
    for (const role of ['worker-1', 'worker-2']) {
      const worker = await startChild(role, 'worker-process.mjs', {
        ...config,
        webhookUrl: `${webUrl}/hooks/kaby`,
        hangAtEffects: options.hangAtEffects,
      });
      workers.push(worker.child);
    }
    const effects = async () => {
      const [row] = await dataSource.query(
        `SELECT count(*)::int AS rows, count(DISTINCT doc_id)::int AS docs FROM "${schema}".mp_effects`,
      );
      return row as { rows: number; docs: number };
    };
    /** One `document.complete` outcome event per document: the store's record of "final once". */
    const outcomeEvents = async () => {
      const [row] = await dataSource.query(
        `SELECT count(*)::int AS events, count(DISTINCT document_key)::int AS docs FROM "${schema}".docbatch_events WHERE name = 'document.complete'`,
      );
      return row as { events: number; docs: number };
    };
    const duplicates = async () =>
      dataSource.query(
        `SELECT doc_id, count(*)::int AS n FROM "${schema}".mp_effects GROUP BY doc_id HAVING count(*) > 1`,
      );
    const effectsOf = async (docId: string) =>
      dataSource.query(`SELECT worker FROM "${schema}".mp_effects WHERE doc_id = $1`, [docId]);
    const submit = async () => {
      const documents = Array.from({ length: DOCUMENTS }, (_, i) => ({
        id: `awb_${String(i).padStart(5, '0')}`,
        url: `${fileBaseUrl}/${encodeURIComponent(corpusFiles[i % corpusFiles.length])}`,
      }));
      const response = await fetch(`${webUrl}/submissions`, {
        method: 'POST',
        body: JSON.stringify(documents),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const status = async (id: string) =>
      (await (await fetch(`${webUrl}/submissions/${id}`)).json()) as {
        documentCount: number;
        complete: boolean;
        counts: Record<string, number>;
        handlerFailed: number;
      };
    /** Final outcomes reach handlers through the outbox, after the document turned final. */
    const settled = async (id: string) => {
      const [{ pending }] = await dataSource.query(
        `SELECT count(*)::int AS pending FROM "${schema}".docbatch_events WHERE state = 'pending'`,
      );
      return { ...(await status(id)), pendingEvents: pending as number };
    };
    return { workers, submit, settled, effects, outcomeEvents, duplicates, effectsOf };
  }

  /** Forks a child and waits for its `{ ready: true, … }` message, which it returns. */
  async function startChild(
    role: string,
    script: string,
    config: object,
  ): Promise<{ child: Child } & Record<string, unknown>> {
    const child: Child = {
      role,
      stderr: [],
      process: fork(join(here, script), [JSON.stringify({ ...config, role })], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      }),
    };
    children.push(child);
    child.process.stderr!.setEncoding('utf8').on('data', (text: string) => {
      child.stderr.push(...text.trimEnd().split('\n'));
      child.stderr.splice(0, Math.max(0, child.stderr.length - 30));
    });
    const [message] = (await Promise.race([
      once(child.process, 'message'),
      once(child.process, 'exit').then(() => {
        throw new Error(`${role} exited before it was ready:\n${child.stderr.join('\n')}`);
      }),
    ])) as [Record<string, unknown>];
    return { child, ...message };
  }

  async function stopChild(child: Child): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    const exited = once(child.process, 'exit');
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  const diagnostics = () =>
    children.map((c) => `--- ${c.role} stderr ---\n${c.stderr.join('\n')}`).join('\n');

  /** Reads until `done(value)`, every 200 ms, failing with the children's stderr after the deadline. */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + RUN_DEADLINE_MS;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) {
        throw new Error(
          `no ${what} after ${RUN_DEADLINE_MS} ms; last: ${JSON.stringify(value)}\n${diagnostics()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('takes 2,000 documents to one final outcome each, with one handler effect each', async () => {
    const app = await deployment();
    const id = await app.submit();
    const final = await until(
      () => app.settled(id),
      (state) => state.complete && state.pendingEvents === 0,
      'completion with every event handled',
    );
    expect(final.documentCount).toBe(DOCUMENTS);
    expect(final.counts.succeeded + final.counts.needs_review + final.counts.failed).toBe(DOCUMENTS);
    expect(final.handlerFailed).toBe(0);
    expect(await app.outcomeEvents()).toEqual({ events: DOCUMENTS, docs: DOCUMENTS });
    expect(await app.effects()).toEqual({ rows: DOCUMENTS, docs: DOCUMENTS });
    expect(await app.duplicates()).toEqual([]);
  }, 240_000);

  it('still finishes every document exactly once when a worker is killed with SIGKILL inside a handler', async () => {
    // Once 500 effects are committed, the next handler run writes its row and hangs; its worker is
    // killed there: its BullMQ job active, its lease on the event held, its transaction open.
    const app = await deployment({ hangAtEffects: DOCUMENTS / 4 });
    let hung: { victim: Child; docId: string } | undefined;
    for (const worker of app.workers) {
      worker.process.on('message', (message: { hangingIn?: string }) => {
        if (message.hangingIn) hung = { victim: worker, docId: message.hangingIn };
      });
    }
    const id = await app.submit();
    await until(
      async () => hung !== undefined || (await app.settled(id)).complete,
      (stop) => stop,
      'handler run hanging after 500 effects',
    );
    expect(hung).toBeDefined();
    const { victim, docId } = hung!;
    const survivor = app.workers.find((worker) => worker !== victim)!;
    victim.process.kill('SIGKILL');
    await once(victim.process, 'exit');
    const atKill = await app.effects();
    const final = await until(
      () => app.settled(id),
      (state) => state.complete && state.pendingEvents === 0,
      'completion with every event handled',
    );
    expect(final.counts.succeeded + final.counts.needs_review + final.counts.failed).toBe(DOCUMENTS);
    expect(final.handlerFailed).toBe(0);
    expect(atKill.rows).toBeLessThan(DOCUMENTS); // killed mid-run
    // The row written in the killed transaction is gone; the survivor handled that document once.
    expect(await app.effectsOf(docId)).toEqual([{ worker: survivor.role }]);
    expect(await app.outcomeEvents()).toEqual({ events: DOCUMENTS, docs: DOCUMENTS });
    expect(await app.effects()).toEqual({ rows: DOCUMENTS, docs: DOCUMENTS });
    expect(await app.duplicates()).toEqual([]);
  }, 240_000);
});
