import type { DataSource, EntityManager } from 'typeorm';
import type { SqlDialect } from './sql-dialect.js';

type Work<T> = (manager: EntityManager) => Promise<T>;

/**
 * One in-process lock per SQLite DataSource, shared by every store built on it.
 *
 * TypeORM's better-sqlite3 driver has a single connection and a single QueryRunner per DataSource:
 * two overlapping `dataSource.transaction()` calls do not get two transactions, the second becomes a
 * SAVEPOINT inside the first and they commit or roll back together. Serialising docbatch's work on
 * the DataSource is the only way to keep each unit of work its own transaction.
 */
const sqliteLocks = new WeakMap<DataSource, { tail: Promise<unknown> }>();

function serialised<T>(dataSource: DataSource, run: () => Promise<T>): Promise<T> {
  let lock = sqliteLocks.get(dataSource);
  if (!lock) sqliteLocks.set(dataSource, (lock = { tail: Promise.resolve() }));
  const result = lock.tail.then(run, run);
  lock.tail = result.catch(() => undefined);
  return result;
}

/**
 * Runs docbatch's units of work as transactions suited to each database.
 *
 * - PostgreSQL: each unit on its own pooled connection, READ COMMITTED; claims use row locks with
 *   SKIP LOCKED, inserts rely on unique constraints, so concurrent processes never double-claim.
 * - SQLite: units are serialised in-process (see above), and a writing unit takes the database's
 *   write lock with its first statement, as BEGIN IMMEDIATE would (TypeORM always issues a deferred
 *   BEGIN). A deferred transaction that reads and then writes fails with SQLITE_BUSY at once when
 *   another process wrote meanwhile; taking the lock first makes a second process wait its busy
 *   timeout instead.
 */
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dialect: SqlDialect,
    /** A statement that writes nothing but takes SQLite's write lock. */
    private readonly sqliteWriteLockSql: string,
  ) {}

  /** A unit of work that may write. */
  write<T>(work: Work<T>): Promise<T> {
    if (this.dialect === 'postgres') return this.dataSource.transaction(work);
    return serialised(this.dataSource, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(this.sqliteWriteLockSql);
        return work(manager);
      }),
    );
  }

  /** A unit of work that only reads (one consistent snapshot on SQLite, plain pooled query on PostgreSQL). */
  read<T>(work: Work<T>): Promise<T> {
    if (this.dialect === 'postgres') return work(this.dataSource.manager);
    return serialised(this.dataSource, () => this.dataSource.transaction(work));
  }
}
