import { randomUUID } from 'node:crypto';
import { validateBatchManifest, type BatchManifest } from '../protocol/batch-manifest.dto.js';
import {
  parseBatchStatusResponse,
  parseCreateBatchResponse,
  parseFileUploadResponse,
  type BatchStatusResponse,
  type CreateBatchResponse,
  type FileUploadResponse,
} from '../protocol/batch-responses.dto.js';
import {
  parseDocumentPage,
  parseDocumentResultResponse,
  type DocumentPage,
  type DocumentResultResponse,
  type DocumentState,
} from '../protocol/document-result.dto.js';
import { parseErrorResponse } from '../protocol/error-response.dto.js';
import {
  formatValidationIssues,
  type ValidationIssue,
  type ValidationResult,
} from '../protocol/validation-result.js';
import { ProviderError } from './provider.error.js';
import { parseRetryAfter } from './retry-after.js';
import { uploadForm, type UploadInput, type UploadOptions } from './upload-body.js';

export interface ProviderRetryOptions {
  /** Retries after the first try (network errors, timeouts, 5xx, 429). Default 3; 0 disables. */
  retries?: number;
  /** Backoff ceiling min(maxDelayMs, baseDelayMs * 2^n) with full jitter. Defaults 500 ms, 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited out inside the call: the ProviderError (with
   * retryAfterMs) goes to the caller, who can schedule the work instead. Default 60 s.
   */
  maxRetryAfterMs?: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /** How to wait between tries; injectable so tests never sleep for real. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ProviderClientOptions {
  /** e.g. `https://api.kabytech.example` or the sandbox's url. */
  baseUrl: string;
  apiKey: string;
  /** `Authorization: Bearer <key>` (default) or `X-API-Key: <key>`. */
  auth?: 'bearer' | 'x-api-key';
  /** Per try, covering the whole answer (headers and body). Default 30 s. */
  timeoutMs?: number;
  retry?: ProviderRetryOptions;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

type Parser<T> = (json: unknown) => ValidationResult<T>;

const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** HTTP client for the KabyTech batch API (or the sandbox): auth, timeouts, retries, typed errors. */
export class ProviderClient {
  private readonly baseUrl: string;
  private readonly authHeaders: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retry: Required<ProviderRetryOptions>;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ProviderClientOptions) {
    if (!options.baseUrl) throw new TypeError('ProviderClient needs a baseUrl');
    if (!options.apiKey) throw new TypeError('ProviderClient needs an apiKey');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authHeaders =
      options.auth === 'x-api-key'
        ? { 'x-api-key': options.apiKey }
        : { authorization: `Bearer ${options.apiKey}` };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = {
      retries: 3,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 60_000,
      random: Math.random,
      sleep,
      ...options.retry,
    };
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** `POST /v1/files`: a Buffer, a Readable stream or `{ path }`. */
  async uploadFile(
    input: UploadInput,
    options?: UploadOptions & RequestOptions,
  ): Promise<FileUploadResponse> {
    const form = await uploadForm(input, options);
    return this.request('POST', '/v1/files', parseFileUploadResponse, {
      body: form,
      signal: options?.signal,
    });
  }

  /**
   * `POST /v1/batch`. Checked before sending (≤ 5,000 documents, unique ids, valid refs). The
   * Idempotency-Key makes a retried POST return the first batch instead of creating a second one:
   * pass a key that is stable for this batch across process restarts (one is generated otherwise).
   */
  async createBatch(
    manifest: BatchManifest,
    options: { idempotencyKey?: string } & RequestOptions = {},
  ): Promise<CreateBatchResponse> {
    const checked = validateBatchManifest(manifest);
    if (!checked.ok) {
      throw new ProviderError(
        `Batch manifest refused before sending: ${formatValidationIssues(checked.errors)}`,
        {
          status: 0,
          code: 'INVALID_MANIFEST',
          retryable: false,
          issues: checked.errors,
        },
      );
    }
    return this.request('POST', '/v1/batch', parseCreateBatchResponse, {
      body: JSON.stringify(manifest),
      headers: {
        'content-type': 'application/json',
        'idempotency-key': options.idempotencyKey ?? randomUUID(),
      },
      signal: options.signal,
    });
  }

  /** `GET /v1/batch/{id}`: state and counts per status. */
  getBatch(batchId: string, options?: RequestOptions): Promise<BatchStatusResponse> {
    return this.request('GET', `/v1/batch/${encodeURIComponent(batchId)}`, parseBatchStatusResponse, options);
  }

  /** `GET /v1/batch/{id}/documents/{doc_id}`: one result (the polling endpoint). */
  getDocument(batchId: string, docId: string, options?: RequestOptions): Promise<DocumentResultResponse> {
    const path = `/v1/batch/${encodeURIComponent(batchId)}/documents/${encodeURIComponent(docId)}`;
    return this.request('GET', path, parseDocumentResultResponse, options);
  }

  /** One page of `GET /v1/batch/{id}/documents`. */
  getDocumentPage(
    batchId: string,
    options: { status?: DocumentState; cursor?: string } & RequestOptions = {},
  ): Promise<DocumentPage> {
    const query = new URLSearchParams();
    if (options.status) query.set('status', options.status);
    if (options.cursor) query.set('cursor', options.cursor);
    const qs = query.size > 0 ? `?${query}` : '';
    return this.request(
      'GET',
      `/v1/batch/${encodeURIComponent(batchId)}/documents${qs}`,
      parseDocumentPage,
      options,
    );
  }

  /** Every document of a batch, following `next_cursor` page by page (a page is fetched only when needed). */
  async *listDocuments(
    batchId: string,
    options: { status?: DocumentState } & RequestOptions = {},
  ): AsyncGenerator<DocumentResultResponse, void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.getDocumentPage(batchId, { ...options, cursor });
      yield* page.data;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  private async request<T>(
    method: string,
    path: string,
    parse: Parser<T>,
    init: { body?: string | FormData; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.attempt(method, path, parse, init);
      } catch (error) {
        if (!(error instanceof ProviderError) || !error.retryable || retry >= this.retry.retries) throw error;
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retry);
        let delay = Math.floor(this.retry.random() * ceiling);
        if (error.retryAfterMs !== undefined) {
          if (error.retryAfterMs > this.retry.maxRetryAfterMs) throw error;
          delay = Math.max(delay, error.retryAfterMs);
        }
        await this.retry.sleep(delay);
        if (init.signal?.aborted) throw aborted(method, path, init.signal.reason);
      }
    }
  }

  private async attempt<T>(
    method: string,
    path: string,
    parse: Parser<T>,
    init: { body?: string | FormData; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<T> {
    const what = `${method} ${path}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        body: init.body,
        headers: { accept: 'application/json', ...this.authHeaders, ...init.headers },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (init.signal?.aborted) throw aborted(method, path, init.signal.reason);
      if (timeout.aborted) {
        throw new ProviderError(`${what}: no complete answer within ${this.timeoutMs} ms`, {
          status: 0,
          code: 'REQUEST_TIMEOUT',
          retryable: true,
          cause: error,
        });
      }
      throw new ProviderError(`${what}: network error (${networkReason(error)})`, {
        status: 0,
        code: 'NETWORK_ERROR',
        retryable: true,
        cause: error,
      });
    }

    const requestId = response.headers.get('x-request-id') ?? response.headers.get('request-id') ?? undefined;
    let json: unknown;
    let malformed = false;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      malformed = true;
    }

    if (!response.ok) {
      const body = parseErrorResponse(json);
      const code = body.ok ? body.value.error.code : `HTTP_${response.status}`;
      const detail = body.ok ? body.value.error.message : text.slice(0, 200);
      throw new ProviderError(`${what} answered ${response.status} ${code}${detail ? `: ${detail}` : ''}`, {
        status: response.status,
        code,
        retryable: isRetryableStatus(response.status),
        requestId,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
        // A 400 naming `documents[3].file_id` lets the caller refuse that document alone.
        issues: body.ok ? validationIssues(body.value.error.details) : undefined,
      });
    }
    // A truncated or garbled body may be a proxy hiccup: worth another try. A well-formed body of the
    // wrong shape is a contract mismatch that trying again will not fix.
    if (malformed) {
      throw new ProviderError(`${what} answered ${response.status} with a body that is not JSON`, {
        status: response.status,
        code: 'INVALID_RESPONSE',
        retryable: true,
        requestId,
      });
    }
    const parsed = parse(json);
    if (!parsed.ok) {
      throw new ProviderError(
        `${what} answered an unexpected body: ${formatValidationIssues(parsed.errors)}`,
        {
          status: response.status,
          code: 'INVALID_RESPONSE',
          retryable: false,
          requestId,
          issues: parsed.errors,
        },
      );
    }
    return parsed.value;
  }
}

function validationIssues(details: unknown): ValidationIssue[] | undefined {
  if (!Array.isArray(details)) return undefined;
  const issues = details.filter(
    (d): d is ValidationIssue =>
      typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
  );
  return issues.length ? issues.map(({ path, message }) => ({ path, message })) : undefined;
}

function aborted(method: string, path: string, reason: unknown): ProviderError {
  return new ProviderError(`${method} ${path}: aborted by the caller`, {
    status: 0,
    code: 'ABORTED',
    retryable: false,
    cause: reason,
  });
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}
