/**
 * Real databases for the typeorm suites: a SQLite file (WAL) in a fresh temp dir, or a PostgreSQL
 * schema unique to the suite, dropped afterwards. Entities and migrations are added exactly as a host
 * would add them; `synchronize` is never used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type DataSourceOptions, type EntitySchema, type MigrationInterface } from 'typeorm';
import { POSTGRES_URL, uniqueName } from '../../../../test/support/services.js';
import { DOCBATCH_ENTITIES } from '../entities/docbatch-entities.js';
import {
  DOCBATCH_POSTGRES_MIGRATIONS,
  DOCBATCH_SQLITE_MIGRATIONS,
} from '../migrations/docbatch-migrations.js';

export interface TestDatabase {
  dataSource: DataSource;
  /** SQLite file path or PostgreSQL schema name, so a second DataSource can open the same database. */
  location: string;
  /** Opens another DataSource (another connection/pool) on the same database, as a second process would. */
  openAnother(): Promise<DataSource>;
  close(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Extra host entities (e.g. a table the handler writes to). */
  entities?: EntitySchema<any>[];
  /** Extra host migrations, run after docbatch's. */
  migrations?: (new () => MigrationInterface)[];
  /** Leave docbatch's entities out, to test the start-up check. */
  withoutDocbatchEntities?: boolean;
  /** Skip running migrations. */
  skipMigrations?: boolean;
}

function entitiesOf(options: TestDatabaseOptions) {
  return [...(options.withoutDocbatchEntities ? [] : DOCBATCH_ENTITIES), ...(options.entities ?? [])];
}

export async function openSqlite(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'docbatch-typeorm-'));
  const file = join(dir, 'app.sqlite');
  const make = (): DataSourceOptions => ({
    type: 'better-sqlite3',
    database: file,
    enableWAL: true,
    entities: entitiesOf(options),
    migrations: [...DOCBATCH_SQLITE_MIGRATIONS, ...(options.migrations ?? [])],
  });
  const dataSource = await new DataSource(make()).initialize();
  if (!options.skipMigrations) await dataSource.runMigrations();
  const others: DataSource[] = [];
  return {
    dataSource,
    location: file,
    async openAnother() {
      const other = await new DataSource(make()).initialize();
      others.push(other);
      return other;
    },
    async close() {
      for (const ds of [...others, dataSource]) if (ds.isInitialized) await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgres(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const schema = uniqueName('docbatch');
  const make = (): DataSourceOptions => ({
    type: 'postgres',
    url: POSTGRES_URL,
    schema,
    entities: entitiesOf(options),
    migrations: [...DOCBATCH_POSTGRES_MIGRATIONS, ...(options.migrations ?? [])],
    poolSize: 5,
  });
  const dataSource = new DataSource(make());
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  if (!options.skipMigrations) await dataSource.runMigrations();
  const others: DataSource[] = [];
  return {
    dataSource,
    location: schema,
    async openAnother() {
      const other = await new DataSource(make()).initialize();
      others.push(other);
      return other;
    },
    async close() {
      for (const ds of others) if (ds.isInitialized) await ds.destroy();
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}
