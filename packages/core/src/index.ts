// Public surface of @docbatch/core. Each area adds its exports here.
export * from './ports/clock.port.js';
export * from './ports/logger.port.js';
export * from './ports/queue.port.js';
export * from './ports/store.port.js';
export * from './store/memory-store.js';
export * from './store/new-pending-document.js';
export * from './ports/webhook-receiver.port.js';
export * from './clock/system-clock.js';
export * from './clock/manual-clock.js';
export * from './queue/in-process-queue.js';
export * from './queue/queue-closed.error.js';
export * from './protocol/index.js';
export * from './awb/index.js';
export * from './webhooks/index.js';
export * from './retry/index.js';
export * from './provider/index.js';
export * from './engine/index.js';
