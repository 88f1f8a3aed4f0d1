import { createHash } from 'node:crypto';
import {
  MAX_BATCH_DOCUMENTS,
  validateBatchManifest,
  type CreateBatchResponse,
  type FileUploadResponse,
  type ValidationIssue,
} from '@docbatch/core';
import { ApiError, notFound, validationError } from './api/api-error.js';
import type { UploadedPart } from './api/multipart-reader.js';
import { presentEvent } from './api/presenters.js';
import { FaultInjector } from './faults/fault-injector.js';
import type { SandboxFaults } from './faults/sandbox-faults.js';
import { HttpClient } from './http/http-client.js';
import { IdGenerator } from './ids.js';
import { ConcurrencyLimit } from './processing/concurrency-limit.js';
import { readDocument } from './processing/document-reader.js';
import { loadDocumentBytes } from './processing/document-source.js';
import { ProcessingScheduler } from './processing/processing-scheduler.js';
import { TimerSet } from './processing/timer-set.js';
import type { ResolvedSandboxOptions } from './sandbox-options.js';
import { DailyQuota } from './state/daily-quota.js';
import type { BatchRecord, DocumentRecord, StoredFile } from './state/sandbox-records.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';

/**
 * The provider behind the HTTP API: files, batches, quotas, the processing queue and webhook
 * delivery, all in memory. The HTTP layer only parses requests and presents these records.
 */
export class SandboxProvider {
  readonly faults: FaultInjector;
  private readonly files = new Map<string, StoredFile>();
  private readonly batches = new Map<string, BatchRecord>();
  private readonly idempotent = new Map<string, { fingerprint: string; response: CreateBatchResponse }>();
  private readonly ids: IdGenerator;
  private readonly timers: TimerSet;
  private readonly http = new HttpClient();
  private readonly quota: DailyQuota;
  private readonly scheduler: ProcessingScheduler;
  private readonly webhooks: WebhookDispatcher;
  private readonly cpu = new ConcurrencyLimit(2);

  constructor(private readonly options: ResolvedSandboxOptions) {
    const { clock, seed } = options;
    this.ids = new IdGenerator(seed);
    this.timers = new TimerSet(clock, options.timeScale);
    this.faults = new FaultInjector(options.faults, seed);
    this.quota = new DailyQuota(options.dailyQuota);
    this.webhooks = new WebhookDispatcher({
      secret: options.webhookSecret,
      clock,
      timers: this.timers,
      http: this.http,
      faults: this.faults,
      answerTimeoutMs: options.webhookTimeoutMs,
      logger: options.logger,
    });
    this.scheduler = new ProcessingScheduler({
      maxProcessing: options.maxProcessing,
      clock,
      timers: this.timers,
      seed,
      processingTime: options.processingTime,
      faults: this.faults,
      logger: options.logger,
      read: async (batch, doc) => {
        const bytes = await loadDocumentBytes(doc.ref, this.files, this.http, {
          maxBytes: options.maxFileBytes,
          timeoutMs: options.fetchTimeoutMs,
        });
        return this.cpu.run(() =>
          readDocument(bytes, {
            enhancedPreprocessing: batch.enhancedPreprocessing,
            confidenceThreshold: options.confidenceThreshold,
          }),
        );
      },
      onFinished: (batch, doc) => this.finished(batch, doc),
    });
  }

  uploadFile(apiKey: string, part: UploadedPart): FileUploadResponse {
    if (part.bytes.length === 0) throw validationError([{ path: 'file', message: 'the file is empty' }]);
    const file: StoredFile = { id: this.ids.next('file'), apiKey, ...part, bytes: Buffer.from(part.bytes) };
    this.files.set(file.id, file);
    return {
      file_id: file.id,
      filename: file.filename,
      size: file.bytes.length,
      content_type: file.contentType,
    };
  }

