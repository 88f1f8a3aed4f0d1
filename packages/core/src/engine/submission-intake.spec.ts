import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { ManualClock } from '../clock/manual-clock.js';
import { MemoryStore } from '../store/memory-store.js';
import { createDocbatch } from './docbatch.js';
import { SubmissionValidationError } from './submission-validation.error.js';
import { DocbatchConfigError } from './docbatch-config.error.js';

function setup() {
  const store = new MemoryStore();
  // Not started: submit() only validates and stores, so the provider is never called.
  const docbatch = createDocbatch({
    provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test' },
    store,
    clock: new ManualClock(),
  });
  return { docbatch, store };
}

async function refusal(promise: Promise<unknown>): Promise<SubmissionValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubmissionValidationError);
  return error as SubmissionValidationError;
}

describe('submit', () => {
  it('stores every document as pending and returns a handle at once', async () => {
    const { docbatch } = setup();
    const sub = await docbatch.submit(
      [
        { id: 'a', url: 'https://files.example/a.pdf' },
        { id: 'b', file: Buffer.from('%PDF-1.4') },
        { id: 'c', file: Readable.from([Buffer.from('%PDF'), Buffer.from('-1.4')]) },
        { id: 'd', fileId: 'file_123' },
      ],
      { label: 'morning' },
    );
    expect(sub).toEqual({ id: expect.stringMatching(/^sub_/), label: 'morning', documentCount: 4 });
    expect(await docbatch.status(sub.id)).toMatchObject({
      documentCount: 4,
      complete: false,
      counts: { pending: 4 },
    });
  });

  it('refuses the whole call, naming each bad document, and stores nothing', async () => {
    const { docbatch, store } = setup();
    const error = await refusal(
      docbatch.submit([
        { id: 'a', url: 'ftp://files.example/a.pdf' },
        { id: 'a', url: 'https://files.example/a2.pdf' },
        { id: 'b', url: 'https://files.example/b.pdf', fileId: 'file_1' },
        { id: 'c' },
        { id: '', fileId: 'file_2' },
        { id: 'e', file: 'not a file' as never },
      ]),
    );
    expect(error.code).toBe('INVALID_SUBMISSION');
    expect(error.errors.map((e) => e.path)).toEqual([
      'documents[0].url',
      'documents[1].id',
      'documents[2]',
      'documents[3]',
      'documents[4].id',
      'documents[5].file',
    ]);
    expect(await store.hasUnassignedDocuments()).toBe(false);
    expect((await refusal(docbatch.submit([]))).errors).toEqual([
      { path: 'documents', message: 'must be a non-empty array' },
    ]);
  });

  it('refuses ids still being processed and paths it cannot read', async () => {
    const { docbatch } = setup();
    await docbatch.submit([{ id: 'busy', url: 'https://files.example/a.pdf' }]);
    const error = await refusal(
      docbatch.submit([
        { id: 'busy', url: 'https://files.example/a.pdf' },
        { id: 'free', url: 'https://files.example/b.pdf' },
      ]),
    );
    expect(error.errors).toEqual([{ path: 'documents[0].id', message: '"busy" is already being processed' }]);
    const missing = await refusal(docbatch.submit([{ id: 'x', file: { path: '/nonexistent/awb.pdf' } }]));
    expect(missing.errors[0]!.path).toBe('documents[0].file.path');
  });

  it('refuses a stream that errors with a coded error naming the document, storing nothing', async () => {
    const { docbatch, store } = setup();
    const broken = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    const error = await refusal(
      docbatch.submit([
        { id: 'ok', url: 'https://files.example/a.pdf' },
        { id: 'broken', file: broken },
      ]),
    );
    expect(error.code).toBe('INVALID_SUBMISSION');
    expect(error.errors).toEqual([
      { path: 'documents[1].file', message: 'reading the stream failed: disk on fire' },
    ]);
    expect(await store.hasUnassignedDocuments()).toBe(false);
    expect(await store.findActiveDocumentIds(['ok', 'broken'])).toEqual([]);
  });

  it('refuses a path that is a directory, and odd values in place of a document or id', async () => {
    const { docbatch, store } = setup();
    const error = await refusal(
      docbatch.submit([
        { id: 'dir', file: { path: tmpdir() } },
        null as never,
        { id: 42 as never, url: 'https://files.example/a.pdf' },
        { id: 'x'.repeat(256), url: 'https://files.example/a.pdf' },
        { id: 'file-scheme', url: 'file:///etc/passwd' },
        { id: 'relative', url: '/a.pdf' },
        { id: '..', url: 'https://files.example/a.pdf' },
      ]),
    );
    expect(error.errors.map((e) => e.path)).toEqual([
      'documents[1]',
      'documents[2].id',
      'documents[3].id',
      'documents[4].url',
      'documents[5].url',
      'documents[6].id',
    ]);
    const dir = await refusal(docbatch.submit([{ id: 'dir', file: { path: tmpdir() } }]));
    expect(dir.errors).toEqual([
      { path: 'documents[0].file.path', message: `${tmpdir()} is not a regular file` },
    ]);
    expect(await refusal(docbatch.submit('nope' as never))).toBeInstanceOf(SubmissionValidationError);
    const badLabel = await refusal(docbatch.submit([{ id: 'l', fileId: 'f' }], { label: 42 as never }));
    expect(badLabel.errors).toEqual([{ path: 'options.label', message: 'must be a string' }]);
    expect(await store.hasUnassignedDocuments()).toBe(false);
    // Plain JavaScript may pass null for "no options".
    expect(await docbatch.submit([{ id: 'n', fileId: 'f' }], null as never)).toMatchObject({ label: null });
  });
});

