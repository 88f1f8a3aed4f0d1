import { afterEach, expect, it } from '@jest/globals';
import { describeIfPostgres } from '../../../../test/support/services.js';
import { doc, receipt, submission } from '../../../../test/support/store-contract.js';
import { openPostgres, openSqlite, type TestDatabase } from '../testing/test-data-sources.test-helper.js';
import { TypeormStore } from './typeorm-store.js';

/**
 * Values at the edges of what the engine accepts: caller ids of the full 255 characters core allows,
 * unicode, webhook-ids of any length, results of megabytes. SQLite ignores varchar lengths, so
 * these only bite on PostgreSQL; both run to keep the two databases equal.
 */
const d = await describeIfPostgres();
const databases: [string, () => Promise<TestDatabase>, jest.Describe][] = [
  ['SQLite', () => openSqlite(), describe],
  ['PostgreSQL', () => openPostgres(), d],
];

/** 255 characters, as core's submit() allows: unicode (incl. astral), slashes, quotes, spaces. */
const longId = (tag: string) => `${tag}/ドキュメント "awb" 🛫 `.padEnd(255, 'é').slice(0, 255);

for (const [name, open, describeFor] of databases) {
  describeFor(`TypeormStore edge values on ${name}`, () => {
    let db: TestDatabase;
    afterEach(() => db.close());

    it('stores a 255-character unicode caller id and a megabyte result, and gives them back unchanged', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      const id = longId('a');
      expect(id).toHaveLength(255);
      const record = doc('s1', 0, {
        id,
        source: { kind: 'url', url: `https://files.example/${encodeURIComponent(id)}.pdf` },
      });
      await store.createSubmission(submission('s1', 1), [record]);
      expect(await store.getDocument(record.key)).toMatchObject({ id, source: record.source });
      expect(await store.findActiveDocumentIds([id, longId('b')])).toEqual([id]);

      const result = {
        awb_number: '160-12345675',
        shipper: 'Zürich Frachtgesellschaft — 株式会社 🚚',
        pages: Array.from({ length: 2_500 }, (_, i) => ({ page: i, text: `línea ${i} `.repeat(50) })),
      };
      expect(JSON.stringify(result).length).toBeGreaterThan(1_000_000);
      expect(
        await store.updateDocument(
          record.key,
          { state: 'pending', attempt: 0 },
          { state: 'succeeded', result, finalAt: 1, updatedAt: 1 },
        ),
      ).toBe(true);
      expect((await store.getDocument(record.key))!.result).toEqual(result);
    });

    it('stores what a provider may send: an error code of any length, a message with NUL characters', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      const record = doc('s1', 0);
      await store.createSubmission(submission('s1', 1), [record]);
      // Unknown codes are passed through as the provider wrote them; PostgreSQL text cannot hold NUL.
      const errorCode = `VENDOR_SPECIFIC_${'DETAIL_'.repeat(30)}`;
      expect(
        await store.updateDocument(
          record.key,
          { state: 'pending', attempt: 0 },
          { state: 'failed', errorCode, reason: 'provider refused the document: id "a\u0000b"', finalAt: 1 },
        ),
      ).toBe(true);
      expect(await store.getDocument(record.key)).toMatchObject({
        state: 'failed',
        errorCode,
        reason: 'provider refused the document: id "a\ufffdb"',
      });
    });

    it('records a handler failure whose message holds a NUL character', async () => {
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
      await store.failEvent('e1', { attempts: 1, error: 'Error: bad byte \u0000 in row', retryAt: null });
      expect(await store.countParkedEvents('s1')).toBe(1);
    });

    it('dedupes receipts by a webhook-id of any length, for a 255-character doc id', async () => {
      db = await open();
      const store = new TypeormStore(db.dataSource);
      const docId = longId('c');
      // Two long webhook-ids that only differ at the end must stay two receipts.
      const dedupeA = `msg_${'x'.repeat(2_000)}_A`;
      const dedupeB = `msg_${'x'.repeat(2_000)}_B`;
      const first = await store.recordReceipt(receipt('r1', { dedupeKey: dedupeA, docId }));
      expect(first).toEqual({ id: 'r1', duplicate: false });
      expect(await store.recordReceipt(receipt('r2', { dedupeKey: dedupeA, docId }))).toEqual({
        id: 'r1',
        duplicate: true,
      });
      expect(await store.recordReceipt(receipt('r3', { dedupeKey: dedupeB, docId }))).toEqual({
        id: 'r3',
        duplicate: false,
      });
      // Longer than the column: kept as its digest (the key only has to be unique).
      expect(await store.getReceipt('r1')).toMatchObject({
        dedupeKey: expect.stringMatching(/^sha256:/),
        docId,
      });
      const short = await store.recordReceipt(receipt('r4', { dedupeKey: 'msg_short', docId }));
      expect(short.duplicate).toBe(false);
      expect(await store.getReceipt('r4')).toMatchObject({ dedupeKey: 'msg_short' });
    });
  });
}
