import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The freight app's own tables. docbatch's tables come from @docbatch/typeorm's migrations, which
 * run first in the same DataSource. Written with TypeORM's schema builder so the one migration
 * serves both SQLite and PostgreSQL.
 */
export class CreateFreightTables1764800000000 implements MigrationInterface {
  name = 'CreateFreightTables1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const { createDate, createDateDefault } = queryRunner.connection.driver.mappedDataTypes;
    const id: TableColumnOptions = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    };
    const documentId: TableColumnOptions = {
      name: 'document_id',
      type: 'varchar',
      length: '200',
      isUnique: true,
    };
    const at = (name: string): TableColumnOptions => ({
      name,
      type: String(createDate),
      default: createDateDefault,
    });

    await queryRunner.createTable(
      new Table({
        name: 'freight_shipments',
        columns: [
          id,
          { name: 'awb_number', type: 'varchar', length: '12', isUnique: true },
          documentId,
          { name: 'origin', type: 'varchar', length: '3' },
          { name: 'destination', type: 'varchar', length: '3' },
          { name: 'shipper', type: 'varchar', length: '500' },
          { name: 'consignee', type: 'varchar', length: '500' },
          { name: 'pieces', type: 'integer' },
          { name: 'gross_weight', type: 'double precision' },
          { name: 'weight_unit', type: 'varchar', length: '2' },
          { name: 'flight', type: 'varchar', length: '20', isNullable: true },
          { name: 'goods', type: 'varchar', length: '500', isNullable: true },
          { name: 'pages', type: 'integer' },
          at('received_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'freight_shipment_reviews',
        columns: [
          id,
          documentId,
          { name: 'awb_number', type: 'varchar', length: '40', isNullable: true },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'result', type: 'text', isNullable: true },
          at('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'freight_document_failures',
        columns: [
          id,
          documentId,
          { name: 'error_code', type: 'varchar', length: '64', isNullable: true },
          { name: 'reason', type: 'varchar', length: '200', isNullable: true },
          { name: 'attempts', type: 'integer' },
          at('failed_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('freight_document_failures');
    await queryRunner.dropTable('freight_shipment_reviews');
    await queryRunner.dropTable('freight_shipments');
  }
}
