// Durable webhook receipts per second: TypeormStore.recordReceipt on SQLite (WAL, a file in a temp
// dir) and on PostgreSQL (a throwaway schema), next to MemoryStore in the same run, with ratios.
// A receipt is "durable" when recordReceipt resolves: the engine acknowledges the webhook right
// after. Measured one at a time (a single webhook handler awaiting each) and with 16 in flight (a
// busy endpoint, where TypeormStore's group commit lets one transaction carry the receipts recorded
// concurrently). Every 10th delivery is a duplicate (same webhook-id), as providers redeliver.
import { MemoryStore } from '@docbatch/core';
import {
  DOCBATCH_ENTITIES,
  DOCBATCH_POSTGRES_MIGRATIONS,
  DOCBATCH_SQLITE_MIGRATIONS,
  TypeormStore,
} from '@docbatch/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { sampleCompleteEvent } from './support/sample-awb-result.mjs';

const POSTGRES_URL = process.env.DOCBATCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SQL_RECEIPTS = 3_000;
const MEMORY_RECEIPTS = 100_000;
const IN_FLIGHT = 16;

const payload = sampleCompleteEvent();

let run = 0;
/** Receipts for one measurement: unique ids, every 10th dedupe key repeats the previous one. */
function receipts(count) {
  run++;
  return Array.from({ length: count }, (_, i) => ({
    id: `r${run}_${i}`,
    dedupeKey: `msg_${run}_${i % 10 === 9 ? i - 1 : i}`,
    source: 'webhook',
    providerBatchId: 'bat_01JEXAMPLE0000000000000000',
    docId: `doc_${i}`,
    status: 'success',
    payload: { ...payload, doc_id: `doc_${i}` },
    receivedAt: Date.now(),
  }));
}

/** Receipts per second, recording `count` receipts with `inFlight` calls outstanding. */
async function measure(store, count, inFlight) {
  const list = receipts(count);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < list.length) await store.recordReceipt(list[next++]);
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true)).once('error', () => done(false));
  });
}

/** SQLite in WAL mode; better-sqlite3's default `synchronous` there is NORMAL (durable across a
 * process crash, not a power cut), FULL also fsyncs the WAL on every commit. */
const sqlite = (synchronous) => async () => {
  const dir = mkdtempSync(join(tmpdir(), 'docbatch-bench-'));
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: join(dir, 'bench.sqlite'),
    enableWAL: true,
    entities: [...DOCBATCH_ENTITIES],
    migrations: DOCBATCH_SQLITE_MIGRATIONS,
    ...(synchronous && { prepareDatabase: (db) => db.pragma(`synchronous = ${synchronous}`) }),
  }).initialize();
  await dataSource.runMigrations();
  const [{ synchronous: level }] = await dataSource.query('PRAGMA synchronous');
  const name = `TypeORM + SQLite (WAL, synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][level]})`;
  return {
    name,
    store: new TypeormStore(dataSource),
    close: async () => {
      await dataSource.destroy();
      rmSync(dir, { recursive: true });
    },
  };
};

async function postgres() {
  if (!(await reachable(POSTGRES_URL))) return null;
  const schema = `bench_${process.pid}`;
  const dataSource = await new DataSource({
    type: 'postgres',
    url: POSTGRES_URL,
    schema,
    poolSize: IN_FLIGHT,
    entities: [...DOCBATCH_ENTITIES],
    migrations: DOCBATCH_POSTGRES_MIGRATIONS,
  }).initialize();
  await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
  await dataSource.runMigrations();
  const [{ synchronous_commit }] = await dataSource.query('SHOW synchronous_commit');
  return {
    name: `TypeORM + PostgreSQL (synchronous_commit=${synchronous_commit})`,
    store: new TypeormStore(dataSource),
    close: async () => {
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

const memory = new MemoryStore();
await measure(memory, 20_000, 1); // warm-up
await measure(memory, 20_000, IN_FLIGHT);
const baseline = {
  sequential: await measure(memory, MEMORY_RECEIPTS, 1),
  concurrent: await measure(memory, MEMORY_RECEIPTS, IN_FLIGHT),
};
const rows = [['MemoryStore (baseline, not durable)', baseline.sequential, baseline.concurrent]];

for (const open of [sqlite(undefined), sqlite('FULL'), postgres]) {
  const subject = await open();
  if (!subject) {
    console.log(`PostgreSQL not reachable at ${POSTGRES_URL}: skipping its figures`);
    continue;
  }
  await measure(subject.store, 200, 1); // warm-up: prepared statements, pool
  rows.push([
    subject.name,
    await measure(subject.store, SQL_RECEIPTS, 1),
    await measure(subject.store, SQL_RECEIPTS, IN_FLIGHT),
  ]);
  await subject.close();
}

const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(10);
const ratio = (n, base) => `${(n / base).toFixed(4)}x`.padStart(9);
console.log(
  `durable receipts/s (recordReceipt), ${SQL_RECEIPTS} per SQL run, 1 and ${IN_FLIGHT} in flight; ratio vs MemoryStore`,
);
console.log(
  `${'store'.padEnd(52)} ${'1 in flight'.padStart(10)} ${'ratio'.padStart(9)} ${`${IN_FLIGHT} in flight`.padStart(12)} ${'ratio'.padStart(9)}`,
);
for (const [name, sequential, concurrent] of rows)
  console.log(
    `${name.padEnd(52)} ${fmt(sequential)} ${ratio(sequential, baseline.sequential)} ${fmt(concurrent).padStart(12)} ${ratio(concurrent, baseline.concurrent)}`,
  );
