/**
 * The Store port: everything the engine must remember, so that any process can die at any moment
 * and a fresh engine on the same store finishes the work. The store is the source of truth; the
 * Queue only says "there is work" and the engine always re-reads state from here.
 *
 * Design rules (they keep SQL implementations small and the engine's logic in one place):
 * - Every method is a small primitive with exact semantics. Decisions (what a webhook means, when to
 *   retry, what event to emit) are taken by the engine, never by a store.
 * - Every method is atomic on its own. Several calls made on one `tx` from {@link Store.transaction}
 *   commit or roll back together.
 * - Records are plain JSON-friendly objects. Times are milliseconds since the epoch (engine clock),
 *   never `Date`, so a controllable clock works through the store. `result`, `history`, `payload`
 *   are opaque JSON to the store (a `json`/`text` column).
 * - Ids are made by the engine (UUIDs or derived strings); stores never generate ids.
 * - Concurrent `claim*`/`assign*` callers (threads, processes, machines) never receive the same row
 *   while its lease is live. On SQL: `UPDATE … WHERE <claimable> … RETURNING` or `SELECT … FOR UPDATE
 *   SKIP LOCKED` inside one transaction (PostgreSQL); SQLite serialises writers, so a transaction
 *   that selects then updates is enough.
 * - A "lease" is `(leaseOwner, leaseUntil)`: a row is claimable when `leaseUntil` is null or
 *   `<= now`. Leases make a crashed worker's work claimable again without any coordinator.
 */

/** Where a document is in its life. Only the last three are final. */
export type DocumentLifecycleState =
  | 'pending' // stored, not yet in a created provider batch (maybe assigned to one being created)
  | 'submitted' // in provider batch `providerBatchId`, attempt `attempt`, waiting for its result
  | 'retry_scheduled' // a transient failure; eligible for a new attempt once `notBefore` has passed
  | 'succeeded'
  | 'needs_review' // partial result accepted as such
  | 'failed';

export const DOCUMENT_LIFECYCLE_STATES: readonly DocumentLifecycleState[] = [
  'pending',
  'submitted',
  'retry_scheduled',
  'succeeded',
  'needs_review',
  'failed',
];

export type FinalDocumentState = 'succeeded' | 'needs_review' | 'failed';

export const FINAL_DOCUMENT_STATES: readonly FinalDocumentState[] = ['succeeded', 'needs_review', 'failed'];

export function isFinalState(state: DocumentLifecycleState): state is FinalDocumentState {
  return state === 'succeeded' || state === 'needs_review' || state === 'failed';
}

/**
 * What will be sent for a document. `content` and `path` are kept only until the file is uploaded;
 * {@link StoreOperations.setDocumentFileId} then replaces them with `file_id` (and frees the bytes).
 * SQL: columns source_kind, url, file_id, content (bytea/blob), path, filename, content_type.
 */
export type DocumentSource =
  | { kind: 'url'; url: string }
  | { kind: 'file_id'; fileId: string }
  | { kind: 'content'; content: Uint8Array; filename?: string; contentType?: string }
  | { kind: 'path'; path: string; filename?: string; contentType?: string };

/** One finished attempt of a document, as kept in its history (and handed to handlers). */
export interface AttemptRecord {
  attempt: number;
  batchId: string;
  enhanced: boolean;
  /** Provider status for this attempt: success | partial | failed. */
  status: string;
  errorCode: string | null;
  processingMs: number | null;
  /** The engine's decision: accept | review | retry | fail. */
  action: string;
  /** Where the result came from. */
  via: 'webhook' | 'poll';
  at: number;
}

export interface DocumentRecord {
  /** Engine-made primary key, unique forever (a caller id may be reused once its document is final). */
  key: string;
  /** The caller's id, sent to the provider as the document id and returned as `doc_id`.
   * At most ONE non-final document per id (SQL: column `active_id` = id while non-final, NULL once
   * final, with a UNIQUE index; NULLs never collide in PostgreSQL nor SQLite). */
  id: string;
  submissionId: string;
  source: DocumentSource;
  state: DocumentLifecycleState;
  /** Attempts started, i.e. provider batches this document was created in. 0 until the first. */
  attempt: number;
  /** The next (or current) attempt asks for enhanced preprocessing. */
  enhanced: boolean;
  /** The provider batch (local key) the document is assigned to, from assignment until its attempt
   * resolves. Non-null exactly while the document is "in flight". */
  batchKey: string | null;
  /** The provider's batch id of the current attempt (null before the first batch is created). */
  providerBatchId: string | null;
  /** Not eligible for assignment before this time (retry backoff). */
  notBefore: number | null;
  result: unknown;
  errorCode: string | null;
  /** Human-readable reason for a failure or review. */
  reason: string | null;
  history: AttemptRecord[];
  createdAt: number;
  updatedAt: number;
  finalAt: number | null;
}

