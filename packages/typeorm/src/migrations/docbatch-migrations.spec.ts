import { afterEach, expect, it } from '@jest/globals';
import { describeIfPostgres } from '../../../../test/support/services.js';
import { doc, receipt, submission } from '../../../../test/support/store-contract.js';
import { TypeormStore } from '../store/typeorm-store.js';
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
      for (const _ of db.dataSource.migrations) await db.dataSource.undoLastMigration();
      const queryRunner = db.dataSource.createQueryRunner();
      expect(await queryRunner.hasTable('docbatch_documents')).toBe(false);
      await queryRunner.release();
      await db.dataSource.runMigrations();
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries).toEqual([]);
    });

    it('widen caller ids to 255 keeping the rows already there (down and up again)', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      await store.createSubmission(submission('s1', 2), [doc('s1', 0), doc('s1', 1, { id: 'ドキュメント' })]);
      await store.recordReceipt(receipt('r1'));
      await db.dataSource.undoLastMigration(); // back to varchar(128)
      await db.dataSource.runMigrations();
      expect((await store.getDocument('s1:1'))!.id).toBe('ドキュメント');
      expect(await store.findActiveDocumentIds(['doc_s1_0', 'ドキュメント'])).toEqual([
        'doc_s1_0',
        'ドキュメント',
      ]);
      expect((await store.recordReceipt(receipt('r2', { dedupeKey: 'msg_r1' }))).duplicate).toBe(true);
      // The unique active_id survived the rebuild: a second live document with the same id is refused.
      await expect(
        store.createSubmission(submission('s2', 1), [doc('s2', 0, { id: 'ドキュメント' })]),
      ).rejects.toThrow(/already active/);
      const diff = await db.dataSource.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    });
  });
}
