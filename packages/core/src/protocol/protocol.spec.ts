import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  BatchManifestDto,
  DocumentRefDto,
  MAX_BATCH_DOCUMENTS,
  validateBatchManifest,
  validateDocumentRef,
} from './batch-manifest.dto.js';
import { parseAwbResult } from './awb-result.dto.js';
import {
  parseBatchStatusResponse,
  parseCreateBatchResponse,
  parseFileUploadResponse,
} from './batch-responses.dto.js';
import { parseDocumentCompleteEvent } from './document-complete-event.dto.js';
import { parseDocumentPage, parseDocumentResultResponse } from './document-result.dto.js';
import { isKnownErrorCode, isTransientErrorCode, KNOWN_ERROR_CODES } from './error-codes.js';
import { parseErrorResponse } from './error-response.dto.js';
import { awbResult, completeEvent } from './protocol.fixtures.test-helper.js';
import { assertValid, ProtocolValidationError, type ValidationResult } from './validation-result.js';

function errorsOf(result: ValidationResult<unknown>) {
  if (result.ok) throw new Error('expected validation errors, got a valid value');
  return result.errors;
}

const docs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `doc_${i}`, url: `https://files.example/${i}.pdf` }));

describe('validateBatchManifest', () => {
  it('accepts url and file_id refs, options, and keeps unknown fields', () => {
    const manifest = {
      webhook_url: 'http://127.0.0.1:4010/hooks/kaby',
      documents: [
        { id: 'a', url: 'http://localhost:3000/a.pdf', label: 'kept' },
        { id: 'b', file_id: 'file_123' },
      ],
      options: { enhanced_preprocessing: true },
      future_flag: 1,
    };
    const result = validateBatchManifest(manifest);
    expect(result).toEqual({ ok: true, value: manifest });
    expect(result.ok && result.value).toBe(manifest);
  });

  it.each([
    [{ id: 'x', url: 'not a url' }, 'documents[3].url', 'must be an absolute http(s) URL'],
    [{ id: 'x', url: 'ftp://files.example/a.pdf' }, 'documents[3].url', 'must be an absolute http(s) URL'],
    [{ id: 'x' }, 'documents[3].url', 'a document needs a url or a file_id'],
    [
      { id: 'x', url: 'https://f.example/a', file_id: 'f1' },
      'documents[3].url',
      'give either url or file_id, not both',
    ],
    [{ id: 'x', file_id: '' }, 'documents[3].file_id', 'should not be empty'],
    [{ id: '', url: 'https://f.example/a' }, 'documents[3].id', 'should not be empty'],
    [{ id: 7, url: 'https://f.example/a' }, 'documents[3].id', 'must be a string'],
    ['doc', 'documents[3]', 'must be an object'],
  ])('reports %j at the document index with the reason', (bad, path, message) => {
    const documents: unknown[] = docs(5);
    documents[3] = bad;
    expect(errorsOf(validateBatchManifest({ documents }))).toContainEqual({ path, message });
  });

  it('names every duplicate id with the index of its first use', () => {
    const documents = docs(6);
    documents[4]!.id = 'doc_1';
    documents[5]!.id = 'doc_1';
    expect(errorsOf(validateBatchManifest({ documents }))).toEqual([
      { path: 'documents[4].id', message: 'duplicate id "doc_1" (first at documents[1])' },
      { path: 'documents[5].id', message: 'duplicate id "doc_1" (first at documents[1])' },
    ]);
  });

  it(`accepts ${MAX_BATCH_DOCUMENTS} documents and rejects one more`, () => {
    expect(validateBatchManifest({ documents: docs(MAX_BATCH_DOCUMENTS) }).ok).toBe(true);
    expect(errorsOf(validateBatchManifest({ documents: docs(MAX_BATCH_DOCUMENTS + 1) }))).toEqual([
      { path: 'documents', message: 'must contain no more than 5000 elements' },
    ]);
  });

  it('rejects an empty batch, a bad webhook_url, bad options and a non-object', () => {
    expect(errorsOf(validateBatchManifest({ documents: [] }))).toEqual([
      { path: 'documents', message: 'must contain at least 1 elements' },
    ]);
    expect(errorsOf(validateBatchManifest({ documents: docs(1), webhook_url: '/relative' }))).toEqual([
      { path: 'webhook_url', message: 'must be an absolute http(s) URL' },
    ]);
    expect(
      errorsOf(validateBatchManifest({ documents: docs(1), options: { enhanced_preprocessing: 'yes' } })),
    ).toEqual([{ path: 'options.enhanced_preprocessing', message: 'must be a boolean value' }]);
    expect(errorsOf(validateBatchManifest([]))).toEqual([
      { path: '', message: 'must be a JSON object, got an array' },
    ]);
    expect(errorsOf(validateBatchManifest(null))).toEqual([
      { path: '', message: 'must be a JSON object, got null' },
    ]);
    expect(errorsOf(validateBatchManifest({}))[0]!.path).toBe('documents');
  });

  it('validates a single ref', () => {
    expect(validateDocumentRef({ id: 'a', file_id: 'f' }).ok).toBe(true);
    expect(errorsOf(validateDocumentRef({ id: 'a' }))).toEqual([
      { path: 'url', message: 'a document needs a url or a file_id' },
    ]);
  });
});