/** Fields the engine may change with {@link StoreOperations.updateDocument}. */
export type DocumentPatch = Partial<
  Pick<
    DocumentRecord,
    | 'state'
    | 'enhanced'
    | 'batchKey'
    | 'notBefore'
    | 'result'
    | 'errorCode'
    | 'reason'
    | 'history'
    | 'updatedAt'
    | 'finalAt'
  >
>;

export interface SubmissionRecord {
  id: string;
  label: string | null;
  documentCount: number;
  /** Documents of this submission that reached a final state (see incrementSubmissionFinal). */
  finalCount: number;
  createdAt: number;
}

/** A provider batch: one `POST /v1/batch` = one attempt for each of its documents. */
export interface ProviderBatchRecord {
  /** Engine-made key, also the Idempotency-Key of the create call: stored BEFORE the call, so a
   * retried or resumed create can never make a second batch. */
  key: string;
  /** `creating`: documents assigned, create call not yet confirmed. `open`: created, results
   * expected. `closed`: no document of it is waiting any more. `rejected`: the provider refused it. */
  state: 'creating' | 'open' | 'closed' | 'rejected';
  providerBatchId: string | null;
  enhanced: boolean;
  documentCount: number;
  /** Last time a result of this batch was ingested, or it was created or polled. The sweeper polls
   * open batches whose progress is older than `polling.staleAfterMs`. */
  lastProgressAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
}

/** Maps (provider batch id, doc id) to the document and attempt it was, so a late webhook from an
 * older attempt is recognised and never applied over a newer one. Unique on (providerBatchId, docId). */
export interface AttemptRef {
  providerBatchId: string;
  docId: string;
  documentKey: string;
  attempt: number;
}

/** What became of a receipt once processed. */
export type ReceiptDisposition =
  | 'applied' // changed its document's state
  | 'stale' // for an older attempt, or the document had already moved on
  | 'unknown'; // no such batch/document here (logged)

/** A webhook (or polled result) durably recorded before it is acknowledged: the inbox. */
export interface ReceiptRecord {
  id: string;
  /** `webhook-id` header when present, else `${batch_id}:${doc_id}:${status}`. UNIQUE. */
  dedupeKey: string;
  source: 'webhook' | 'poll';
  providerBatchId: string;
  docId: string;
  status: string;
  /** The validated `document.complete` event (JSON). */
  payload: unknown;
  receivedAt: number;
  processedAt: number | null;
  disposition: ReceiptDisposition | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export type NewReceipt = Omit<ReceiptRecord, 'processedAt' | 'disposition' | 'leaseOwner' | 'leaseUntil'>;

export type EngineEventName = 'document.complete' | 'document.failed' | 'document.retry' | 'batch.complete';

/**
 * The outbox: every event for user handlers is a row written in the same transaction as the state
 * change that caused it, then dispatched. A handler runs inside `transaction()` together with
 * {@link StoreOperations.completeEvent}, so with a transactional store its writes and the "handled"
 * mark commit together (exactly-once effect).
 */
export interface EventRecord {
  id: string;
  name: EngineEventName;
  submissionId: string;
  /** The document's key for document.* events, null for batch.complete. */
  documentKey: string | null;
  /** What handlers receive (JSON). */
  payload: unknown;
  /** `parked` = handlers kept throwing; shown as handler_failed in status(), revived by redrive. */
  state: 'pending' | 'handled' | 'parked';
  /** Handler runs that threw so far. */
  attempts: number;
  lastError: string | null;
  notBefore: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  createdAt: number;
}

export type NewEvent = Pick<
  EventRecord,
  'id' | 'name' | 'submissionId' | 'documentKey' | 'payload' | 'createdAt'
>;

/** A claim request: rows are leased to `owner` until `now + leaseMs`. */
export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
}

/**
 * The operations, usable directly on the {@link Store} (each call its own atomic unit) and on the
 * `tx` handed out by {@link Store.transaction} (all calls on it commit together).
 */
export interface StoreOperations {
  // ---- submissions and documents -----------------------------------------------------------------

