import {
  DOCUMENT_LIFECYCLE_STATES,
  DocumentIdConflictError,
  isFinalState,
  type AttemptRef,
  type ClaimOptions,
  type DocumentLifecycleState,
  type DocumentPatch,
  type DocumentRecord,
  type EventRecord,
  type NewEvent,
  type NewReceipt,
  type ProviderBatchRecord,
  type ReceiptDisposition,
  type ReceiptRecord,
  type StoreOperations,
  type SubmissionRecord,
} from '@docbatch/core';
import { DocbatchAttemptEntity } from '../entities/docbatch-attempt.entity.js';
import { DocbatchDocumentEntity } from '../entities/docbatch-document.entity.js';
import { DocbatchEventEntity } from '../entities/docbatch-event.entity.js';
import { DocbatchProviderBatchEntity } from '../entities/docbatch-provider-batch.entity.js';
import { DocbatchQuotaUsageEntity } from '../entities/docbatch-quota-usage.entity.js';
import { DocbatchReceiptEntity } from '../entities/docbatch-receipt.entity.js';
import { DocbatchSubmissionEntity } from '../entities/docbatch-submission.entity.js';
import type { SqlText } from '../sql-dialect.js';
import { RowMappers, numOrNull, sourceColumns, toJson } from './row-mappers.js';
import type { SqlExec } from './sql-exec.js';
import type { StoreUnits } from './store-units.js';

/** Rows per multi-row INSERT / ids per IN list: far below PostgreSQL's 65,535 and SQLite's 32,766 parameters. */
const CHUNK = 500;

const DOCUMENT_COLUMNS = [
  'key',
  'id',
  'active_id',
  'submission_id',
  'source_kind',
  'url',
  'file_id',
  'content_base64',
  'path',
  'filename',
  'content_type',
  'state',
  'attempt',
  'enhanced',
  'batch_key',
  'provider_batch_id',
  'not_before',
  'result',
  'error_code',
  'reason',
  'history',
  'created_at',
  'updated_at',
  'final_at',
];

const UNASSIGNED = `batch_key IS NULL AND state IN ('pending', 'retry_scheduled')`;
const LEASE_FREE = `(lease_until IS NULL OR lease_until <= :now)`;

/** DocumentPatch field → column and how its value is stored. */
const PATCH_COLUMNS: Record<keyof DocumentPatch, [string, (v: any) => unknown]> = {
  state: ['state', (v) => v],
  enhanced: ['enhanced', (v) => v],
  batchKey: ['batch_key', (v) => v],
  notBefore: ['not_before', (v) => v],
  result: ['result', toJson],
  errorCode: ['error_code', (v) => v],
  reason: ['reason', (v) => v],
  history: ['history', toJson],
  updatedAt: ['updated_at', (v) => v],
  finalAt: ['final_at', (v) => v],
};

export interface SqlTables {
  submissions: string;
  documents: string;
  batches: string;
  attempts: string;
  receipts: string;
  events: string;
  quota: string;
}

export function sqlTables(text: SqlText): SqlTables {
  return {
    submissions: text.table(DocbatchSubmissionEntity),
    documents: text.table(DocbatchDocumentEntity),
    batches: text.table(DocbatchProviderBatchEntity),
    attempts: text.table(DocbatchAttemptEntity),
    receipts: text.table(DocbatchReceiptEntity),
    events: text.table(DocbatchEventEntity),
    quota: text.table(DocbatchQuotaUsageEntity),
  };
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const byAge = <T extends { createdAt: number }>(rows: (T & { seq: number })[]) =>
  rows.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);

/**
 * The Store port's operations in SQL, for PostgreSQL and SQLite. Each method is one statement or one
 * atomic unit; `units` decides whether that runs on its own or inside the caller's transaction.
 */
export class TypeormOperations implements StoreOperations {
  protected readonly map: RowMappers;

  constructor(
    protected readonly units: StoreUnits,
    protected readonly text: SqlText,
    private readonly tables: () => SqlTables,
  ) {
    this.map = new RowMappers(text.dialect);
  }

