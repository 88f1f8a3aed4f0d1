/**
 * examples/nest-freight, booted as the real Nest app on 127.0.0.1 against the real sandbox: a small
 * corpus goes in by URL and by upload, and every document must end up in exactly one of the app's
 * tables, with the fields printed on the waybill.
 */
import 'reflect-metadata';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { readFreightConfig } from './config/freight.config.js';
import { DocumentFailure } from './shipments/document-failure.entity.js';
import { ShipmentReview } from './shipments/shipment-review.entity.js';
import { Shipment } from './shipments/shipment.entity.js';
import {
  eventually,
  expectedLanding,
  freePort,
  startFreightFixture,
  TIME_SCALE,
  type FreightFixture,
} from '../../../test/examples/support/freight-fixture.js';

describe('examples/nest-freight against the sandbox (SQLite)', () => {
  let fixture: FreightFixture;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    fixture = await startFreightFixture({ count: 40, seed: 9 });
    const port = await freePort();
    const config = readFreightConfig({
      PORT: String(port),
      SQLITE_FILE: path.join(fixture.tmpDir, 'nest-freight.sqlite'),
      KABY_BASE_URL: fixture.sandbox.url,
      KABY_API_KEY: fixture.sandbox.apiKey,
      KABY_WEBHOOK_SECRET: fixture.sandbox.webhookSecret,
      DOCBATCH_RETRY_BASE_MS: String(10_000 * TIME_SCALE),
    });
    app = await NestFactory.create(AppModule.forRoot(config), { logger: false });
    await app.listen(config.port, config.host);
    baseUrl = config.publicUrl;
  });

  afterAll(async () => {
    await app?.close();
    await fixture?.close();
  });

  it('books every waybill exactly once: shipments, reviews and failures, by URL and by upload', async () => {
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
            async ({ id }) =>
              (await (await fetch(`${baseUrl}/imports/${id}`)).json()) as { complete: boolean },
          ),
        );
        return statuses.every((s) => s.complete) ? true : undefined;
      },
      { what: 'both imports to complete' },
    );

    const dataSource = app.get<DataSource>(getDataSourceToken());
    const rows = async () => ({
      shipments: await dataSource.getRepository(Shipment).find(),
      reviews: await dataSource.getRepository(ShipmentReview).find(),
      failures: await dataSource.getRepository(DocumentFailure).find(),
    });
    // Outcomes are final before their handlers have necessarily run; wait for the rows.
    const { shipments, reviews, failures } = await eventually(
      async () => {
        const r = await rows();
        return r.shipments.length + r.reviews.length + r.failures.length >= fixture.documents.length
          ? r
          : undefined;
      },
      { what: 'a row for every document' },
    );
    expect(shipments.length + reviews.length + failures.length).toBe(fixture.documents.length);

    for (const doc of fixture.documents) {
      const expected = expectedLanding(doc.truth);
      const shipment = shipments.find((s) => s.documentId === doc.id);
      const review = reviews.find((r) => r.documentId === doc.id);
      const failure = failures.find((f) => f.documentId === doc.id);
      const landed = shipment ? 'shipment' : review ? 'review' : failure ? 'failure' : 'nowhere';
      expect({ id: doc.id, category: doc.truth.category, landed }).toEqual({
        id: doc.id,
        category: doc.truth.category,
        landed: expected.table,
      });
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

    const page = (await (await fetch(`${baseUrl}/shipments?limit=5`)).json()) as {
      data: unknown[];
      next_after: number;
    };
    expect(page.data).toHaveLength(5);
    expect(page.next_after).toEqual(expect.any(Number));
  });

  it('answers a bad import with 400 naming the document field, and an unknown import with 404', async () => {
    const res = await fetch(`${baseUrl}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ id: 'x' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('documents[0]');
    expect((await fetch(`${baseUrl}/imports/no-such-import`)).status).toBe(404);
  });
});
