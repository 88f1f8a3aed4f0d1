export * from './error-codes.js';
export * from './validation-result.js';
export { isHttpUrl } from './protocol-decorators.js';
export * from './batch-manifest.dto.js';
export * from './awb-result.dto.js';
export * from './document-complete-event.dto.js';
export * from './batch-responses.dto.js';
export * from './document-result.dto.js';
export * from './error-response.dto.js';
