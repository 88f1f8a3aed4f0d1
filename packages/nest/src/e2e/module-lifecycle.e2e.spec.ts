/**
 * DocbatchModule in real Nest apps against the sandbox: forRootAsync with ConfigService
 * (useFactory and useClass), handler providers made by useFactory and reached through aliases,
 * and graceful shutdown with an in-flight handler.
 */
import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BullModule, getSharedConfigToken } from '@nestjs/bullmq';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { QueueOptions } from 'bullmq';
import { BullMqQueue } from '@docbatch/bullmq';
import { InProcessQueue, type DocumentOutcome, type Queue } from '@docbatch/core';
import {
  DocbatchModule,
  DocbatchService,
  OnBatchComplete,
  OnDocumentComplete,
  type DocbatchModuleOptions,
} from '@docbatch/nest';
import { startSandbox } from '@docbatch/sandbox';
import { REDIS_URL, describeIfRedis, uniqueName } from '../../../../test/support/services.js';
import { freightCorpus, type FreightCorpus } from './freight-corpus.test-helper.js';
import { bootNestHost, eventually, type NestHost } from './nest-host.test-helper.js';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

let corpus: FreightCorpus;
let sandbox: Sandbox;

beforeAll(async () => {
  corpus = await freightCorpus();
  sandbox = await startSandbox({ timeScale: 0.01 });
});
afterAll(async () => {
  await sandbox?.close();
  corpus?.remove();
});

/** Counts calls per document id, to prove each handler ran exactly once per outcome. */
class OutcomeCounter {
  readonly calls = new Map<string, number>();
  batches = 0;

  @OnDocumentComplete()
  complete(outcome: DocumentOutcome): void {
    this.calls.set(outcome.id, (this.calls.get(outcome.id) ?? 0) + 1);
  }

  @OnBatchComplete()
  batchComplete(): void {
    this.batches++;
  }
}

const configModule = (origin: string) =>
  ConfigModule.forRoot({
    ignoreEnvFile: true,
    load: [
      () => ({
        KABY_URL: sandbox.url,
        KABY_API_KEY: sandbox.apiKey,
        KABY_WEBHOOK_SECRET: sandbox.webhookSecret,
        PUBLIC_URL: origin,
      }),
    ],
  });

function optionsFrom(config: ConfigService): DocbatchModuleOptions {
  return {
    provider: { baseUrl: config.getOrThrow('KABY_URL'), apiKey: config.getOrThrow('KABY_API_KEY') },
    webhook: {
      path: 'hooks/kaby',
      url: `${config.getOrThrow('PUBLIC_URL')}/hooks/kaby`,
      secret: config.getOrThrow('KABY_WEBHOOK_SECRET'),
    },
  };
}

/**
 * Submits three waybills and waits until every counter saw batch.complete: that event is written
 * when the last document is final, after the documents' own events, so by then every handler ran.
 */
async function submitAll(host: NestHost, counters: OutcomeCounter[]): Promise<string[]> {
  const docs = corpus.readable.slice(0, 3);
  const docbatch = host.app.get(DocbatchService);
  const submission = await docbatch.submit(docs.map((d) => ({ id: d.id, file: { path: d.path } })));
  await eventually('batch.complete handlers', () => counters.every((c) => c.batches > 0));
  expect((await docbatch.status(submission.id))?.complete).toBe(true);
  return docs.map((d) => d.id);
}

