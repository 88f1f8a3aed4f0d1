export * from './entities/docbatch-entities.js';
export * from './migrations/docbatch-migrations.js';
