import {
  DOCUMENT_LIFECYCLE_STATES,
  DocumentIdConflictError,
  isFinalState,
  type AttemptRecord,
  type AttemptRef,
  type ClaimOptions,
  type DocumentPatch,
  type DocumentRecord,
  type DocumentLifecycleState,
  type EventRecord,
  type NewEvent,
  type NewReceipt,
  type ProviderBatchRecord,
  type ReceiptDisposition,
  type ReceiptRecord,
  type Store,
  type StoreTransaction,
  type SubmissionRecord,
} from '../ports/store.port.js';
import { BatchAttempts } from './batch-attempts.js';
import { ClaimOrder } from './claim-order.js';

type StateCounts = Record<DocumentLifecycleState, number>;

function emptyCounts(): StateCounts {
  return Object.fromEntries(DOCUMENT_LIFECYCLE_STATES.map((s) => [s, 0])) as StateCounts;
}

const isUnassigned = (doc: DocumentRecord) =>
  doc.batchKey === null && (doc.state === 'pending' || doc.state === 'retry_scheduled');

/** Shared by every document with no attempt yet: 100,000 empty arrays would cost 3 MB. The engine
 * never changes a history in place (it writes a new array), so one frozen array is safe. */
const NO_HISTORY: AttemptRecord[] = Object.freeze([]) as unknown as AttemptRecord[];

const leaseFree = (row: { leaseUntil: number | null }, now: number) =>
  row.leaseUntil === null || row.leaseUntil <= now;

/**
 * The default Store: everything in this process's memory, indexed so that every operation costs
 * O(rows touched), not O(rows stored) — 100,000 documents stay cheap.
 *
 * Each method runs synchronously inside its promise, so each is atomic. `transaction()` runs `fn`
 * on the store itself: there is no rollback, so handler effects are at-least-once (the engine's
 * compare-and-set calls keep state right regardless). State is lost with the process; use
 * @docbatch/typeorm for durability. Records handed out are copies, as a database would return;
 * records handed in to createSubmission are kept, not copied (do not change them afterwards; an
 * empty history is swapped for one shared frozen empty array).
 */
export class MemoryStore implements Store<undefined>, StoreTransaction<undefined> {
  readonly manager = undefined;

  private readonly submissions = new Map<string, SubmissionRecord>();
  /** Every document ever stored, in insertion order (documents are never removed). */
  private readonly rows: DocumentRecord[] = [];
  /** Document key → its position in `rows`, which is also its tie-break in the claim order: so the
   * order needs no sequence map of its own (37 bytes a document). */
  private readonly documents = new Map<string, number>();
  /** Caller id → key of its non-final document. */
  private readonly activeIds = new Map<string, string>();
  /** Keys of documents with no batch in state pending/retry_scheduled, oldest createdAt first. */
  private readonly unassigned = new ClaimOrder(
    (key) => this.row(key)!.createdAt,
    (key) => this.documents.get(key)!,
  );
  private readonly byBatchKey = new Map<string, Set<string>>();
  private readonly countsBySubmission = new Map<string, StateCounts>();
  private inFlight = 0;

  private readonly batches = new Map<string, ProviderBatchRecord>();
  private readonly batchKeyByProviderId = new Map<string, string>();
  /** Provider batch id → its attempts; also answers listSubmittedDocIds (no second index). */
  private readonly attempts = new Map<string, BatchAttempts>();

  private readonly receipts = new Map<string, ReceiptRecord>();
  private readonly receiptByDedupeKey = new Map<string, string>();
  /** Oldest receivedAt first. */
  private readonly unprocessedReceipts = new ClaimOrder((id) => this.receipts.get(id)!.receivedAt);

  private readonly events = new Map<string, EventRecord>();
  /** Oldest createdAt first, redriven ones back in their place. */
  private readonly pendingEvents = new ClaimOrder((id) => this.events.get(id)!.createdAt);
  private readonly parkedBySubmission = new Map<string, number>();

