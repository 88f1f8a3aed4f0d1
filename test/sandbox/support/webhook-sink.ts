import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  body: any;
  /** Date.now() when the request arrived. */
  at: number;
}

/** What the sink answers to one delivery: a status, optionally after a real delay. */
export type SinkAnswer = { status: number; delayMs?: number };

/**
 * A real webhook receiver on 127.0.0.1:0 that records every POST with its exact bytes and answers
 * as the test decides (by default 200).
 */
export interface WebhookSink {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` deliveries matching `filter` have arrived (or rejects after `timeoutMs`). */
  waitFor(
    count: number,
    filter?: (hook: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookSink(
  answer: (hook: ReceivedWebhook, index: number) => SinkAnswer = () => ({ status: 200 }),
): Promise<WebhookSink> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const hook: ReceivedWebhook = {
        headers: request.headers,
        rawBody,
        body: JSON.parse(rawBody.toString('utf8')),
        at: Date.now(),
      };
      const index = received.push(hook) - 1;
      for (const wake of waiters) wake();
      const { status, delayMs } = answer(hook, index);
      const reply = () => {
        if (!response.destroyed) response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      };
      if (delayMs) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/kaby`,
    received,
    waitFor(count, filter = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = received.filter(filter);
          if (matching.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(matching);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `expected ${count} webhooks, got ${received.filter(filter).length} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
