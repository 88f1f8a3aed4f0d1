import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { ManualClock } from '../clock/manual-clock.js';
import { MemoryStore } from '../store/memory-store.js';
import { createDocbatch } from './docbatch.js';
import { SubmissionValidationError } from './submission-validation.error.js';

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
});
