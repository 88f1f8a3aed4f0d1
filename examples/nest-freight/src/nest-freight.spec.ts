/**
 * examples/nest-freight, booted as the real Nest app on 127.0.0.1 against the real sandbox: a small
 * corpus goes in by URL and by upload, and every document must end up in exactly one of the app's
 * tables, with the fields printed on the waybill. Once on SQLite with the in-process queue (the
 * defaults), once on PostgreSQL with BullMQ on Redis (DATABASE_URL, REDIS_URL).
 */
import 'reflect-metadata';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { readFreightConfig } from './config/freight.config.js';
import { DocumentFailure } from './shipments/document-failure.entity.js';
import { ShipmentReview } from './shipments/shipment-review.entity.js';
import { Shipment } from './shipments/shipment.entity.js';
import {
  describeIfPostgres,
  describeIfRedis,
  POSTGRES_URL,
  REDIS_URL,
  uniqueName,
} from '../../../test/support/services.js';
import {
  eventually,
  expectedLanding,
  listenOnFreePort,
  startFreightFixture,
  TIME_SCALE,
  type FreightFixture,
} from '../../../test/examples/support/freight-fixture.js';

interface RunningApp {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

async function startApp(fixture: FreightFixture, env: Record<string, string>): Promise<RunningApp> {
  const http = await listenOnFreePort();
  const config = readFreightConfig({
    PUBLIC_URL: http.url,
    KABY_BASE_URL: fixture.sandbox.url,
    KABY_API_KEY: fixture.sandbox.apiKey,
    KABY_WEBHOOK_SECRET: fixture.sandbox.webhookSecret,
    DOCBATCH_RETRY_BASE_MS: String(10_000 * TIME_SCALE),
    ...env,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
  await app.init();
  http.server.on('request', app.getHttpAdapter().getInstance());
  return {
    app,
    baseUrl: http.url,
    async close() {
      await http.close();
      await app.close();
    },
  };
}

/** Half the corpus by URL, half uploaded through the app; resolves when every row is written. */
async function importCorpus({ app, baseUrl }: RunningApp, fixture: FreightFixture) {
  const byUrl = fixture.documents.filter((_, i) => i % 2 === 0);
  const uploaded = fixture.documents.filter((_, i) => i % 2 === 1);
  const urlImport = await fetch(`${baseUrl}/imports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      label: 'by url',
      documents: byUrl.map((d) => ({ id: d.id, url: fixture.urlOf(d) })),
    }),
  });
  expect(urlImport.status).toBe(202);
  const form = new FormData();
  for (const doc of uploaded) form.append('files', new Blob([await readFile(doc.file)]), doc.filename);
  const fileImport = await fetch(`${baseUrl}/imports/files`, { method: 'POST', body: form });
  expect(fileImport.status).toBe(202);
  const imports = [(await urlImport.json()) as { id: string }, (await fileImport.json()) as { id: string }];

  await eventually(
    async () => {
      const statuses = await Promise.all(
        imports.map(
          async ({ id }) => (await (await fetch(`${baseUrl}/imports/${id}`)).json()) as { complete: boolean },
        ),
      );
      return statuses.every((s) => s.complete) ? true : undefined;
    },
    { what: 'both imports to complete' },
  );

  const dataSource = app.get<DataSource>(getDataSourceToken());
  // Outcomes are final before their handlers have necessarily run; wait for the rows.
  return eventually(
    async () => {
      const books = {
        shipments: await dataSource.getRepository(Shipment).find(),
        reviews: await dataSource.getRepository(ShipmentReview).find(),
        failures: await dataSource.getRepository(DocumentFailure).find(),
      };
      const rows = books.shipments.length + books.reviews.length + books.failures.length;
      return rows >= fixture.documents.length ? books : undefined;
    },
    { what: 'a row for every document' },
  );
}

function expectBooksMatchCorpus(
  books: Awaited<ReturnType<typeof importCorpus>>,
  fixture: FreightFixture,
): void {
  const { shipments, reviews, failures } = books;
  expect(shipments.length + reviews.length + failures.length).toBe(fixture.documents.length);
  for (const doc of fixture.documents) {
    const expected = expectedLanding(doc.truth);
    const shipment = shipments.find((s) => s.documentId === doc.id);
    const review = reviews.find((r) => r.documentId === doc.id);
    const failure = failures.find((f) => f.documentId === doc.id);
    const landed = shipment ? 'shipment' : review ? 'review' : failure ? 'failure' : 'nowhere';
    const category = doc.truth.category;
    expect({ id: doc.id, category, landed }).toEqual({ id: doc.id, category, landed: expected.table });
    if (shipment) {
      const f = doc.truth.fields!;
      expect(shipment).toMatchObject({
        awbNumber: f.awb_number,
        origin: f.origin,
        destination: f.destination,
        shipper: f.shipper,
        consignee: f.consignee,
        pieces: f.pieces,
        grossWeight: f.gross_weight,
        weightUnit: f.gross_weight_unit,
        pages: doc.truth.pages,
      });
    }
    if (failure) expect(failure.errorCode).toBe(expected.errorCode);
    if (review) expect(review.reason).not.toBe('');
  }
  // The corpus exercises every table.
  expect(shipments.length).toBeGreaterThan(0);
  expect(reviews.length).toBeGreaterThan(0);
  expect(failures.length).toBeGreaterThan(0);
}

describe('examples/nest-freight against the sandbox (SQLite, in-process queue)', () => {
  let fixture: FreightFixture;
  let running: RunningApp;

  beforeAll(async () => {
    fixture = await startFreightFixture({ count: 40, seed: 9 });
    running = await startApp(fixture, { SQLITE_FILE: path.join(fixture.tmpDir, 'nest-freight.sqlite') });
  });

  afterAll(async () => {
    await running?.close();
    await fixture?.close();
  });

  it('books every waybill exactly once: shipments, reviews and failures, by URL and by upload', async () => {
    expectBooksMatchCorpus(await importCorpus(running, fixture), fixture);

    const page = await fetch(`${running.baseUrl}/shipments?limit=5`);
    const body = (await page.json()) as { data: unknown[]; next_after: number | null };
    expect(body.data).toHaveLength(5);
    expect(body.next_after).toEqual(expect.any(Number));
  });

  it('answers a bad import with 400 naming the document field, and an unknown import with 404', async () => {
    const res = await fetch(`${running.baseUrl}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ id: 'x' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('documents[0]');
    expect((await fetch(`${running.baseUrl}/imports/no-such-import`)).status).toBe(404);
    expect((await fetch(`${running.baseUrl}/shipments?limit=0`)).status).toBe(400);
  });
});

const withPostgres = await describeIfPostgres();
const withPostgresAndRedis = withPostgres === describe ? await describeIfRedis() : withPostgres;

withPostgresAndRedis('examples/nest-freight against the sandbox (PostgreSQL, BullMQ)', () => {
  const database = uniqueName('nest_freight');
  const redisPrefix = uniqueName('freight');
  let admin: pg.Client;
  let fixture: FreightFixture;
  let running: RunningApp;

  beforeAll(async () => {
    // A database of its own: the app's migrations create its tables from nothing, as in production.
    admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const databaseUrl = new URL(POSTGRES_URL);
    databaseUrl.pathname = `/${database}`;
    fixture = await startFreightFixture({ count: 40, seed: 13 });
    running = await startApp(fixture, {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL,
      REDIS_PREFIX: redisPrefix,
    });
  });

  afterAll(async () => {
    await running?.close();
    await fixture?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('books every waybill exactly once through BullMQ workers into PostgreSQL', async () => {
    expectBooksMatchCorpus(await importCorpus(running, fixture), fixture);
  });
});
