import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { readRawBody } from './read-raw-body.js';
import { WebhookRequestError } from './webhook-request.error.js';

/** A real server whose every request body goes through readRawBody; each outcome is collected. */
async function serve(limit: number) {
  const outcomes: Array<Buffer | WebhookRequestError> = [];
  let settled: () => void = () => {};
  const server = http.createServer((req, res) => {
    readRawBody(req, limit).then(
      (body) => {
        outcomes.push(body);
        res.end(`ok ${body.length}`);
        settled();
      },
      (err: WebhookRequestError) => {
        outcomes.push(err);
        res.statusCode = err.status;
        res.end(err.code);
        settled();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    outcomes,
    nextOutcome: () => new Promise<void>((resolve) => (settled = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function post(port: number, body: Buffer | string | Iterable<Buffer>, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : streamOf(body),
    headers,
    duplex: 'half',
  } as RequestInit).then(async (r) => ({ status: r.status, text: await r.text() }));
}

function streamOf(chunks: Iterable<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('readRawBody', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => server?.close());

  it('returns the exact bytes, including ones that are not valid UTF-8', async () => {
    server = await serve(1024);
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    await expect(post(server.port, bytes)).resolves.toEqual({ status: 200, text: 'ok 5' });
    expect(server.outcomes[0]).toEqual(bytes);
  });

  it('joins a chunked body', async () => {
    server = await serve(1024);
    const chunks = ['{"a":', '1,"b":', '2}'].map((s) => Buffer.from(s));
    await expect(post(server.port, chunks)).resolves.toEqual({ status: 200, text: 'ok 13' });
    expect(String(server.outcomes[0])).toBe('{"a":1,"b":2}');
  });

  it('accepts a body of exactly the limit', async () => {
    server = await serve(1000);
    await expect(post(server.port, 'x'.repeat(1000))).resolves.toEqual({ status: 200, text: 'ok 1000' });
  });

  it('answers 413 for a declared length over the limit, after letting the client finish', async () => {
    server = await serve(1000);
    await expect(post(server.port, 'x'.repeat(2_000_000))).resolves.toEqual({
      status: 413,
      text: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('answers 413 for a chunked body that grows past the limit', async () => {
    server = await serve(1000);
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(300, 'y'));
    await expect(post(server.port, chunks)).resolves.toEqual({ status: 413, text: 'PAYLOAD_TOO_LARGE' });
  });

  it('rejects a body cut short by a disconnecting client, and keeps serving', async () => {
    server = await serve(1024);
    const outcome = server.nextOutcome();
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"partial":',
    );
    // Half-close: the server sees the end of the stream with 489 declared bytes missing.
    socket.end();
    await outcome;
    socket.destroy();
    const [rejected] = server.outcomes;
    expect(rejected).toBeInstanceOf(WebhookRequestError);
    expect((rejected as WebhookRequestError).code).toBe('REQUEST_ABORTED');
    await expect(post(server.port, '{}')).resolves.toEqual({ status: 200, text: 'ok 2' });
  });

  it('rejects a chunked body whose client resets the connection mid-stream', async () => {
    server = await serve(1024);
    const outcome = server.nextOutcome();
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n');
    socket.resetAndDestroy();
    await outcome;
    expect((server.outcomes[0] as WebhookRequestError).code).toBe('REQUEST_ABORTED');
  });
});
