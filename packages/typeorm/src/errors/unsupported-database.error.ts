/** The host's DataSource is neither PostgreSQL nor better-sqlite3. */
export class DocbatchUnsupportedDatabaseError extends Error {
  readonly code = 'DOCBATCH_UNSUPPORTED_DATABASE';
  constructor(type: string) {
    super(
      `@docbatch/typeorm supports DataSource type "postgres" and "better-sqlite3"; this DataSource is "${type}".`,
    );
    this.name = 'DocbatchUnsupportedDatabaseError';
  }
}
