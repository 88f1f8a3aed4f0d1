import type { Provider } from '@nestjs/common';
import { createDocbatch, type Docbatch } from '@docbatch/core';
import type { DocbatchModuleOptions } from './docbatch-module-options.js';
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
  useFactory: (options: DocbatchModuleOptions): Docbatch => {
    const { webhook, ...rest } = options;
    const engineWebhook = webhook && (({ path: _path, bodyLimit: _limit, ...own }) => own)(webhook);
    return createDocbatch({ ...rest, webhook: engineWebhook, logger: rest.logger ?? nestLogger() });
  },
};
