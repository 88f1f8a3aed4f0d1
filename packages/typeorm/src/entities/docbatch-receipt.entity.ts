import { EntitySchema } from 'typeorm';
import { callerId, id, json, millis, owner, seq, varchar } from './column-types.js';

export interface DocbatchReceiptRow {
  seq: number;
  id: string;
  dedupeKey: string;
  source: string;
  providerBatchId: string;
  docId: string;
  status: string;
  payload: unknown;
  receivedAt: number;
  processedAt: number | null;
  disposition: string | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

/** The inbox: each webhook (or polled result) stored before it is acknowledged. `dedupe_key` UNIQUE
 * makes recording a duplicate a no-op even when two deliveries race. */
export const DocbatchReceiptEntity = new EntitySchema<DocbatchReceiptRow>({
  name: 'DocbatchReceipt',
  tableName: 'docbatch_receipts',
  columns: {
    seq: seq(),
    id: { ...id(), unique: true },
    dedupeKey: { ...varchar(512), name: 'dedupe_key', unique: true },
    source: varchar(16),
    providerBatchId: { ...id(), name: 'provider_batch_id' },
    docId: { ...callerId(), name: 'doc_id' },
    status: varchar(32),
    payload: json(),
    receivedAt: { ...millis(), name: 'received_at' },
    processedAt: { ...millis(true), name: 'processed_at' },
    disposition: varchar(16, true),
    leaseOwner: { ...owner(), name: 'lease_owner' },
    leaseUntil: { ...millis(true), name: 'lease_until' },
  },
  indices: [
    // Claims scan only the unprocessed receipts, oldest first.
    {
      name: 'IDX_docbatch_receipts_unprocessed',
      columns: ['receivedAt', 'seq'],
      where: 'processed_at IS NULL',
    },
  ],
});
