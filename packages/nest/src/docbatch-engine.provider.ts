import type { Provider } from '@nestjs/common';
import { createDocbatch, type Docbatch, type DocbatchWebhookOptions } from '@docbatch/core';
import type { DocbatchModuleOptions, DocbatchNestWebhookOptions } from './docbatch-module-options.js';
import { DOCBATCH_MODULE_OPTIONS } from './docbatch.module-definition.js';
import { getDocbatchToken } from './docbatch.tokens.js';
import { nestLogger } from './nest-logger.adapter.js';

/**
 * The one engine of the app. Store and queue are whatever the options carry (the host's TypeORM
 * DataSource and BullMQ connection arrive through forRootAsync's `inject`), so this package never
 * opens a connection of its own.
 */
export const docbatchEngineProvider: Provider = {
  provide: getDocbatchToken(),
  inject: [DOCBATCH_MODULE_OPTIONS],
  useFactory: ({ webhook, ...options }: DocbatchModuleOptions): Docbatch =>
    createDocbatch({
      ...options,
      webhook: webhook && engineWebhook(webhook),
      logger: options.logger ?? nestLogger(),
    }),
};

/** `path` and `bodyLimit` are about this app's route; the engine only needs the rest. */
function engineWebhook({
  path: _path,
  bodyLimit: _limit,
  ...own
}: DocbatchNestWebhookOptions): DocbatchWebhookOptions {
  return own;
}
