import { DocbatchWiderColumnsPostgres1796256000000 } from './docbatch-wider-columns-postgres.migration.js';
import { DocbatchWiderColumnsSqlite1796256000000 } from './docbatch-wider-columns-sqlite.migration.js';
import { DocbatchInitPostgres1764720000000 } from './docbatch-init-postgres.migration.js';
import { DocbatchInitSqlite1764720000000 } from './docbatch-init-sqlite.migration.js';

/** Add to your DataSource's `migrations` on PostgreSQL. New docbatch versions append, never edit. */
export const DOCBATCH_POSTGRES_MIGRATIONS = [
  DocbatchInitPostgres1764720000000,
  DocbatchWiderColumnsPostgres1796256000000,
];

/** Add to your DataSource's `migrations` on SQLite (better-sqlite3). */
export const DOCBATCH_SQLITE_MIGRATIONS = [
  DocbatchInitSqlite1764720000000,
  DocbatchWiderColumnsSqlite1796256000000,
];
