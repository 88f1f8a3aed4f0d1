/**
 * Boots a real Nest 12 app on 127.0.0.1, port 0. The HTTP server listens first so the app's own
 * URL is known before its modules are built: the engine sends it to the provider as webhook_url.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';

export interface HostSettings {
  rawBody?: boolean;
  bodyParser?: boolean;
  globalPrefix?: string;
  /** Where the app logs; default errors and warnings to the console. */
  logger?: LoggerService;
}

export interface NestHost {
  app: INestApplication;
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

export async function bootNestHost(
  rootModule: (origin: string) => unknown,
  settings: HostSettings = {},
): Promise<NestHost> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const expressApp = express();
    server.on('request', expressApp);
    const app = await NestFactory.create(rootModule(origin) as never, new ExpressAdapter(expressApp), {
      rawBody: settings.rawBody,
      bodyParser: settings.bodyParser,
      abortOnError: false,
      logger: settings.logger ?? ['error', 'warn'],
    });
    if (settings.globalPrefix) app.setGlobalPrefix(settings.globalPrefix);
    app.enableShutdownHooks();
    await app.init();
    return {
      app,
      origin,
      async close() {
        await app.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

/** Polls `check` until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
