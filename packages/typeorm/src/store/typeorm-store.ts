import type { Store, StoreTransaction } from '@docbatch/core';
import type { DataSource, EntityManager } from 'typeorm';
import { SqlText } from '../sql-dialect.js';
import { assertEntitiesRegistered } from './store-verification.js';
import { DataSourceUnits, transactionUnits } from './store-units.js';
import { sqlTables, type SqlTables } from './sql-area.js';
import { TypeormOperations } from './typeorm-operations.js';
import { VerifiedUnits } from './verified-units.js';

/** The operations inside `store.transaction(fn)`, plus the transaction's EntityManager for handlers. */
class TypeormTransaction extends TypeormOperations implements StoreTransaction<EntityManager> {
  constructor(
    readonly manager: EntityManager,
    text: SqlText,
    tables: () => SqlTables,
  ) {
    super(transactionUnits(manager, text), text, tables);
  }
}

/**
 * docbatch's Store on the host's own TypeORM DataSource (PostgreSQL or better-sqlite3).
 *
 * The DataSource must list DOCBATCH_ENTITIES and have run DOCBATCH_POSTGRES_MIGRATIONS or
 * DOCBATCH_SQLITE_MIGRATIONS. The constructor (when the DataSource is already initialized) and the
 * first operation check both and throw a coded error naming the fix. Handlers get the
 * transaction's EntityManager as `ctx.manager`: what they write through it commits together with
 * docbatch marking the event handled.
 */
export class TypeormStore extends TypeormOperations implements Store<EntityManager> {
  private readonly dataSourceUnits: DataSourceUnits;
  private readonly verifiedUnits: VerifiedUnits;

  constructor(dataSource: DataSource) {
    const text = new SqlText(dataSource);
    let tables: SqlTables | undefined;
    const tablesOf = () => (tables ??= sqlTables(text));
    // Any docbatch table would do: this statement changes nothing, it only takes SQLite's write lock.
    const writeLock = () => `UPDATE ${tablesOf().quota} SET used = used WHERE 1 = 0`;
    const dataSourceUnits = new DataSourceUnits(dataSource, text, writeLock);
    const verifiedUnits = new VerifiedUnits(dataSourceUnits, dataSource, text);
    super(verifiedUnits, text, tablesOf);
    this.dataSourceUnits = dataSourceUnits;
    this.verifiedUnits = verifiedUnits;
    // Nest may build the store before initializing the DataSource; then the first operation checks.
    if (dataSource.isInitialized) assertEntitiesRegistered(dataSource);
  }

  /** Throws a coded error when docbatch cannot work on this DataSource (also done before the first query). */
  verify(): Promise<void> {
    return this.verifiedUnits.verify();
  }

  async transaction<T>(fn: (tx: StoreTransaction<EntityManager>) => Promise<T>): Promise<T> {
    await this.verify();
    return this.dataSourceUnits.transaction((manager) =>
      fn(new TypeormTransaction(manager, this.text, this.tables)),
    );
  }
}
