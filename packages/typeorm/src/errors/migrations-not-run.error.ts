/**
 * Thrown at start when docbatch's schema is not there: its tables are missing (the migrations never
 * ran), or a docbatch migration listed in the DataSource has not run yet (docbatch was upgraded).
 */
export class DocbatchMigrationsNotRunError extends Error {
  readonly code = 'DOCBATCH_MIGRATIONS_NOT_RUN';
  /** @param problem what is missing, e.g. `docbatch's table "docbatch_documents" is not in the database` */
  constructor(problem: string, cause?: unknown) {
    super(
      `${problem}. Run the migrations (dataSource.runMigrations(), ` +
        `or \`typeorm migration:run\`) with DOCBATCH_POSTGRES_MIGRATIONS / DOCBATCH_SQLITE_MIGRATIONS in the DataSource's migrations.`,
      { cause },
    );
    this.name = 'DocbatchMigrationsNotRunError';
  }
}
