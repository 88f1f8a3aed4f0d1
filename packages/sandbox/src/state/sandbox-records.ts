import type { AwbResult, DocumentRef, DocumentState, WebhookDeliveryState } from '@docbatch/core';

/** A file uploaded with `POST /v1/files`, kept in memory for the sandbox's lifetime. */
export interface StoredFile {
  id: string;
  apiKey: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface WebhookDelivery {
  state: WebhookDeliveryState;
  /** POSTs made so far (duplicates injected by faults are not counted). */
  attempts: number;
  /** Stable across retries, as Standard Webhooks requires. */
  messageId: string;
}

export interface DocumentRecord {
  ref: DocumentRef;
  status: DocumentState;
  result: AwbResult | null;
  errorCode: string | null;
  errorMessage: string | null;
  startedAt: number | null;
  processingMs: number | null;
  webhook: WebhookDelivery | null;
}

export interface BatchRecord {
  id: string;
  apiKey: string;
  createdAt: number;
  completedAt: number | null;
  webhookUrl: string | null;
  enhancedPreprocessing: boolean;
  documents: DocumentRecord[];
  byDocId: Map<string, DocumentRecord>;
  /** Documents not finished yet; the batch is complete at zero. */
  unfinished: number;
}
