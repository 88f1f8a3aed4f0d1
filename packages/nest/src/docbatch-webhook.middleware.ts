import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { Docbatch } from '@docbatch/core';
import { docbatchRouter, type DocbatchRouter } from '@docbatch/express';
import type { DocbatchModuleOptions } from './docbatch-module-options.js';
import { DOCBATCH_MODULE_OPTIONS } from './docbatch.module-definition.js';
import { InjectDocbatch } from './inject-docbatch.decorator.js';
import { nestLogger } from './nest-logger.adapter.js';

/** The webhook endpoint: @docbatch/express's router, as a Nest middleware on `webhook.path`. */
@Injectable()
export class DocbatchWebhookMiddleware implements NestMiddleware<IncomingMessage, ServerResponse> {
  private readonly router: DocbatchRouter;

  constructor(
    @InjectDocbatch() engine: Docbatch,
    @Inject(DOCBATCH_MODULE_OPTIONS) options: DocbatchModuleOptions,
  ) {
    this.router = docbatchRouter(engine, {
      bodyLimit: options.webhook?.bodyLimit,
      logger: options.logger ?? nestLogger(),
    });
  }

  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    this.router(req, res, next);
  }
}
