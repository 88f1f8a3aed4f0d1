import type { DocumentCompleteEvent } from '../protocol/document-complete-event.dto.js';
import {
  classifyOutcome,
  DEFAULT_RETRY_POLICY,
  type RetryDecision,
  type RetryPolicy,
} from '../retry/index.js';
import type { AttemptRecord, ReceiptRecord, StoreTransaction } from '../ports/store.port.js';
import type { DocumentRetryEvent } from './docbatch-events.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';
import { ENGINE_ERROR_CODES, ENGINE_TRANSIENT_ERROR_CODES } from './engine-error-codes.js';
import { event, finalizeDocument } from './outcome-writer.js';

/** A result for a batch we have not finished recording (the provider answered faster than our
 * own commit) is retried this often, for this long, before it is filed as unknown. */
const UNKNOWN_RETRY_MS = 5_000;
const UNKNOWN_GRACE_MS = 120_000;
const CLAIM_LIMIT = 100;

/** Thrown inside a transaction to roll it back when another worker processed the receipt first. */
class AlreadyProcessed extends Error {}

/**
 * Applies recorded receipts (webhooks and polled results) to documents. Runs in the background
 * (`docbatch.ingest` job), never inside the webhook request.
 */
export class ReceiptIngestor {
  /** The host's retry policy, plus the engine's own transient codes (a lost attempt is retried). */
  private readonly policy: Partial<RetryPolicy>;

  constructor(private readonly ctx: EngineContext) {
    const transient = ctx.retry?.transientErrorCodes ?? DEFAULT_RETRY_POLICY.transientErrorCodes;
    this.policy = { ...ctx.retry, transientErrorCodes: [...transient, ...ENGINE_TRANSIENT_ERROR_CODES] };
  }

  /** Claims and applies receipts until none is left (or the engine stops). */
  async drain(): Promise<void> {
    const { store, clock, owner, leaseMs } = this.ctx;
    while (!this.ctx.stopping()) {
      const receipts = await store.claimReceipts({ owner, now: clock.now(), leaseMs, limit: CLAIM_LIMIT });
      if (receipts.length === 0) return;
      const effects = new Effects();
      for (const receipt of receipts) {
        try {
          await store.transaction((tx) => this.apply(tx, receipt, effects));
        } catch (error) {
          if (error instanceof AlreadyProcessed) continue;
          // The lease runs out and the receipt is applied again later; other receipts go on.
          this.ctx.logger.error('docbatch: applying a result failed', {
            receiptId: receipt.id,
            batchId: receipt.providerBatchId,
            docId: receipt.docId,
            error: errorMessage(error),
          });
        }
      }
      await effects.wake(this.ctx);
    }
  }

  private async apply(tx: StoreTransaction, receipt: ReceiptRecord, effects: Effects): Promise<void> {
    const { clock, logger } = this.ctx;
    const now = clock.now();
    const fields = { batchId: receipt.providerBatchId, docId: receipt.docId, status: receipt.status };
    const ref = await tx.findAttempt(receipt.providerBatchId, receipt.docId);
    if (!ref) {
      if (now - receipt.receivedAt < UNKNOWN_GRACE_MS) {
        await tx.deferReceipt(receipt.id, now + UNKNOWN_RETRY_MS);
        effects.ingestAt(now + UNKNOWN_RETRY_MS);
        return;
      }
      await this.complete(tx, receipt, 'unknown', now);
      logger.warn('docbatch: result for an unknown batch or document, recorded and ignored', fields);
      return;
    }
    const doc = await tx.getDocument(ref.documentKey);
    if (!doc || doc.state !== 'submitted' || doc.attempt !== ref.attempt) {
      await this.complete(tx, receipt, 'stale', now);
      logger.info('docbatch: stale or duplicate result ignored', {
        ...fields,
        attempt: ref.attempt,
        currentAttempt: doc?.attempt,
        state: doc?.state,
      });
      return;
    }

    const result = receipt.payload as DocumentCompleteEvent;
    const { decision, classifierError } = this.classify(result, doc.attempt, doc.enhanced, fields);
    const history: AttemptRecord[] = [
      ...doc.history,
      {
        attempt: doc.attempt,
        batchId: receipt.providerBatchId,
        enhanced: doc.enhanced,
        status: result.status,
        errorCode: result.error_code ?? null,
        processingMs: result.processing_ms ?? null,
        action: decision.action,
        via: receipt.source,
        at: now,
      },
    ];

    let applied: boolean;
    if (decision.action === 'retry') {
      // Retries falling due in the same window become eligible together, so they share a batch.
      const window = this.ctx.retryCoalesceMs;
      const retryAt =
        window > 0 ? Math.ceil((now + decision.delayMs) / window) * window : now + decision.delayMs;
      const enhanced = decision.options?.enhancedPreprocessing ?? false;
      applied = await tx.updateDocument(
        doc.key,
        { state: 'submitted', attempt: doc.attempt },
        {
          state: 'retry_scheduled',
          batchKey: null,
          notBefore: retryAt,
          enhanced,
          errorCode: result.error_code ?? null,
          history,
          updatedAt: now,
        },
      );
      if (applied) {
        const payload: DocumentRetryEvent = {
          id: doc.id,
          submissionId: doc.submissionId,
          attempt: doc.attempt,
          errorCode: result.error_code ?? null,
          retryAt,
          delayMs: retryAt - now,
          enhanced,
        };
        await tx.addEvents([event('document.retry', doc, payload, now)]);
        effects.submitAt(retryAt);
        // Its in-flight slot is free now, for the documents already waiting.
        if (this.ctx.maxInFlight !== undefined) effects.submitAt(now);
      }
    } else {
      const state =
        decision.action === 'accept' ? 'succeeded' : decision.action === 'review' ? 'needs_review' : 'failed';
      const reason =
        decision.action === 'fail'
          ? decision.reason
          : decision.action === 'review'
            ? 'partial result: some fields are below the confidence threshold'
            : null;
      const errorCode = classifierError ? ENGINE_ERROR_CODES.classifierFailed : (result.error_code ?? null);
      applied = await finalizeDocument(
        tx,
        doc,
        { state, result: result.result ?? null, errorCode, reason },
        { history },
        now,
      );
      // A finished document frees an in-flight slot.
      if (applied && this.ctx.maxInFlight !== undefined) effects.submitAt(now);
    }
    if (applied) {
      effects.dispatch = true;
      await tx.touchBatch(receipt.providerBatchId, now);
    }
    await this.complete(tx, receipt, applied ? 'applied' : 'stale', now);
  }

