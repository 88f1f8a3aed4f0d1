import type { DataSource, EntityTarget } from 'typeorm';
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
 * express on every driver. Parameters are written `:name` (`:...name` for a list) and bound
 * positionally with the driver's own placeholder ($1 / ?). TypeORM's escapeQueryWithParameters is
 * not used: on SQLite it inlines numbers into the text, so no two statements would share a cached
 * prepared statement.
 */
export class SqlText {
  readonly dialect: SqlDialect;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOf(dataSource);
  }

  /** The quoted, schema-qualified table of an entity, exactly as TypeORM resolves it for the host. */
  table(target: EntityTarget<any>): string {
    const metadata = this.dataSource.getMetadata(target);
    const escape = (name: string) => this.dataSource.driver.escape(name);
    return metadata.schema
      ? `${escape(metadata.schema)}.${escape(metadata.tableName)}`
      : escape(metadata.tableName);
  }

  /** `FOR UPDATE SKIP LOCKED` where rows can be locked; SQLite has one writer at a time instead. */
  get skipLocked(): string {
    return this.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  }

  /** `FOR UPDATE` where rows can be locked. */
  get forUpdate(): string {
    return this.dialect === 'postgres' ? 'FOR UPDATE' : '';
  }

  /** `(…), (…)` with positional placeholders for a multi-row INSERT: building thousands of named
   * parameters only to rename them again costs more than the insert itself. */
  tuples(rows: readonly (readonly unknown[])[]): [string, unknown[]] {
    const values: unknown[] = [];
    const driver = this.dataSource.driver;
    const text = rows
      .map((row) => {
        const marks = row.map((value) => {
          values.push(this.value(value));
          return driver.createParameter('', values.length - 1);
        });
        return `(${marks.join(', ')})`;
      })
      .join(', ');
    return [text, values];
  }

  /** better-sqlite3 cannot bind booleans. */
  private value(value: unknown): unknown {
    return typeof value === 'boolean' && this.dialect === 'sqlite' ? Number(value) : value;
  }

  bind(sql: string, params: Record<string, unknown> = {}): [string, unknown[]] {
    const values: unknown[] = [];
    const driver = this.dataSource.driver;
    const text = sql.replace(
      /:(\.\.\.)?([A-Za-z_][A-Za-z0-9_]*)/g,
      (whole, spread: string | undefined, key: string) => {
        if (!Object.hasOwn(params, key)) return whole;
        const list = spread ? (params[key] as unknown[]) : [params[key]];
        return list
          .map((value) => {
            values.push(this.value(value));
            return driver.createParameter(key, values.length - 1);
          })
          .join(', ');
      },
    );
    return [text, values];
  }
}