describe('forRootAsync with ConfigService', () => {
  let host: NestHost | undefined;
  afterEach(() => host?.close());

  it('useFactory: handlers of a useFactory provider and of an aliased one each run once per document', async () => {
    const direct = new OutcomeCounter();
    const aliased = new OutcomeCounter();
    host = await bootNestHost((origin) => {
      @Module({
        imports: [
          configModule(origin),
          DocbatchModule.forRootAsync({
            imports: [ConfigModule],
            inject: [ConfigService],
            useFactory: optionsFrom,
          }),
        ],
        providers: [
          // metatype is the factory: the explorer must look at the instance
          { provide: 'FACTORY_HANDLERS', useFactory: () => direct },
          { provide: OutcomeCounter, useValue: aliased },
          { provide: 'ALIASED_HANDLERS', useExisting: OutcomeCounter },
        ],
      })
      class AppModule {}
      return AppModule;
    });

    const ids = await submitAll(host, [direct, aliased]);
    for (const counter of [direct, aliased]) {
      expect(Object.fromEntries(counter.calls)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    }
    expect(direct.batches).toBe(1);
    expect(aliased.batches).toBe(1);
  });

  it('useClass: an options factory class with create()', async () => {
    const counter = new OutcomeCounter();
    @Injectable()
    class DocbatchConfig {
      constructor(@Inject(ConfigService) private readonly config: ConfigService) {}
      create(): DocbatchModuleOptions {
        return optionsFrom(this.config);
      }
    }
    host = await bootNestHost((origin) => {
      @Module({
        imports: [
          configModule(origin),
          DocbatchModule.forRootAsync({ imports: [ConfigModule], useClass: DocbatchConfig }),
        ],
        providers: [{ provide: 'COUNTER', useValue: counter }],
      })
      class AppModule {}
      return AppModule;
    });
    const ids = await submitAll(host, [counter]);
    expect(Object.fromEntries(counter.calls)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
  });
});

describe('application context without HTTP (a worker process)', () => {
  it('runs the engine and its handlers polling-only', async () => {
    const counter = new OutcomeCounter();
    @Module({
      imports: [
        DocbatchModule.forRoot({
          provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
          polling: { staleAfterMs: 50, intervalMs: 50 },
        }),
      ],
      providers: [{ provide: 'COUNTER', useValue: counter }],
    })
    class WorkerModule {}
    const context = await NestFactory.createApplicationContext(WorkerModule, {
      abortOnError: false,
      logger: ['error', 'warn'],
    });
    try {
      const doc = corpus.readable[0]!;
      await context.get(DocbatchService).submit([{ id: doc.id, file: { path: doc.path } }]);
      await eventually('batch.complete', () => counter.batches === 1);
      expect(Object.fromEntries(counter.calls)).toEqual({ [doc.id]: 1 });
    } finally {
      await context.close();
    }
  });
});

describe('handler placement', () => {
  it('refuses to start an app with a handler on a request-scoped provider', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestHandlers {
      @OnDocumentComplete()
      complete(): void {}
    }
    const boot = bootNestHost(
      (origin) => {
        @Module({
          imports: [
            DocbatchModule.forRoot({
              provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
              webhook: { path: 'hooks/kaby', url: `${origin}/hooks/kaby`, secret: sandbox.webhookSecret },
            }),
          ],
          providers: [PerRequestHandlers],
        })
        class AppModule {}
        return AppModule;
      },
      { logger: { log() {}, warn() {}, error() {} } },
    );
    await expect(boot).rejects.toMatchObject({
      code: 'HANDLER_NOT_SINGLETON',
      message: expect.stringContaining('PerRequestHandlers.complete'),
    });
  });
});

describe('graceful shutdown', () => {
  it('app.close() lets an in-flight handler finish, then closes the workers', async () => {
    const events: string[] = [];
    let closeRequested!: () => void;
    const closing = new Promise<void>((resolve) => (closeRequested = resolve));
    const inner = new InProcessQueue();
    // The engine's queue, watched: stop() closes it, which is the signal the handler waits for.
    const queue: Queue = {
      add: (...args) => inner.add(...args),
      process: (...args) => inner.process(...args),
      start: () => inner.start(),
      close: async () => {
        events.push('queue closing');
        closeRequested();
        await inner.close();
        events.push('queue closed');
      },
    };
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));

    @Injectable()
    class SlowHandlers {
      @OnDocumentComplete()
      async complete(outcome: DocumentOutcome): Promise<void> {
        if (events.includes('handler started')) return;
        events.push('handler started');
        entered();
        await closing; // still running when shutdown begins
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`handler finished ${outcome.id}`);
      }
    }

    const host = await bootNestHost((origin) => {
      @Module({
        imports: [
          DocbatchModule.forRoot({
            provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
            webhook: { path: 'hooks/kaby', url: `${origin}/hooks/kaby`, secret: sandbox.webhookSecret },
            queue,
          }),
        ],
        providers: [SlowHandlers],
      })
      class AppModule {}
      return AppModule;
    });
    const doc = corpus.readable[0]!;
    await host.app.get(DocbatchService).submit([{ id: doc.id, file: { path: doc.path } }]);
    await handlerEntered;
    await host.close();
    events.push('app closed');
    expect(events).toEqual([
      'handler started',
      'queue closing',
      `handler finished ${doc.id}`,
      'queue closed',
      'app closed',
    ]);
  });
});

const describeRedis = await describeIfRedis();
describeRedis("BullMQ through the host's @nestjs/bullmq connection", () => {
  it("runs the engine on a BullMqQueue built from BullModule.forRoot's config", async () => {
    const counter = new OutcomeCounter();
    let queue: BullMqQueue | undefined;
    const host = await bootNestHost((origin) => {
      @Module({
        imports: [
          configModule(origin),
          BullModule.forRoot({ connection: { url: REDIS_URL } }),
          DocbatchModule.forRootAsync({
            imports: [ConfigModule],
            inject: [ConfigService, getSharedConfigToken()],
            useFactory: (config: ConfigService, bull: QueueOptions) => ({
              ...optionsFrom(config),
              queue: (queue = new BullMqQueue({ connection: bull.connection, prefix: uniqueName('nest') })),
            }),
          }),
        ],
        providers: [{ provide: 'COUNTER', useValue: counter }],
      })
      class AppModule {}
      return AppModule;
    });
    try {
      const ids = await submitAll(host, [counter]);
      expect(queue).toBeInstanceOf(BullMqQueue);
      expect(Object.fromEntries(counter.calls)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    } finally {
      await host.close();
    }
  });
});
