import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseErrorResponse } from '@docbatch/core';
import { startSandbox, type Sandbox } from '@docbatch/sandbox';
import { callApi } from './support/sandbox-api.js';

const doc = (id: string) => ({ id, url: `http://127.0.0.1:9/${id}.pdf` });

describe('sandbox API answers', () => {
  let sandbox: Sandbox;
  // Documents point at a closed port: these tests look at the API answers, not at processing.
  beforeAll(async () => {
    sandbox = await startSandbox({
      apiKeys: ['key_a', 'key_b'],
      maxFileBytes: 1024,
      timeScale: 0,
      seed: 'errors',
    });
  });
  afterAll(() => sandbox.close());

  const expectError = (answer: { status: number; body: any }, status: number, code: string) => {
    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({ status, code });
    expect(parseErrorResponse(answer.body).ok).toBe(true);
  };

  it('401 without a key and with an unknown key, with WWW-Authenticate', async () => {
    const missing = await callApi(sandbox, 'GET', '/v1/batch/bat_x', undefined, { authorization: '' });
    expectError(missing, 401, 'UNAUTHORIZED');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expectError(
      await callApi({ url: sandbox.url, apiKey: 'nope' }, 'GET', '/v1/batch/bat_x'),
      401,
      'UNAUTHORIZED',
    );
  });

  it('accepts the key as X-API-Key too', async () => {
    const answer = await callApi(
      sandbox,
      'POST',
      '/v1/batch',
      { documents: [doc('a')] },
      { authorization: '', 'x-api-key': 'key_a' },
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('400 names the offending field', async () => {
    const answer = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: [doc('a'), { id: 'b', url: 'ftp://x/y' }],
    });
    expectError(answer, 400, 'VALIDATION_ERROR');
    expect(answer.body.error.message).toMatch(/^documents\[1\]\.url: /);
    expect(answer.body.error.details).toEqual([{ path: 'documents[1].url', message: expect.any(String) }]);
  });

  it('400 on duplicate ids, unknown file ids and invalid JSON', async () => {
    const dup = await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('a'), doc('a')] });
    expectError(dup, 400, 'VALIDATION_ERROR');
    expect(dup.body.error.details[0].path).toBe('documents[1].id');
    const file = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: [{ id: 'a', file_id: 'file_missing' }],
    });
    expectError(file, 400, 'VALIDATION_ERROR');
    expect(file.body.error.details[0].path).toBe('documents[0].file_id');
    const response = await fetch(`${sandbox.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      body: '{"documents": [',
    });
    expectError({ status: response.status, body: await response.json() }, 400, 'INVALID_JSON');
  });

  it('413 over 5,000 documents', async () => {
    const documents = Array.from({ length: 5001 }, (_, i) => doc(`d${i}`));
    const answer = await callApi(sandbox, 'POST', '/v1/batch', { documents });
    expectError(answer, 413, 'TOO_MANY_DOCUMENTS');
    expect(answer.body.error.message).toContain('5001');
  });

  it('413 for a file over the size limit, 415 for the wrong media type, 400 without the file field', async () => {
    const upload = (form: FormData) =>
      fetch(`${sandbox.url}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.apiKey}` },
        body: form,
      });
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(4096)]), 'big.pdf');
    const tooBig = await upload(big);
    expectError({ status: tooBig.status, body: await tooBig.json() }, 413, 'PAYLOAD_TOO_LARGE');
    const other = new FormData();
    other.append('document', new Blob([new Uint8Array(10)]), 'x.pdf');
    const missing = await upload(other);
    expectError({ status: missing.status, body: await missing.json() }, 400, 'VALIDATION_ERROR');
    expectError(await callApi(sandbox, 'POST', '/v1/files', { file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const text = await fetch(`${sandbox.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expectError({ status: text.status, body: await text.json() }, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('404 for unknown routes, batches, documents and for another key’s batch; 405 with Allow', async () => {
    const created = await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('a')] });
    const id = created.body.batch_id;
    expect((await callApi(sandbox, 'GET', `/v1/batch/${id}`)).status).toBe(200);
    expectError(
      await callApi({ url: sandbox.url, apiKey: 'key_b' }, 'GET', `/v1/batch/${id}`),
      404,
      'NOT_FOUND',
    );
    expectError(await callApi(sandbox, 'GET', '/v1/batch/bat_unknown'), 404, 'NOT_FOUND');
    expectError(await callApi(sandbox, 'GET', `/v1/batch/${id}/documents/zzz`), 404, 'NOT_FOUND');
    expectError(await callApi(sandbox, 'GET', '/v2/things'), 404, 'NOT_FOUND');
    const wrong = await callApi(sandbox, 'DELETE', `/v1/batch/${id}`);
    expectError(wrong, 405, 'METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('400 for a bad status filter, limit or cursor on the document listing', async () => {
    const { body } = await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('a')] });
    const base = `/v1/batch/${body.batch_id}/documents`;
    expectError(await callApi(sandbox, 'GET', `${base}?status=done`), 400, 'VALIDATION_ERROR');
    expectError(await callApi(sandbox, 'GET', `${base}?limit=0`), 400, 'VALIDATION_ERROR');
    expectError(await callApi(sandbox, 'GET', `${base}?cursor=bogus`), 400, 'VALIDATION_ERROR');
  });

  it('replays an Idempotency-Key with the same body and refuses it with another (409)', async () => {
    const headers = { 'idempotency-key': 'submit-1' };
    const first = await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('a')] }, headers);
    const again = await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('a')] }, headers);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expectError(
      await callApi(sandbox, 'POST', '/v1/batch', { documents: [doc('b')] }, headers),
      409,
      'IDEMPOTENCY_CONFLICT',
    );
    // Keys are per API key: another key's identical request is its own batch.
    const other = await callApi(
      { url: sandbox.url, apiKey: 'key_b' },
      'POST',
      '/v1/batch',
      { documents: [doc('a')] },
      headers,
    );
    expect(other.body.batch_id).not.toBe(first.body.batch_id);
  });

  it('pages through a listing with next_cursor and filters by status', async () => {
    const documents = Array.from({ length: 250 }, (_, i) => doc(`d${String(i).padStart(3, '0')}`));
    const { body } = await callApi(sandbox, 'POST', '/v1/batch', { documents });
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await callApi(
        sandbox,
        'GET',
        `/v1/batch/${body.batch_id}/documents?limit=100&cursor=${cursor}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.data.map((d: any) => d.doc_id));
      cursor = page.body.next_cursor ?? '';
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(documents.map((d) => d.id));
    const none = await callApi(sandbox, 'GET', `/v1/batch/${body.batch_id}/documents?status=success`);
    expect(none.body).toEqual({ data: [], next_cursor: null });
  });

  it('answers /health without a key', async () => {
    const response = await fetch(`${sandbox.url}/health`);
    expect(await response.json()).toEqual({ ok: true });
  });
});
