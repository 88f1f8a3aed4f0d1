import type { DocumentRecord, DocumentSource } from '../ports/store.port.js';

/** What identifies a document about to be stored; everything else starts at its initial value. */
export interface NewPendingDocument {
  key: string;
  id: string;
  submissionId: string;
  source: DocumentSource;
  /** Engine clock time of the submission: createdAt and updatedAt. */
  now: number;
}

/**
 * A document as submit() stores it: pending, never attempted, no batch. The one place that knows a
 * fresh record's initial state, so the engine, stores and their tests never drift apart.
 */
export function newPendingDocument({
  key,
  id,
  submissionId,
  source,
  now,
}: NewPendingDocument): DocumentRecord {
  return {
    key,
    id,
    submissionId,
    source,
    state: 'pending',
    attempt: 0,
    enhanced: false,
    batchKey: null,
    providerBatchId: null,
    notBefore: null,
    result: null,
    errorCode: null,
    reason: null,
    history: [],
    createdAt: now,
    updatedAt: now,
    finalAt: null,
  };
}
