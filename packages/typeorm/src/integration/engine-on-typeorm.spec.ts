/**
 * The engine, unchanged, on TypeormStore against the real sandbox (H3's engine harness: loopback
 * HTTP, one ManualClock). Handlers write the host's rows through ctx.manager; a handler that writes
 * and then throws leaves nothing behind and is run again, so each document has exactly one row.
 */
import { afterEach, expect, it } from '@jest/globals';
import type { DocumentOutcome } from '@docbatch/core';
import { EntitySchema, type EntityManager, type QueryRunner } from 'typeorm';
import { corpusFiles, startHarness, type Harness } from '../../../../test/engine/engine-harness.js';
import { describeIfPostgres } from '../../../../test/support/services.js';
import { TypeormStore } from '../store/typeorm-store.js';
import { openPostgres, openSqlite, type TestDatabase } from '../testing/test-data-sources.test-helper.js';

interface ShipmentRow {
  docId: string;
  awb: string | null;
}

/** The host's table. No unique constraint on purpose: a second effect would show as a second row. */
const Shipment = new EntitySchema<ShipmentRow & { id: number }>({
  name: 'Shipment',
  tableName: 'shipments',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    docId: { type: 'varchar', length: 64, name: 'doc_id' },
    awb: { type: 'varchar', length: 32, nullable: true },
  },
});

class CreateShipments1764720000001 {
  name = 'CreateShipments1764720000001';
  async up(queryRunner: QueryRunner) {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    const table = schema ? `"${schema}"."shipments"` : '"shipments"';
    const id =
      queryRunner.connection.options.type === 'postgres'
        ? 'SERIAL PRIMARY KEY'
        : 'INTEGER PRIMARY KEY AUTOINCREMENT';
    await queryRunner.query(
      `CREATE TABLE ${table} ("id" ${id}, "doc_id" varchar(64) NOT NULL, "awb" varchar(32))`,
    );
  }
  async down() {}
}

const hostTables = { entities: [Shipment], migrations: [CreateShipments1764720000001] };
const d = await describeIfPostgres();
const databases: [string, () => Promise<TestDatabase>, jest.Describe][] = [
  ['SQLite', () => openSqlite(hostTables), describe],
  ['PostgreSQL', () => openPostgres(hostTables), d],
];

for (const [name, open, describeFor] of databases) {
  describeFor(`engine on TypeormStore (${name}) against the sandbox`, () => {
    let h: Harness | undefined;
    let db: TestDatabase | undefined;
    afterEach(async () => {
      await h?.close();
      await db?.close();
    });

    it('ingests every document once; a handler that wrote and threw leaves nothing and runs again', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      h = await startHarness({ store });
      const good = await corpusFiles((t) => t.category === 'clean' && t.status === 'success', 4);
      const [bad] = await corpusFiles((t) => t.category === 'not_a_document', 1);
      const engine = h.engine({ handlers: { maxAttempts: 3, backoffMs: 1_000 } });
      const runs: [string, number][] = [];
      const failed: DocumentOutcome[] = [];
      engine.on('document.complete', async (outcome, ctx) => {
        runs.push([outcome.id, ctx.attempt]);
        const manager = ctx.manager as EntityManager;
        const result = outcome.result as { awb_number?: string | null } | null;
        await manager.getRepository(Shipment).insert({ docId: outcome.id, awb: result?.awb_number ?? null });
        if (outcome.id === 'g0' && ctx.attempt === 1) throw new Error('ledger locked after the insert');
      });
      engine.on('document.failed', (outcome) => void failed.push(outcome));
      await engine.start();
      const sub = await engine.submit([
        ...good.map((f, i) => ({ id: `g${i}`, file: { path: f.path } })),
        { id: 'bad', file: bad!.bytes, filename: bad!.name },
      ]);

      const shipments = db.dataSource.getRepository(Shipment);
      await h.until(async () => (await shipments.count()) === 5 && (await engine.status(sub.id))!.complete, {
        what: 'every outcome handled',
      });
      await h.until(async () => (await store.nextEventAt()) === null, { what: 'the outbox drained' });

      const rows = await shipments.find({ order: { docId: 'ASC' } });
      // document.complete runs once for every final outcome, the failed one included.
      expect(rows.map((r) => r.docId)).toEqual(['bad', 'g0', 'g1', 'g2', 'g3']);
      expect(rows.slice(1).every((r) => r.awb !== null && /^\d{3}-\d{8}$/.test(r.awb))).toBe(true);
      expect(rows[0]!.awb).toBeNull();
      expect(runs.filter(([id]) => id === 'g0')).toEqual([
        ['g0', 1],
        ['g0', 2],
      ]);
      expect(failed.map((o) => o.id)).toEqual(['bad']);
      expect(await engine.status(sub.id)).toMatchObject({
        complete: true,
        handlerFailed: 0,
        counts: { succeeded: 4, failed: 1, pending: 0, submitted: 0 },
      });
    });
  });
}
