import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryStore, type DocumentOutcome, type Store } from '@docbatch/core';
import { TypeormStore } from '@docbatch/typeorm';
import {
  openSqlite,
  type TestDatabase,
} from '../../packages/typeorm/src/testing/test-data-sources.test-helper.js';
import { corpusFiles, startHarness, type Harness } from './engine-harness.js';

const clean = (count: number) => corpusFiles((t) => t.category === 'clean' && t.status === 'success', count);

/** The store before and after the crash: the same memory, or the same SQLite file reopened. */
interface Stores {
  before: Store;
  after(): Promise<Store>;
  close(): Promise<void>;
}

const subjects: [string, () => Promise<Stores>][] = [
  [
    'MemoryStore',
    async () => {
      const store = new MemoryStore();
      return { before: store, after: async () => store, close: async () => {} };
    },
  ],
  [
    'TypeormStore on SQLite',
    async () => {
      const db: TestDatabase = await openSqlite();
      return {
        before: new TypeormStore(db.dataSource),
        // A restarted process opens its own connection to the same database file.
        after: async () => new TypeormStore(await db.openAnother()),
        close: () => db.close(),
      };
    },
  ],
];

describe.each(subjects)('engine: a fresh engine on the same store after a crash (%s)', (_name, open) => {
  let h: Harness;
  let stores: Stores;
  afterEach(async () => {
    await h?.close();
    await stores?.close();
  });

  it('resumes a batch whose create call was in doubt, with the same idempotency key', async () => {
    stores = await open();
    h = await startHarness({ store: stores.before, sandbox: { faults: { lostResponseRate: 1 } } });
    const files = await clean(4);
    const first = h.engine();
    const seenByFirst: DocumentOutcome[] = [];
    first.on('document.complete', (o) => void seenByFirst.push(o));
    await first.start();
    const sub = await first.submit(files.map((f, i) => ({ id: `c${i}`, file: { path: f.path } })));
    await h.until(() => h.provider.createCalls.length === 1, { what: 'the create call', stepMs: 0 });

    // The process dies: its memory (queue, timers) is gone, only the store remains.
    await first.stop();
    h.sandbox.setFaults({});
    const second = h.engine({ store: await stores.after() });
    const complete: DocumentOutcome[] = [];
    second.on('document.complete', (o) => void complete.push(o));
    await second.start();

    await h.until(async () => (await second.status(sub.id))!.complete, { what: 'the resumed work' });
    expect(new Set(h.provider.createCalls).size).toBe(1);
    expect(h.provider.created).toHaveLength(1);
    expect(complete.map((o) => o.id).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(seenByFirst).toEqual([]);
  });

  it('finishes submitted work whose webhooks arrived while no process was up', async () => {
    stores = await open();
    h = await startHarness({ store: stores.before });
    const files = await clean(3);
    const first = h.engine();
    await first.start();
    const sub = await first.submit(files.map((f, i) => ({ id: `w${i}`, file: { path: f.path } })));
    await h.until(() => h.provider.created.length === 1, { what: 'the batch', stepMs: 0 });

    await first.stop();
    h.current = undefined; // the webhook endpoint answers 503 while down
    await h.until(() => h.answers.length === 3, { what: 'deliveries while down', stepMs: 1_000 });
    expect(h.answers).toEqual([503, 503, 503]);

    const second = h.engine({ store: await stores.after() });
    const complete: DocumentOutcome[] = [];
    second.on('document.complete', (o) => void complete.push(o));
    await second.start();
    await h.until(async () => (await second.status(sub.id))!.complete, {
      what: 'the redelivered results',
      stepMs: 5_000,
    });
    expect(complete.map((o) => o.id).sort()).toEqual(['w0', 'w1', 'w2']);
    expect(complete.every((o) => o.attempts.length === 1)).toBe(true);
    expect(h.answers.slice(3)).toEqual([200, 200, 200]);
  });
});
