import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { SqlText } from '../sql-dialect.js';
import { execOn, type SqlExec } from './sql-exec.js';

export type Work<T> = (exec: SqlExec, manager: EntityManager) => Promise<T>;

/** How the operations reach the database: on their own, or inside an open transaction. */
export interface StoreUnits {
  /** One statement (or plain reads): needs no transaction of its own. */
  single<T>(work: Work<T>): Promise<T>;
  /** Several statements that commit together. */
  atomic<T>(work: Work<T>): Promise<T>;
}

/** Inside `store.transaction(fn)`: everything runs on the transaction's connection. */
export function transactionUnits(manager: EntityManager, text: SqlText): StoreUnits {
  const exec = execOn(manager.queryRunner!, text);
  return {
    single: (work) => work(exec, manager),
    atomic: (work) => work(exec, manager),
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

function serialised<T>(dataSource: DataSource, run: () => Promise<T>): Promise<T> {
  const current = insideUnit.getStore();
  if (current?.open && current.dataSource === dataSource) return run();
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
