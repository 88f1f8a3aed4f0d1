import { createHash } from 'node:crypto';
import {
  type ClaimOptions,
  type NewReceipt,
  type ReceiptDisposition,
  type ReceiptRecord,
} from '@docbatch/core';
import { toJson } from './row-mappers.js';
import { chunks, CHUNK, LEASE_FREE, oldestFirst, SqlArea } from './sql-area.js';
import type { SqlExec } from './sql-exec.js';

/** The `dedupe_key` column's length. */
const DEDUPE_KEY_LENGTH = 512;

/**
 * The dedupe key as stored: a `webhook-id` is whatever the provider sends, so one longer than the
 * column is stored as its SHA-256 (still unique per key). Shorter keys are stored as they are, so
 * rows written before this rule still match.
 */
export function storedDedupeKey(key: string): string {
  return key.length <= DEDUPE_KEY_LENGTH ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

type Recorded = { id: string; duplicate: boolean };

/** The inbox: webhook receipts, recorded once per dedupe key, then leased to the ingesting worker. */
export class InboxSql extends SqlArea {
  /** Receipts recorded concurrently share one commit (see GroupCommit): what a webhook waits for. */
  private readonly receipts = this.units.group<NewReceipt, Recorded>((exec, items) =>
    this.insertReceipts(exec, items),
  );

  recordReceipt(input: NewReceipt): Promise<Recorded> {
    return this.receipts.run(input);
  }

  /**
   * Inserts the receipts whose dedupe key is new; the others (already stored, or repeated within
   * `items`: the first one wins) get the stored receipt's id and `duplicate: true`. The UNIQUE
   * dedupe_key decides between racing deliveries: the loser inserts nothing and reads the winner's
   * id (on PostgreSQL it waits for the winner to commit first).
   */
  private async insertReceipts(exec: SqlExec, items: NewReceipt[]): Promise<Recorded[]> {
    const keys = items.map((item) => storedDedupeKey(item.dedupeKey));
    // Inserted in key order (a stable sort: equal keys keep their callers' order): two PostgreSQL
    // processes inserting overlapping groups then take the keys' index locks in the same order, so
    // they wait for each other instead of deadlocking.
    const rows = items
      .map((r, i) => [
        r.id,
        keys[i],
        r.source,
        r.providerBatchId,
        r.docId,
        r.status,
        toJson(r.payload),
        r.receivedAt,
      ])
      .sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0));
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length;) {
      const count = this.rowsPerInsert(rows.length - i);
      const result = await exec.insert(
        `INSERT INTO ${this.t.receipts} (id, dedupe_key, source, provider_batch_id, doc_id, status, payload, received_at)`,
        rows.slice(i, (i += count)),
        'ON CONFLICT (dedupe_key) DO NOTHING RETURNING id',
      );
      for (const row of result.rows) inserted.add(row.id as string);
    }
    const stored = new Map<string, string>();
    const repeated = [...new Set(keys.filter((_, i) => !inserted.has(items[i]!.id)))];
    for (const list of chunks(repeated)) {
      const found = await exec(
        `SELECT id, dedupe_key FROM ${this.t.receipts} WHERE dedupe_key IN (:...list)`,
        {
          list,
        },
      );
      for (const row of found.rows) stored.set(row.dedupe_key as string, row.id as string);
    }
    return items.map((item, i) =>
      inserted.has(item.id)
        ? { id: item.id, duplicate: false }
        : { id: stored.get(keys[i]!)!, duplicate: true },
    );
  }

  /**
   * Rows in the next multi-row INSERT. PostgreSQL: a whole chunk (one round trip). SQLite: a power
   * of two, so a handful of prepared statements (1, 2, 4 … 64 rows) serve every group size from
   * TypeORM's statement cache, which is small and first-in-first-out: a statement per group size
   * would push the store's other statements out of it.
   */
  private rowsPerInsert(left: number): number {
    if (this.text.dialect === 'postgres') return Math.min(left, CHUNK);
    return 2 ** Math.floor(Math.log2(Math.min(left, 64)));
  }

  getReceipt(id: string): Promise<ReceiptRecord | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(`SELECT * FROM ${this.t.receipts} WHERE id = :id`, { id });
      return rows.length ? this.map.receipt(rows[0]) : null;
    });
  }

  claimReceipts(args: ClaimOptions): Promise<ReceiptRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.receipts} SET lease_owner = :owner, lease_until = :until
         WHERE seq IN (
           SELECT seq FROM ${this.t.receipts} WHERE processed_at IS NULL AND ${LEASE_FREE}
           ORDER BY received_at, seq LIMIT :limit ${this.text.skipLocked})
         RETURNING *`,
        { owner: args.owner, now: args.now, until: args.now + args.leaseMs, limit: args.limit },
      );
      return oldestFirst(
        rows,
        (row) => this.map.receipt(row),
        (receipt) => receipt.receivedAt,
      );
    });
  }

  completeReceipt(id: string, disposition: ReceiptDisposition, now: number): Promise<boolean> {
    return this.units.single(async (exec) => {
      const { affected } = await exec(
        `UPDATE ${this.t.receipts} SET processed_at = :now, disposition = :disposition, lease_owner = NULL, lease_until = NULL
         WHERE id = :id AND processed_at IS NULL`,
        { id, disposition, now },
      );
      return affected === 1;
    });
  }

  deferReceipt(id: string, until: number): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.receipts} SET lease_owner = NULL, lease_until = :until WHERE id = :id AND processed_at IS NULL`,
        { id, until },
      );
    });
  }

  hasUnprocessedReceipts(): Promise<boolean> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT 1 AS one FROM ${this.t.receipts} WHERE processed_at IS NULL LIMIT 1`,
      );
      return rows.length > 0;
    });
  }
}
