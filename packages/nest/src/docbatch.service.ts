import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import type { Docbatch } from '@docbatch/core';
import { DocbatchHandlerExplorer } from './docbatch-handler.explorer.js';
import { InjectDocbatch } from './inject-docbatch.decorator.js';

/**
 * What the app injects to hand documents over and watch them: `submit`, `status`, `redrive`, and
 * `engine` for anything else. It also runs the engine's life with the app's:
 * - module init: decorated handlers are found (once) and registered, before any work can start;
 * - bootstrap: the engine starts, resuming whatever a previous process left in the store;
 * - shutdown (`app.close()`, or a signal with `enableShutdownHooks()`): the engine stops taking
 *   work, lets in-flight handlers finish and closes its workers. This runs in
 *   beforeApplicationShutdown, so the host's DataSource and Redis are still open meanwhile
 *   (TypeOrmModule closes its DataSource in onApplicationShutdown, which comes after).
 */
@Injectable()
export class DocbatchService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Docbatch');

  constructor(
    @InjectDocbatch() readonly engine: Docbatch,
    private readonly explorer: DocbatchHandlerExplorer,
  ) {}

  submit(...args: Parameters<Docbatch['submit']>): ReturnType<Docbatch['submit']> {
    return this.engine.submit(...args);
  }

  status(...args: Parameters<Docbatch['status']>): ReturnType<Docbatch['status']> {
    return this.engine.status(...args);
  }

  redrive(...args: Parameters<Docbatch['redrive']>): ReturnType<Docbatch['redrive']> {
    return this.engine.redrive(...args);
  }

  onModuleInit(): void {
    const handlers = this.explorer.explore();
    // The engine runs an event's handlers one after the other in one transaction (`ctx.manager`):
    // if one throws, the writes of all roll back and the event is retried as a whole.
    for (const handler of handlers) {
      this.engine.on(handler.event, async (payload, ctx) => {
        if (!handler.matches || handler.matches(payload)) await handler.invoke(payload, ctx);
      });
    }
    if (handlers.length > 0) {
      this.logger.log(`handlers: ${handlers.map((h) => `${h.name} (${h.event})`).join(', ')}`);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }
}
