export * from './provider.error.js';
export * from './provider-client.js';
export { parseRetryAfter } from './retry-after.js';
export type { UploadInput, UploadOptions } from './upload-body.js';