  /**
   * The retry policy's decision. A custom classifier that throws (or answers something that is not a
   * decision) would throw on every run of this receipt, so the receipt would come back every lease,
   * forever, and the document never end: it fails at once instead — CLASSIFIER_FAILED, the reason
   * naming the error, the provider's result kept — and the error is logged.
   */
  private classify(
    result: DocumentCompleteEvent,
    attempt: number,
    enhanced: boolean,
    fields: Record<string, unknown>,
  ): { decision: RetryDecision; classifierError: boolean } {
    let problem: string;
    try {
      const decision = classifyOutcome(result, { attempt, enhanced }, this.policy);
      if (isDecision(decision)) return { decision, classifierError: false };
      problem = `returned ${JSON.stringify(decision) ?? String(decision)}, not a decision`;
    } catch (error) {
      problem = `threw: ${errorMessage(error)}`;
    }
    this.ctx.logger.error('docbatch: retry.classifier failed; the document fails with CLASSIFIER_FAILED', {
      ...fields,
      error: problem,
    });
    return { decision: { action: 'fail', reason: `classifier_failed: ${problem}` }, classifierError: true };
  }

  private async complete(
    tx: StoreTransaction,
    receipt: ReceiptRecord,
    disposition: 'applied' | 'stale' | 'unknown',
    now: number,
  ): Promise<void> {
    if (!(await tx.completeReceipt(receipt.id, disposition, now))) throw new AlreadyProcessed();
  }
}

function isDecision(d: unknown): d is RetryDecision {
  const action = (d as { action?: unknown } | null | undefined)?.action;
  if (action === 'accept' || action === 'review') return true;
  if (action === 'fail') return typeof (d as { reason?: unknown }).reason === 'string';
  if (action !== 'retry') return false;
  const delayMs = (d as { delayMs?: unknown }).delayMs;
  return typeof delayMs === 'number' && Number.isFinite(delayMs) && delayMs >= 0;
}

/** Follow-up jobs gathered while applying a claim, scheduled once after it. */
class Effects {
  dispatch = false;
  private submit: number | undefined;
  private ingest: number | undefined;

  submitAt(at: number): void {
    this.submit = this.submit === undefined ? at : Math.min(this.submit, at);
  }

  ingestAt(at: number): void {
    this.ingest = this.ingest === undefined ? at : Math.min(this.ingest, at);
  }

  async wake(ctx: EngineContext): Promise<void> {
    if (this.dispatch) await ctx.wake(JOBS.dispatch);
    if (this.submit !== undefined) await ctx.wake(JOBS.submit, this.submit);
    if (this.ingest !== undefined) await ctx.wake(JOBS.ingest, this.ingest);
  }
}
