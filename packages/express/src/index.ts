// Public surface of @docbatch/express.
export { docbatchRouter } from './docbatch-router.js';
export { captureRawBody } from './capture-raw-body.js';
export {
  DEFAULT_BODY_LIMIT,
  type DocbatchRouter,
  type DocbatchRouterOptions,
  type NextFn,
  type StatusEndpointsOptions,
  type SubmissionStatusSource,
} from './router-options.js';
export { WebhookRequestError, type WebhookRequestErrorCode } from './webhook-request.error.js';
export { RouterConfigError } from './router-config.error.js';