  /** Table names, resolved on first use: the host's DataSource knows them once initialized. */
  protected get t(): SqlTables {
    return this.tables();
  }

  // ---- submissions and documents -----------------------------------------------------------------

  createSubmission(submission: SubmissionRecord, documents: DocumentRecord[]): Promise<void> {
    return this.units.atomic(async (exec) => {
      const active = await this.activeIds(
        exec,
        documents.map((d) => d.id),
      );
      if (active.length) throw new DocumentIdConflictError(active);
      await exec(
        `INSERT INTO ${this.t.submissions} (id, label, document_count, final_count, created_at)
         VALUES (:id, :label, :documentCount, :finalCount, :createdAt)`,
        { ...submission },
      );
      const inserted = new Set<string>();
      for (const chunk of chunks(documents)) {
        // DO NOTHING rather than failing: on PostgreSQL a unique violation would abort the caller's
        // whole transaction; here a racing submission of the same id just shows as a missing row.
        const { rows } = await exec.insert(
          `INSERT INTO ${this.t.documents} (${DOCUMENT_COLUMNS.join(', ')})`,
          chunk.map((d) => this.documentValues(d)),
          'ON CONFLICT DO NOTHING RETURNING key',
        );
        for (const row of rows) inserted.add(row.key);
      }
      if (inserted.size === documents.length) return;
      // Lost a race on some ids: undo this call's rows so nothing is stored even inside a caller's transaction.
      for (const keys of chunks([...inserted]))
        await exec(`DELETE FROM ${this.t.documents} WHERE key IN (:...keys)`, { keys });
      await exec(`DELETE FROM ${this.t.submissions} WHERE id = :id`, { id: submission.id });
      throw new DocumentIdConflictError(documents.filter((d) => !inserted.has(d.key)).map((d) => d.id));
    });
  }

  /** A document's values in {@link DOCUMENT_COLUMNS} order. */
  private documentValues(d: DocumentRecord): unknown[] {
    const source = sourceColumns(d.source);
    return [
      d.key,
      d.id,
      isFinalState(d.state) ? null : d.id,
      d.submissionId,
      source.source_kind,
      source.url,
      source.file_id,
      source.content_base64,
      source.path,
      source.filename,
      source.content_type,
      d.state,
      d.attempt,
      d.enhanced,
      d.batchKey,
      d.providerBatchId,
      d.notBefore,
      toJson(d.result),
      d.errorCode,
      d.reason,
      toJson(d.history ?? []),
      d.createdAt,
      d.updatedAt,
      d.finalAt,
    ];
  }

