import { newId } from './new-id.js';
import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BatchManifest } from '../protocol/batch-manifest.dto.js';
import type { ValidationIssue } from '../protocol/validation-result.js';
import type { DocumentRecord, ProviderBatchRecord } from '../ports/store.port.js';
import { JOBS, nextQuotaWindowAt, quotaWindow, type EngineContext } from './engine-context.js';
import { finalizeDocument } from './outcome-writer.js';
import { providerFailure } from './provider-failure.js';

interface PlannedBatch {
  batch: ProviderBatchRecord;
  docs: DocumentRecord[];
}

const MAX_CREATE_BACKOFF_MS = 5 * 60_000;

/**
 * The background submitter (`docbatch.submit` job): groups eligible documents into provider batches
 * within the batch size, the in-flight limit and the shared daily quota, uploads their files, and
 * creates each batch idempotently. A batch is stored with its key (the Idempotency-Key) before the
 * create call, so a retried, resumed or crashed call never makes a second batch.
 */
export class BatchSubmitter {
  /** Failed create attempts per batch in this process, for the backoff when no Retry-After is given. */
  private readonly failures = new Map<string, number>();
  private quotaLoggedFor: string | undefined;

  constructor(private readonly ctx: EngineContext) {}

  async drain(): Promise<void> {
    while (!this.ctx.stopping()) {
      const next = await this.nextBatch();
      if (!next) return;
      // After a retryable failure, wait for the wake-up instead of piling up more batches.
      if (!(await this.send(next))) return;
    }
  }

  private async nextBatch(): Promise<PlannedBatch | null> {
    const { store, clock, owner, leaseMs } = this.ctx;
    const now = clock.now();
    // A batch whose creator died (or which is waiting out a Retry-After that has now passed) first.
    const resumed = await store.claimCreatingBatch({ owner, now, leaseMs });
    if (resumed) return { batch: resumed, docs: await store.listBatchDocuments(resumed.key) };
    if (!(await store.hasUnassignedDocuments())) return null;

    let room = this.ctx.batchSize;
    if (this.ctx.maxInFlight !== undefined)
      room = Math.min(room, this.ctx.maxInFlight - (await store.countInFlight()));
    if (room <= 0) return null; // a document reaching its outcome wakes us again

    const window = quotaWindow(now);
    // Enhanced and plain attempts cannot share a batch: the option is per batch.
    for (const enhanced of [false, true]) {
      const planned = await store.transaction(async (tx) => {
        const granted = await tx.reserveQuota(window, room, this.ctx.dailyQuota);
        if (granted === 0) return 'quota' as const;
        const key = newId('bat_');
        const docs = await tx.assignDocuments({ batchKey: key, now, limit: granted, enhanced });
        if (docs.length < granted) await tx.releaseQuota(window, granted - docs.length);
        if (docs.length === 0) return null;
        const batch: ProviderBatchRecord = {
          key,
          state: 'creating',
          providerBatchId: null,
          enhanced,
          documentCount: docs.length,
          lastProgressAt: now,
          leaseOwner: owner,
          leaseUntil: now + leaseMs,
          createdAt: now,
        };
        await tx.createBatch(batch);
        return { batch, docs };
      });
      if (planned === 'quota') {
        const resumeAt = nextQuotaWindowAt(now);
        if (this.quotaLoggedFor !== window) {
          this.quotaLoggedFor = window;
          this.ctx.logger.info('docbatch: daily quota used up, submitting again in the next window', {
            dailyQuota: this.ctx.dailyQuota,
            resumeAt: new Date(resumeAt).toISOString(),
          });
        }
        await this.ctx.wake(JOBS.submit, resumeAt);
        return null;
      }
      if (planned) return planned;
    }
    const retryAt = await store.nextRetryAt();
    if (retryAt !== null && retryAt > now) await this.ctx.wake(JOBS.submit, retryAt);
    return null;
  }

