import express, { type ErrorRequestHandler } from 'express';
import { createDocbatch, InProcessQueue, SubmissionValidationError, type Docbatch } from '@docbatch/core';
import { docbatchRouter } from '@docbatch/express';
import { DOCBATCH_ENTITIES, DOCBATCH_SQLITE_MIGRATIONS, TypeormStore } from '@docbatch/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CreateFreightTables1764800000000 } from './1764800000000-create-freight-tables.migration.js';
import { registerFreightHandlers } from './freight-handlers.js';
import { IssueTable, ShipmentTable } from './freight-tables.js';

export interface FreightAppConfig {
  /** Base URL the provider calls back on (this app's address as the provider sees it). */
  publicUrl: string;
  sqliteFile: string;
  provider: { baseUrl: string; apiKey: string };
  webhookSecret: string;
  /** Backoff of transient failures; docbatch's default starts at 10 s. */
  retry?: { baseDelayMs?: number };
}

export interface FreightApp {
  app: express.Express;
  docbatch: Docbatch<EntityManager>;
  dataSource: DataSource;
  stop(): Promise<void>;
}

/** The whole app: one SQLite DataSource shared with docbatch, the webhook router, three routes. */
export async function createFreightApp(config: FreightAppConfig): Promise<FreightApp> {
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: config.sqliteFile,
    enableWAL: true,
    entities: [ShipmentTable, IssueTable, ...DOCBATCH_ENTITIES],
    migrations: [...DOCBATCH_SQLITE_MIGRATIONS, CreateFreightTables1764800000000],
    migrationsRun: true,
  }).initialize();

  const docbatch = createDocbatch({
    provider: config.provider,
    webhook: { secret: config.webhookSecret, url: `${config.publicUrl}/hooks/kaby` },
    store: new TypeormStore(dataSource),
    queue: new InProcessQueue(),
    retry: config.retry,
  });
  registerFreightHandlers(docbatch);
  await docbatch.start();

  const app = express();
  // Before any body parser: the router reads the exact bytes the signature covers.
  app.use('/hooks/kaby', docbatchRouter(docbatch));
  app.use(express.json({ limit: '5mb' }));

  app.post('/imports', async (req, res) => {
    const documents = req.body?.documents;
    if (!Array.isArray(documents)) {
      res
        .status(400)
        .json({ error: { code: 'BAD_REQUEST', message: 'documents must be an array of { id, url }' } });
      return;
    }
    const submission = await docbatch.submit(documents, { label: req.body.label });
    res.status(202).json({ id: submission.id, document_count: documents.length });
  });
  app.get('/imports/:id', async (req, res) => {
    const status = await docbatch.status(req.params.id);
    if (status) res.json(status);
    else res.status(404).json({ error: { code: 'NOT_FOUND', message: `no import ${req.params.id}` } });
  });
  app.get('/shipments', async (_req, res) => {
    res.json(await dataSource.getRepository(ShipmentTable).find({ order: { id: 'ASC' }, take: 1000 }));
  });
  app.use(submissionErrors);

  return {
    app,
    docbatch,
    dataSource,
    async stop() {
      await docbatch.stop();
      await dataSource.destroy();
    },
  };
}

/** docbatch refused the submission (nothing stored): say which document and why. */
const submissionErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (!(error instanceof SubmissionValidationError)) return next(error);
  res.status(400).json({ error: { code: error.code, message: error.message, details: error.errors } });
};
