/** docbatch's tables, children before parents: the order a `down` migration drops them in. */
export const DOCBATCH_TABLES_DROP_ORDER = [
  'docbatch_quota_usage',
  'docbatch_events',
  'docbatch_receipts',
  'docbatch_attempts',
  'docbatch_provider_batches',
  'docbatch_documents',
  'docbatch_submissions',
] as const;
