import { EntitySchema } from 'typeorm';
import { id, int, millis, text } from './column-types.js';

export interface DocbatchSubmissionRow {
  id: string;
  label: string | null;
  documentCount: number;
  finalCount: number;
  createdAt: number;
}

/** One `submit()` call: a group of documents and how many of them have reached a final state. */
export const DocbatchSubmissionEntity = new EntitySchema<DocbatchSubmissionRow>({
  name: 'DocbatchSubmission',
  tableName: 'docbatch_submissions',
  columns: {
    id: { ...id(), primary: true },
    label: text(true),
    documentCount: { ...int(), name: 'document_count' },
    finalCount: { ...int(), name: 'final_count' },
    createdAt: { ...millis(), name: 'created_at' },
  },
});
