import { afterEach, expect, it } from '@jest/globals';
import { describeIfPostgres } from '../../../../test/support/services.js';
import {
  openPostgres,
  openSqlite,
  type TestDatabase,
  type TestDatabaseOptions,
} from '../testing/test-data-sources.test-helper.js';

const d = await describeIfPostgres();
const databases: [string, (options?: TestDatabaseOptions) => Promise<TestDatabase>, jest.Describe][] = [
  ['SQLite', openSqlite, describe],
  ['PostgreSQL', openPostgres, d],
];

for (const [name, open, describeFor] of databases) {
  describeFor(`docbatch migrations on ${name}`, () => {
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await db?.close();
      db = undefined;
    });

    it('create exactly what the entities describe: TypeORM sees no pending schema change', async () => {
      db = await open();
      expect(await db.dataSource.showMigrations()).toBe(false);
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    });

    it('are needed: without them TypeORM would create every docbatch table', async () => {
      db = await open({ skipMigrations: true });
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      const created = diff.upQueries.map((q) => q.query).filter((q) => q.startsWith('CREATE TABLE'));
      expect(created).toHaveLength(7);
    });

    it('revert cleanly and apply again', async () => {
      db = await open();
      await db.dataSource.undoLastMigration();
      const queryRunner = db.dataSource.createQueryRunner();
      expect(await queryRunner.hasTable('docbatch_documents')).toBe(false);
      await queryRunner.release();
      await db.dataSource.runMigrations();
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries).toEqual([]);
    });
  });
}
