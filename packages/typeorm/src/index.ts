// Public surface of @docbatch/typeorm.
export * from './entities/docbatch-entities.js';
export * from './entities/docbatch-submission.entity.js';
export * from './entities/docbatch-document.entity.js';
export * from './entities/docbatch-provider-batch.entity.js';
export * from './entities/docbatch-attempt.entity.js';
export * from './entities/docbatch-receipt.entity.js';
export * from './entities/docbatch-event.entity.js';
export * from './entities/docbatch-quota-usage.entity.js';
export * from './migrations/docbatch-migrations.js';
export * from './migrations/docbatch-init-postgres.migration.js';
export * from './migrations/docbatch-init-sqlite.migration.js';
export * from './store/typeorm-store.js';
export * from './errors/entities-not-registered.error.js';
export * from './errors/migrations-not-run.error.js';
export * from './errors/not-initialized.error.js';
export * from './errors/unsupported-database.error.js';
