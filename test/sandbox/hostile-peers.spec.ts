import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, writeSampleAwb, type Sandbox } from '@docbatch/sandbox';
import { until } from './support/poll.js';
import { callApi, waitForBatch } from './support/sandbox-api.js';

/**
 * The sandbox against peers that misbehave: document URLs that hang, redirect in circles or to
 * other schemes, webhook receivers that hang or hang up, and a close() in the middle of it all.
 */
describe('sandbox against hostile document servers and webhook receivers', () => {
  let server: Server;
  let base: string;
  let pdf: Uint8Array;
  /** Requests that are being held open, by path: the test can see them arrive and end. */
  const held = new Map<string, IncomingMessage[]>();

  beforeAll(async () => {
    pdf = (await writeSampleAwb({ seed: 3 })).bytes;
    server = createServer((request, response) => {
      const path = request.url ?? '/';
      const hold = () => held.set(path, [...(held.get(path) ?? []), request]);
      if (path === '/awb.pdf') response.writeHead(200).end(pdf);
      else if (path === '/hang' || path === '/hook/hang') hold();
      else if (path === '/trickle') {
        hold();
        response.writeHead(200, { 'content-length': 1000 }).write('%PDF-1.7\n');
      } else if (path === '/loop') response.writeHead(302, { location: '/loop' }).end();
      else if (path === '/to-file') response.writeHead(301, { location: 'file:///etc/passwd' }).end();
      else if (path.startsWith('/hop/')) {
        const left = Number(path.slice(5));
        response.writeHead(307, { location: left > 1 ? `/hop/${left - 1}` : '/awb.pdf' }).end();
      } else if (path === '/hook/hangup') request.socket.destroy();
      else if (path === '/hook/chatty') response.writeHead(200).end('<html>' + 'ok '.repeat(100_000));
      else response.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  const docState = async (sandbox: Sandbox, batchId: string, docId: string) =>
    (await callApi(sandbox, 'GET', `/v1/batch/${batchId}/documents/${encodeURIComponent(docId)}`)).body;

  it('a URL that never answers fails with FETCH_FAILED after fetchTimeoutMs and frees its slot', async () => {
    const sandbox = await startSandbox({ timeScale: 0, seed: 'hang', maxProcessing: 1, fetchTimeoutMs: 150 });
    try {
      const created = await callApi(sandbox, 'POST', '/v1/batch', {
        documents: [
          { id: 'hang', url: `${base}/hang` },
          { id: 'trickle', url: `${base}/trickle` },
          { id: 'after', url: `${base}/awb.pdf` },
        ],
      });
      // One slot: "after" can only finish if both stuck downloads gave their slot back.
      await waitForBatch(sandbox, created.body.batch_id, 10_000);
      for (const id of ['hang', 'trickle']) {
        const doc = await docState(sandbox, created.body.batch_id, id);
        expect({ status: doc.status, code: doc.error_code }).toEqual({
          status: 'failed',
          code: 'FETCH_FAILED',
        });
        expect(doc.error_message).toMatch(/within 150 ms/);
      }
      expect((await docState(sandbox, created.body.batch_id, 'after')).status).toBe('success');
    } finally {
      await sandbox.close();
    }
  });

  it('follows a few redirects, and fails a redirect loop or a redirect off http(s) with FETCH_FAILED', async () => {
    const sandbox = await startSandbox({ timeScale: 0, seed: 'redirects' });
    try {
      const created = await callApi(sandbox, 'POST', '/v1/batch', {
        documents: [
          { id: 'hops', url: `${base}/hop/3` },
          { id: 'loop', url: `${base}/loop` },
          { id: 'file', url: `${base}/to-file` },
        ],
      });
      await waitForBatch(sandbox, created.body.batch_id, 10_000);
      const hops = await docState(sandbox, created.body.batch_id, 'hops');
      expect(hops.status).toBe('success');
      const loop = await docState(sandbox, created.body.batch_id, 'loop');
      expect([loop.error_code, loop.error_message]).toEqual([
        'FETCH_FAILED',
        expect.stringMatching(/redirects/),
      ]);
      const file = await docState(sandbox, created.body.batch_id, 'file');
      expect([file.error_code, file.error_message]).toEqual(['FETCH_FAILED', expect.stringMatching(/file:/)]);
    } finally {
      await sandbox.close();
    }
  });

  it('retries a receiver that hangs or hangs up, then marks the delivery failed', async () => {
    const sandbox = await startSandbox({ timeScale: 0, seed: 'receivers', webhookTimeoutMs: 100 });
    try {
      const ids: Record<string, string> = {};
      for (const hook of ['hang', 'hangup']) {
        const created = await callApi(sandbox, 'POST', '/v1/batch', {
          webhook_url: `${base}/hook/${hook}`,
          documents: [{ id: 'awb', url: `${base}/awb.pdf` }],
        });
        ids[hook] = created.body.batch_id;
      }
      for (const batchId of Object.values(ids)) {
        await until(
          async () => (await docState(sandbox, batchId, 'awb')).webhook.state === 'failed',
          'the delivery to give up',
        );
        // The first attempt and the five retries of the schedule.
        expect((await docState(sandbox, batchId, 'awb')).webhook.attempts).toBe(6);
      }
    } finally {
      await sandbox.close();
    }
  });

  it('counts a 2xx with a large response body as delivered (the body is not the receiver’s answer)', async () => {
    const sandbox = await startSandbox({ timeScale: 0, seed: 'chatty' });
    try {
      const created = await callApi(sandbox, 'POST', '/v1/batch', {
        webhook_url: `${base}/hook/chatty`,
        documents: [{ id: 'awb', url: `${base}/awb.pdf` }],
      });
      await until(
        async () => (await docState(sandbox, created.body.batch_id, 'awb')).webhook.state !== 'pending',
        'the delivery to settle',
      );
      expect((await docState(sandbox, created.body.batch_id, 'awb')).webhook).toEqual({
        state: 'delivered',
        attempts: 1,
      });
    } finally {
      await sandbox.close();
    }
  });

  it('close() during a hanging download and a hanging delivery drops both connections at once', async () => {
    const sandbox = await startSandbox({ timeScale: 0, seed: 'close' });
    held.clear();
    await callApi(sandbox, 'POST', '/v1/batch', {
      webhook_url: `${base}/hook/hang`,
      documents: [
        { id: 'stuck', url: `${base}/hang` },
        { id: 'done', url: `${base}/awb.pdf` },
      ],
    });
    await until(() => held.has('/hang') && held.has('/hook/hang'), 'the download and the delivery to hang');
    const hanging = [...held.get('/hang')!, ...held.get('/hook/hang')!];
    await sandbox.close();
    // Default timeouts are 30 s and 10 s: these sockets only close this fast because close() closed them.
    await until(() => hanging.every((request) => request.socket.destroyed), 'the sandbox to hang up', 2_000);
  });
});

describe('sandbox API against malformed requests', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 0, seed: 'malformed', maxFileBytes: 64 * 1024 });
  });
  afterAll(() => sandbox.close());

  /** A raw request streaming `chunks` without a content-length (chunked), as a proxy or a stream would. */
  const streamed = (
    path: string,
    contentType: string,
    chunks: Iterable<Buffer | string>,
    apiKey = sandbox.apiKey,
  ) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const request = httpRequest(
        `${sandbox.url}${path}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
        },
      );
      request.on('error', reject);
      const queue = [...chunks];
      const write = () => {
        while (queue.length) if (!request.write(queue.shift()!)) return void request.once('drain', write);
        request.end();
      };
      write();
    });

  it('answers 413 (not a connection reset) to a streamed manifest over the limit', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    const answer = await streamed('/v1/batch', 'application/json', Array(40).fill(mib));
    expect({ status: answer.status, code: answer.body.error.code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    // The sandbox is still fine afterwards.
    expect((await callApi(sandbox, 'GET', '/v1/batch/bat_x')).status).toBe(404);
  });

  it('answers 401 (not a connection reset) to a large streamed upload with a wrong key', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x41);
    const answer = await streamed(
      '/v1/files',
      'multipart/form-data; boundary=B',
      Array(40).fill(mib),
      'nope',
    );
    expect({ status: answer.status, code: answer.body.error.code }).toEqual({
      status: 401,
      code: 'UNAUTHORIZED',
    });
  });

  it('answers 413 to a streamed upload over maxFileBytes', async () => {
    const head = '--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n';
    const answer = await streamed('/v1/files', 'multipart/form-data; boundary=B', [
      head,
      ...Array(64).fill(Buffer.alloc(64 * 1024, 0x41)),
      '\r\n--B--\r\n',
    ]);
    expect({ status: answer.status, code: answer.body.error.code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  const upload = (body: string) =>
    fetch(`${sandbox.url}/v1/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sandbox.apiKey}`,
        'content-type': 'multipart/form-data; boundary=B',
      },
      body,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
  const part = (name: string, data: string) =>
    `--B\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.pdf"\r\n\r\n${data}\r\n`;

  it('refuses a multipart body with two files or cut short, with a message that says so', async () => {
    const two = await upload(part('file', '%PDF-a') + part('file', '%PDF-b') + '--B--\r\n');
    expect(two.status).toBe(400);
    expect(two.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringMatching(/one file/),
    });
    const cut = await upload(part('file', '%PDF-a').slice(0, -8));
    expect(cut.status).toBe(400);
    expect(cut.body.error).toMatchObject({
      code: 'INVALID_MULTIPART',
      message: expect.stringMatching(/cut short|closing/),
    });
    const good = await upload(part('note', 'hello') + part('file', '%PDF-a') + '--B--\r\n');
    expect(good.status).toBe(201);
    expect(good.body.size).toBe(6);
  });

  it('answers 400, not 500, to a path with broken percent-encoding', async () => {
    for (const path of ['/v1/batch/%E0%A4%A', '/v1/batch/bat_x/documents/%']) {
      const answer = await callApi(sandbox, 'GET', path);
      expect({ status: answer.status, code: answer.body.error.code }).toEqual({
        status: 400,
        code: 'INVALID_PATH',
      });
    }
  });

  it('keeps ids that look like paths, prototypes or unicode as opaque keys', async () => {
    const ids = ['../../etc/passwd', 'a/b%2F..', '__proto__', 'constructor', 'ドキュメント-😀', ' spaced '];
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: ids.map((id) => ({ id, url: 'http://127.0.0.1:9/x.pdf' })),
    });
    expect(created.status).toBe(201);
    for (const id of ids) {
      const doc = await callApi(
        sandbox,
        'GET',
        `/v1/batch/${created.body.batch_id}/documents/${encodeURIComponent(id)}`,
      );
      expect({ status: doc.status, doc_id: doc.body.doc_id }).toEqual({ status: 200, doc_id: id });
    }
  });

  it('creates one batch for concurrent creates with the same Idempotency-Key', async () => {
    const body = { documents: [{ id: 'a', url: 'http://127.0.0.1:9/a.pdf' }] };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        callApi(sandbox, 'POST', '/v1/batch', body, { 'idempotency-key': 'same-key' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.batch_id)).size).toBe(1);
  });
});
