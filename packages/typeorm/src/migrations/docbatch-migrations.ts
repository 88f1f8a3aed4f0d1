import { DocbatchCallerIdsPostgres1796256000000 } from './docbatch-caller-ids-postgres.migration.js';
import { DocbatchCallerIdsSqlite1796256000000 } from './docbatch-caller-ids-sqlite.migration.js';
import { DocbatchInitPostgres1764720000000 } from './docbatch-init-postgres.migration.js';
import { DocbatchInitSqlite1764720000000 } from './docbatch-init-sqlite.migration.js';

/** Add to your DataSource's `migrations` on PostgreSQL. New docbatch versions append, never edit. */
export const DOCBATCH_POSTGRES_MIGRATIONS = [
  DocbatchInitPostgres1764720000000,
  DocbatchCallerIdsPostgres1796256000000,
];

/** Add to your DataSource's `migrations` on SQLite (better-sqlite3). */
export const DOCBATCH_SQLITE_MIGRATIONS = [
  DocbatchInitSqlite1764720000000,
  DocbatchCallerIdsSqlite1796256000000,
];
