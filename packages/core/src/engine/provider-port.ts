import type { Readable } from 'node:stream';
import type { BatchManifest } from '../protocol/batch-manifest.dto.js';

/** One document's result as the polling endpoints return it (the fields the engine reads). */
export interface PolledDocument {
  doc_id: string;
  status: string;
  result?: unknown;
  error_code?: string | null;
  processing_ms?: number | null;
}

/**
 * The provider calls the engine makes — what ProviderClient offers. A narrow interface so tests and
 * hosts can hand in their own client (a proxy, a recording wrapper) without subclassing.
 */
export interface ProviderPort {
  uploadFile(
    input: Buffer | Readable | { path: string },
    options?: { filename?: string; contentType?: string },
  ): Promise<{ file_id: string }>;
  createBatch(manifest: BatchManifest, options: { idempotencyKey: string }): Promise<{ batch_id: string }>;
  getDocument(batchId: string, docId: string): Promise<PolledDocument>;
  listDocuments(batchId: string, options?: { status?: string }): AsyncIterable<PolledDocument>;
}
