import type { DataSource } from 'typeorm';
import { DOCBATCH_ENTITIES } from '../entities/docbatch-entities.js';
import { DocbatchEntitiesNotRegisteredError } from '../errors/entities-not-registered.error.js';
import { DocbatchMigrationsNotRunError } from '../errors/migrations-not-run.error.js';
import { DocbatchNotInitializedError } from '../errors/not-initialized.error.js';
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
      throw new DocbatchMigrationsNotRunError(table, error);
    }
  }
}
