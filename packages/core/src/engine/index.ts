export { createDocbatch, type Docbatch, type SubmissionStatus } from './docbatch.js';
export type { DocbatchOptions, DocbatchWebhookOptions } from './docbatch-options.js';
export type {
  BatchCompleteEvent,
  DocbatchEventMap,
  DocbatchHandler,
  DocumentOutcome,
  DocumentRetryEvent,
  HandlerContext,
} from './docbatch-events.js';
export type { SubmitDocument, SubmitOptions, SubmissionHandle } from './submission-intake.js';
export { SubmissionValidationError } from './submission-validation.error.js';
export { DocbatchConfigError } from './docbatch-config.error.js';
export { DocbatchStoppedError } from './docbatch-stopped.error.js';
export type { ProviderPort, PolledDocument } from './provider-port.js';
export { ENGINE_ERROR_CODES } from './engine-error-codes.js';
