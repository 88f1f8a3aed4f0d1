import type { MigrationInterface, QueryRunner } from 'typeorm';
import { tablePath } from './table-path.js';
import { WIDENED_COLUMNS, type ColumnType } from './widened-columns.js';

/** See {@link WIDENED_COLUMNS}. Widening a varchar, or making it text, rewrites no rows on PostgreSQL. */
export class DocbatchWiderColumnsPostgres1796256000000 implements MigrationInterface {
  name = 'DocbatchWiderColumnsPostgres1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, , after] of WIDENED_COLUMNS) await alter(queryRunner, table, column, after);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, before] of WIDENED_COLUMNS) await alter(queryRunner, table, column, before);
  }
}

function alter(queryRunner: QueryRunner, table: string, column: string, to: ColumnType) {
  const type = to.type === 'text' ? 'text' : `character varying(${to.length})`;
  return queryRunner.query(
    `ALTER TABLE ${tablePath(queryRunner, table)} ALTER COLUMN "${column}" TYPE ${type}`,
  );
}
