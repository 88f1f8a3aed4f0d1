/**
 * examples/express-freight on 127.0.0.1 against the real sandbox: a small corpus by URL, and every
 * document in exactly one of the app's two tables.
 */
import path from 'node:path';
import { createFreightApp, type FreightApp } from './freight-app.js';
import { IssueTable, ShipmentTable } from './freight-tables.js';
import {
  eventually,
  expectedLanding,
  listenOnFreePort,
  startFreightFixture,
  TIME_SCALE,
  type FreightFixture,
} from '../../../test/examples/support/freight-fixture.js';

describe('examples/express-freight against the sandbox (SQLite)', () => {
  let fixture: FreightFixture;
  let freight: FreightApp;
  let http: Awaited<ReturnType<typeof listenOnFreePort>>;
  let baseUrl: string;

  beforeAll(async () => {
    fixture = await startFreightFixture({ count: 30, seed: 11 });
    http = await listenOnFreePort();
    baseUrl = http.url;
    freight = await createFreightApp({
      publicUrl: baseUrl,
      sqliteFile: path.join(fixture.tmpDir, 'express-freight.sqlite'),
      provider: { baseUrl: fixture.sandbox.url, apiKey: fixture.sandbox.apiKey },
      webhookSecret: fixture.sandbox.webhookSecret,
      retry: { baseDelayMs: 10_000 * TIME_SCALE },
    });
    http.server.on('request', freight.app);
  });

  afterAll(async () => {
    await http?.close();
    await freight?.stop();
    await fixture?.close();
  });

  it('lands every waybill once: shipments with the printed fields, the rest as issues', async () => {
    const res = await fetch(`${baseUrl}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        documents: fixture.documents.map((d) => ({ id: d.id, url: fixture.urlOf(d) })),
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    await eventually(
      async () => {
        const status = (await (await fetch(`${baseUrl}/imports/${id}`)).json()) as { complete: boolean };
        return status.complete ? true : undefined;
      },
      { what: 'the import to complete' },
    );
    const shipments = freight.dataSource.getRepository(ShipmentTable);
    const issues = freight.dataSource.getRepository(IssueTable);
    await eventually(
      async () =>
        (await shipments.count()) + (await issues.count()) >= fixture.documents.length ? true : undefined,
      { what: 'a row for every document' },
    );
    const booked = await shipments.find();
    const flagged = await issues.find();
    expect(booked.length + flagged.length).toBe(fixture.documents.length);

    for (const doc of fixture.documents) {
      const expected = expectedLanding(doc.truth);
      const shipment = booked.find((s) => s.documentId === doc.id);
      const issue = flagged.find((i) => i.documentId === doc.id);
      const landed = shipment ? 'shipment' : (issue?.kind ?? 'nowhere');
      expect({ id: doc.id, landed }).toEqual({ id: doc.id, landed: expected.table });
      if (shipment) expect(shipment.awbNumber).toBe(doc.truth.fields!.awb_number);
      if (expected.table === 'failure') expect(issue!.reason).toBe(expected.errorCode);
    }

    const listed = (await (await fetch(`${baseUrl}/shipments`)).json()) as unknown[];
    expect(listed).toHaveLength(booked.length);
  });

  it('refuses an import that is not a list of documents', async () => {
    const res = await fetch(`${baseUrl}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: 'awb.pdf' }),
    });
    expect(res.status).toBe(400);
  });
});
