import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { awbResult } from '../protocol/protocol.fixtures.test-helper.js';
import { startMisbehavingServer, type RecordedRequest } from './misbehaving-server.test-helper.js';
import { ProviderClient, type ProviderClientOptions } from './provider-client.js';
import { ProviderError } from './provider.error.js';

const API_KEY = 'kaby_test_key_123';
const created = {
  batch_id: 'bat_1',
  status: 'queued',
  document_count: 2,
  created_at: '2026-12-03T10:00:00Z',
};
const manifest = {
  documents: [
    { id: 'doc_1', url: 'http://127.0.0.1:9/a.pdf' },
    { id: 'doc_2', file_id: 'file_1' },
  ],
};
const doc = (id: string, status = 'success') => ({
  batch_id: 'bat_1',
  doc_id: id,
  status,
  ...(status === 'success' ? { result: awbResult(), processing_ms: 10 } : {}),
});

let server: Awaited<ReturnType<typeof startMisbehavingServer>>;
let delays: number[];
let tmp: string;

beforeAll(async () => {
  server = await startMisbehavingServer();
  tmp = mkdtempSync(join(tmpdir(), 'docbatch-provider-'));
});
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  server.requests.length = 0;
});

/** A client whose waits are recorded instead of slept, with the jitter pinned at half the ceiling. */
function client(options: Partial<ProviderClientOptions> = {}) {
  delays = [];
  return new ProviderClient({
    baseUrl: server.url + '/',
    apiKey: API_KEY,
    timeoutMs: 2_000,
    ...options,
    retry: {
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
      ...options.retry,
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const header = (req: RecordedRequest | undefined, name: string) => req?.headers[name];

describe('ProviderClient — requests', () => {
  it('sends Bearer auth by default and X-API-Key when asked', async () => {
    server.script(
      'GET /v1/batch/bat_1',
      { status: 200, json: { ...statusBody() } },
      { status: 200, json: statusBody() },
    );
    await client().getBatch('bat_1');
    await client({ auth: 'x-api-key' }).getBatch('bat_1');
    expect(header(server.requests[0], 'authorization')).toBe(`Bearer ${API_KEY}`);
    expect(header(server.requests[0], 'x-api-key')).toBeUndefined();
    expect(header(server.requests[1], 'x-api-key')).toBe(API_KEY);
    expect(header(server.requests[1], 'authorization')).toBeUndefined();
  });

  it('creates a batch with a JSON body and the given Idempotency-Key', async () => {
    server.script('POST /v1/batch', { status: 201, json: { ...created, extra: 'kept' } });
    const answer = await client().createBatch(manifest, { idempotencyKey: 'sub_1:batch_1' });
    expect(answer).toEqual({ ...created, extra: 'kept' });
    const [req] = server.requests;
    expect(JSON.parse(req!.body.toString())).toEqual(manifest);
    expect(header(req, 'content-type')).toBe('application/json');
    expect(header(req, 'idempotency-key')).toBe('sub_1:batch_1');
  });

  it('generates an Idempotency-Key when none is given', async () => {
    server.script('POST /v1/batch', { status: 201, json: created });
    await client().createBatch(manifest);
    expect(header(server.requests[0], 'idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses more than 5,000 documents and duplicate ids before sending anything', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => ({ id: `d${i}`, url: 'https://f.example/x.pdf' }));
    const tooMany = await failure(client().createBatch({ documents: many }));
    expect(tooMany).toMatchObject({ code: 'INVALID_MANIFEST', retryable: false, status: 0 });
    expect(tooMany.message).toContain('documents: must contain no more than 5000 elements');
    const dup = await failure(
      client().createBatch({ documents: [manifest.documents[0]!, { id: 'doc_1', file_id: 'f' }] }),
    );
    expect(dup.issues).toEqual([
      { path: 'documents[1].id', message: 'duplicate id "doc_1" (first at documents[0])' },
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it('gets one document, escaping ids in the path', async () => {
    server.script('GET /v1/batch/bat%2F1/documents/doc%201', { status: 200, json: doc('doc 1') });
    expect(await client().getDocument('bat/1', 'doc 1')).toEqual(doc('doc 1'));
  });

  it('lists documents across pages, lazily, passing status and cursor', async () => {
    server.script(
      'GET /v1/batch/bat_1/documents',
      { status: 200, json: { data: [doc('a'), doc('b')], next_cursor: 'c2' } },
      { status: 200, json: { data: [doc('c')], next_cursor: 'c3' } },
      { status: 200, json: { data: [], next_cursor: 'c4' } },
      { status: 200, json: { data: [doc('d')], next_cursor: null } },
    );
    const iterator = client().listDocuments('bat_1', { status: 'success' });
    const first = await iterator.next();
    expect(first.value).toEqual(doc('a'));
    expect(server.requests).toHaveLength(1);
    const rest: string[] = [];
    for await (const d of { [Symbol.asyncIterator]: () => iterator }) rest.push(d.doc_id);
    expect(rest).toEqual(['b', 'c', 'd']);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/batch/bat_1/documents?status=success',
      '/v1/batch/bat_1/documents?status=success&cursor=c2',
      '/v1/batch/bat_1/documents?status=success&cursor=c3',
      '/v1/batch/bat_1/documents?status=success&cursor=c4',
    ]);
  });
});

describe('ProviderClient — uploads (multipart, field "file")', () => {
  const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\nfake but binary \x00\x01\xff', 'latin1');
  const uploaded = { file_id: 'file_9', filename: 'x', size: pdf.length, content_type: 'application/pdf' };

  async function received(index: number) {
    const req = server.requests[index]!;
    const form = await new Response(req.body, {
      headers: { 'content-type': String(req.headers['content-type']) },
    }).formData();
    const file = form.get('file') as File;
    return { name: file.name, type: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
  }

  it('uploads a Buffer, a stream and a path byte for byte', async () => {
    server.script('POST /v1/files', ...Array.from({ length: 3 }, () => ({ status: 201, json: uploaded })));
    const path = join(tmp, 'awb-160.PDF');
    writeFileSync(path, pdf);
    expect(await client().uploadFile(pdf, { filename: 'a.pdf' })).toEqual(uploaded);
    await client().uploadFile(Readable.from([pdf.subarray(0, 5), pdf.subarray(5)]), { filename: 'b.tiff' });
    await client().uploadFile({ path });
    expect(await received(0)).toEqual({ name: 'a.pdf', type: 'application/pdf', bytes: pdf });
    expect(await received(1)).toEqual({ name: 'b.tiff', type: 'image/tiff', bytes: pdf });
    expect(await received(2)).toEqual({ name: 'awb-160.PDF', type: 'application/pdf', bytes: pdf });
    expect(header(server.requests[0], 'authorization')).toBe(`Bearer ${API_KEY}`);
  });

  it('reads an fs.ReadStream as a stream (consuming it), not by its path', async () => {
    server.script('POST /v1/files', { status: 201, json: uploaded });
    const path = join(tmp, 'scan.jpg');
    writeFileSync(path, pdf);
    const stream = createReadStream(path);
    await client().uploadFile(stream, { filename: 'scan.jpg' });
    expect(stream.readableEnded).toBe(true);
    expect(await received(0)).toEqual({ name: 'scan.jpg', type: 'image/jpeg', bytes: pdf });
  });

  it('re-sends a stream body when the first try hits a 503', async () => {
    server.script('POST /v1/files', { status: 503 }, { status: 201, json: uploaded });
    await client().uploadFile(Readable.from([pdf]), { contentType: 'image/png' });
    expect(server.requests).toHaveLength(2);
    expect(await received(1)).toEqual({ name: 'document', type: 'image/png', bytes: pdf });
  });
});

describe('ProviderClient — misbehaving server', () => {
  it('retries 500s with exponential backoff and full jitter, keeping the Idempotency-Key', async () => {
    server.script(
      'POST /v1/batch',
      { status: 500 },
      { status: 502, body: 'Bad gateway' },
      { status: 500 },
      {
        status: 201,
        json: created,
      },
    );
    expect(await client().createBatch(manifest, { idempotencyKey: 'k1' })).toEqual(created);
    expect(delays).toEqual([50, 100, 200]);
    expect(new Set(server.requests.map((r) => header(r, 'idempotency-key')))).toEqual(new Set(['k1']));
  });

  it('gives up after the configured retries with a typed, retryable error', async () => {
    server.script(
      'GET /v1/batch/bat_1',
      ...Array.from({ length: 3 }, () => ({
        status: 503,
        json: { error: { code: 'MAINTENANCE', message: 'back soon' } },
        headers: { 'x-request-id': 'req_42' },
      })),
    );
    const error = await failure(client({ retry: { retries: 2 } }).getBatch('bat_1'));
    expect(error).toMatchObject({ status: 503, code: 'MAINTENANCE', retryable: true, requestId: 'req_42' });
    expect(error.message).toBe('GET /v1/batch/bat_1 answered 503 MAINTENANCE: back soon');
    expect(error.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 4xx, and reads the provider error body', async () => {
    server.script('POST /v1/batch', {
      status: 422,
      json: { error: { code: 'VALIDATION_ERROR', message: 'bad url' } },
    });
    const error = await failure(client().createBatch(manifest));
    expect(error).toMatchObject({ status: 422, code: 'VALIDATION_ERROR', retryable: false });
    server.script('GET /v1/batch/nope', { status: 404, body: 'not json' });
    expect(await failure(client().getBatch('nope'))).toMatchObject({
      status: 404,
      code: 'HTTP_404',
      retryable: false,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('keeps the field paths a 4xx names in its details as issues, so one document can be refused alone', async () => {
    const details = [{ path: 'documents[1].file_id', message: 'no uploaded file "file_1"' }, 'noise'];
    server.script('POST /v1/batch', {
      status: 400,
      json: {
        error: { code: 'VALIDATION_ERROR', message: 'documents[1].file_id: no uploaded file', details },
      },
    });
    const error = await failure(client().createBatch(manifest));
    expect(error.issues).toEqual([details[0]]);
    server.script('POST /v1/batch', { status: 400, json: { error: { code: 'BAD', message: 'no details' } } });
    expect((await failure(client().createBatch(manifest))).issues).toBeUndefined();
  });

  it('honours Retry-After in seconds when it is longer than the backoff', async () => {
    server.script(
      'POST /v1/batch',
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 201, json: created },
    );
    await client().createBatch(manifest);
    expect(delays).toEqual([3_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    server.script(
      'GET /v1/batch/bat_1',
      { status: 429, headers: { 'retry-after': at } },
      { status: 200, json: statusBody() },
    );
    await client().getBatch('bat_1');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(15_000);
    expect(delays[0]).toBeLessThanOrEqual(20_000);
  });

  it('hands a long Retry-After (daily quota) back to the caller instead of waiting', async () => {
    server.script('POST /v1/batch', {
      status: 429,
      json: { error: { code: 'QUOTA_EXCEEDED', message: 'daily quota reached' } },
      headers: { 'retry-after': '3600' },
    });
    const error = await failure(client().createBatch(manifest));
    expect(error).toMatchObject({
      status: 429,
      code: 'QUOTA_EXCEEDED',
      retryable: true,
      retryAfterMs: 3_600_000,
    });
    expect(server.requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('times out a slow answer, then retries', async () => {
    server.script('GET /v1/batch/bat_1', 'hang', { status: 200, json: statusBody() });
    // Generous enough that the second, answered try never times out on a loaded machine.
    expect(await client({ timeoutMs: 600 }).getBatch('bat_1')).toEqual(statusBody());
    expect(server.requests).toHaveLength(2);
  });

  it('reports REQUEST_TIMEOUT when every try is too slow', async () => {
    server.script('GET /v1/batch/bat_1', 'hang', 'hang');
    const error = await failure(client({ timeoutMs: 100, retry: { retries: 1 } }).getBatch('bat_1'));
    expect(error).toMatchObject({ status: 0, code: 'REQUEST_TIMEOUT', retryable: true });
    expect(error.message).toContain('within 100 ms');
  });

  it('retries a connection reset', async () => {
    server.script('GET /v1/batch/bat_1', 'reset', 'reset', { status: 200, json: statusBody() });
    expect(await client().getBatch('bat_1')).toEqual(statusBody());
    expect(delays).toEqual([50, 100]);
  });

  it('reports NETWORK_ERROR when nothing listens', async () => {
    const closed = await startMisbehavingServer();
    const url = closed.url;
    await closed.close();
    const error = await failure(
      new ProviderClient({ baseUrl: url, apiKey: API_KEY, retry: { retries: 0 } }).getBatch('bat_1'),
    );
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('retries malformed JSON, and fails INVALID_RESPONSE when it persists', async () => {
    server.script('POST /v1/batch', 'malformed', { status: 201, json: created });
    expect(await client().createBatch(manifest)).toEqual(created);
    server.script('GET /v1/batch/bat_1', 'malformed', 'malformed');
    const error = await failure(client({ retry: { retries: 1 } }).getBatch('bat_1'));
    expect(error).toMatchObject({ status: 200, code: 'INVALID_RESPONSE', retryable: true });
  });

  it('does not retry a well-formed answer of the wrong shape', async () => {
    server.script('GET /v1/batch/bat_1', { status: 200, json: { ...statusBody(), status: 'exploded' } });
    const error = await failure(client().getBatch('bat_1'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', retryable: false });
    expect(error.issues?.[0]?.path).toBe('status');
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when the caller aborts', async () => {
    server.script('GET /v1/batch/bat_1', 'hang');
    const controller = new AbortController();
    const pending = client().getBatch('bat_1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(pending)).toMatchObject({ code: 'ABORTED', retryable: false });
    expect(delays).toEqual([]);
  });

  it('waits for real between tries by default (tiny delays)', async () => {
    server.script('GET /v1/batch/bat_1', { status: 500 }, { status: 200, json: statusBody() });
    const real = new ProviderClient({ baseUrl: server.url, apiKey: API_KEY, retry: { baseDelayMs: 5 } });
    expect(await real.getBatch('bat_1')).toEqual(statusBody());
  });
});

function statusBody() {
  return {
    batch_id: 'bat_1',
    status: 'processing',
    document_count: 2,
    counts: { queued: 0, processing: 1, success: 1, partial: 0, failed: 0 },
    created_at: '2026-12-03T10:00:00Z',
  };
}
