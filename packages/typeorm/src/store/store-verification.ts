import type { DataSource } from 'typeorm';
import { DOCBATCH_ENTITIES } from '../entities/docbatch-entities.js';
import { DocbatchEntitiesNotRegisteredError } from '../errors/entities-not-registered.error.js';
import { DocbatchMigrationsNotRunError } from '../errors/migrations-not-run.error.js';
import { DocbatchNotInitializedError } from '../errors/not-initialized.error.js';
import {
  DOCBATCH_POSTGRES_MIGRATIONS,
  DOCBATCH_SQLITE_MIGRATIONS,
} from '../migrations/docbatch-migrations.js';
import type { SqlText } from '../sql-dialect.js';

/** The entities check, which needs only the DataSource's metadata (built by initialize()). */
export function assertEntitiesRegistered(dataSource: DataSource): void {
  if (!dataSource.isInitialized) throw new DocbatchNotInitializedError();
  const missing = DOCBATCH_ENTITIES.filter((entity) => !dataSource.hasMetadata(entity)).map(
    (entity) => entity.options.name,
  );
  if (missing.length) throw new DocbatchEntitiesNotRegisteredError(missing);
}

/** The tables check: the migrations ran on this database. */
export async function assertTablesExist(dataSource: DataSource, text: SqlText): Promise<void> {
  for (const entity of DOCBATCH_ENTITIES) {
    const table = text.table(entity);
    try {
      await dataSource.query(`SELECT 1 FROM ${table} WHERE 1 = 0`);
    } catch (error) {
      throw new DocbatchMigrationsNotRunError(`docbatch's table ${table} is not in the database`, error);
    }
  }
}

const DOCBATCH_MIGRATION_NAMES = new Set(
  [...DOCBATCH_POSTGRES_MIGRATIONS, ...DOCBATCH_SQLITE_MIGRATIONS].map((migration) => migration.name),
);

/**
 * The upgrade check: every docbatch migration the DataSource lists has run. The tables check cannot
 * see a newer migration that changes existing tables, and running on the old schema fails later, on
 * some rows only. Hosts that made the tables without TypeORM's runner (no migrations table, or
 * docbatch's migrations not listed) only get the tables check.
 */
export async function assertMigrationsApplied(dataSource: DataSource): Promise<void> {
  const listed = dataSource.migrations
    .map((migration) => migration.name ?? migration.constructor.name)
    .filter((name) => DOCBATCH_MIGRATION_NAMES.has(name));
  if (!listed.length) return;
  const { migrationsTableName = 'migrations' } = dataSource.options;
  const schema = (dataSource.options as { schema?: string }).schema;
  const escape = (name: string) => dataSource.driver.escape(name);
  const table = schema ? `${escape(schema)}.${escape(migrationsTableName)}` : escape(migrationsTableName);
  let executed: Set<string>;
  try {
    const rows: { name: string }[] = await dataSource.query(`SELECT name FROM ${table}`);
    executed = new Set(rows.map((row) => row.name));
  } catch {
    return;
  }
  const pending = listed.filter((name) => !executed.has(name));
  if (pending.length) {
    throw new DocbatchMigrationsNotRunError(`docbatch's migration ${pending.join(', ')} has not run`);
  }
}
