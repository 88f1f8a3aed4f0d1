export * from './webhook-verification.error.js';
export * from './webhook-secret.js';
export * from './webhook-signer.js';
export * from './webhook-verifier.js';
export { headerValues, firstHeader } from './header-lookup.js';
