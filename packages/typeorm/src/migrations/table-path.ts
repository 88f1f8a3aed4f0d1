import type { QueryRunner } from 'typeorm';

/**
 * The quoted table name as the host's DataSource places it: in its configured `schema` (PostgreSQL)
 * when it has one, so docbatch's tables sit next to the host's own, else unqualified.
 */
export function tablePath(queryRunner: QueryRunner, table: string): string {
  const driver = queryRunner.connection.driver;
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  return schema ? `${driver.escape(schema)}.${driver.escape(table)}` : driver.escape(table);
}
