/** A column whose declared type a later migration changes: [table, column, before, after]. */
export type ColumnChange = readonly [table: string, column: string, before: ColumnType, after: ColumnType];
export interface ColumnType {
  type: 'varchar' | 'text';
  /** varchar only. */
  length?: number;
}

/**
 * What DocbatchWiderColumns* changes. Caller document ids go to 255 characters, what core's submit()
 * accepts (PostgreSQL refused more than 128 with "value too long"). `error_code` becomes text: an
 * unknown code is kept as the provider wrote it, and a long one must not stop its webhook from
 * being applied.
 */
export const WIDENED_COLUMNS: readonly ColumnChange[] = [
  ['docbatch_documents', 'id', { type: 'varchar', length: 128 }, { type: 'varchar', length: 255 }],
  ['docbatch_documents', 'active_id', { type: 'varchar', length: 128 }, { type: 'varchar', length: 255 }],
  ['docbatch_documents', 'error_code', { type: 'varchar', length: 64 }, { type: 'text' }],
  ['docbatch_attempts', 'doc_id', { type: 'varchar', length: 128 }, { type: 'varchar', length: 255 }],
  ['docbatch_receipts', 'doc_id', { type: 'varchar', length: 128 }, { type: 'varchar', length: 255 }],
];
