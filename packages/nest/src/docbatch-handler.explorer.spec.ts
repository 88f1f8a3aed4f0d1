import { Injectable, Module, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DocbatchHandlerExplorer, type DiscoveredHandler } from './docbatch-handler.explorer.js';
import { OnBatchComplete } from './on-batch-complete.decorator.js';
import { OnDocumentComplete } from './on-document-complete.decorator.js';
import { OnDocumentFailed } from './on-document-failed.decorator.js';
import { OnDocumentRetry } from './on-document-retry.decorator.js';

@Injectable()
class InvoiceHandlers {
  calls: string[] = [];

  @OnDocumentComplete({ status: 'success' })
  @OnDocumentFailed()
  saved(outcome: { id: string }): void {
    this.calls.push(`saved:${outcome.id}`);
  }

  @OnBatchComplete()
  done(): void {}

  notAHandler(): void {}
}

class BaseHandlers {
  @OnDocumentRetry()
  retried(): void {}
}

/** Made by useFactory: its metatype is the factory, only the instance knows the class. */
class FactoryMade extends BaseHandlers {
  @OnDocumentComplete()
  complete(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScoped {
  @OnDocumentComplete()
  complete(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedWithoutHandlers {
  plain(): void {}
}

async function explore(providers: unknown[], imports: unknown[] = []): Promise<DiscoveredHandler[]> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule, ...(imports as [])],
    providers: [DocbatchHandlerExplorer, ...(providers as [])],
  }).compile();
  try {
    return moduleRef.get(DocbatchHandlerExplorer).explore();
  } finally {
    await moduleRef.close();
  }
}

const summary = (handlers: DiscoveredHandler[]) => handlers.map((h) => `${h.name}:${h.event}`).sort();

describe('DocbatchHandlerExplorer', () => {
  it('finds every decorated method of a class provider, stacked decorators accumulating', async () => {
    const handlers = await explore([InvoiceHandlers]);
    expect(summary(handlers)).toEqual([
      'InvoiceHandlers.done:batch.complete',
      'InvoiceHandlers.saved:document.complete',
      'InvoiceHandlers.saved:document.failed',
    ]);
  });

  it('calls the method on the live instance, with this bound', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [DocbatchHandlerExplorer, InvoiceHandlers],
    }).compile();
    const handler = moduleRef
      .get(DocbatchHandlerExplorer)
      .explore()
      .find((h) => h.event === 'document.failed')!;
    await handler.invoke({ id: 'doc_1' }, {});
    expect(moduleRef.get(InvoiceHandlers).calls).toEqual(['saved:doc_1']);
    await moduleRef.close();
  });

  it('discovers a useFactory provider through its instance, exactly once, inherited methods included', async () => {
    const handlers = await explore([{ provide: 'FACTORY_MADE', useFactory: () => new FactoryMade() }]);
    expect(summary(handlers)).toEqual([
      'FACTORY_MADE.complete:document.complete',
      'FACTORY_MADE.retried:document.retry',
    ]);
  });

  it('never registers a provider twice through a useExisting alias or a second token', async () => {
    const shared = new FactoryMade();
    const handlers = await explore([
      InvoiceHandlers,
      { provide: 'ALIAS', useExisting: InvoiceHandlers },
      { provide: 'VALUE_A', useValue: shared },
      { provide: 'VALUE_B', useValue: shared },
    ]);
    expect(handlers.filter((h) => h.name.startsWith('InvoiceHandlers'))).toHaveLength(3);
    expect(handlers.filter((h) => h.event === 'document.retry')).toHaveLength(1);
    expect(handlers).toHaveLength(5);
  });

  it('finds handlers in imported modules too', async () => {
    @Module({ providers: [InvoiceHandlers] })
    class FeatureModule {}
    expect(await explore([], [FeatureModule])).toHaveLength(3);
  });

  it('refuses a handler on a request-scoped provider with a clear error', async () => {
    await expect(explore([RequestScoped])).rejects.toMatchObject({
      code: 'HANDLER_NOT_SINGLETON',
      message: expect.stringContaining('RequestScoped.complete is a docbatch handler on a request-scoped'),
    });
  });

  it('leaves request-scoped providers without handlers alone', async () => {
    expect(await explore([RequestScopedWithoutHandlers, InvoiceHandlers])).toHaveLength(3);
  });

  it('refuses a handler on a transient provider', async () => {
    @Injectable({ scope: Scope.TRANSIENT })
    class Transient {
      @OnBatchComplete()
      done(): void {}
    }
    await expect(explore([Transient])).rejects.toMatchObject({ code: 'HANDLER_NOT_SINGLETON' });
  });
});
