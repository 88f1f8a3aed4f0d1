import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import express5 from 'express';

type ExpressFactory = typeof express5;

const require = createRequire(import.meta.url);

/**
 * The two Express majors the router supports, loaded for real: `express` is 5, `express4` is an npm
 * alias of Express 4 (typed as 5 here; the router only relies on what both share).
 */
export const EXPRESS_VERSIONS: ReadonlyArray<{ name: string; express: ExpressFactory; version: string }> = [
  { name: 'Express 5', express: express5, version: require('express/package.json').version },
  {
    name: 'Express 4',
    express: require('express4') as ExpressFactory,
    version: require('express4/package.json').version,
  },
];

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port. */
export function listen(app: ReturnType<ExpressFactory>): Promise<RunningApp> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
