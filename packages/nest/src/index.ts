// Public surface of @docbatch/nest.
export { DocbatchModule } from './docbatch.module.js';
export { OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } from './docbatch.module-definition.js';
export type {
  DocbatchModuleExtras,
  DocbatchModuleOptions,
  DocbatchNestWebhookOptions,
} from './docbatch-module-options.js';
export { DocbatchService } from './docbatch.service.js';
export { getDocbatchToken, getDocbatchOptionsToken } from './docbatch.tokens.js';
export { InjectDocbatch } from './inject-docbatch.decorator.js';
export {
  OnDocumentComplete,
  type DocumentCompleteFilter,
  type OutcomeStatus,
} from './on-document-complete.decorator.js';
export { OnDocumentFailed, type DocumentFailedFilter } from './on-document-failed.decorator.js';
export { OnDocumentRetry } from './on-document-retry.decorator.js';
export { OnBatchComplete } from './on-batch-complete.decorator.js';
export { DOCBATCH_HANDLERS_METADATA, type DocbatchEvent } from './docbatch-handler.metadata.js';
export { DocbatchNestError, type DocbatchNestErrorCode } from './docbatch-nest.error.js';
export { nestLogger } from './nest-logger.adapter.js';
