import { type AttemptRef, type ProviderBatchRecord } from '@docbatch/core';
import { chunks, LEASE_FREE, SqlArea } from './sql-area.js';

/** Provider batches (created under a lease, then polled when stale) and the attempt map. */
export class BatchSql extends SqlArea {
  createBatch(batch: ProviderBatchRecord): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `INSERT INTO ${this.t.batches} (key, state, provider_batch_id, enhanced, document_count, last_progress_at,
           lease_owner, lease_until, created_at)
         VALUES (:key, :state, :providerBatchId, :enhanced, :documentCount, :lastProgressAt, :leaseOwner,
           :leaseUntil, :createdAt)`,
        { ...batch },
      );
    });
  }

  getBatch(key: string): Promise<ProviderBatchRecord | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(`SELECT * FROM ${this.t.batches} WHERE key = :key`, { key });
      return rows.length ? this.map.batch(rows[0]) : null;
    });
  }

  claimCreatingBatch(args: {
    owner: string;
    now: number;
    leaseMs: number;
  }): Promise<ProviderBatchRecord | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.batches} SET lease_owner = :owner, lease_until = :until
         WHERE key IN (
           SELECT key FROM ${this.t.batches} WHERE state = 'creating' AND ${LEASE_FREE}
           ORDER BY created_at LIMIT 1 ${this.text.skipLocked})
         RETURNING *`,
        { owner: args.owner, now: args.now, until: args.now + args.leaseMs },
      );
      return rows.length ? this.map.batch(rows[0]) : null;
    });
  }

  renewBatchLease(key: string, owner: string, leaseUntil: number): Promise<boolean> {
    return this.units.single(async (exec) => {
      const { affected } = await exec(
        `UPDATE ${this.t.batches} SET lease_until = :leaseUntil
         WHERE key = :key AND state = 'creating' AND lease_owner = :owner`,
        { key, owner, leaseUntil },
      );
      return affected === 1;
    });
  }

  markBatchCreated(args: { key: string; providerBatchId: string; now: number }): Promise<boolean> {
    return this.units.atomic(async (exec) => {
      const opened = await exec(
        `UPDATE ${this.t.batches}
         SET state = 'open', provider_batch_id = :providerBatchId, last_progress_at = :now,
             lease_owner = NULL, lease_until = NULL
         WHERE key = :key AND state = 'creating'`,
        { ...args },
      );
      if (opened.affected !== 1) return false;
      const { rows } = await exec(
        `UPDATE ${this.t.documents}
         SET state = 'submitted', attempt = attempt + 1, provider_batch_id = :providerBatchId,
             not_before = NULL, updated_at = :now
         WHERE batch_key = :key
         RETURNING key, id, attempt`,
        { ...args },
      );
      for (const chunk of chunks(rows))
        await exec.insert(
          `INSERT INTO ${this.t.attempts} (provider_batch_id, doc_id, document_key, attempt)`,
          chunk.map((row) => [args.providerBatchId, row.id, row.key, Number(row.attempt)]),
        );
      return true;
    });
  }

  setBatchState(key: string, state: ProviderBatchRecord['state']): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.batches} SET state = :state, lease_owner = NULL, lease_until = NULL WHERE key = :key`,
        {
          key,
          state,
        },
      );
    });
  }

  touchBatch(providerBatchId: string, now: number): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.batches} SET last_progress_at = :now
         WHERE provider_batch_id = :providerBatchId AND state = 'open'`,
        { providerBatchId, now },
      );
    });
  }

  claimStaleBatches(args: {
    staleBefore: number;
    now: number;
    limit: number;
  }): Promise<ProviderBatchRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.batches} SET last_progress_at = :now
         WHERE key IN (
           SELECT key FROM ${this.t.batches} WHERE state = 'open' AND last_progress_at < :staleBefore
           ORDER BY last_progress_at LIMIT :limit ${this.text.skipLocked})
         RETURNING *`,
        { ...args },
      );
      return rows.map((row) => this.map.batch(row)).sort((a, b) => a.createdAt - b.createdAt);
    });
  }

  listSubmittedDocIds(providerBatchId: string): Promise<string[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT id FROM ${this.t.documents} WHERE provider_batch_id = :providerBatchId AND state = 'submitted'
         ORDER BY seq`,
        { providerBatchId },
      );
      return rows.map((row) => row.id as string);
    });
  }

  findAttempt(providerBatchId: string, docId: string): Promise<AttemptRef | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT * FROM ${this.t.attempts} WHERE provider_batch_id = :providerBatchId AND doc_id = :docId`,
        { providerBatchId, docId },
      );
      return rows.length ? this.map.attempt(rows[0]) : null;
    });
  }
}
