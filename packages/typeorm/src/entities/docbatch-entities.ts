import { DocbatchAttemptEntity } from './docbatch-attempt.entity.js';
import { DocbatchDocumentEntity } from './docbatch-document.entity.js';
import { DocbatchEventEntity } from './docbatch-event.entity.js';
import { DocbatchProviderBatchEntity } from './docbatch-provider-batch.entity.js';
import { DocbatchQuotaUsageEntity } from './docbatch-quota-usage.entity.js';
import { DocbatchReceiptEntity } from './docbatch-receipt.entity.js';
import { DocbatchSubmissionEntity } from './docbatch-submission.entity.js';

/** Add these to your DataSource's `entities` (next to your own). */
export const DOCBATCH_ENTITIES = [
  DocbatchSubmissionEntity,
  DocbatchDocumentEntity,
  DocbatchProviderBatchEntity,
  DocbatchAttemptEntity,
  DocbatchReceiptEntity,
  DocbatchEventEntity,
  DocbatchQuotaUsageEntity,
] as const;
