import type { QueryRunner } from 'typeorm';
import type { SqlText } from '../sql-dialect.js';

export interface SqlResult {
  rows: any[];
  /** Rows changed by an UPDATE/DELETE, or rows returned (RETURNING, SELECT). */
  affected: number;
}

/** Runs one statement written with `:name` parameters. */
export interface SqlExec {
  (sql: string, params?: Record<string, unknown>): Promise<SqlResult>;
  /** A multi-row INSERT: `${head} VALUES (…), (…) ${tail}`, one tuple per row. */
  insert(head: string, rows: readonly (readonly unknown[])[], tail?: string): Promise<SqlResult>;
}

export function execOn(queryRunner: QueryRunner, text: SqlText): SqlExec {
  const run = async (query: string, values: unknown[]) => {
    const result = await queryRunner.query(query, values, true);
    const rows = result.records ?? [];
    return { rows, affected: result.affected ?? rows.length };
  };
  const exec = (sql: string, params?: Record<string, unknown>) => run(...text.bind(sql, params));
  exec.insert = (head: string, rows: readonly (readonly unknown[])[], tail = '') => {
    const [tuples, values] = text.tuples(rows);
    return run(`${head} VALUES ${tuples} ${tail}`, values);
  };
  return exec;
}
