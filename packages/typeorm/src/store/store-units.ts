import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlText } from '../sql-dialect.js';
import { GroupCommit } from './group-commit.js';
import { execOn, type SqlExec } from './sql-exec.js';

export type Work<T> = (exec: SqlExec, manager: EntityManager) => Promise<T>;

/** A write of many items in one go: one result per item, in order. */
export type GroupWork<I, R> = (exec: SqlExec, items: I[]) => Promise<R[]>;

/** Runs a {@link GroupWork} for one item at a time, however the units batch them. */
export interface Grouped<I, R> {
  run(item: I): Promise<R>;
}

/** Items per group commit at most: past a few dozen the commit is no longer what costs. */
const MAX_GROUP = 100;

/** How the operations reach the database: on their own, or inside an open transaction. */
export interface StoreUnits {
  /** One statement (or plain reads): needs no transaction of its own. */
  single<T>(work: Work<T>): Promise<T>;
  /** Several statements that commit together. */
  atomic<T>(work: Work<T>): Promise<T>;
  /** A write that concurrent callers may share one transaction for (group commit); each call
   * resolves once its item is committed. Made once per store, not per call. */
  group<I, R>(work: GroupWork<I, R>): Grouped<I, R>;
}

/** Inside `store.transaction(fn)`: everything runs on the transaction's connection. */
export function transactionUnits(manager: EntityManager, text: SqlText): StoreUnits {
  const exec = execOn(manager.queryRunner!, text);
  return {
    single: (work) => work(exec, manager),
    atomic: (work) => work(exec, manager),
    // Already inside the caller's transaction: its commit is the one that counts.
    group: (work) => ({ run: async (item) => (await work(exec, [item]))[0] }),
  };
}

/**
 * TypeORM's better-sqlite3 driver has ONE connection and ONE QueryRunner per DataSource: two
 * overlapping `dataSource.transaction()` calls do not get two transactions, the second becomes a
 * SAVEPOINT inside the first and they commit or roll back together. So docbatch's work on a SQLite
 * DataSource is serialised through one in-process lock, shared by every store built on it. Work
 * started from inside a unit (same async context) joins it instead of waiting for itself.
 */
const sqliteLocks = new WeakMap<DataSource, { tail: Promise<unknown> }>();
/** The unit running in this async context. `open` turns false when it ends: timers and jobs
 * scheduled from inside a unit inherit its context but must queue like everyone else. */
const insideUnit = new AsyncLocalStorage<{ dataSource: DataSource; open: boolean }>();

/** Work started from inside a unit on this DataSource joins that unit. */
function insideUnitOf(dataSource: DataSource): boolean {
  const current = insideUnit.getStore();
  return current?.open === true && current.dataSource === dataSource;
}

function serialised<T>(dataSource: DataSource, run: () => Promise<T>): Promise<T> {
  if (insideUnitOf(dataSource)) return run();
  let lock = sqliteLocks.get(dataSource);
  if (!lock) sqliteLocks.set(dataSource, (lock = { tail: Promise.resolve() }));
  const locked = () => {
    const unit = { dataSource, open: true };
    return insideUnit.run(unit, run).finally(() => (unit.open = false));
  };
  const result = lock.tail.then(locked, locked);
  lock.tail = result.catch(() => undefined);
  return result;
}

/**
 * Units of work on the host's DataSource, suited to each database.
 *
 * - PostgreSQL: each unit on its own pooled connection; READ COMMITTED; claims lock rows with
 *   SKIP LOCKED and inserts lean on unique constraints, so processes never double-claim.
 * - SQLite: units are serialised in-process (see above), and a transaction takes the database's
 *   write lock with its first statement, as BEGIN IMMEDIATE would (TypeORM always issues a deferred
 *   BEGIN). A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
 *   another process wrote meanwhile; taking the lock first makes a second process wait out its
 *   busy timeout instead.
 */
export class DataSourceUnits implements StoreUnits {
  constructor(
    private readonly dataSource: DataSource,
    private readonly text: SqlText,
    /** A statement that changes nothing but takes SQLite's write lock. */
    private readonly sqliteWriteLock: () => string,
  ) {}

  single<T>(work: Work<T>): Promise<T> {
    const run = async () => {
      const queryRunner = this.dataSource.createQueryRunner();
      try {
        return await work(execOn(queryRunner, this.text), queryRunner.manager);
      } finally {
        await queryRunner.release();
      }
    };
    return this.text.dialect === 'sqlite' ? serialised(this.dataSource, run) : run();
  }

  atomic<T>(work: Work<T>): Promise<T> {
    return this.transaction(async (manager) => work(execOn(manager.queryRunner!, this.text), manager));
  }

  group<I, R>(work: GroupWork<I, R>): Grouped<I, R> {
    // A lone item needs no transaction: its own statement commits it (one round trip instead of
    // three on PostgreSQL; on SQLite no BEGIN or write-lock statement).
    const groups = new GroupCommit<I, R>(
      (items) =>
        items.length === 1
          ? this.single((exec) => work(exec, items))
          : this.atomic((exec) => work(exec, items)),
      MAX_GROUP,
    );
    return {
      run: (item) =>
        // A call from inside a SQLite unit must join it: queued behind that unit, it would wait for
        // the very unit that is waiting for it.
        this.text.dialect === 'sqlite' && insideUnitOf(this.dataSource)
          ? this.single(async (exec) => (await work(exec, [item]))[0])
          : groups.run(item),
    };
  }

  /** A transaction whose manager is handed out (the engine's `store.transaction`). */
  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    // READ COMMITTED whatever the DataSource's default: the claims (SKIP LOCKED) and fences
    // (`UPDATE … WHERE state = …` re-checked after waiting on a row lock) are written for it; under
    // REPEATABLE READ they would fail with serialization errors instead of answering "taken".
    if (this.text.dialect === 'postgres') return this.dataSource.transaction('READ COMMITTED', fn);
    return serialised(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(this.sqliteWriteLock());
        return fn(manager);
      }),
    );
  }
}
