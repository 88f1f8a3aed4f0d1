import {
  Inject,
  Logger,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ApplicationConfig, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { RouteInfoPathExtractor } from '@nestjs/core/middleware/route-info-path-extractor.js';
import { DocbatchHandlerExplorer } from './docbatch-handler.explorer.js';
import { docbatchEngineProvider } from './docbatch-engine.provider.js';
import type { DocbatchModuleOptions } from './docbatch-module-options.js';
import { DocbatchNestError } from './docbatch-nest.error.js';
import { DocbatchWebhookMiddleware } from './docbatch-webhook.middleware.js';
import { ConfigurableModuleClass, DOCBATCH_MODULE_OPTIONS } from './docbatch.module-definition.js';
import { DocbatchService } from './docbatch.service.js';
import { getDocbatchToken } from './docbatch.tokens.js';
import { readBodyBeforeParsers } from './read-body-before-parsers.js';

/**
 * `DocbatchModule.forRoot(options)` or `.forRootAsync({ imports, inject, useFactory | useClass |
 * useExisting })`, global unless `isGlobal: false`. Provides `DocbatchService` and the engine
 * (`@InjectDocbatch()`), registers `@OnDocument…` handlers, and serves the webhook at `webhook.path`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [docbatchEngineProvider, DocbatchService, DocbatchHandlerExplorer, DocbatchWebhookMiddleware],
  exports: [getDocbatchToken(), DocbatchService],
})
export class DocbatchModule extends ConfigurableModuleClass implements NestModule {
  constructor(
    @Inject(DOCBATCH_MODULE_OPTIONS) private readonly options: DocbatchModuleOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {
    super();
  }

  /** Called for HTTP apps only (not for `createApplicationContext` workers, which need no route). */
  configure(consumer: MiddlewareConsumer): void {
    const webhook = this.options.webhook;
    if (!webhook) return; // polling-only
    if (typeof webhook.path !== 'string' || webhook.path.trim() === '') {
      throw new DocbatchNestError(
        'INVALID_MODULE_OPTIONS',
        "webhook.path is required when webhook is set: the route of the endpoint in this app, e.g. 'hooks/kaby'",
      );
    }
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() !== 'express') {
      throw new DocbatchNestError(
        'UNSUPPORTED_HTTP_PLATFORM',
        `the docbatch webhook route needs @nestjs/platform-express (this app runs on ${adapter.getType()})`,
      );
    }
    // RequestMethod.ALL mounts with Express `use(path)`, which hands the router paths relative to
    // the webhook path, as it expects; the router itself answers 405 to anything but POST.
    consumer.apply(DocbatchWebhookMiddleware).forRoutes({ path: webhook.path, method: RequestMethod.ALL });
    // The exact paths Nest mounts that route on (global prefix, its exclusions, versioning).
    const paths = new RouteInfoPathExtractor(this.appConfig).extractPathsFrom({
      path: webhook.path,
      method: RequestMethod.ALL,
    });
    readBodyBeforeParsers(adapter.getInstance(), paths, webhook.bodyLimit);
    warnIfUrlMisses(webhook.url, paths);
  }
}

/**
 * The provider calls `webhook.url`; a URL whose path is not where the route is served (typically
 * the global prefix forgotten) means every webhook 404s and results only arrive by polling, 15 min
 * late. Only a warning: a proxy in front of the app may rewrite paths on purpose.
 */
function warnIfUrlMisses(url: string, paths: string[]): void {
  let pathname: string;
  try {
    pathname = new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return; // the engine reports a malformed url itself
  }
  if (!paths.some((path) => path.replace(/\/+$/, '') === pathname)) {
    new Logger('Docbatch').warn(
      `webhook.url (${url}) does not point at the webhook route this app serves (${paths.join(', ')}); ` +
        'unless a proxy rewrites the path, webhooks will 404 and results will only arrive by polling',
    );
  }
}
