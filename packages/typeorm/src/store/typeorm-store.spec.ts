import { afterEach, expect, it } from '@jest/globals';
import { DataSource, EntitySchema } from 'typeorm';
import { describeIfPostgres } from '../../../../test/support/services.js';
import { DocbatchEntitiesNotRegisteredError } from '../errors/entities-not-registered.error.js';
import { DocbatchMigrationsNotRunError } from '../errors/migrations-not-run.error.js';
import { DocbatchNotInitializedError } from '../errors/not-initialized.error.js';
import { openPostgres, openSqlite, type TestDatabase } from '../testing/test-data-sources.test-helper.js';
import { TypeormStore } from './typeorm-store.js';

/** A host table the handlers write to. */
const Shipment = new EntitySchema<{ id: number; awb: string }>({
  name: 'Shipment',
  tableName: 'shipments',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    awb: { type: 'varchar', length: 32 },
  },
});

const submission = { id: 's1', label: null, documentCount: 0, finalCount: 0, createdAt: 0 };

describe('TypeormStore start-up checks', () => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('refuses a DataSource without docbatch entities, naming the fix', async () => {
    db = await openSqlite({ withoutDocbatchEntities: true, skipMigrations: true });
    const build = () => new TypeormStore(db!.dataSource);
    expect(build).toThrow(DocbatchEntitiesNotRegisteredError);
    expect(build).toThrow(/DOCBATCH_ENTITIES/);
    try {
      build();
    } catch (error) {
      expect((error as DocbatchEntitiesNotRegisteredError).code).toBe('DOCBATCH_ENTITIES_NOT_REGISTERED');
      expect((error as DocbatchEntitiesNotRegisteredError).missing).toContain('DocbatchDocument');
    }
  });

  it('checks a DataSource initialized after the store was built on first use', async () => {
    const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [Shipment] });
    const store = new TypeormStore(dataSource);
    await expect(store.getSubmission('s1')).rejects.toBeInstanceOf(DocbatchNotInitializedError);
    await dataSource.initialize();
    await expect(store.getSubmission('s1')).rejects.toMatchObject({
      code: 'DOCBATCH_ENTITIES_NOT_REGISTERED',
    });
    await dataSource.destroy();
  });

  it('names a docbatch migration registered on the DataSource but not run yet (after an upgrade)', async () => {
    db = await openSqlite();
    await db.dataSource.undoLastMigration(); // as if docbatch was upgraded and its new migration not run
    const error = await new TypeormStore(db.dataSource).verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocbatchMigrationsNotRunError);
    expect(error).toMatchObject({
      code: 'DOCBATCH_MIGRATIONS_NOT_RUN',
      message: expect.stringMatching(/DocbatchWiderColumnsSqlite1796256000000.*runMigrations/s),
    });
    await db.dataSource.runMigrations();
    await expect(new TypeormStore(db.dataSource).verify()).resolves.toBeUndefined();
  });

  it('says so when the migrations did not run, and works once they have', async () => {
    db = await openSqlite({ skipMigrations: true });
    const store = new TypeormStore(db.dataSource);
    const error = await store.verify().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocbatchMigrationsNotRunError);
    expect(error).toMatchObject({ code: 'DOCBATCH_MIGRATIONS_NOT_RUN', message: /runMigrations/ });
    await db.dataSource.runMigrations();
    await store.createSubmission(submission, []);
    expect(await store.getSubmission('s1')).toMatchObject({ id: 's1' });
  });
});

const d = await describeIfPostgres();
const databases: [string, () => Promise<TestDatabase>, jest.Describe][] = [
  ['SQLite', () => openSqlite({ entities: [Shipment], migrations: [CreateShipments] }), describe],
  ['PostgreSQL', () => openPostgres({ entities: [Shipment], migrations: [CreateShipments] }), d],
];

for (const [name, open, describeFor] of databases) {
  describeFor(`TypeormStore transactions on ${name}`, () => {
    let db: TestDatabase;
    afterEach(() => db.close());

    it('hands out the transaction’s EntityManager: host writes commit with docbatch’s, or roll back with them', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      await store.addEvents([
        {
          id: 'e1',
          name: 'batch.complete',
          submissionId: 's1',
          documentKey: null,
          payload: {},
          createdAt: 0,
        },
      ]);
      await expect(
        store.transaction(async (tx) => {
          await tx.manager.getRepository(Shipment).insert({ awb: '160-12345675' });
          expect(await tx.completeEvent('e1')).toBe(true);
          throw new Error('handler failed after writing');
        }),
      ).rejects.toThrow('handler failed after writing');
      expect(await db.dataSource.getRepository(Shipment).count()).toBe(0);
      expect(await store.nextEventAt()).toBe(0);

      await store.transaction(async (tx) => {
        await tx.manager.getRepository(Shipment).insert({ awb: '160-12345675' });
        expect(await tx.completeEvent('e1')).toBe(true);
      });
      expect(await db.dataSource.getRepository(Shipment).count()).toBe(1);
      expect(await store.nextEventAt()).toBeNull();
    });

    it('keeps concurrent transactions apart: one rolling back never takes another’s writes with it', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      const other = new TypeormStore(db.dataSource);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : store).transaction(async (tx) => {
            await tx.manager.getRepository(Shipment).insert({ awb: `awb-${i}` });
            await tx.reserveQuota('2026-12-03', 1, 100);
            await new Promise((resolve) => setImmediate(resolve));
            if (i % 3 === 0) throw new Error(`tx ${i} fails`);
          }),
        ),
      );
      const committed = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`awb-${i}`] : []));
      expect(committed).toEqual(['awb-1', 'awb-2', 'awb-4', 'awb-5', 'awb-7']);
      const rows = await db.dataSource.getRepository(Shipment).find({ order: { awb: 'ASC' } });
      expect(rows.map((r) => r.awb)).toEqual(committed);
      expect(await store.reserveQuota('2026-12-03', 1_000, 100)).toBe(95);
    });
  });
}

/** The host's own migration, run after docbatch's. */
class CreateShipments1764720000001 {
  name = 'CreateShipments1764720000001';
  async up(queryRunner: import('typeorm').QueryRunner) {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."shipments"` : '"shipments"';
    const id =
      queryRunner.connection.options.type === 'postgres'
        ? 'SERIAL PRIMARY KEY'
        : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await queryRunner.query(`CREATE TABLE ${table} ("id" ${id}, "awb" varchar(32) NOT NULL)`);
  }
  async down() {}
}
const CreateShipments = CreateShipments1764720000001;