describe('parseDocumentCompleteEvent', () => {
  it('accepts a success event and returns the very object, unknown fields included', () => {
    const event = {
      ...completeEvent(),
      delivered_via: 'v2',
      result: { ...awbResult(), new_field: { x: 1 } },
    };
    const result = parseDocumentCompleteEvent(event);
    expect(result.ok && result.value).toBe(event);
    expect(result.ok && (result.value as unknown as typeof event).result.new_field).toEqual({ x: 1 });
  });

  it('accepts a failed event with no result and keeps an unknown error_code as a string', () => {
    for (const event of [
      completeEvent({ status: 'failed', result: null, error_code: 'CORRUPTED_FILE' }),
      completeEvent({ status: 'failed', result: undefined, error_code: 'QUANTUM_FLUX' }),
      completeEvent({ status: 'failed', result: null }),
    ]) {
      expect(parseDocumentCompleteEvent(event)).toEqual({ ok: true, value: event });
    }
  });

  it('accepts a partial event with null fields', () => {
    const event = completeEvent({
      status: 'partial',
      result: awbResult({ shipper: null, pieces: null, gross_weight_unit: null }),
    });
    expect(parseDocumentCompleteEvent(event).ok).toBe(true);
  });

  it.each([
    [{ status: 'done' }, 'status', 'must be one of success, partial, failed (got string "done")'],
    [{ event: 'document.started' }, 'event', 'must be "document.complete"'],
    [{ batch_id: '' }, 'batch_id', 'should not be empty'],
    [{ doc_id: 42 }, 'doc_id', 'must be a string'],
    [{ result: null }, 'result', 'must be an object for a success or partial document'],
    [
      { result: awbResult({ pieces: '3' as unknown as number }) },
      'result.pieces',
      'must be an integer number',
    ],
    [
      { result: awbResult({ gross_weight_unit: 'TONS' as 'KG' }) },
      'result.gross_weight_unit',
      'must be one of the following values: KG, LB',
    ],
    [
      { result: awbResult({ confidence: { origin: 1.2 } }) },
      'result.confidence',
      'origin must be a number from 0 to 1',
    ],
    [{ result: awbResult({ pages: 0 }) }, 'result.pages', 'must not be less than 1'],
    [{ processing_ms: -1 }, 'processing_ms', 'must not be less than 0'],
    [{ processing_ms: '12' }, 'processing_ms', 'must be a number conforming to the specified constraints'],
    [{ error_code: 5 }, 'error_code', 'must be a string'],
  ])('rejects %j at its path', (overrides, path, message) => {
    expect(errorsOf(parseDocumentCompleteEvent(completeEvent(overrides)))).toContainEqual({ path, message });
  });

  it('reports every problem at once', () => {
    expect(errorsOf(parseDocumentCompleteEvent({ event: 'document.complete' })).map((e) => e.path)).toEqual([
      'batch_id',
      'batch_id',
      'doc_id',
      'doc_id',
      'status',
      'result',
      'processing_ms',
      'processing_ms',
    ]);
  });
});

