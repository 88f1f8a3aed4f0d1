import type {
  AttemptRef,
  DocumentRecord,
  DocumentSource,
  EventRecord,
  ProviderBatchRecord,
  ReceiptRecord,
  SubmissionRecord,
} from '@docbatch/core';
import type { SqlDialect } from '../sql-dialect.js';

/**
 * Raw rows → the port's records. Raw SQL returns driver values: PostgreSQL gives bigint as string
 * and json parsed; SQLite gives booleans as 0/1 and json as text.
 */
export class RowMappers {
  constructor(private readonly dialect: SqlDialect) {}

  json(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    return this.dialect === 'sqlite' ? JSON.parse(value as string) : value;
  }

  submission(row: any): SubmissionRecord {
    return {
      id: row.id,
      label: row.label,
      documentCount: Number(row.document_count),
      finalCount: Number(row.final_count),
      createdAt: Number(row.created_at),
    };
  }

  document(row: any): DocumentRecord {
    return {
      key: row.key,
      id: row.id,
      submissionId: row.submission_id,
      source: source(row),
      state: row.state,
      attempt: Number(row.attempt),
      enhanced: Boolean(row.enhanced),
      batchKey: row.batch_key,
      providerBatchId: row.provider_batch_id,
      notBefore: numOrNull(row.not_before),
      result: this.json(row.result),
      errorCode: row.error_code,
      reason: row.reason,
      history: (this.json(row.history) ?? []) as DocumentRecord['history'],
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
      finalAt: numOrNull(row.final_at),
    };
  }

  batch(row: any): ProviderBatchRecord {
    return {
      key: row.key,
      state: row.state,
      providerBatchId: row.provider_batch_id,
      enhanced: Boolean(row.enhanced),
      documentCount: Number(row.document_count),
      lastProgressAt: Number(row.last_progress_at),
      leaseOwner: row.lease_owner,
      leaseUntil: numOrNull(row.lease_until),
      createdAt: Number(row.created_at),
    };
  }

  attempt(row: any): AttemptRef {
    return {
      providerBatchId: row.provider_batch_id,
      docId: row.doc_id,
      documentKey: row.document_key,
      attempt: Number(row.attempt),
    };
  }

  receipt(row: any): ReceiptRecord {
    return {
      id: row.id,
      dedupeKey: row.dedupe_key,
      source: row.source,
      providerBatchId: row.provider_batch_id,
      docId: row.doc_id,
      status: row.status,
      payload: this.json(row.payload),
      receivedAt: Number(row.received_at),
      processedAt: numOrNull(row.processed_at),
      disposition: row.disposition,
      leaseOwner: row.lease_owner,
      leaseUntil: numOrNull(row.lease_until),
    };
  }

  event(row: any): EventRecord {
    return {
      id: row.id,
      name: row.name,
      submissionId: row.submission_id,
      documentKey: row.document_key,
      payload: this.json(row.payload),
      state: row.state,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      notBefore: Number(row.not_before),
      leaseOwner: row.lease_owner,
      leaseUntil: numOrNull(row.lease_until),
      createdAt: Number(row.created_at),
    };
  }
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Free text that comes from outside (a provider's error message, a handler's error) for a text
 * column: PostgreSQL text cannot hold U+0000 and would refuse the whole write, wedging the document
 * or event it belongs to, so NUL becomes U+FFFD (on SQLite too, so both stores read back the same).
 */
export function storableText(value: string | null): string | null {
  return value === null ? null : value.replaceAll('\u0000', '\ufffd');
}

/** JSON for a json column; SQL NULL for null/undefined. */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function source(row: any): DocumentSource {
  const named = {
    ...(row.filename !== null ? { filename: row.filename as string } : {}),
    ...(row.content_type !== null ? { contentType: row.content_type as string } : {}),
  };
  switch (row.source_kind) {
    case 'url':
      return { kind: 'url', url: row.url };
    case 'file_id':
      return { kind: 'file_id', fileId: row.file_id };
    case 'content': {
      const bytes = Buffer.from(row.content_base64 as string, 'base64');
      return {
        kind: 'content',
        content: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        ...named,
      };
    }
    default:
      return { kind: 'path', path: row.path, ...named };
  }
}

/** The source's columns, all of them, so that switching kinds clears the others. */
export function sourceColumns(source: DocumentSource) {
  return {
    source_kind: source.kind,
    url: source.kind === 'url' ? source.url : null,
    file_id: source.kind === 'file_id' ? source.fileId : null,
    content_base64: source.kind === 'content' ? Buffer.from(source.content).toString('base64') : null,
    path: source.kind === 'path' ? source.path : null,
    filename: source.kind === 'content' || source.kind === 'path' ? (source.filename ?? null) : null,
    content_type: source.kind === 'content' || source.kind === 'path' ? (source.contentType ?? null) : null,
  };
}
