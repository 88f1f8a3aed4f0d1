import type { DocumentRef } from '@docbatch/core';
import { DocumentProcessingError } from '../formats/document-error.js';
import { HttpCallError, type HttpClient } from '../http/http-client.js';
import type { StoredFile } from '../state/sandbox-records.js';

export interface FetchLimits {
  maxBytes: number;
  /** The whole download, redirects included (real time). */
  timeoutMs: number;
}

/** Presigned storage URLs often redirect once or twice; more than this is a loop. */
const MAX_REDIRECTS = 5;

/**
 * The bytes of a manifest entry: an uploaded file, or a download of its URL. A URL that cannot be
 * fetched fails the document with FETCH_FAILED (the provider documents it next to the file errors).
 */
export async function loadDocumentBytes(
  ref: DocumentRef,
  files: ReadonlyMap<string, StoredFile>,
  http: HttpClient,
  limits: FetchLimits,
): Promise<Uint8Array> {
  if ('file_id' in ref) {
    const file = files.get(ref.file_id);
    // Checked when the batch was created; only a sandbox restart could lose it.
    if (!file) throw new DocumentProcessingError('FETCH_FAILED', `file ${ref.file_id} no longer exists`);
    return file.bytes;
  }
  const deadline = Date.now() + limits.timeoutMs;
  let url = ref.url;
  try {
    for (let redirects = 0; ; redirects++) {
      const timeoutMs = Math.max(1, deadline - Date.now());
      const { status, headers, body } = await http.call(url, {
        method: 'GET',
        timeoutMs,
        maxBytes: limits.maxBytes,
      });
      const location = headers.location;
      if (status >= 300 && status < 400 && location) {
        if (redirects === MAX_REDIRECTS)
          throw new DocumentProcessingError(
            'FETCH_FAILED',
            `GET ${ref.url}: more than ${MAX_REDIRECTS} redirects`,
          );
        const next = new URL(location, url);
        // Never follow a redirect to file:, data: or anything else the sandbox must not read.
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          throw new DocumentProcessingError(
            'FETCH_FAILED',
            `GET ${ref.url} redirects to ${next.protocol} URL`,
          );
        url = next.href;
        continue;
      }
      if (status < 200 || status >= 300)
        throw new DocumentProcessingError('FETCH_FAILED', `GET ${url} answered ${status}`);
      return body;
    }
  } catch (error) {
    if (error instanceof HttpCallError) {
      throw new DocumentProcessingError('FETCH_FAILED', `GET ${url} failed: ${error.message}`);
    }
    if (error instanceof TypeError) {
      throw new DocumentProcessingError('FETCH_FAILED', `GET ${ref.url}: unusable redirect location`);
    }
    throw error;
  }
}
