import {
  DOCUMENT_LIFECYCLE_STATES,
  DocumentIdConflictError,
  isFinalState,
  type DocumentLifecycleState,
  type DocumentPatch,
  type DocumentRecord,
  type SubmissionRecord,
} from '@docbatch/core';
import { numOrNull, sourceColumns, storableText, toJson } from './row-mappers.js';
import type { SqlExec } from './sql-exec.js';
import { chunks, oldestFirst, SqlArea } from './sql-area.js';

/** Insert order of a document's columns; documentValues() follows it. */
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

/** DocumentPatch field → column and how its value is stored. */
const PATCH_COLUMNS: Record<keyof DocumentPatch, [string, (v: any) => unknown]> = {
  state: ['state', (v) => v],
  enhanced: ['enhanced', (v) => v],
  batchKey: ['batch_key', (v) => v],
  notBefore: ['not_before', (v) => v],
  result: ['result', toJson],
  errorCode: ['error_code', (v) => v],
  reason: ['reason', storableText],
  history: ['history', toJson],
  updatedAt: ['updated_at', (v) => v],
  finalAt: ['final_at', (v) => v],
};

/** Submissions and their documents: intake, the attempt fence (compare-and-set), assignment to batches. */
export class DocumentSql extends SqlArea {
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
      storableText(d.reason),
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
      return oldestFirst(
        rows,
        (row) => this.map.document(row),
        (doc) => doc.createdAt,
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
}
