import { EntitySchema } from 'typeorm';
import { callerId, id, int } from './column-types.js';

export interface DocbatchAttemptRow {
  providerBatchId: string;
  docId: string;
  documentKey: string;
  attempt: number;
}

/** (provider batch, doc id) → which document and attempt it was: a late webhook of an old attempt is told apart. */
export const DocbatchAttemptEntity = new EntitySchema<DocbatchAttemptRow>({
  name: 'DocbatchAttempt',
  tableName: 'docbatch_attempts',
  columns: {
    providerBatchId: { ...id(), name: 'provider_batch_id', primary: true },
    docId: { ...callerId(), name: 'doc_id', primary: true },
    documentKey: { ...id(), name: 'document_key' },
    attempt: int(),
  },
});
