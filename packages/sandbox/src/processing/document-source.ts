import type { DocumentRef } from '@docbatch/core';
import { DocumentProcessingError } from '../formats/document-error.js';
import { HttpCallError, type HttpClient } from '../http/http-client.js';
import type { StoredFile } from '../state/sandbox-records.js';

/** How long a document URL may take to download (real time). */
const FETCH_TIMEOUT_MS = 30_000;

/**
 * The bytes of a manifest entry: an uploaded file, or a download of its URL. A URL that cannot be
 * fetched fails the document with FETCH_FAILED (the provider documents it next to the file errors).
 */
export async function loadDocumentBytes(
  ref: DocumentRef,
  files: ReadonlyMap<string, StoredFile>,
  http: HttpClient,
  maxFileBytes: number,
): Promise<Uint8Array> {
  if ('file_id' in ref) {
    const file = files.get(ref.file_id);
    // Checked when the batch was created; only a sandbox restart could lose it.
    if (!file) throw new DocumentProcessingError('FETCH_FAILED', `file ${ref.file_id} no longer exists`);
    return file.bytes;
  }
  try {
    const { status, body } = await http.call(ref.url, {
      method: 'GET',
      timeoutMs: FETCH_TIMEOUT_MS,
      maxBytes: maxFileBytes,
    });
    if (status < 200 || status >= 300)
      throw new DocumentProcessingError('FETCH_FAILED', `GET ${ref.url} answered ${status}`);
    return body;
  } catch (error) {
    if (error instanceof HttpCallError) {
      throw new DocumentProcessingError('FETCH_FAILED', `GET ${ref.url} failed: ${error.message}`);
    }
    throw error;
  }
}
