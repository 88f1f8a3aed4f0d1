/** Thrown at start when docbatch's tables are missing: the entities are registered but the migrations never ran. */
export class DocbatchMigrationsNotRunError extends Error {
  readonly code = 'DOCBATCH_MIGRATIONS_NOT_RUN';
  constructor(table: string, cause: unknown) {
    super(
      `docbatch's table ${table} is not in the database. Run the migrations (dataSource.runMigrations(), ` +
        `or \`typeorm migration:run\`) with DOCBATCH_POSTGRES_MIGRATIONS / DOCBATCH_SQLITE_MIGRATIONS in the DataSource's migrations.`,
      { cause },
    );
    this.name = 'DocbatchMigrationsNotRunError';
  }
}
