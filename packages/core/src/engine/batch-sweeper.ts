import { newId } from './new-id.js';
import { parseDocumentCompleteEvent } from '../protocol/document-complete-event.dto.js';
import type { ProviderBatchRecord } from '../ports/store.port.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';
import { ENGINE_ERROR_CODES } from './engine-error-codes.js';
import { providerFailure } from './provider-failure.js';
import type { PolledDocument } from './provider-port.js';

const FINISHED = new Set(['success', 'partial', 'failed']);
/** Up to this many missing documents are fetched one by one; more, and the batch is listed. */
const FETCH_ONE_BY_ONE = 20;
const CLAIM_LIMIT = 10;

const isNotFound = (error: unknown) => providerFailure(error).status === 404;

/**
 * The safety net (`docbatch.sweep` job, every polling.intervalMs). Polls provider batches nothing
 * was heard about for polling.staleAfterMs and feeds missing results into the inbox — the same path
 * as webhooks — and re-arms every job kind, so work whose queue job was lost is found again.
 */
export class BatchSweeper {
  constructor(private readonly ctx: EngineContext) {}

  async sweep(): Promise<void> {
    const { store, clock } = this.ctx;
    try {
      while (!this.ctx.stopping()) {
        const now = clock.now();
        const stale = await store.claimStaleBatches({
          staleBefore: now - this.ctx.staleAfterMs,
          now,
          limit: CLAIM_LIMIT,
        });
        for (const batch of stale) await this.poll(batch);
        if (stale.length < CLAIM_LIMIT) break;
      }
      await this.ctx.wake(JOBS.submit);
      if (await store.hasUnprocessedReceipts()) await this.ctx.wake(JOBS.ingest);
      await this.ctx.wake(JOBS.dispatch);
    } finally {
      if (!this.ctx.stopping()) await this.ctx.wake(JOBS.sweep, clock.now() + this.ctx.sweepIntervalMs);
    }
  }

  /**
   * Records the results of `batch` that we are still waiting for. A 404 for the batch or for one of
   * our documents means the provider lost that attempt: it is recorded as failed LOST_BY_PROVIDER,
   * which the retry policy resubmits (or fails after maxAttempts) — otherwise it would be polled
   * forever. Past polling.resultDeadlineMs since the batch was created, a document still without a
   * result is recorded as RESULT_DEADLINE_EXCEEDED the same way, so no document waits forever.
   */
  async poll(batch: ProviderBatchRecord): Promise<number> {
    const { store, provider, logger, clock } = this.ctx;
    const batchId = batch.providerBatchId!;
    const waiting = await store.listSubmittedDocIds(batchId);
    if (waiting.length === 0) {
      await store.setBatchState(batch.key, 'closed');
      return 0;
    }
    const unresolved = new Set(waiting);
    const lost: string[] = [];
    let recorded = 0;
    const take = async (doc: PolledDocument) => {
      if (!unresolved.has(doc.doc_id) || !FINISHED.has(doc.status)) return;
      unresolved.delete(doc.doc_id);
      if (await this.record(batchId, doc)) recorded++;
    };
    try {
      let fetchOneByOne = waiting;
      if (waiting.length > FETCH_ONE_BY_ONE) {
        const listed = new Set<string>();
        try {
          for await (const doc of provider.listDocuments(batchId)) {
            listed.add(doc.doc_id);
            await take(doc);
          }
        } catch (error) {
          // A 404 on the first page: the whole batch is gone. Mid-listing it is not that clear.
          if (!isNotFound(error) || listed.size > 0) throw error;
          lost.push(...unresolved);
          unresolved.clear();
        }
        // The document endpoint has the last word on one the listing did not show.
        fetchOneByOne = [...unresolved].filter((id) => !listed.has(id));
      }
      for (const docId of fetchOneByOne) {
        try {
          await take(await provider.getDocument(batchId, docId));
        } catch (error) {
          if (!isNotFound(error)) throw error;
          lost.push(docId);
          unresolved.delete(docId);
        }
      }
    } catch (error) {
      // Polled again after another staleAfterMs; what was recorded so far stays.
      logger.warn('docbatch: polling a provider batch failed', { batchId, error: errorMessage(error) });
    }
    const { lostByProvider, resultDeadlineExceeded } = ENGINE_ERROR_CODES;
    for (const docId of lost) if (await this.recordLoss(batchId, docId, lostByProvider)) recorded++;
    if (lost.length > 0)
      logger.warn('docbatch: the provider does not know documents it was sent (404); attempts lost', {
        batchId,
        docIds: lost.slice(0, 20),
        count: lost.length,
      });
    if (unresolved.size > 0 && clock.now() - batch.createdAt >= this.ctx.resultDeadlineMs) {
      for (const docId of unresolved)
        if (await this.recordLoss(batchId, docId, resultDeadlineExceeded)) recorded++;
      logger.warn('docbatch: no result within polling.resultDeadlineMs; attempts given up', {
        batchId,
        count: unresolved.size,
      });
    }
    if (recorded > 0) {
      logger.info('docbatch: polling found results that no webhook delivered', { batchId, recorded });
      await this.ctx.wake(JOBS.ingest);
    }
    return recorded;
  }

  /** An attempt the engine gives up on, recorded as a failed result through the inbox. */
  private recordLoss(batchId: string, docId: string, errorCode: string): Promise<boolean> {
    return this.record(
      batchId,
      { doc_id: docId, status: 'failed', result: null, error_code: errorCode, processing_ms: 0 },
      `${batchId}:${docId}:${errorCode}`,
    );
  }

  private async record(
    batchId: string,
    doc: PolledDocument,
    dedupeKey = `${batchId}:${doc.doc_id}:${doc.status}`,
  ): Promise<boolean> {
    const candidate = {
      event: 'document.complete',
      batch_id: batchId,
      doc_id: doc.doc_id,
      status: doc.status,
      result: doc.result ?? null,
      ...(doc.error_code != null && { error_code: doc.error_code }),
      processing_ms: doc.processing_ms ?? 0,
    };
    const parsed = parseDocumentCompleteEvent(candidate);
    if (!parsed.ok) {
      this.ctx.logger.warn('docbatch: polled result is malformed, ignored', {
        batchId,
        docId: doc.doc_id,
        errors: parsed.errors,
      });
      return false;
    }
    const { duplicate } = await this.ctx.store.recordReceipt({
      id: newId(),
      dedupeKey,
      source: 'poll',
      providerBatchId: batchId,
      docId: doc.doc_id,
      status: doc.status,
      payload: parsed.value,
      receivedAt: this.ctx.clock.now(),
    });
    return !duplicate;
  }
}
