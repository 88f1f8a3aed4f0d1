import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback endpoint that keeps every webhook the sandbox delivers and answers 200. Tests point the
 * engine's `webhook.url` here to learn a real `document.complete` event (batch id, doc id, result)
 * without it reaching the app under test, then deliver it themselves, signed as each case needs.
 */
export async function startWebhookRecorder() {
  const received = new Map<string, RecordedWebhook>();
  const waiters = new Map<string, (webhook: RecordedWebhook) => void>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const webhook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const docId = (JSON.parse(webhook.body) as { doc_id: string }).doc_id;
      received.set(docId, webhook);
      waiters.get(docId)?.(webhook);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    /** The event the sandbox sent for this document (waits for it). */
    eventFor(docId: string): Promise<RecordedWebhook> {
      const known = received.get(docId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiters.set(docId, resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
