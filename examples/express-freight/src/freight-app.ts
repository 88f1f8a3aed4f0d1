import express from 'express';
import { createDocbatch, InProcessQueue, type Docbatch } from '@docbatch/core';
import { docbatchRouter } from '@docbatch/express';
import { docbatchEntities, docbatchMigrations, TypeormStore } from '@docbatch/typeorm';
import { DataSource } from 'typeorm';
import { CreateFreightTables1764720000000 } from './1764720000000-create-freight-tables.migration.js';
import { registerFreightHandlers } from './freight-handlers.js';
import { IssueTable, ShipmentTable } from './freight-tables.js';

export interface FreightAppConfig {
  /** Base URL the provider calls back on (this app's address as the provider sees it). */
  publicUrl: string;
  sqliteFile: string;
  provider: { baseUrl: string; apiKey: string };
  webhookSecret: string;
}

export interface FreightApp {
  app: express.Express;
  docbatch: Docbatch;
  dataSource: DataSource;
  stop(): Promise<void>;
}

/** The whole app: one SQLite DataSource shared with docbatch, the webhook router, three routes. */
export async function createFreightApp(config: FreightAppConfig): Promise<FreightApp> {
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: config.sqliteFile,
    enableWAL: true,
    entities: [ShipmentTable, IssueTable, ...docbatchEntities],
    migrations: [...docbatchMigrations('sqlite'), CreateFreightTables1764720000000],
    migrationsRun: true,
  }).initialize();

  const docbatch = createDocbatch({
    provider: config.provider,
    webhook: { secret: config.webhookSecret, url: `${config.publicUrl}/hooks/kaby` },
    store: new TypeormStore(dataSource),
    queue: new InProcessQueue(),
  });
  registerFreightHandlers(docbatch);
  await docbatch.start();

  const app = express();
  // Before any body parser: the router reads the exact bytes the signature covers.
  app.use('/hooks/kaby', docbatchRouter(docbatch));
  app.use(express.json({ limit: '5mb' }));

  app.post('/imports', async (req, res, next) => {
    try {
      const documents = req.body?.documents;
      if (!Array.isArray(documents)) {
        res
          .status(400)
          .json({ error: { code: 'BAD_REQUEST', message: 'documents must be an array of { id, url }' } });
        return;
      }
      const submission = await docbatch.submit(documents, { label: req.body.label });
      res.status(202).json({ id: submission.id, document_count: documents.length });
    } catch (error) {
      next(error);
    }
  });
  app.get('/imports/:id', async (req, res, next) => {
    docbatch.status(req.params.id).then((status) => res.json(status), next);
  });
  app.get('/shipments', async (_req, res, next) => {
    dataSource
      .getRepository(ShipmentTable)
      .find({ order: { id: 'ASC' }, take: 1000 })
      .then((rows) => res.json(rows), next);
  });

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
