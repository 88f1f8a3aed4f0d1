import { newId } from './new-id.js';
import { access, constants, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ValidationIssue } from '../protocol/validation-result.js';
import { isHttpUrl } from '../protocol/protocol-decorators.js';
import { DocumentIdConflictError, type DocumentRecord, type DocumentSource } from '../ports/store.port.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';
import { SubmissionValidationError } from './submission-validation.error.js';
import { newPendingDocument } from '../store/new-pending-document.js';

/** One document handed to submit(): exactly one of `url`, `file` or `fileId`. */
export interface SubmitDocument {
  /** Your correlation id (≤ 255 chars), unique in the call and among your documents still active. */
  id: string;
  /** The provider fetches it. */
  url?: string;
  /** Uploaded by docbatch first: bytes, a stream (read at submit, so it survives a restart), or a path. */
  file?: Uint8Array | Readable | { path: string };
  /** Already uploaded with `POST /v1/files`. */
  fileId?: string;
  filename?: string;
  contentType?: string;
}

export interface SubmitOptions {
  /** Shown in status() and batch.complete. */
  label?: string;
}

export interface SubmissionHandle {
  id: string;
  label: string | null;
  documentCount: number;
}

const MAX_ID_LENGTH = 255;

/**
 * Validates the whole call first, then stores the submission and every document as `pending` in one
 * atomic step, and wakes the submitter. Nothing is sent to the provider here.
 */
export async function submitDocuments(
  ctx: EngineContext,
  docs: readonly SubmitDocument[],
  options?: SubmitOptions | null,
): Promise<SubmissionHandle> {
  if (!Array.isArray(docs) || docs.length === 0) {
    throw new SubmissionValidationError([{ path: 'documents', message: 'must be a non-empty array' }]);
  }
  const label = options?.label ?? null;
  if (label !== null && typeof label !== 'string')
    throw new SubmissionValidationError([{ path: 'options.label', message: 'must be a string' }]);
  const errors: ValidationIssue[] = [];
  const seen = new Set<string>();
  docs.forEach((doc, i) => checkDocument(doc, `documents[${i}]`, seen, errors));
  if (errors.length === 0) {
    const active = new Set(await ctx.store.findActiveDocumentIds([...seen]));
    docs.forEach((doc, i) => {
      if (active.has(doc.id))
        errors.push({ path: `documents[${i}].id`, message: `"${doc.id}" is already being processed` });
    });
  }
  if (errors.length === 0) await checkPaths(docs, errors);
  // Streams are read now (they cannot be replayed after a restart); one that errors refuses the call.
  const sources = errors.length === 0 ? await readSources(docs, errors) : [];
  if (errors.length) throw new SubmissionValidationError(errors);

  const id = newId('sub_');
  const now = ctx.clock.now();
  const records: DocumentRecord[] = new Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    records[i] = newPendingDocument({
      // join() writes one flat string; a template literal makes a rope (two 32-byte cons cells
      // over the parts) that the store keeps alive next to its flattened text: 60 bytes a document.
      key: [id, i].join(':'),
      id: doc.id,
      submissionId: id,
      source: sources[i]!,
      now,
    });
  }
  try {
    await ctx.store.createSubmission(
      { id, label, documentCount: docs.length, finalCount: 0, createdAt: now },
      records,
    );
  } catch (error) {
    // Another submit() raced us to the same ids between the check and the insert.
    if (error instanceof DocumentIdConflictError) {
      throw new SubmissionValidationError(
        error.ids.map((docId) => ({
          path: 'documents[].id',
          message: `"${docId}" is already being processed`,
        })),
      );
    }
    throw error;
  }
  await ctx.wake(JOBS.submit);
  return { id, label, documentCount: docs.length };
}

function checkDocument(
  doc: SubmitDocument,
  path: string,
  seen: Set<string>,
  errors: ValidationIssue[],
): void {
  if (typeof doc !== 'object' || doc === null) {
    errors.push({ path, message: 'must be an object' });
    return;
  }
  if (typeof doc.id !== 'string' || doc.id.length === 0 || doc.id.length > MAX_ID_LENGTH) {
    errors.push({
      path: `${path}.id`,
      message: `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`,
    });
  } else if (doc.id === '.' || doc.id === '..') {
    // URLs treat them as path steps even escaped: GET …/documents/.. would poll the wrong resource.
    errors.push({ path: `${path}.id`, message: `"${doc.id}" cannot be used as an id (it cannot be polled)` });
  } else if (seen.has(doc.id)) {
    errors.push({ path: `${path}.id`, message: `"${doc.id}" appears more than once in this call` });
  } else {
    seen.add(doc.id);
  }
  const given = (['url', 'file', 'fileId'] as const).filter((k) => doc[k] !== undefined);
  if (given.length !== 1) {
    errors.push({
      path,
      message: given.length
        ? `give exactly one of url, file, fileId (got ${given.join(', ')})`
        : 'needs a url, a file or a fileId',
    });
    return;
  }
  if (doc.url !== undefined && !isHttpUrl(doc.url))
    errors.push({ path: `${path}.url`, message: 'must be an absolute http(s) URL' });
  if (doc.fileId !== undefined && (typeof doc.fileId !== 'string' || doc.fileId.length === 0))
    errors.push({ path: `${path}.fileId`, message: 'must be a non-empty string' });
  if (doc.file !== undefined && !isFileInput(doc.file))
    errors.push({
      path: `${path}.file`,
      message: 'must be a Buffer/Uint8Array, a readable stream or { path }',
    });
}

function isFileInput(file: unknown): file is SubmitDocument['file'] {
  if (file instanceof Uint8Array || file instanceof Readable) return true;
  return typeof file === 'object' && file !== null && typeof (file as { path?: unknown }).path === 'string';
}

/** A path is only read at upload time, possibly after a restart: it must be a readable file now. */
async function checkPaths(docs: readonly SubmitDocument[], errors: ValidationIssue[]): Promise<void> {
  for (let i = 0; i < docs.length; i++) {
    const file = docs[i]!.file;
    if (!file || file instanceof Uint8Array || file instanceof Readable) continue;
    const path = `documents[${i}].file.path`;
    try {
      await access(file.path, constants.R_OK);
      if (!(await stat(file.path)).isFile())
        errors.push({ path, message: `${file.path} is not a regular file` });
    } catch {
      errors.push({ path, message: `cannot read ${file.path}` });
    }
  }
}

async function readSources(
  docs: readonly SubmitDocument[],
  errors: ValidationIssue[],
): Promise<DocumentSource[]> {
  const sources: DocumentSource[] = new Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    try {
      sources[i] = await toSource(docs[i]!);
    } catch (error) {
      errors.push({
        path: `documents[${i}].file`,
        message: `reading the stream failed: ${errorMessage(error)}`,
      });
    }
  }
  return sources;
}

async function toSource(doc: SubmitDocument): Promise<DocumentSource> {
  if (doc.url !== undefined) return { kind: 'url', url: doc.url };
  if (doc.fileId !== undefined) return { kind: 'file_id', fileId: doc.fileId };
  const meta = { filename: doc.filename, contentType: doc.contentType };
  const file = doc.file!;
  if (file instanceof Uint8Array) return { kind: 'content', content: file, ...meta };
  // A stream cannot be replayed after a crash, so its bytes are stored like a Buffer's.
  if (file instanceof Readable) return { kind: 'content', content: await readAll(file), ...meta };
  return { kind: 'path', path: file.path, ...meta };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