describe('status responses', () => {
  const status = {
    batch_id: 'bat_1',
    status: 'processing',
    document_count: 3,
    counts: { queued: 1, processing: 1, success: 1, partial: 0, failed: 0 },
    created_at: '2026-12-03T10:00:00.000Z',
    completed_at: null,
  };

  it('parses batch status, creation and upload answers', () => {
    expect(parseBatchStatusResponse(status).ok).toBe(true);
    expect(
      parseCreateBatchResponse({
        batch_id: 'bat_1',
        status: 'queued',
        document_count: 2,
        created_at: '2026-12-03T10:00:00Z',
      }).ok,
    ).toBe(true);
    expect(
      parseFileUploadResponse({
        file_id: 'f_1',
        filename: 'a.pdf',
        size: 10,
        content_type: 'application/pdf',
      }).ok,
    ).toBe(true);
  });

  it('names nested paths and unknown statuses', () => {
    expect(
      errorsOf(parseBatchStatusResponse({ ...status, counts: { ...status.counts, failed: -1 } })),
    ).toEqual([{ path: 'counts.failed', message: 'must not be less than 0' }]);
    expect(errorsOf(parseBatchStatusResponse({ ...status, status: 'paused' }))).toEqual([
      { path: 'status', message: 'must be one of queued, processing, complete (got string "paused")' },
    ]);
    expect(
      errorsOf(
        parseCreateBatchResponse({
          batch_id: 'b',
          status: 'queued',
          document_count: 1,
          created_at: 'yesterday',
        }),
      ),
    ).toEqual([{ path: 'created_at', message: 'must be a valid ISO 8601 date string' }]);
  });

  it('parses a document page, naming the item that is wrong', () => {
    const page = {
      data: [
        {
          batch_id: 'bat_1',
          doc_id: 'a',
          status: 'success',
          result: awbResult(),
          processing_ms: 5,
          webhook: { state: 'delivered', attempts: 1 },
        },
        { batch_id: 'bat_1', doc_id: 'b', status: 'queued' },
        { batch_id: 'bat_1', doc_id: 'c', status: 'failed', error_code: 'LOW_RESOLUTION', result: null },
      ],
      next_cursor: 'c_2',
    };
    expect(parseDocumentPage(page)).toEqual({ ok: true, value: page });
    expect(parseDocumentPage({ data: [], next_cursor: null }).ok).toBe(true);
    const bad = {
      ...page,
      data: [
        page.data[0],
        { ...page.data[1], status: 'lost' },
        { ...page.data[0], webhook: { state: 'x', attempts: 1 } },
      ],
    };
    expect(errorsOf(parseDocumentPage(bad))).toEqual([
      {
        path: 'data[1].status',
        message: expect.stringContaining('must be one of queued, processing, success, partial, failed'),
      },
      {
        path: 'data[2].webhook.state',
        message: 'must be one of pending, delivered, failed (got string "x")',
      },
    ]);
    expect(errorsOf(parseDocumentPage({ data: [] })).map((e) => e.path)).toEqual([
      'next_cursor',
      'next_cursor',
    ]);
    expect(errorsOf(parseDocumentResultResponse({ batch_id: 'b', doc_id: 'd', status: 'success' }))).toEqual([
      { path: 'result', message: 'must be an object for a success or partial document' },
    ]);
  });

  it('parses error responses', () => {
    expect(
      parseErrorResponse({ error: { code: 'QUOTA_EXCEEDED', message: 'daily quota', details: { limit: 1 } } })
        .ok,
    ).toBe(true);
    expect(errorsOf(parseErrorResponse({ error: 'boom' }))[0]!.path).toBe('error');
    expect(errorsOf(parseErrorResponse({ error: { message: 'x' } }))[0]!.path).toBe('error.code');
  });

  it('validates an AWB result on its own', () => {
    expect(parseAwbResult(awbResult({ warnings: ['weight unit guessed'] })).ok).toBe(true);
    expect(errorsOf(parseAwbResult(awbResult({ warnings: [1] as unknown as string[] })))[0]!.path).toBe(
      'warnings',
    );
  });
});

describe('assertValid and error codes', () => {
  it('returns the value or throws a ProtocolValidationError listing the issues', () => {
    const event = completeEvent();
    expect(assertValid(parseDocumentCompleteEvent(event))).toBe(event);
    let error: unknown;
    try {
      assertValid(parseDocumentCompleteEvent(completeEvent({ status: 'nope' })), 'webhook body');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProtocolValidationError);
    expect((error as ProtocolValidationError).code).toBe('INVALID_PAYLOAD');
    expect((error as Error).message).toBe(
      'Invalid webhook body: status: must be one of success, partial, failed (got string "nope")',
    );
  });

  it('knows which codes are transient', () => {
    expect(KNOWN_ERROR_CODES).toHaveLength(5);
    expect(isTransientErrorCode('TIMEOUT')).toBe(true);
    expect(isTransientErrorCode('RATE_LIMITED')).toBe(true);
    expect(isTransientErrorCode('LOW_RESOLUTION')).toBe(false);
    expect(isKnownErrorCode('QUANTUM_FLUX')).toBe(false);
  });
});

describe('DTO classes', () => {
  it('work with class-transformer + class-validator the way Nest ValidationPipe uses them', () => {
    const dto = plainToInstance(BatchManifestDto, { documents: [{ id: 'a', url: 'nope' }] });
    expect(dto.documents[0]).toBeInstanceOf(DocumentRefDto);
    const [error] = validateSync(dto);
    expect(error?.property).toBe('documents');
    expect(error?.children?.[0]?.children?.[0]?.property).toBe('url');
  });

  it('treat a "__proto__" key as plain data: no prototype swap, no pollution', () => {
    const json = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(completeEvent()).slice(1)}`);
    const result = parseDocumentCompleteEvent(json);
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errorsOf(parseDocumentCompleteEvent({ ...json, status: 'nope' }))).toEqual([
      { path: 'status', message: 'must be one of success, partial, failed (got string "nope")' },
    ]);
  });
});