describe('createDocbatch options', () => {
  const provider = { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test' };
  const invalid = (options: Record<string, unknown>) => {
    try {
      createDocbatch({ provider, ...options });
    } catch (error) {
      return error as DocbatchConfigError;
    }
    throw new Error('accepted ' + JSON.stringify(options));
  };

  it.each([
    [{ submission: { dailyQuota: 0 } }, 'submission.dailyQuota'],
    [{ submission: { dailyQuota: Number('') / 0 } }, 'submission.dailyQuota'],
    [{ submission: { dailyQuota: -5 } }, 'submission.dailyQuota'],
    [{ submission: { maxInFlight: 0 } }, 'submission.maxInFlight'],
    [{ submission: { batchSize: 5001 } }, 'submission.batchSize'],
    [{ submission: { uploadConcurrency: Number.NaN } }, 'submission.uploadConcurrency'],
    [{ webhook: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', url: '/hooks/kaby' } }, 'webhook.url'],
    [{ leaseMs: 0 }, 'leaseMs'],
    [{ polling: { staleAfterMs: -1 } }, 'polling.staleAfterMs'],
    [{ polling: { resultDeadlineMs: 0 } }, 'polling.resultDeadlineMs'],
    [{ handlers: { maxAttempts: Number.NaN } }, 'handlers.maxAttempts'],
  ])('refuses %j, naming %s', (options, name) => {
    const error = invalid(options);
    expect(error).toBeInstanceOf(DocbatchConfigError);
    expect(error.code).toBe('INVALID_DOCBATCH_CONFIG');
    expect(error.message).toContain(name);
  });
});

describe('on()', () => {
  it('refuses an event docbatch never emits, and a handler that is not a function', () => {
    const { docbatch } = setup();
    expect(() => docbatch.on('document.completed' as never, () => {})).toThrow(
      /unknown event "document.completed"; docbatch emits document.complete, document.failed/,
    );
    expect(() => docbatch.on('document.complete', 'handle' as never)).toThrow(DocbatchConfigError);
    expect(typeof docbatch.on('batch.complete', () => {})).toBe('function');
  });
});

describe('submit() racing itself', () => {
  it('lets exactly one of ten concurrent calls claim an id', async () => {
    const { docbatch, store } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        docbatch.submit([{ id: 'contested', url: `https://files.example/${i}.pdf` }]),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_SUBMISSION' });
    expect(await store.findActiveDocumentIds(['contested'])).toEqual(['contested']);
  });
});
