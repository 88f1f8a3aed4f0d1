import { newId } from './new-id.js';
import { parseDocumentCompleteEvent } from '../protocol/document-complete-event.dto.js';
import type { ProviderBatchRecord } from '../ports/store.port.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';
import type { PolledDocument } from './provider-port.js';

const FINISHED = new Set(['success', 'partial', 'failed']);
/** Up to this many missing documents are fetched one by one; more, and the batch is listed. */
const FETCH_ONE_BY_ONE = 20;
const CLAIM_LIMIT = 10;

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

  /** Records the results of `batch` that we are still waiting for. */
  async poll(batch: ProviderBatchRecord): Promise<number> {
    const { store, provider, logger } = this.ctx;
    const batchId = batch.providerBatchId!;
    const waiting = await store.listSubmittedDocIds(batchId);
    if (waiting.length === 0) {
      await store.setBatchState(batch.key, 'closed');
      return 0;
    }
    let recorded = 0;
    try {
      const record = async (doc: PolledDocument) => {
        if (FINISHED.has(doc.status) && (await this.record(batchId, doc))) recorded++;
      };
      if (waiting.length <= FETCH_ONE_BY_ONE) {
        for (const docId of waiting) await record(await provider.getDocument(batchId, docId));
      } else {
        const wanted = new Set(waiting);
        for await (const doc of provider.listDocuments(batchId))
          if (wanted.has(doc.doc_id)) await record(doc);
      }
    } catch (error) {
      // Polled again after another staleAfterMs; what was recorded so far stays.
      logger.warn('docbatch: polling a provider batch failed', { batchId, error: errorMessage(error) });
    }
    if (recorded > 0) {
      logger.info('docbatch: polling found results that no webhook delivered', { batchId, recorded });
      await this.ctx.wake(JOBS.ingest);
    }
    return recorded;
  }

  private async record(batchId: string, doc: PolledDocument): Promise<boolean> {
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
      dedupeKey: `${batchId}:${doc.doc_id}:${doc.status}`,
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