  /** `POST /v1/batch`. With an Idempotency-Key, a repeat of the same body returns the same batch. */
  createBatch(apiKey: string, body: unknown, idempotencyKey: string | undefined): CreateBatchResponse {
    const scope = idempotencyKey === undefined ? undefined : `${apiKey}\u0000${idempotencyKey}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const previous = scope === undefined ? undefined : this.idempotent.get(scope);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new ApiError(
          409,
          'IDEMPOTENCY_CONFLICT',
          'this Idempotency-Key was used with a different request body',
        );
      }
      return previous.response;
    }
    const documents = (body as { documents?: unknown } | null)?.documents;
    if (Array.isArray(documents) && documents.length > MAX_BATCH_DOCUMENTS) {
      throw new ApiError(
        413,
        'TOO_MANY_DOCUMENTS',
        `a batch holds at most ${MAX_BATCH_DOCUMENTS} documents, got ${documents.length}`,
      );
    }
    const checked = validateBatchManifest(body);
    if (!checked.ok) throw validationError(checked.errors);
    const manifest = checked.value;
    const unknownFiles: ValidationIssue[] = [];
    manifest.documents.forEach((ref, i) => {
      if ('file_id' in ref && this.files.get(ref.file_id)?.apiKey !== apiKey) {
        unknownFiles.push({
          path: `documents[${i}].file_id`,
          message: `no uploaded file ${JSON.stringify(ref.file_id)}`,
        });
      }
    });
    if (unknownFiles.length) throw validationError(unknownFiles);

    const now = this.options.clock.now();
    const granted = this.quota.take(apiKey, manifest.documents.length, now);
    if (granted === 0) {
      const retryAfter = this.quota.secondsUntilReset(now);
      throw new ApiError(
        429,
        'QUOTA_EXCEEDED',
        `daily quota of ${this.options.dailyQuota} documents is used up`,
        undefined,
        {
          'retry-after': String(retryAfter),
        },
      );
    }
    const batch: BatchRecord = {
      id: this.ids.next('bat'),
      apiKey,
      createdAt: now,
      completedAt: null,
      webhookUrl: manifest.webhook_url ?? null,
      enhancedPreprocessing: manifest.options?.enhanced_preprocessing === true,
      documents: [],
      byDocId: new Map(),
      unfinished: manifest.documents.length,
    };
    for (const ref of manifest.documents) {
      const doc: DocumentRecord = {
        ref,
        status: 'queued',
        result: null,
        errorCode: null,
        errorMessage: null,
        startedAt: null,
        processingMs: null,
        webhook: batch.webhookUrl ? { state: 'pending', attempts: 0, messageId: this.ids.next('msg') } : null,
      };
      batch.documents.push(doc);
      batch.byDocId.set(ref.id, doc);
    }
    this.batches.set(batch.id, batch);
    const response: CreateBatchResponse = {
      batch_id: batch.id,
      status: 'queued',
      document_count: batch.documents.length,
      created_at: new Date(now).toISOString(),
    };
    if (scope !== undefined) this.idempotent.set(scope, { fingerprint, response });

    // Over the daily quota: the rest of the batch fails with RATE_LIMITED, as the real API does.
    this.scheduler.enqueue(batch, batch.documents.slice(0, granted));
    const overQuota = batch.documents.slice(granted);
    if (overQuota.length) {
      // After the 201 is on its way, like every other finished document.
      this.timers.afterScaled(0, () => {
        for (const doc of overQuota) {
          this.scheduler.fail(
            batch,
            doc,
            'RATE_LIMITED',
            `daily quota of ${this.options.dailyQuota} documents is used up`,
          );
        }
      });
    }
    return response;
  }

  getBatch(apiKey: string, batchId: string): BatchRecord {
    const batch = this.batches.get(batchId);
    // Another key's batch does not exist as far as this key can tell.
    if (!batch || batch.apiKey !== apiKey) throw notFound(`batch ${batchId}`);
    return batch;
  }

  setFaults(faults: SandboxFaults): void {
    this.faults.set(faults);
  }

  close(): void {
    this.timers.cancelAll();
    this.http.close();
  }

  private finished(batch: BatchRecord, doc: DocumentRecord): void {
    if (batch.webhookUrl && doc.webhook)
      this.webhooks.dispatch(batch.webhookUrl, presentEvent(batch, doc), doc.webhook);
  }
}