  /** Uploads, then creates the batch. Returns false when it must be retried later. */
  private async send({ batch, docs }: PlannedBatch): Promise<boolean> {
    const { store, clock, provider, logger } = this.ctx;
    let kept: DocumentRecord[] = docs;
    try {
      kept = await this.upload(batch, docs);
      if (kept.length === 0) {
        await store.setBatchState(batch.key, 'closed');
        return true;
      }
      const manifest: BatchManifest = {
        ...(this.ctx.webhookUrl !== undefined && { webhook_url: this.ctx.webhookUrl }),
        documents: kept.map((d) =>
          d.source.kind === 'url' ? { id: d.id, url: d.source.url } : { id: d.id, file_id: fileIdOf(d) },
        ),
        ...(batch.enhanced && { options: { enhanced_preprocessing: true } }),
      };
      const created = await provider.createBatch(manifest, { idempotencyKey: batch.key });
      await store.markBatchCreated({ key: batch.key, providerBatchId: created.batch_id, now: clock.now() });
      this.failures.delete(batch.key);
      logger.info('docbatch: provider batch created', {
        batchId: created.batch_id,
        documents: kept.length,
        enhanced: batch.enhanced,
      });
      // Results may have arrived before we recorded the batch id: they wait in the inbox.
      await this.ctx.wake(JOBS.ingest);
      return true;
    } catch (error) {
      // Interrupted by stop(): the batch keeps its lease and key; the next start resumes it.
      if (this.ctx.stopping()) return false;
      const failure = providerFailure(error);
      if (!failure.retryable) {
        const refused = refusedDocuments(failure.issues, kept);
        if (refused.size > 0) await this.refuseDocuments(batch, kept, refused);
        else await this.reject(batch, docs, failure.message);
        return true;
      }
      const count = (this.failures.get(batch.key) ?? 0) + 1;
      this.failures.set(batch.key, count);
      // Retry-After is a floor, never a shortcut: "Retry-After: 0" on every answer must not turn the
      // backoff into a busy loop against the provider.
      const backoffMs = Math.min(1_000 * 2 ** (count - 1), MAX_CREATE_BACKOFF_MS);
      const delayMs = Math.max(failure.retryAfterMs ?? 0, backoffMs);
      const until = clock.now() + delayMs;
      // Keep the batch ours until then; after that any process may resume it with the same key.
      await store.renewBatchLease(batch.key, this.ctx.owner, until);
      const fields = {
        batchKey: batch.key,
        status: failure.status,
        retryInMs: delayMs,
        error: failure.message,
      };
      if (failure.credentials)
        logger.error(
          'docbatch: the provider refused the API key; documents stay pending until it is fixed',
          fields,
        );
      else
        logger.warn(
          'docbatch: creating a provider batch failed, will retry with the same idempotency key',
          fields,
        );
      await this.ctx.wake(JOBS.submit, until);
      return false;
    }
  }

