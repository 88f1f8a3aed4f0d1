/** The host app's own tables, written by its handlers: a real app's entities and migration. */
import { EntitySchema, Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export interface WaybillRow {
  docId: string;
  awbNumber: string;
}

export interface RejectionRow {
  docId: string;
  errorCode: string;
}

export const Waybill = new EntitySchema<WaybillRow>({
  name: 'Waybill',
  tableName: 'host_waybill',
  columns: {
    docId: { name: 'doc_id', type: 'varchar', length: 255, primary: true },
    awbNumber: { name: 'awb_number', type: 'varchar', length: 32 },
  },
});

export const Rejection = new EntitySchema<RejectionRow>({
  name: 'Rejection',
  tableName: 'host_rejection',
  columns: {
    docId: { name: 'doc_id', type: 'varchar', length: 255, primary: true },
    errorCode: { name: 'error_code', type: 'varchar', length: 64 },
  },
});

/** Primary keys on doc_id: a handler effect applied twice would fail loudly, not hide. */
export class CreateHostTables1767225600000 implements MigrationInterface {
  name = 'CreateHostTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const key = { name: 'doc_id', type: 'varchar', length: '255', isPrimary: true };
    await queryRunner.createTable(
      new Table({
        name: 'host_waybill',
        columns: [key, { name: 'awb_number', type: 'varchar', length: '32' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'host_rejection',
        columns: [key, { name: 'error_code', type: 'varchar', length: '64' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('host_rejection');
    await queryRunner.dropTable('host_waybill');
  }
}
