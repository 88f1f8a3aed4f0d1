import { EntitySchema } from 'typeorm';
import { bool, callerId, id, int, json, millis, seq, text, varchar } from './column-types.js';

export interface DocbatchDocumentRow {
  seq: number;
  key: string;
  id: string;
  activeId: string | null;
  submissionId: string;
  sourceKind: string;
  url: string | null;
  fileId: string | null;
  contentBase64: string | null;
  path: string | null;
  filename: string | null;
  contentType: string | null;
  state: string;
  attempt: number;
  enhanced: boolean;
  batchKey: string | null;
  providerBatchId: string | null;
  notBefore: number | null;
  result: unknown;
  errorCode: string | null;
  reason: string | null;
  history: unknown;
  createdAt: number;
  updatedAt: number;
  finalAt: number | null;
}

/**
 * A document through its life (pending → submitted → succeeded | needs_review | failed).
 *
 * `active_id` holds the caller's id while the document is not final and NULL afterwards; its UNIQUE
 * index makes "one live document per id" race-free (NULLs never collide in PostgreSQL nor SQLite).
 * Uploaded-later bytes are kept base64 in a text column: TypeORM has no binary column type common
 * to PostgreSQL (bytea) and SQLite (blob), and the bytes only live until the upload succeeds.
 */
export const DocbatchDocumentEntity = new EntitySchema<DocbatchDocumentRow>({
  name: 'DocbatchDocument',
  tableName: 'docbatch_documents',
  columns: {
    seq: seq(),
    key: { ...id(), unique: true },
    id: callerId(),
    activeId: { ...callerId(true), name: 'active_id', unique: true },
    submissionId: { ...id(), name: 'submission_id' },
    sourceKind: { ...varchar(16), name: 'source_kind' },
    url: text(true),
    fileId: { ...id(true), name: 'file_id' },
    contentBase64: { ...text(true), name: 'content_base64' },
    path: text(true),
    filename: text(true),
    contentType: { ...varchar(255, true), name: 'content_type' },
    state: varchar(32),
    attempt: int(),
    enhanced: bool(),
    batchKey: { ...id(true), name: 'batch_key' },
    providerBatchId: { ...id(true), name: 'provider_batch_id' },
    notBefore: { ...millis(true), name: 'not_before' },
    result: json(true),
    errorCode: { ...text(true), name: 'error_code' },
    reason: text(true),
    history: json(),
    createdAt: { ...millis(), name: 'created_at' },
    updatedAt: { ...millis(), name: 'updated_at' },
    finalAt: { ...millis(true), name: 'final_at' },
  },
  indices: [
    { name: 'IDX_docbatch_documents_submission_state', columns: ['submissionId', 'state'] },
    { name: 'IDX_docbatch_documents_batch_key', columns: ['batchKey'] },
    { name: 'IDX_docbatch_documents_provider_batch', columns: ['providerBatchId', 'state'] },
    // Assignment scans only the unassigned documents, oldest first.
    {
      name: 'IDX_docbatch_documents_unassigned',
      columns: ['createdAt', 'seq'],
      where: `batch_key IS NULL AND state IN ('pending', 'retry_scheduled')`,
    },
  ],
});