  /** Uploads stored files with bounded concurrency. A file the provider refuses fails its document
   * alone; a transient error aborts (the batch is retried later, already-uploaded files kept). */
  private async upload(batch: ProviderBatchRecord, docs: DocumentRecord[]): Promise<DocumentRecord[]> {
    const { store, clock, provider, owner, leaseMs } = this.ctx;
    const todo = docs.filter((d) => d.source.kind === 'content' || d.source.kind === 'path');
    if (todo.length === 0) return docs;
    const refused = new Set<string>();
    let next = 0;
    let abort: unknown;
    let leaseUntil = batch.leaseUntil ?? clock.now() + leaseMs;
    const worker = async () => {
      while (abort === undefined && next < todo.length) {
        const doc = todo[next++]!;
        const source = doc.source;
        if (source.kind !== 'content' && source.kind !== 'path') continue;
        try {
          // A file deleted or replaced by a directory since submit() fails its document alone: as a
          // thrown fs error it would count as a network failure and hold the whole batch forever.
          if (source.kind === 'path' && !(await isReadableFile(source.path))) {
            await this.failDocument(doc, 'FILE_UNREADABLE', `cannot read ${source.path} any more`);
            refused.add(doc.key);
            continue;
          }
          const input =
            source.kind === 'content'
              ? Buffer.from(source.content.buffer, source.content.byteOffset, source.content.byteLength)
              : { path: source.path };
          const filename = source.filename ?? (source.kind === 'path' ? basename(source.path) : doc.id);
          const uploaded = await provider.uploadFile(input, { filename, contentType: source.contentType });
          await store.setDocumentFileId(doc.key, uploaded.file_id);
          doc.source = { kind: 'file_id', fileId: uploaded.file_id };
        } catch (error) {
          const failure = providerFailure(error);
          if (failure.retryable) {
            abort = error;
            return;
          }
          await this.failDocument(doc, 'UPLOAD_REJECTED', `upload refused: ${failure.message}`);
          refused.add(doc.key);
        }
        // Long uploads must not let the lease lapse, or another process would resume the batch.
        if (clock.now() > leaseUntil - leaseMs / 2) {
          leaseUntil = clock.now() + leaseMs;
          if (!(await store.renewBatchLease(batch.key, owner, leaseUntil)))
            abort = new Error('batch lease lost');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.ctx.uploadConcurrency, todo.length) }, worker));
    if (refused.size) await this.ctx.wake(JOBS.dispatch);
    if (abort !== undefined) throw abort;
    return docs.filter((d) => !refused.has(d.key));
  }

  private async failDocument(doc: DocumentRecord, errorCode: string, reason: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.store.transaction((tx) =>
      finalizeDocument(tx, doc, { state: 'failed', result: null, errorCode, reason }, {}, now),
    );
  }

  /**
   * The provider refused the batch because of some of its documents (a stale file_id): those fail
   * alone, the rest go back to the line for a new batch (a new key: this one's request is spent).
   * One caller's bad reference must not fail thousands of other callers' documents.
   */
  private async refuseDocuments(
    batch: ProviderBatchRecord,
    kept: DocumentRecord[],
    refused: Map<DocumentRecord, string>,
  ): Promise<void> {
    const now = this.ctx.clock.now();
    const others = kept.filter((d) => !refused.has(d));
    await this.ctx.store.transaction(async (tx) => {
      for (const [doc, message] of refused) {
        const outcome = {
          state: 'failed' as const,
          result: null,
          errorCode: 'DOCUMENT_REJECTED',
          reason: `provider refused the document: ${message}`,
        };
        await finalizeDocument(tx, doc, outcome, {}, now);
      }
      for (const doc of others)
        await tx.updateDocument(
          doc.key,
          { state: doc.state, attempt: doc.attempt },
          { batchKey: null, updatedAt: now },
        );
      await tx.setBatchState(batch.key, 'rejected');
      // Nothing was created: the others will reserve their share again when planned anew.
      if (others.length) await tx.releaseQuota(quotaWindow(batch.createdAt), others.length);
    });
    this.failures.delete(batch.key);
    this.ctx.logger.warn('docbatch: provider refused documents of a batch; those fail, the rest are resent', {
      batchKey: batch.key,
      refused: [...refused].map(([doc, message]) => ({ id: doc.id, message })),
      resent: others.length,
    });
    await this.ctx.wake(JOBS.dispatch);
    if (others.length) await this.ctx.wake(JOBS.submit);
  }

  /** The provider refused the batch itself (not a transient error): its documents fail. */
  private async reject(batch: ProviderBatchRecord, docs: DocumentRecord[], message: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.store.transaction(async (tx) => {
      for (const doc of docs) {
        await finalizeDocument(
          tx,
          doc,
          {
            state: 'failed',
            result: null,
            errorCode: 'BATCH_REJECTED',
            reason: `provider refused the batch: ${message}`,
          },
          {},
          now,
        );
      }
      await tx.setBatchState(batch.key, 'rejected');
    });
    this.failures.delete(batch.key);
    this.ctx.logger.error('docbatch: provider refused a batch; its documents are failed', {
      batchKey: batch.key,
      documents: docs.length,
      error: message,
    });
    await this.ctx.wake(JOBS.dispatch);
  }
}

/** The manifest's documents (`kept`, in order) that the provider's issues name, with its message. */
function refusedDocuments(
  issues: readonly ValidationIssue[],
  kept: DocumentRecord[],
): Map<DocumentRecord, string> {
  const refused = new Map<DocumentRecord, string>();
  for (const issue of issues) {
    const doc = kept[Number(/^documents\[(\d+)\]/.exec(issue.path)?.[1] ?? NaN)];
    if (doc && !refused.has(doc)) refused.set(doc, `${issue.path}: ${issue.message}`);
  }
  return refused;
}

async function isReadableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function fileIdOf(doc: DocumentRecord): string {
  if (doc.source.kind !== 'file_id')
    throw new Error(`docbatch: document ${doc.id} has no file_id after upload`);
  return doc.source.fileId;
}
