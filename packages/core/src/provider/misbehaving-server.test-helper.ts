import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. `reset` drops the connection, `hang` never answers, `malformed` sends broken JSON. */
export type Behaviour =
  | { status: number; json?: unknown; body?: string; headers?: Record<string, string> }
  | 'reset'
  | 'hang'
  | 'malformed';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * A real HTTP server on 127.0.0.1:0 that answers each request with the next scripted behaviour for
 * its `METHOD /path` (query string ignored), or 404 when the script is empty.
 */
export async function startMisbehavingServer() {
  const scripts = new Map<string, Behaviour[]>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      const key = `${req.method} ${req.url!.split('?')[0]}`;
      const next = scripts.get(key)?.shift() ?? {
        status: 404,
        json: { error: { code: 'NOT_FOUND', message: key } },
      };
      if (next === 'reset') return req.socket.destroy();
      if (next === 'hang') return;
      if (next === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"batch_id": "bat_');
      }
      res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body ?? (next.json === undefined ? '' : JSON.stringify(next.json)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(route: string, ...behaviours: Behaviour[]) {
      scripts.set(route, [...(scripts.get(route) ?? []), ...behaviours]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
