import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WIDENED_COLUMNS, type ColumnChange, type ColumnType } from './widened-columns.js';

/**
 * See {@link WIDENED_COLUMNS}. SQLite never enforced the lengths, but the declared types are what
 * TypeORM compares the entities with; SQLite cannot alter a column, so TypeORM rebuilds each table
 * (copying its rows, keeping its indexes and unique constraints).
 */
export class DocbatchWiderColumnsSqlite1796256000000 implements MigrationInterface {
  name = 'DocbatchWiderColumnsSqlite1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, ([, , , after]) => after);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, ([, , before]) => before);
  }
}

async function rebuild(queryRunner: QueryRunner, target: (change: ColumnChange) => ColumnType) {
  for (const name of new Set(WIDENED_COLUMNS.map(([table]) => table))) {
    const table = (await queryRunner.getTable(name))!;
    const changed = WIDENED_COLUMNS.filter(([t]) => t === name).map((change) => {
      const oldColumn = table.findColumnByName(change[1])!;
      const newColumn = oldColumn.clone();
      const to = target(change);
      newColumn.type = to.type;
      newColumn.length = to.length === undefined ? '' : String(to.length);
      return { oldColumn, newColumn };
    });
    await queryRunner.changeColumns(table, changed);
  }
}
