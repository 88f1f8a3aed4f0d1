import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CALLER_ID_COLUMNS } from './caller-id-columns.js';

/**
 * Caller document ids declared varchar(255), as on PostgreSQL. SQLite never enforced the old 128,
 * but the declared type is what TypeORM compares the entities with; SQLite cannot alter a column's
 * type, so TypeORM rebuilds each table (copying its rows, keeping its indexes).
 */
export class DocbatchCallerIdsSqlite1796256000000 implements MigrationInterface {
  name = 'DocbatchCallerIdsSqlite1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await resize(queryRunner, '255');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await resize(queryRunner, '128');
  }
}

async function resize(queryRunner: QueryRunner, length: string): Promise<void> {
  const tables = [...new Set(CALLER_ID_COLUMNS.map(([table]) => table))];
  for (const name of tables) {
    const table = (await queryRunner.getTable(name))!;
    const changed = CALLER_ID_COLUMNS.filter(([t]) => t === name).map(([, column]) => {
      const oldColumn = table.findColumnByName(column)!;
      const newColumn = oldColumn.clone();
      newColumn.length = length;
      return { oldColumn, newColumn };
    });
    await queryRunner.changeColumns(table, changed);
  }
}
