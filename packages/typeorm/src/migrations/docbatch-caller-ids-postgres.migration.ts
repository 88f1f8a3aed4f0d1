import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CALLER_ID_COLUMNS } from './caller-id-columns.js';
import { tablePath } from './table-path.js';

/**
 * Caller document ids up to 255 characters, as core's submit() accepts (they were varchar(128), so
 * PostgreSQL refused a longer id with "value too long"). Widening a varchar rewrites nothing.
 */
export class DocbatchCallerIdsPostgres1796256000000 implements MigrationInterface {
  name = 'DocbatchCallerIdsPostgres1796256000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.resize(queryRunner, 255);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.resize(queryRunner, 128);
  }

  private async resize(queryRunner: QueryRunner, length: number): Promise<void> {
    for (const [table, column] of CALLER_ID_COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE ${tablePath(queryRunner, table)} ALTER COLUMN "${column}" TYPE character varying(${length})`,
      );
    }
  }
}
