import { createHash } from 'node:crypto';
import {
  type ClaimOptions,
  type NewReceipt,
  type ReceiptDisposition,
  type ReceiptRecord,
} from '@docbatch/core';
import { toJson } from './row-mappers.js';
import { LEASE_FREE, oldestFirst, SqlArea } from './sql-area.js';

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

/** The inbox: webhook receipts, recorded once per dedupe key, then leased to the ingesting worker. */
export class InboxSql extends SqlArea {
  recordReceipt(input: NewReceipt): Promise<{ id: string; duplicate: boolean }> {
    const receipt = { ...input, dedupeKey: storedDedupeKey(input.dedupeKey) };
    return this.units.single(async (exec) => {
      // The UNIQUE dedupe_key decides between racing deliveries: the loser inserts nothing and reads
      // the winner's id (on PostgreSQL it waits for the winner to commit first).
      const { rows } = await exec(
        `INSERT INTO ${this.t.receipts} (id, dedupe_key, source, provider_batch_id, doc_id, status, payload, received_at)
         VALUES (:id, :dedupeKey, :source, :providerBatchId, :docId, :status, :payload, :receivedAt)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        { ...receipt, payload: toJson(receipt.payload) },
      );
      if (rows.length) return { id: receipt.id, duplicate: false };
      const existing = await exec(`SELECT id FROM ${this.t.receipts} WHERE dedupe_key = :dedupeKey`, {
        dedupeKey: receipt.dedupeKey,
      });
      return { id: existing.rows[0].id as string, duplicate: true };
    });
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
