import type { QueryRunner } from 'typeorm';
import type { SqlText } from '../sql-dialect.js';

export interface SqlResult {
  rows: any[];
  /** Rows changed by an UPDATE/DELETE, or rows returned (RETURNING, SELECT). */
  affected: number;
}

/** Runs one statement written with `:name` parameters. */
export type SqlExec = (sql: string, params?: Record<string, unknown>) => Promise<SqlResult>;

export function execOn(queryRunner: QueryRunner, text: SqlText): SqlExec {
  return async (sql, params) => {
    const [query, values] = text.bind(sql, params);
    const result = await queryRunner.query(query, values, true);
    const rows = result.records ?? [];
    return { rows, affected: result.affected ?? rows.length };
  };
}
