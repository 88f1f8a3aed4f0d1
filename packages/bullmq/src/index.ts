// Public surface of @docbatch/bullmq.
export * from './bullmq-queue.js';
export * from './bullmq-queue-options.js';