  /**
   * Stores a submission and all its documents in one atomic step (all or nothing). `documents` come
   * in the caller's order; that order is the assignment order (oldest first). Throws
   * {@link DocumentIdConflictError} (nothing stored) when an id already has a non-final document —
   * the engine checks first with findActiveDocumentIds; this is the race-proof backstop.
   */
  createSubmission(submission: SubmissionRecord, documents: DocumentRecord[]): Promise<void>;

  getSubmission(id: string): Promise<SubmissionRecord | null>;

  /** Atomically `finalCount += 1` and returns both counters after the increment. Exactly one caller
   * sees `finalCount === documentCount`; the engine emits batch.complete there. */
  incrementSubmissionFinal(id: string): Promise<{ finalCount: number; documentCount: number }>;

  /** Of `ids`, those that have a non-final document. */
  findActiveDocumentIds(ids: readonly string[]): Promise<string[]>;

  getDocument(key: string): Promise<DocumentRecord | null>;

  /**
   * Compare-and-set: applies `patch` only if the document is still in `expected.state` at
   * `expected.attempt`; returns whether it did. This is the attempt fence: of two writers racing on a
   * document, one wins. Setting a final state also clears `active_id` (SQL).
   */
  updateDocument(
    key: string,
    expected: { state: DocumentLifecycleState; attempt: number },
    patch: DocumentPatch,
  ): Promise<boolean>;

  /**
   * Atomically assigns up to `limit` eligible documents to batch `batchKey` and returns them (with
   * their full source, content included). Eligible: `batchKey` null, state `pending` or
   * `retry_scheduled`, `notBefore` null or `<= now`, `enhanced` equal to the given flag. Oldest first
   * (createdAt, then insertion order). Concurrent callers never get the same document.
   */
  assignDocuments(args: {
    batchKey: string;
    now: number;
    limit: number;
    enhanced: boolean;
  }): Promise<DocumentRecord[]>;

  /** Documents assigned to `batchKey`, in assignment order (to resume a batch whose creator died). */
  listBatchDocuments(batchKey: string): Promise<DocumentRecord[]>;

  /** After upload: source becomes `{ kind: 'file_id', fileId }`; stored content/path are dropped. */
  setDocumentFileId(key: string, fileId: string): Promise<void>;

  /** Number of documents with a non-null `batchKey` (assigned or submitted): the in-flight count. */
  countInFlight(): Promise<number>;

  /** Earliest `notBefore` among `retry_scheduled` documents with no batch, or null. */
  nextRetryAt(): Promise<number | null>;

  /** `pending` or `retry_scheduled` documents with no batch exist (regardless of notBefore). */
  hasUnassignedDocuments(): Promise<boolean>;

  /** Number of documents of the submission in each state (every state present, 0 when none). */
  countDocumentsByState(submissionId: string): Promise<Record<DocumentLifecycleState, number>>;

  // ---- provider batches and attempts -------------------------------------------------------------

  /** Inserts a batch (state `creating`, leased to its creator). */
  createBatch(batch: ProviderBatchRecord): Promise<void>;

  getBatch(key: string): Promise<ProviderBatchRecord | null>;

  /** Leases one `creating` batch whose lease has expired (its creator died) and returns it. */
  claimCreatingBatch(args: {
    owner: string;
    now: number;
    leaseMs: number;
  }): Promise<ProviderBatchRecord | null>;

  /** Extends the lease of a `creating` batch held by `owner` (long uploads). Returns false if lost. */
  renewBatchLease(key: string, owner: string, leaseUntil: number): Promise<boolean>;

  /**
   * The create call succeeded. Atomically, if the batch is still `creating`: state `open`,
   * providerBatchId set, lastProgressAt = now, lease cleared; and for every document with this
   * batchKey: state `submitted`, `attempt += 1`, providerBatchId set, notBefore null, updatedAt = now,
   * plus one {@link AttemptRef} row (providerBatchId, doc id, key, new attempt). Returns false (and
   * changes nothing) if the batch was not `creating` — a resumed creator already did it.
   */
  markBatchCreated(args: { key: string; providerBatchId: string; now: number }): Promise<boolean>;

  /** Sets a batch's state (`rejected`, `closed`) and clears its lease. */
  setBatchState(key: string, state: ProviderBatchRecord['state']): Promise<void>;

  /** lastProgressAt = now for the open batch with this provider id (an ingested result). */
  touchBatch(providerBatchId: string, now: number): Promise<void>;

  /**
   * Claims up to `limit` `open` batches with `lastProgressAt < staleBefore` for polling, by setting
   * their lastProgressAt to `now` (so no other sweeper takes them for another staleAfterMs).
   */
  claimStaleBatches(args: {
    staleBefore: number;
    now: number;
    limit: number;
  }): Promise<ProviderBatchRecord[]>;

