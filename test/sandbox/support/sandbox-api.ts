import type { Sandbox } from '@docbatch/sandbox';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** One call to the sandbox API with fetch, authenticated with the sandbox's key unless told otherwise. */
export async function callApi(
  sandbox: Pick<Sandbox, 'url' | 'apiKey'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sandbox.apiKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** Polls a batch until it is complete (deadline, no fixed sleeps beyond a short poll interval). */
export async function waitForBatch(
  sandbox: Pick<Sandbox, 'url' | 'apiKey'>,
  batchId: string,
  timeoutMs = 20_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await callApi(sandbox, 'GET', `/v1/batch/${batchId}`);
    if (body.status === 'complete') return body;
    if (Date.now() > deadline)
      throw new Error(`batch ${batchId} not complete after ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every document of a batch, following next_cursor. */
export async function listAll(
  sandbox: Pick<Sandbox, 'url' | 'apiKey'>,
  batchId: string,
  query = '',
): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const sep: string = query ? '&' : '';
    const { status, body } = await callApi(
      sandbox,
      'GET',
      `/v1/batch/${batchId}/documents?${query}${sep}cursor=${cursor}`,
    );
    if (status !== 200) throw new Error(`listing failed: ${status} ${JSON.stringify(body)}`);
    all.push(...body.data);
    cursor = body.next_cursor;
  }
  return all;
}
