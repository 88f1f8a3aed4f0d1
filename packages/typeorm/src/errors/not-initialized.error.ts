/** The store was used before the host's DataSource was initialized. */
export class DocbatchNotInitializedError extends Error {
  readonly code = 'DOCBATCH_DATASOURCE_NOT_INITIALIZED';
  constructor() {
    super(
      'The DataSource given to TypeormStore is not initialized yet. Call `await dataSource.initialize()` ' +
        '(Nest and @nestjs/typeorm do this for you) before starting docbatch.',
    );
    this.name = 'DocbatchNotInitializedError';
  }
}