  /** Caller ids of documents still `submitted` in this provider batch. */
  listSubmittedDocIds(providerBatchId: string): Promise<string[]>;

  findAttempt(providerBatchId: string, docId: string): Promise<AttemptRef | null>;

  // ---- webhook receipts (inbox) ------------------------------------------------------------------

  /**
   * Inserts the receipt unless one with the same `dedupeKey` exists. Returns the stored receipt's id
   * and whether this call was a duplicate (then nothing was written). Must be durable when it
   * resolves: the engine acknowledges the webhook right after.
   */
  recordReceipt(receipt: NewReceipt): Promise<{ id: string; duplicate: boolean }>;

  getReceipt(id: string): Promise<ReceiptRecord | null>;

  /** Leases up to `limit` unprocessed, claimable receipts, oldest `receivedAt` first. */
  claimReceipts(args: ClaimOptions): Promise<ReceiptRecord[]>;

  /** Marks an unprocessed receipt processed; false if it already was (then nothing changes). The
   * payload is not needed any more: a store may drop it (the memory store does, to stay small). */
  completeReceipt(id: string, disposition: ReceiptDisposition, now: number): Promise<boolean>;

  /** Leaves a receipt unprocessed but not claimable before `until` (its batch is still being
   * created here). Sets leaseOwner null, leaseUntil = until. */
  deferReceipt(id: string, until: number): Promise<void>;

  /** Unprocessed receipts exist (claimable or not). */
  hasUnprocessedReceipts(): Promise<boolean>;

  // ---- events (outbox) -----------------------------------------------------------------------------

  /** Inserts events as `pending`, attempts 0, notBefore = createdAt, no lease. */
  addEvents(events: NewEvent[]): Promise<void>;

  /** Leases up to `limit` `pending` events with `notBefore <= now` and a free lease, oldest first
   * (createdAt, then insertion order). */
  claimEvents(args: ClaimOptions): Promise<EventRecord[]>;

  /** `pending` → `handled` (lease cleared). False if it was not pending: the caller must roll back. */
  completeEvent(id: string): Promise<boolean>;

  /** After handlers threw: attempts, lastError set; `pending` with notBefore = retryAt, or `parked`
   * when retryAt is null. Lease cleared. */
  failEvent(id: string, args: { attempts: number; error: string; retryAt: number | null }): Promise<void>;

  /** `parked` → `pending` (attempts 0, notBefore = now, lastError kept), for one submission or all.
   * Returns how many. */
  redriveEvents(args: { submissionId?: string; now: number }): Promise<number>;

  /** Earliest notBefore of `pending` events, or null when none. */
  nextEventAt(): Promise<number | null>;

  /** Parked events of the submission (its "handler_failed" count). */
  countParkedEvents(submissionId: string): Promise<number>;

  // ---- daily quota, shared by every process ------------------------------------------------------

  /**
   * Atomically grants `min(want, limit - used)` (never negative) from the counter of `window`
   * (e.g. '2026-12-03', UTC day), adds it to `used` and returns it. The row is created on first use.
   */
  reserveQuota(window: string, want: number, limit: number): Promise<number>;

  /** Gives back `count` unused units of `window` (`used -= count`, never below 0). */
  releaseQuota(window: string, count: number): Promise<void>;
}

/** A unit of work: the operations plus the store's native handle for the user's own writes. */
export interface StoreTransaction<M = unknown> extends StoreOperations {
  /**
   * Handed to handlers as `ctx.manager`: TypeORM's transactional EntityManager (write through it and
   * your rows commit with the "handled" mark), undefined for the memory store.
   */
  readonly manager: M;
}

export interface Store<M = unknown> extends StoreOperations {
  /**
   * Runs `fn` in one transaction: everything done through `tx` (and through `tx.manager`) commits
   * when `fn` resolves and rolls back when it throws (the error is rethrown). Transactions may run
   * concurrently (one per webhook/worker); conflicts surface as compare-and-set results (false),
   * never as silent lost updates. The memory store has no rollback (documented there).
   */
  transaction<T>(fn: (tx: StoreTransaction<M>) => Promise<T>): Promise<T>;
}

/** createSubmission found ids that already have an active (non-final) document. */
export class DocumentIdConflictError extends Error {
  readonly code = 'DOCUMENT_ID_CONFLICT';
  constructor(readonly ids: string[]) {
    super(`documents already active with id: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`);
    this.name = 'DocumentIdConflictError';
  }
}
