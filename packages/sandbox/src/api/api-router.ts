import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DOCUMENT_STATES,
  type DocumentPage,
  type DocumentState,
  type ErrorResponse,
  type Logger,
} from '@docbatch/core';
import type { SandboxProvider } from '../sandbox-provider.js';
import { ApiError, notFound, validationError } from './api-error.js';
import { readMultipartFile } from './multipart-reader.js';
import { presentBatch, presentDocument } from './presenters.js';
import { mediaType, parseJsonBody, readRequestBody } from './request-body.js';

export interface ApiRouterOptions {
  apiKeys: ReadonlySet<string>;
  maxFileBytes: number;
  timeScale: number;
  logger: Logger;
}

/** Room for multipart framing around the largest allowed file. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** 5,000 document refs with long URLs fit comfortably. */
const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

type Handler = (request: IncomingMessage, apiKey: string, params: string[], url: URL) => Promise<unknown>;
interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

/**
 * The KabyTech batch API over node:http: authentication, routing, JSON errors with the right
 * status, request ids, and API-level fault injection (500/429 before any work, a lost response
 * after a batch was created).
 */
export class ApiRouter {
  private requestCount = 0;
  private readonly routes: Route[];

  constructor(
    private readonly provider: SandboxProvider,
    private readonly options: ApiRouterOptions,
  ) {
    this.routes = [
      { pattern: /^\/v1\/files$/, methods: { POST: (req, key) => this.uploadFile(req, key) } },
      { pattern: /^\/v1\/batch$/, methods: { POST: (req, key) => this.createBatch(req, key) } },
      {
        pattern: /^\/v1\/batch\/([^/]+)$/,
        methods: { GET: async (_req, key, [id]) => presentBatch(provider.getBatch(key, id!)) },
      },
      {
        pattern: /^\/v1\/batch\/([^/]+)\/documents$/,
        methods: { GET: async (_req, key, [id], url) => this.listDocuments(key, id!, url) },
      },
      {
        pattern: /^\/v1\/batch\/([^/]+)\/documents\/([^/]+)$/,
        methods: {
          GET: async (_req, key, [id, docId]) => {
            const batch = provider.getBatch(key, id!);
            const doc = batch.byDocId.get(docId!);
            if (!doc) throw notFound(`document ${docId} in batch ${id}`);
            return presentDocument(batch, doc);
          },
        },
      },
    ];
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestNumber = ++this.requestCount;
    const requestId = `req_${requestNumber.toString(16).padStart(8, '0')}`;
    response.setHeader('x-request-id', requestId);
    try {
      const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
      if (url.pathname === '/health' || url.pathname === '/v1/health')
        return send(response, 200, { ok: true });
      const { handler, params } = this.route(request.method ?? 'GET', url.pathname);
      const apiKey = this.authenticate(request);
      const fault = this.provider.faults.apiFault(requestNumber);
      if (fault === 500) throw new ApiError(500, 'INTERNAL_ERROR', 'internal error (injected fault)');
      if (fault === 429) {
        throw new ApiError(429, 'RATE_LIMITED', 'too many requests (injected fault)', undefined, {
          'retry-after': String(Math.round(1 * this.options.timeScale)),
        });
      }
      const body = await handler(request, apiKey, params, url);
      const status = request.method === 'POST' ? 201 : 200;
      if (
        request.method === 'POST' &&
        url.pathname === '/v1/batch' &&
        this.provider.faults.loseResponse(requestNumber)
      ) {
        // The batch exists now; only the answer is lost. A retry with the same Idempotency-Key finds it.
        throw new ApiError(
          500,
          'INTERNAL_ERROR',
          'internal error after the batch was created (injected fault)',
        );
      }
      send(response, status, body);
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'INTERNAL_ERROR', 'the sandbox failed on this request');
      if (!(error instanceof ApiError)) {
        this.options.logger.error('sandbox request failed', {
          requestId,
          error: String((error as Error)?.stack ?? error),
        });
      }
      const body: ErrorResponse = {
        error: {
          code: apiError.code,
          message: apiError.message,
          ...(apiError.details ? { details: apiError.details } : {}),
        },
      };
      for (const [name, value] of Object.entries(apiError.headers)) response.setHeader(name, value);
      if (apiError.status === 401) response.setHeader('www-authenticate', 'Bearer');
      send(response, apiError.status, body);
      if (!request.complete) discardBody(request);
    }
  }

  private route(method: string, path: string): { handler: Handler; params: string[] } {
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      const handler = route.methods[method];
      if (!handler) {
        throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}`, undefined, {
          allow: Object.keys(route.methods).join(', '),
        });
      }
      return { handler, params: match.slice(1).map(decodePathSegment) };
    }
    throw new ApiError(404, 'NOT_FOUND', `no route ${method} ${path}`);
  }

  private authenticate(request: IncomingMessage): string {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    const header = request.headers['x-api-key'];
    const key = bearer ?? (typeof header === 'string' ? header.trim() : undefined);
    if (!key)
      throw new ApiError(
        401,
        'UNAUTHORIZED',
        'missing API key: send "Authorization: Bearer <key>" or "X-API-Key: <key>"',
      );
    if (!this.options.apiKeys.has(key)) throw new ApiError(401, 'UNAUTHORIZED', 'invalid API key');
    return key;
  }

  private async uploadFile(request: IncomingMessage, apiKey: string) {
    if (mediaType(request) !== 'multipart/form-data') {
      throw new ApiError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'POST /v1/files takes multipart/form-data with a "file" field',
      );
    }
    const body = await readRequestBody(request, this.options.maxFileBytes + MULTIPART_OVERHEAD, 'upload');
    const part = readMultipartFile(body, request.headers['content-type']!, 'file');
    if (part.bytes.length > this.options.maxFileBytes) {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `file is larger than ${this.options.maxFileBytes} bytes`);
    }
    return this.provider.uploadFile(apiKey, part);
  }

  private async createBatch(request: IncomingMessage, apiKey: string) {
    if (mediaType(request) !== 'application/json') {
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'POST /v1/batch takes application/json');
    }
    const body = parseJsonBody(await readRequestBody(request, MAX_MANIFEST_BYTES, 'manifest'));
    const idempotencyKey = request.headers['idempotency-key'];
    return this.provider.createBatch(
      apiKey,
      body,
      typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    );
  }

  private listDocuments(apiKey: string, batchId: string, url: URL): DocumentPage {
    const batch = this.provider.getBatch(apiKey, batchId);
    const status = url.searchParams.get('status');
    if (status !== null && !(DOCUMENT_STATES as readonly string[]).includes(status)) {
      throw validationError([{ path: 'status', message: `must be one of ${DOCUMENT_STATES.join(', ')}` }]);
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw validationError([{ path: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
    }
    const start = decodeCursor(url.searchParams.get('cursor'), batch.documents.length);
    const data = [];
    let index = start;
    for (; index < batch.documents.length && data.length < limit; index++) {
      const doc = batch.documents[index]!;
      if (status === null || doc.status === (status as DocumentState)) data.push(presentDocument(batch, doc));
    }
    // The cursor is a position in the batch's manifest order, which never changes.
    const more = batch.documents.slice(index).some((doc) => status === null || doc.status === status);
    return { data, next_cursor: more ? encodeCursor(index) : null };
  }
}

/** A client may stream this much more after being refused before the sandbox hangs up on it. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;

/**
 * Reads and drops the rest of a body the answer did not need (401, 413, 415…). Closing the socket
 * instead would make a client that is still writing see EPIPE/ECONNRESET rather than the answer;
 * node's parser knows where the body ends, so the connection stays usable afterwards.
 */
function discardBody(request: IncomingMessage): void {
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARDED_BYTES) request.socket.destroy();
  });
  request.resume();
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(400, 'INVALID_PATH', `path segment "${segment}" is not valid percent-encoding`);
  }
}

function encodeCursor(index: number): string {
  return Buffer.from(`pos:${index}`).toString('base64url');
}

function decodeCursor(cursor: string | null, length: number): number {
  if (cursor === null || cursor === '') return 0;
  const match = /^pos:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const index = match ? Number(match[1]) : NaN;
  if (!(index >= 0 && index <= length))
    throw validationError([{ path: 'cursor', message: 'is not a cursor from this listing' }]);
  return index;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}
