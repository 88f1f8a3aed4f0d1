import { EntitySchema } from 'typeorm';
import { id, int, json, millis, owner, seq, text, varchar } from './column-types.js';

export interface DocbatchEventRow {
  seq: number;
  id: string;
  name: string;
  submissionId: string;
  documentKey: string | null;
  payload: unknown;
  state: string;
  attempts: number;
  lastError: string | null;
  notBefore: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
}

/** The outbox: events for user handlers, written with the state change that caused them. */
export const DocbatchEventEntity = new EntitySchema<DocbatchEventRow>({
  name: 'DocbatchEvent',
  tableName: 'docbatch_events',
  columns: {
    seq: seq(),
    id: { ...id(), unique: true },
    name: varchar(32),
    submissionId: { ...id(), name: 'submission_id' },
    documentKey: { ...id(true), name: 'document_key' },
    payload: json(),
    state: varchar(16),
    attempts: int(),
    lastError: { ...text(true), name: 'last_error' },
    notBefore: { ...millis(), name: 'not_before' },
    leaseOwner: { ...owner(), name: 'lease_owner' },
    leaseUntil: { ...millis(true), name: 'lease_until' },
    createdAt: { ...millis(), name: 'created_at' },
  },
  indices: [
    { name: 'IDX_docbatch_events_pending', columns: ['createdAt', 'seq'], where: `state = 'pending'` },
    { name: 'IDX_docbatch_events_submission_state', columns: ['submissionId', 'state'] },
  ],
});
