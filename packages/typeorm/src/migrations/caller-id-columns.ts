/** The columns holding a caller's document id (the provider's `doc_id`): [table, column]. */
export const CALLER_ID_COLUMNS: readonly (readonly [string, string])[] = [
  ['docbatch_documents', 'id'],
  ['docbatch_documents', 'active_id'],
  ['docbatch_attempts', 'doc_id'],
  ['docbatch_receipts', 'doc_id'],
];