  private readonly quota = new Map<string, number>();

  async transaction<T>(fn: (tx: StoreTransaction<undefined>) => Promise<T>): Promise<T> {
    return fn(this);
  }

  // ---- submissions and documents -----------------------------------------------------------------

  async createSubmission(submission: SubmissionRecord, documents: DocumentRecord[]): Promise<void> {
    const conflicts = documents.filter((d) => this.activeIds.has(d.id)).map((d) => d.id);
    if (conflicts.length) throw new DocumentIdConflictError(conflicts);
    this.submissions.set(submission.id, { ...submission });
    const counts = emptyCounts();
    this.countsBySubmission.set(submission.id, counts);
    // The store takes the records over instead of copying them: a 100,000-document submission
    // would otherwise exist twice at once.
    for (const doc of documents) {
      if (doc.history.length === 0) doc.history = NO_HISTORY;
      this.documents.set(doc.key, this.rows.push(doc) - 1);
      if (!isFinalState(doc.state)) this.activeIds.set(doc.id, doc.key);
      counts[doc.state]++;
      this.index(doc, +1);
      if (isUnassigned(doc)) this.unassigned.add(doc.key);
    }
  }

  async getSubmission(id: string): Promise<SubmissionRecord | null> {
    const s = this.submissions.get(id);
    return s ? { ...s } : null;
  }

  async incrementSubmissionFinal(id: string): Promise<{ finalCount: number; documentCount: number }> {
    const s = this.submissions.get(id);
    if (!s) throw new Error(`MemoryStore: no submission ${id}`);
    s.finalCount++;
    return { finalCount: s.finalCount, documentCount: s.documentCount };
  }

  async findActiveDocumentIds(ids: readonly string[]): Promise<string[]> {
    return ids.filter((id) => this.activeIds.has(id));
  }

  async getDocument(key: string): Promise<DocumentRecord | null> {
    const d = this.row(key);
    return d ? { ...d } : null;
  }

  async updateDocument(
    key: string,
    expected: { state: DocumentLifecycleState; attempt: number },
    patch: DocumentPatch,
  ): Promise<boolean> {
    const doc = this.row(key);
    if (!doc || doc.state !== expected.state || doc.attempt !== expected.attempt) return false;
    this.mutate(doc, () => Object.assign(doc, patch));
    return true;
  }

  async assignDocuments(args: {
    batchKey: string;
    now: number;
    limit: number;
    enhanced: boolean;
  }): Promise<DocumentRecord[]> {
    const picked: DocumentRecord[] = [];
    for (const key of this.unassigned) {
      if (picked.length >= args.limit) break;
      const doc = this.row(key)!;
      if (doc.enhanced !== args.enhanced || (doc.notBefore !== null && doc.notBefore > args.now)) continue;
      this.mutate(doc, () => (doc.batchKey = args.batchKey));
      picked.push({ ...doc });
    }
    return picked;
  }

  async listBatchDocuments(batchKey: string): Promise<DocumentRecord[]> {
    return [...(this.byBatchKey.get(batchKey) ?? [])].map((k) => ({ ...this.row(k)! }));
  }

  async setDocumentFileId(key: string, fileId: string): Promise<void> {
    const doc = this.row(key);
    if (doc) doc.source = { kind: 'file_id', fileId };
  }

  async countInFlight(): Promise<number> {
    return this.inFlight;
  }

