import { afterEach, expect, it, jest } from '@jest/globals';
import type { NewReceipt } from '@docbatch/core';
import { describeIfPostgres } from '../../../../test/support/services.js';
import { openPostgres, openSqlite, type TestDatabase } from '../testing/test-data-sources.test-helper.js';
import { TypeormStore } from './typeorm-store.js';

/**
 * recordReceipt's group commit on real databases: receipts recorded concurrently share one
 * transaction, yet each caller gets its own answer, and only once that transaction has committed.
 */

function receipt(id: string, fields: Partial<NewReceipt> = {}): NewReceipt {
  return {
    id,
    dedupeKey: `msg_${id}`,
    source: 'webhook',
    providerBatchId: 'bat_1',
    docId: `doc_${id}`,
    status: 'success',
    payload: { event: 'document.complete', doc_id: `doc_${id}` },
    receivedAt: 1_000,
    ...fields,
  };
}

/** Makes the database refuse, AT COMMIT, any receipt whose doc_id is 'poison' (a deferred check). */
const refusePoisonAtCommit = {
  sqlite: [
    `CREATE TABLE poison_parent (id TEXT PRIMARY KEY)`,
    `CREATE TABLE poison_child (parent TEXT REFERENCES poison_parent (id) DEFERRABLE INITIALLY DEFERRED)`,
    `CREATE TRIGGER refuse_poison AFTER INSERT ON docbatch_receipts WHEN NEW.doc_id = 'poison'
     BEGIN INSERT INTO poison_child VALUES ('missing'); END`,
  ],
  postgres: (schema: string) => [
    `CREATE FUNCTION "${schema}".refuse_poison() RETURNS trigger LANGUAGE plpgsql
     AS $$ BEGIN RAISE EXCEPTION 'poison refused at commit'; END $$`,
    `CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON "${schema}".docbatch_receipts
     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.doc_id = 'poison')
     EXECUTE FUNCTION "${schema}".refuse_poison()`,
  ],
};

const d = await describeIfPostgres();
const databases: [string, () => Promise<TestDatabase>, (db: TestDatabase) => string[], typeof describe][] = [
  ['SQLite', () => openSqlite(), () => refusePoisonAtCommit.sqlite, describe],
  ['PostgreSQL', () => openPostgres(), (db) => refusePoisonAtCommit.postgres(db.location), d],
];

for (const [name, open, poisonTrigger, describeFor] of databases) {
  describeFor(`TypeormStore.recordReceipt group commit on ${name}`, () => {
    let db: TestDatabase;
    afterEach(() => db.close());

    const storedIds = async (dedupeKeys: string[]) => {
      const rows: { id: string }[] = await db.dataSource
        .createQueryBuilder()
        .select('r.id', 'id')
        .from('docbatch_receipts', 'r')
        .where('r.dedupe_key IN (:...dedupeKeys)', { dedupeKeys })
        .orderBy('r.id')
        .getRawMany();
      return rows.map((row) => row.id);
    };

    it('records concurrent duplicates in one commit, once each, telling every caller which it was', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      await store.recordReceipt(receipt('old', { dedupeKey: 'k-old' }));
      const commits = jest.spyOn(db.dataSource.logger, 'logQuery');

      const keys = ['k1', 'k1', 'k2', 'k-old', 'k1', 'k3', 'k2'];
      const answers = await Promise.all(
        keys.map((dedupeKey, i) => store.recordReceipt(receipt(`b${i}`, { dedupeKey }))),
      );

      expect(answers).toEqual([
        { id: 'b0', duplicate: false },
        { id: 'b0', duplicate: true },
        { id: 'b2', duplicate: false },
        { id: 'old', duplicate: true },
        { id: 'b0', duplicate: true },
        { id: 'b5', duplicate: false },
        { id: 'b2', duplicate: true },
      ]);
      expect(commits.mock.calls.filter(([sql]) => sql === 'COMMIT')).toHaveLength(1);
      expect(await storedIds(['k-old', 'k1', 'k2', 'k3'])).toEqual(['b0', 'b2', 'b5', 'old']);
      expect(await store.getReceipt('b0')).toMatchObject({ dedupeKey: 'k1', docId: 'doc_b0' });
    });

    it('fails only the caller whose receipt the database refuses, not the rest of its group', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      await store.recordReceipt(receipt('taken'));
      const answers = await Promise.allSettled([
        store.recordReceipt(receipt('ok1')),
        // A new dedupe key but an id already stored: the insert violates the id's unique index.
        store.recordReceipt(receipt('taken', { dedupeKey: 'msg_other' })),
        store.recordReceipt(receipt('ok2')),
      ]);
      expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(answers[0]).toMatchObject({ value: { id: 'ok1', duplicate: false } });
      expect(answers[2]).toMatchObject({ value: { id: 'ok2', duplicate: false } });
      expect(await storedIds(['msg_ok1', 'msg_ok2', 'msg_other'])).toEqual(['ok1', 'ok2']);
    });

    it('answers only after the commit: a receipt refused at COMMIT rejects its caller and is not stored', async () => {
      db = await open();
      for (const sql of poisonTrigger(db)) await db.dataSource.query(sql);
      const store = new TypeormStore(db.dataSource);
      const answers = await Promise.allSettled([
        store.recordReceipt(receipt('a')),
        store.recordReceipt(receipt('p1', { docId: 'poison' })),
        store.recordReceipt(receipt('b')),
        store.recordReceipt(receipt('p2', { docId: 'poison' })),
      ]);
      // Had any caller been answered before its transaction committed, a poisoned one would have
      // seen success: its INSERT itself succeeds, only the COMMIT refuses it.
      expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect(await storedIds(['msg_a', 'msg_b', 'msg_p1', 'msg_p2'])).toEqual(['a', 'b']);
      // The store keeps working after the rolled-back group.
      expect(await store.recordReceipt(receipt('c'))).toEqual({ id: 'c', duplicate: false });
    });
  });
}
