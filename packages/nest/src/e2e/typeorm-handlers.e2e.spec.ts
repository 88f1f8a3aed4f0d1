/**
 * A Nest app with its own TypeORM DataSource (SQLite and PostgreSQL) hands real AWB files to the
 * sandbox; decorated handlers write the results into the app's tables through `ctx.manager`, the
 * transaction of the host's own DataSource (no second connection).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentOutcome, HandlerContext } from '@docbatch/core';
import {
  DocbatchModule,
  DocbatchService,
  OnBatchComplete,
  OnDocumentComplete,
  OnDocumentFailed,
} from '@docbatch/nest';
import { startSandbox } from '@docbatch/sandbox';
import {
  DOCBATCH_ENTITIES,
  DOCBATCH_POSTGRES_MIGRATIONS,
  DOCBATCH_SQLITE_MIGRATIONS,
  TypeormStore,
} from '@docbatch/typeorm';
import { POSTGRES_URL, describeIfPostgres, uniqueName } from '../../../../test/support/services.js';
import { freightCorpus, type FreightCorpus } from './freight-corpus.test-helper.js';
import { CreateHostTables1767225600000, Rejection, Waybill } from './host-tables.test-helper.js';
import { bootNestHost, eventually, type NestHost } from './nest-host.test-helper.js';

@Injectable()
class WaybillHandlers {
  readonly managers: EntityManager[] = [];
  /** How each outcome's last attempt came back: through this app's webhook route, or by polling. */
  readonly via: string[] = [];
  batchesComplete = 0;

  /** Written after the documents' own events: once it ran, so had they. */
  @OnBatchComplete()
  batchComplete(): void {
    this.batchesComplete++;
  }

  @OnDocumentComplete({ status: 'success' })
  async save(outcome: DocumentOutcome, ctx: HandlerContext<EntityManager>): Promise<void> {
    this.managers.push(ctx.manager);
    this.via.push(outcome.attempts.at(-1)!.via);
    await ctx.manager.insert(Waybill, { docId: outcome.id, awbNumber: outcome.result!.awb_number! });
  }

  @OnDocumentFailed({ errorCode: 'CORRUPTED_FILE' })
  async reject(outcome: DocumentOutcome, ctx: HandlerContext<EntityManager>): Promise<void> {
    this.managers.push(ctx.manager);
    this.via.push(outcome.attempts.at(-1)!.via);
    await ctx.manager.insert(Rejection, { docId: outcome.id, errorCode: outcome.errorCode! });
  }
}

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

function hostModule(origin: string, sandbox: Sandbox, database: TypeOrmModuleOptions) {
  @Module({
    imports: [
      TypeOrmModule.forRoot({
        ...database,
        entities: [Waybill, Rejection, ...DOCBATCH_ENTITIES],
        migrationsRun: true,
      } as TypeOrmModuleOptions),
      DocbatchModule.forRootAsync({
        inject: [getDataSourceToken()],
        useFactory: (dataSource: DataSource) => ({
          provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
          webhook: { path: 'hooks/kaby', url: `${origin}/api/hooks/kaby`, secret: sandbox.webhookSecret },
          store: new TypeormStore(dataSource),
        }),
      }),
    ],
    providers: [WaybillHandlers],
  })
  class FreightAppModule {}
  return FreightAppModule;
}

function suite(database: () => Promise<{ options: TypeOrmModuleOptions; drop(): Promise<void> }>) {
  let corpus: FreightCorpus;
  let sandbox: Sandbox;
  let host: NestHost;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    corpus = await freightCorpus();
    sandbox = await startSandbox({ timeScale: 0.01 });
    const db = await database();
    drop = db.drop;
    host = await bootNestHost((origin) => hostModule(origin, sandbox, db.options), { globalPrefix: 'api' });
  });
  afterAll(async () => {
    await host?.close();
    await drop?.();
    await sandbox?.close();
    corpus?.remove();
  });

  it('persists every outcome once, through the host DataSource', async () => {
    const docs = [...corpus.readable, ...corpus.corrupted];
    const docbatch = host.app.get(DocbatchService);
    const submission = await docbatch.submit(docs.map((d) => ({ id: d.id, file: { path: d.path } })));
    const handlers = host.app.get(WaybillHandlers);
    await eventually('batch.complete', () => handlers.batchesComplete === 1);
    expect((await docbatch.status(submission.id))?.complete).toBe(true);

    const dataSource = host.app.get<DataSource>(getDataSourceToken());
    const waybills = await dataSource.getRepository(Waybill).find({ order: { docId: 'ASC' } });
    expect(waybills).toEqual(
      corpus.readable
        .map((d) => ({ docId: d.id, awbNumber: d.awbNumber }))
        .sort((a, b) => a.docId.localeCompare(b.docId)),
    );
    const rejections = await dataSource.getRepository(Rejection).find();
    expect(rejections).toEqual(corpus.corrupted.map((d) => ({ docId: d.id, errorCode: 'CORRUPTED_FILE' })));

    expect(handlers.managers).toHaveLength(docs.length);
    for (const manager of handlers.managers) expect(manager.connection).toBe(dataSource);
    // Polling only starts after 15 quiet minutes: every result came in through the prefixed route.
    expect(handlers.via).toEqual(docs.map(() => 'webhook'));
  });
}

describe('Nest app on SQLite: decorated handlers persist through TypeORM', () => {
  suite(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docbatch-nest-sqlite-'));
    return {
      options: {
        type: 'better-sqlite3',
        database: join(dir, 'freight.sqlite'),
        enableWAL: true,
        migrations: [...DOCBATCH_SQLITE_MIGRATIONS, CreateHostTables1767225600000],
      } as TypeOrmModuleOptions,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });
});

const describePg = await describeIfPostgres();
describePg('Nest app on PostgreSQL: decorated handlers persist through TypeORM', () => {
  suite(async () => {
    const schema = uniqueName('nest');
    const admin = await new DataSource({ type: 'postgres', url: POSTGRES_URL }).initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    return {
      options: {
        type: 'postgres',
        url: POSTGRES_URL,
        schema,
        poolSize: 5,
        migrations: [...DOCBATCH_POSTGRES_MIGRATIONS, CreateHostTables1767225600000],
      } as TypeOrmModuleOptions,
      drop: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.destroy();
      },
    };
  });
});
