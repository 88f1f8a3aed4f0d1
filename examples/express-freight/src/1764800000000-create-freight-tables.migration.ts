import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Creates freight-tables.ts's tables; the schema builder makes it work on SQLite and PostgreSQL. */
export class CreateFreightTables1764800000000 implements MigrationInterface {
  name = 'CreateFreightTables1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const id = {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    const documentId = { name: 'document_id', type: 'varchar', length: '200', isUnique: true };
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
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'freight_issues',
        columns: [
          id,
          documentId,
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'result', type: 'text', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('freight_issues');
    await queryRunner.dropTable('freight_shipments');
  }
}
