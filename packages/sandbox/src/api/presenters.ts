import type { BatchStatusResponse, DocumentCompleteEvent, DocumentResultResponse } from '@docbatch/core';
import type { BatchRecord, DocumentRecord } from '../state/sandbox-records.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentBatch(batch: BatchRecord): BatchStatusResponse {
  const counts = { queued: 0, processing: 0, success: 0, partial: 0, failed: 0 };
  for (const doc of batch.documents) counts[doc.status]++;
  const status =
    batch.unfinished === 0 ? 'complete' : counts.queued === batch.documents.length ? 'queued' : 'processing';
  return {
    batch_id: batch.id,
    status,
    document_count: batch.documents.length,
    counts,
    created_at: iso(batch.createdAt),
    completed_at: batch.completedAt === null ? null : iso(batch.completedAt),
  };
}

/**
 * One document as the polling endpoint shows it. `error_message` is a sandbox extra (unknown fields
 * are ignored by clients): it says what exactly was wrong with a failed file.
 */
export function presentDocument(
  batch: BatchRecord,
  doc: DocumentRecord,
): DocumentResultResponse & { error_message?: string } {
  const done = doc.status === 'success' || doc.status === 'partial' || doc.status === 'failed';
  return {
    batch_id: batch.id,
    doc_id: doc.ref.id,
    status: doc.status,
    result: doc.result,
    error_code: doc.errorCode,
    ...(doc.errorMessage ? { error_message: doc.errorMessage } : {}),
    processing_ms: done ? doc.processingMs : null,
    ...(doc.webhook ? { webhook: { state: doc.webhook.state, attempts: doc.webhook.attempts } } : {}),
  };
}

export function presentEvent(batch: BatchRecord, doc: DocumentRecord): DocumentCompleteEvent {
  if (doc.status !== 'success' && doc.status !== 'partial' && doc.status !== 'failed') {
    throw new Error(`document ${doc.ref.id} is not finished`);
  }
  return {
    event: 'document.complete',
    batch_id: batch.id,
    doc_id: doc.ref.id,
    status: doc.status,
    result: doc.result,
    ...(doc.status === 'failed' ? { error_code: doc.errorCode } : {}),
    processing_ms: doc.processingMs ?? 0,
  };
}
