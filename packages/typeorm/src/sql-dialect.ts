import type { DataSource, EntityMetadata, EntityTarget } from 'typeorm';
import { DocbatchUnsupportedDatabaseError } from './errors/unsupported-database.error.js';

export type SqlDialect = 'postgres' | 'sqlite';

/** The two databases docbatch is built and tested for; anything else fails loudly at start. */
export function dialectOf(dataSource: DataSource): SqlDialect {
  const type = dataSource.options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new DocbatchUnsupportedDatabaseError(type);
}

/**
 * Hot paths use hand-written SQL (RETURNING, ON CONFLICT, SKIP LOCKED) that QueryBuilder cannot
 * express on every driver. Parameters are written `:name` and bound by TypeORM's own driver, so the
 * same text runs on PostgreSQL ($1) and SQLite (?).
 */
export class SqlText {
  constructor(private readonly dataSource: DataSource) {}

  /** The quoted, schema-qualified table of an entity, exactly as TypeORM resolves it for the host. */
  table(target: EntityTarget<any>): string {
    const metadata: EntityMetadata = this.dataSource.getMetadata(target);
    const escape = (name: string) => this.dataSource.driver.escape(name);
    return metadata.schema
      ? `${escape(metadata.schema)}.${escape(metadata.tableName)}`
      : escape(metadata.tableName);
  }

  bind(sql: string, params: Record<string, unknown> = {}): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(sql, params);
  }
}
