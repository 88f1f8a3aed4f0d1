/** Thrown at start when the host's DataSource does not know docbatch's entities. */
export class DocbatchEntitiesNotRegisteredError extends Error {
  readonly code = 'DOCBATCH_ENTITIES_NOT_REGISTERED';
  constructor(readonly missing: string[]) {
    super(
      `docbatch's entities are not registered in this DataSource (missing: ${missing.join(', ')}). ` +
        `Add them where you list your own: new DataSource({ entities: [...yourEntities, ...DOCBATCH_ENTITIES], ` +
        `migrations: [...yourMigrations, ...DOCBATCH_POSTGRES_MIGRATIONS] }) (or DOCBATCH_SQLITE_MIGRATIONS), ` +
        `imported from '@docbatch/typeorm'.`,
    );
    this.name = 'DocbatchEntitiesNotRegisteredError';
  }
}