  async nextRetryAt(): Promise<number | null> {
    let next: number | null = null;
    for (const key of this.unassigned.unordered()) {
      const at = this.row(key)!.notBefore;
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  async hasUnassignedDocuments(): Promise<boolean> {
    return this.unassigned.size > 0;
  }

  async countDocumentsByState(submissionId: string): Promise<Record<DocumentLifecycleState, number>> {
    return { ...(this.countsBySubmission.get(submissionId) ?? emptyCounts()) };
  }

  // ---- provider batches and attempts -------------------------------------------------------------

  async createBatch(batch: ProviderBatchRecord): Promise<void> {
    if (this.batches.has(batch.key)) throw new Error(`MemoryStore: batch ${batch.key} exists`);
    this.batches.set(batch.key, { ...batch });
  }

  async getBatch(key: string): Promise<ProviderBatchRecord | null> {
    const b = this.batches.get(key);
    return b ? { ...b } : null;
  }

  async claimCreatingBatch(args: {
    owner: string;
    now: number;
    leaseMs: number;
  }): Promise<ProviderBatchRecord | null> {
    for (const b of this.batches.values()) {
      if (b.state !== 'creating' || !leaseFree(b, args.now)) continue;
      b.leaseOwner = args.owner;
      b.leaseUntil = args.now + args.leaseMs;
      return { ...b };
    }
    return null;
  }

  async renewBatchLease(key: string, owner: string, leaseUntil: number): Promise<boolean> {
    const b = this.batches.get(key);
    if (!b || b.state !== 'creating' || b.leaseOwner !== owner) return false;
    b.leaseUntil = leaseUntil;
    return true;
  }

  async markBatchCreated(args: { key: string; providerBatchId: string; now: number }): Promise<boolean> {
    const b = this.batches.get(args.key);
    if (!b || b.state !== 'creating') return false;
    Object.assign(b, {
      state: 'open',
      providerBatchId: args.providerBatchId,
      lastProgressAt: args.now,
      leaseOwner: null,
      leaseUntil: null,
    });
    this.batchKeyByProviderId.set(args.providerBatchId, b.key);
    const sent: { docId: string; key: string; attempt: number }[] = [];
    // A copy: re-indexing below removes and re-adds keys in this very set.
    for (const key of [...(this.byBatchKey.get(args.key) ?? [])]) {
      const doc = this.row(key)!;
      this.mutate(doc, () =>
        Object.assign(doc, {
          state: 'submitted',
          attempt: doc.attempt + 1,
          providerBatchId: args.providerBatchId,
          notBefore: null,
          updatedAt: args.now,
        }),
      );
      sent.push({ docId: doc.id, key: doc.key, attempt: doc.attempt });
    }
    let attempts = this.attempts.get(args.providerBatchId);
    if (!attempts) this.attempts.set(args.providerBatchId, (attempts = new BatchAttempts()));
    attempts.record(sent);
    return true;
  }

  async setBatchState(key: string, state: ProviderBatchRecord['state']): Promise<void> {
    const b = this.batches.get(key);
    if (b) Object.assign(b, { state, leaseOwner: null, leaseUntil: null });
  }

  async touchBatch(providerBatchId: string, now: number): Promise<void> {
    const b = this.batchByProviderId(providerBatchId);
    if (b && b.state === 'open') b.lastProgressAt = now;
  }

  async claimStaleBatches(args: {
    staleBefore: number;
    now: number;
    limit: number;
  }): Promise<ProviderBatchRecord[]> {
    const claimed: ProviderBatchRecord[] = [];
    for (const b of this.batches.values()) {
      if (claimed.length >= args.limit) break;
      if (b.state !== 'open' || b.lastProgressAt >= args.staleBefore) continue;
      b.lastProgressAt = args.now;
      claimed.push({ ...b });
    }
    return claimed;
  }

  async listSubmittedDocIds(providerBatchId: string): Promise<string[]> {
    // Only markBatchCreated makes a document `submitted` in a provider batch, and it records the
    // attempt: so the batch's attempts, filtered by current state, are exactly its waiting documents.
    const ids: string[] = [];
    for (const key of this.attempts.get(providerBatchId)?.documentKeys() ?? []) {
      const doc = this.row(key);
      if (doc && doc.state === 'submitted' && doc.providerBatchId === providerBatchId) ids.push(doc.id);
    }
    return ids;
  }

  async findAttempt(providerBatchId: string, docId: string): Promise<AttemptRef | null> {
    const found = this.attempts.get(providerBatchId)?.find(docId);
    return found ? { providerBatchId, docId, documentKey: found.key, attempt: found.attempt } : null;
  }

  // ---- webhook receipts (inbox) ------------------------------------------------------------------

  async recordReceipt(receipt: NewReceipt): Promise<{ id: string; duplicate: boolean }> {
    const existing = this.receiptByDedupeKey.get(receipt.dedupeKey);
    if (existing !== undefined) return { id: existing, duplicate: true };
    this.receipts.set(receipt.id, {
      ...receipt,
      processedAt: null,
      disposition: null,
      leaseOwner: null,
      leaseUntil: null,
    });
    this.receiptByDedupeKey.set(receipt.dedupeKey, receipt.id);
    this.unprocessedReceipts.add(receipt.id);
    return { id: receipt.id, duplicate: false };
  }

  async getReceipt(id: string): Promise<ReceiptRecord | null> {
    const r = this.receipts.get(id);
    return r ? { ...r } : null;
  }

  async claimReceipts(args: ClaimOptions): Promise<ReceiptRecord[]> {
    const claimed: ReceiptRecord[] = [];
    for (const id of this.unprocessedReceipts) {
      if (claimed.length >= args.limit) break;
      const r = this.receipts.get(id)!;
      if (!leaseFree(r, args.now)) continue;
      r.leaseOwner = args.owner;
      r.leaseUntil = args.now + args.leaseMs;
      claimed.push({ ...r });
    }
    return claimed;
  }

  async completeReceipt(id: string, disposition: ReceiptDisposition, now: number): Promise<boolean> {
    const r = this.receipts.get(id);
    if (!r || r.processedAt !== null) return false;
    // A processed receipt only serves deduplication and the record; its payload lives on in the document.
    Object.assign(r, { processedAt: now, disposition, leaseOwner: null, leaseUntil: null, payload: null });
    this.unprocessedReceipts.forget(id);
    return true;
  }

  async deferReceipt(id: string, until: number): Promise<void> {
    const r = this.receipts.get(id);
    if (r && r.processedAt === null) Object.assign(r, { leaseOwner: null, leaseUntil: until });
  }

  async hasUnprocessedReceipts(): Promise<boolean> {
    return this.unprocessedReceipts.size > 0;
  }

  // ---- events (outbox) -----------------------------------------------------------------------------

  async addEvents(events: NewEvent[]): Promise<void> {
    for (const e of events) {
      this.events.set(e.id, {
        ...e,
        state: 'pending',
        attempts: 0,
        lastError: null,
        notBefore: e.createdAt,
        leaseOwner: null,
        leaseUntil: null,
      });
      this.pendingEvents.add(e.id);
    }
  }

  async claimEvents(args: ClaimOptions): Promise<EventRecord[]> {
    const claimed: EventRecord[] = [];
    for (const id of this.pendingEvents) {
      if (claimed.length >= args.limit) break;
      const e = this.events.get(id)!;
      if (e.notBefore > args.now || !leaseFree(e, args.now)) continue;
      e.leaseOwner = args.owner;
      e.leaseUntil = args.now + args.leaseMs;
      // A deep copy, as a database row would be: handlers may mutate what they get, and a retry (or
      // the document.failed event sharing the outcome object) must still see the original.
      claimed.push({ ...e, payload: structuredClone(e.payload) });
    }
    return claimed;
  }

  async completeEvent(id: string): Promise<boolean> {
    const e = this.events.get(id);
    if (!e || e.state !== 'pending') return false;
    // Handled events are not needed any more: dropping them keeps a long-running process small.
    this.events.delete(id);
    this.pendingEvents.forget(id);
    return true;
  }

  async failEvent(
    id: string,
    args: { attempts: number; error: string; retryAt: number | null },
  ): Promise<void> {
    const e = this.events.get(id);
    if (!e || e.state !== 'pending') return;
    Object.assign(e, { attempts: args.attempts, lastError: args.error, leaseOwner: null, leaseUntil: null });
    if (args.retryAt !== null) {
      e.notBefore = args.retryAt;
      return;
    }
    e.state = 'parked';
    this.pendingEvents.delete(id);
    this.parkedBySubmission.set(e.submissionId, (this.parkedBySubmission.get(e.submissionId) ?? 0) + 1);
  }

  async redriveEvents(args: { submissionId?: string; now: number }): Promise<number> {
    let count = 0;
    for (const e of this.events.values()) {
      if (e.state !== 'parked' || (args.submissionId !== undefined && e.submissionId !== args.submissionId))
        continue;
      Object.assign(e, { state: 'pending', attempts: 0, notBefore: args.now });
      this.pendingEvents.add(e.id);
      this.parkedBySubmission.set(e.submissionId, this.parkedBySubmission.get(e.submissionId)! - 1);
      count++;
    }
    return count;
  }

  async nextEventAt(): Promise<number | null> {
    let next: number | null = null;
    for (const id of this.pendingEvents.unordered()) {
      const at = this.events.get(id)!.notBefore;
      if (next === null || at < next) next = at;
    }
    return next;
  }

  async countParkedEvents(submissionId: string): Promise<number> {
    return this.parkedBySubmission.get(submissionId) ?? 0;
  }

  // ---- daily quota -------------------------------------------------------------------------------

  async reserveQuota(window: string, want: number, limit: number): Promise<number> {
    const used = this.quota.get(window) ?? 0;
    const granted = Math.max(0, Math.min(want, limit - used));
    this.quota.set(window, used + granted);
    return granted;
  }

  async releaseQuota(window: string, count: number): Promise<void> {
    this.quota.set(window, Math.max(0, (this.quota.get(window) ?? 0) - count));
  }

  // ---- indexes -------------------------------------------------------------------------------------

  private row(key: string): DocumentRecord | undefined {
    const at = this.documents.get(key);
    return at === undefined ? undefined : this.rows[at];
  }

  private batchByProviderId(providerBatchId: string): ProviderBatchRecord | undefined {
    const key = this.batchKeyByProviderId.get(providerBatchId);
    return key === undefined ? undefined : this.batches.get(key);
  }

  /** Applies a change to a document and keeps every index and counter in step with it. */
  private mutate(doc: DocumentRecord, apply: () => unknown): void {
    this.index(doc, -1);
    const before = doc.state;
    apply();
    this.afterStateChange(doc, before);
    this.index(doc, +1);
    // A document back in line (a retry) takes its createdAt place again, as the port says.
    if (isUnassigned(doc)) this.unassigned.add(doc.key);
    else if (isFinalState(doc.state)) this.unassigned.forget(doc.key);
    else this.unassigned.delete(doc.key);
  }

  /** Adds (+1) or removes (-1) a document from the secondary indexes that depend on its fields. */
  private index(doc: DocumentRecord, sign: 1 | -1): void {
    const add = sign === 1;
    if (doc.batchKey !== null) {
      this.inFlight += sign;
      let set = this.byBatchKey.get(doc.batchKey);
      if (add) {
        if (!set) this.byBatchKey.set(doc.batchKey, (set = new Set()));
        set.add(doc.key);
      } else if (set) {
        set.delete(doc.key);
        if (set.size === 0) this.byBatchKey.delete(doc.batchKey);
      }
    }
  }

  private afterStateChange(doc: DocumentRecord, before: DocumentLifecycleState): void {
    if (before === doc.state) return;
    const counts = this.countsBySubmission.get(doc.submissionId)!;
    counts[before]--;
    counts[doc.state]++;
    if (isFinalState(doc.state) && this.activeIds.get(doc.id) === doc.key) this.activeIds.delete(doc.id);
  }
}
