import { EntitySchema } from 'typeorm';
import { bool, id, int, millis, owner, varchar } from './column-types.js';

export interface DocbatchProviderBatchRow {
  key: string;
  state: string;
  providerBatchId: string | null;
  enhanced: boolean;
  documentCount: number;
  lastProgressAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
}

/** One `POST /v1/batch`; its key is the create call's Idempotency-Key, stored before the call. */
export const DocbatchProviderBatchEntity = new EntitySchema<DocbatchProviderBatchRow>({
  name: 'DocbatchProviderBatch',
  tableName: 'docbatch_provider_batches',
  columns: {
    key: { ...id(), primary: true },
    state: varchar(16),
    providerBatchId: { ...id(true), name: 'provider_batch_id', unique: true },
    enhanced: bool(),
    documentCount: { ...int(), name: 'document_count' },
    lastProgressAt: { ...millis(), name: 'last_progress_at' },
    leaseOwner: { ...owner(), name: 'lease_owner' },
    leaseUntil: { ...millis(true), name: 'lease_until' },
    createdAt: { ...millis(), name: 'created_at' },
  },
  indices: [{ name: 'IDX_docbatch_provider_batches_state', columns: ['state', 'lastProgressAt'] }],
});