  getSubmission(id: string): Promise<SubmissionRecord | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(`SELECT * FROM ${this.t.submissions} WHERE id = :id`, { id });
      return rows.length ? this.map.submission(rows[0]) : null;
    });
  }

  incrementSubmissionFinal(id: string): Promise<{ finalCount: number; documentCount: number }> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.submissions} SET final_count = final_count + 1 WHERE id = :id
         RETURNING final_count, document_count`,
        { id },
      );
      if (!rows.length) throw new Error(`docbatch store: no submission ${id}`);
      return { finalCount: Number(rows[0].final_count), documentCount: Number(rows[0].document_count) };
    });
  }

  findActiveDocumentIds(ids: readonly string[]): Promise<string[]> {
    return this.units.single((exec) => this.activeIds(exec, ids));
  }

  private async activeIds(exec: SqlExec, ids: readonly string[]): Promise<string[]> {
    const active = new Set<string>();
    for (const chunk of chunks([...new Set(ids)])) {
      const { rows } = await exec(`SELECT active_id FROM ${this.t.documents} WHERE active_id IN (:...ids)`, {
        ids: chunk,
      });
      for (const row of rows) active.add(row.active_id);
    }
    return ids.filter((id) => active.has(id));
  }

  getDocument(key: string): Promise<DocumentRecord | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(`SELECT * FROM ${this.t.documents} WHERE key = :key`, { key });
      return rows.length ? this.map.document(rows[0]) : null;
    });
  }

  updateDocument(
    key: string,
    expected: { state: DocumentLifecycleState; attempt: number },
    patch: DocumentPatch,
  ): Promise<boolean> {
    const params: Record<string, unknown> = {
      key,
      expectedState: expected.state,
      expectedAttempt: expected.attempt,
    };
    const sets: string[] = [];
    for (const [field, value] of Object.entries(patch) as [keyof DocumentPatch, unknown][]) {
      if (value === undefined) continue;
      const [column, encode] = PATCH_COLUMNS[field];
      sets.push(`${column} = :${field}`);
      params[field] = encode(value);
    }
    // A final document frees its caller id for a later submission.
    if (patch.state !== undefined && isFinalState(patch.state)) sets.push('active_id = NULL');
    if (sets.length === 0) sets.push('state = state');
    return this.units.single(async (exec) => {
      const { affected } = await exec(
        `UPDATE ${this.t.documents} SET ${sets.join(', ')}
         WHERE key = :key AND state = :expectedState AND attempt = :expectedAttempt`,
        params,
      );
      return affected === 1;
    });
  }

  assignDocuments(args: {
    batchKey: string;
    now: number;
    limit: number;
    enhanced: boolean;
  }): Promise<DocumentRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.documents} SET batch_key = :batchKey
         WHERE seq IN (
           SELECT seq FROM ${this.t.documents}
           WHERE ${UNASSIGNED} AND (not_before IS NULL OR not_before <= :now) AND enhanced = :enhanced
           ORDER BY created_at, seq LIMIT :limit ${this.text.skipLocked})
         RETURNING *`,
        { ...args },
      );
      return byAge(rows.map((row) => ({ ...this.map.document(row), seq: Number(row.seq) }))).map(
        ({ seq: _seq, ...doc }) => doc,
      );
    });
  }

  listBatchDocuments(batchKey: string): Promise<DocumentRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT * FROM ${this.t.documents} WHERE batch_key = :batchKey ORDER BY created_at, seq`,
        { batchKey },
      );
      return rows.map((row) => this.map.document(row));
    });
  }

  setDocumentFileId(key: string, fileId: string): Promise<void> {
    const columns = sourceColumns({ kind: 'file_id', fileId });
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.documents} SET ${Object.keys(columns)
          .map((c) => `${c} = :${c}`)
          .join(', ')} WHERE key = :key`,
        { ...columns, key },
      );
    });
  }

  countInFlight(): Promise<number> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT COUNT(*) AS n FROM ${this.t.documents} WHERE batch_key IS NOT NULL`,
      );
      return Number(rows[0].n);
    });
  }

  nextRetryAt(): Promise<number | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT MIN(not_before) AS at FROM ${this.t.documents} WHERE ${UNASSIGNED} AND not_before IS NOT NULL`,
      );
      return numOrNull(rows[0].at);
    });
  }

  hasUnassignedDocuments(): Promise<boolean> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(`SELECT 1 AS one FROM ${this.t.documents} WHERE ${UNASSIGNED} LIMIT 1`);
      return rows.length > 0;
    });
  }

  countDocumentsByState(submissionId: string): Promise<Record<DocumentLifecycleState, number>> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT state, COUNT(*) AS n FROM ${this.t.documents} WHERE submission_id = :submissionId GROUP BY state`,
        { submissionId },
      );
      const counts = Object.fromEntries(DOCUMENT_LIFECYCLE_STATES.map((s) => [s, 0])) as Record<
        DocumentLifecycleState,
        number
      >;
      for (const row of rows) counts[row.state as DocumentLifecycleState] = Number(row.n);
      return counts;
    });
  }

  // ---- provider batches and attempts -------------------------------------------------------------

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

  // ---- webhook receipts (inbox) ------------------------------------------------------------------

  recordReceipt(receipt: NewReceipt): Promise<{ id: string; duplicate: boolean }> {
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
      return rows
        .map((row) => ({ ...this.map.receipt(row), seq: Number(row.seq) }))
        .sort((a, b) => a.receivedAt - b.receivedAt || a.seq - b.seq)
        .map(({ seq: _seq, ...receipt }) => receipt);
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

  // ---- events (outbox) -----------------------------------------------------------------------------

  addEvents(events: NewEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.units.atomic(async (exec) => {
      for (const chunk of chunks(events))
        await exec.insert(
          `INSERT INTO ${this.t.events} (id, name, submission_id, document_key, payload, state, attempts, not_before, created_at)`,
          chunk.map((e) => [
            e.id,
            e.name,
            e.submissionId,
            e.documentKey,
            toJson(e.payload),
            'pending',
            0,
            e.createdAt,
            e.createdAt,
          ]),
        );
    });
  }

  claimEvents(args: ClaimOptions): Promise<EventRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.events} SET lease_owner = :owner, lease_until = :until
         WHERE seq IN (
           SELECT seq FROM ${this.t.events} WHERE state = 'pending' AND not_before <= :now AND ${LEASE_FREE}
           ORDER BY created_at, seq LIMIT :limit ${this.text.skipLocked})
         RETURNING *`,
        { owner: args.owner, now: args.now, until: args.now + args.leaseMs, limit: args.limit },
      );
      return byAge(rows.map((row) => ({ ...this.map.event(row), seq: Number(row.seq) }))).map(
        ({ seq: _seq, ...event }) => event,
      );
    });
  }

  completeEvent(id: string): Promise<boolean> {
    return this.units.single(async (exec) => {
      // On PostgreSQL a second dispatcher racing on the same event blocks here on the row lock until
      // the first commits, then matches nothing: it rolls back its handlers' writes.
      const { affected } = await exec(
        `UPDATE ${this.t.events} SET state = 'handled', lease_owner = NULL, lease_until = NULL
         WHERE id = :id AND state = 'pending'`,
        { id },
      );
      return affected === 1;
    });
  }

  failEvent(id: string, args: { attempts: number; error: string; retryAt: number | null }): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.events}
         SET attempts = :attempts, last_error = :error, lease_owner = NULL, lease_until = NULL,
             state = :state, not_before = COALESCE(:retryAt, not_before)
         WHERE id = :id AND state = 'pending'`,
        { id, ...args, state: args.retryAt === null ? 'parked' : 'pending' },
      );
    });
  }

  redriveEvents(args: { submissionId?: string; now: number }): Promise<number> {
    return this.units.single(async (exec) => {
      const { affected } = await exec(
        `UPDATE ${this.t.events} SET state = 'pending', attempts = 0, not_before = :now
         WHERE state = 'parked'${args.submissionId === undefined ? '' : ' AND submission_id = :submissionId'}`,
        { ...args },
      );
      return affected;
    });
  }

  nextEventAt(): Promise<number | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT MIN(not_before) AS at FROM ${this.t.events} WHERE state = 'pending'`,
      );
      return numOrNull(rows[0].at);
    });
  }

  countParkedEvents(submissionId: string): Promise<number> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT COUNT(*) AS n FROM ${this.t.events} WHERE submission_id = :submissionId AND state = 'parked'`,
        { submissionId },
      );
      return Number(rows[0].n);
    });
  }

  // ---- daily quota -------------------------------------------------------------------------------

  reserveQuota(window: string, want: number, limit: number): Promise<number> {
    return this.units.atomic(async (exec) => {
      await exec(
        `INSERT INTO ${this.t.quota} (quota_window, used) VALUES (:window, 0) ON CONFLICT (quota_window) DO NOTHING`,
        { window },
      );
      // The row lock (PostgreSQL) or the write lock (SQLite) holds other processes off until commit.
      const { rows } = await exec(
        `SELECT used FROM ${this.t.quota} WHERE quota_window = :window ${this.text.forUpdate}`,
        { window },
      );
      const used = Number(rows[0].used);
      const granted = Math.max(0, Math.min(want, limit - used));
      if (granted > 0)
        await exec(`UPDATE ${this.t.quota} SET used = :used WHERE quota_window = :window`, {
          window,
          used: used + granted,
        });
      return granted;
    });
  }

  releaseQuota(window: string, count: number): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.quota} SET used = CASE WHEN used > :count THEN used - :count ELSE 0 END
         WHERE quota_window = :window`,
        { window, count },
      );
    });
  }
}
