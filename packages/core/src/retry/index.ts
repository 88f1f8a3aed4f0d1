export * from './retry-decision.js';
export * from './retry-policy.js';
export * from './classify-outcome.js';
