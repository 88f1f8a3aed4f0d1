import type { DocbatchOptions, DocbatchWebhookOptions } from '@docbatch/core';

export interface DocbatchNestWebhookOptions extends DocbatchWebhookOptions {
  /**
   * Route of the webhook endpoint in this app, e.g. `'hooks/kaby'`. Mounted through Nest's
   * MiddlewareConsumer, so the global prefix (and its exclusions) apply: with
   * `setGlobalPrefix('api')` the provider must call `…/api/hooks/kaby` (`url`).
   */
  path: string;
  /** Largest webhook body accepted, in bytes (413 above). Default 1 MiB. */
  bodyLimit?: number;
}

/** What `forRoot` takes and a `forRootAsync` factory returns: the engine's options, plus `webhook.path`. */
export interface DocbatchModuleOptions<M = unknown> extends Omit<DocbatchOptions<M>, 'webhook'> {
  webhook?: DocbatchNestWebhookOptions;
}

/** Options of the module definition itself, given beside the others in `forRoot`/`forRootAsync`. */
export interface DocbatchModuleExtras {
  /** Registers DocbatchService and the engine app-wide. Default true. */
  isGlobal?: boolean;
}
