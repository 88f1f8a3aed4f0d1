/**
 * The Store port's contract, run against every implementation (test/store-contract.spec.ts): the
 * in-memory store and the TypeORM store on SQLite and PostgreSQL must behave alike, so the engine
 * runs unchanged on any of them. Each test gets a fresh, empty store.
 */
import { afterEach, expect, it } from '@jest/globals';
import {
  DocumentIdConflictError,
  newPendingDocument,
  type DocumentRecord,
  type DocumentSource,
  type NewEvent,
  type NewReceipt,
  type ProviderBatchRecord,
  type Store,
  type SubmissionRecord,
} from '@docbatch/core';

export interface OpenedStore {
  store: Store<unknown>;
  /**
   * A second store on the same data, for races: on PostgreSQL one with its own DataSource (pool), as
   * another process would have; on SQLite one on the same DataSource (better-sqlite3 is synchronous:
   * two connections in ONE process would block each other's event loop; other processes are tested
   * in packages/typeorm); the memory store returns itself.
   */
  peer(): Promise<Store<unknown>>;
  close(): Promise<void>;
}

export interface StoreContractSubject {
  open(): Promise<OpenedStore>;
  /** `transaction()` rolls back when fn throws (false for the memory store, which has no rollback). */
  transactional: boolean;
}

export function submission(id: string, documentCount: number, createdAt = 0): SubmissionRecord {
  return { id, label: `label ${id}`, documentCount, finalCount: 0, createdAt };
}

export function doc(submissionId: string, i: number, fields: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    ...newPendingDocument({
      key: `${submissionId}:${i}`,
      id: `doc_${submissionId}_${i}`,
      submissionId,
      source: { kind: 'url', url: `https://files.example/${submissionId}/${i}.pdf` },
      now: 0,
    }),
    ...fields,
  };
}

export function batch(key: string, fields: Partial<ProviderBatchRecord> = {}): ProviderBatchRecord {
  return {
    key,
    state: 'creating',
    providerBatchId: null,
    enhanced: false,
    documentCount: 0,
    lastProgressAt: 0,
    leaseOwner: 'worker-a',
    leaseUntil: 1_000,
    createdAt: 0,
    ...fields,
  };
}

export function receipt(id: string, fields: Partial<NewReceipt> = {}): NewReceipt {
  return {
    id,
    dedupeKey: `msg_${id}`,
    source: 'webhook',
    providerBatchId: 'pb_1',
    docId: 'doc_1',
    status: 'success',
    payload: { event: 'document.complete', batch_id: 'pb_1', doc_id: 'doc_1', status: 'success', result: {} },
    receivedAt: 0,
    ...fields,
  };
}

export function event(id: string, fields: Partial<NewEvent> = {}): NewEvent {
  return {
    id,
    name: 'document.complete',
    submissionId: 'sub_1',
    documentKey: 'sub_1:0',
    payload: { id: 'doc_1', state: 'succeeded', result: { awb_number: '160-12345675' } },
    createdAt: 0,
    ...fields,
  };
}

const claim = { owner: 'worker-a', now: 0, leaseMs: 1_000, limit: 10 };

export function storeContract(subject: StoreContractSubject): void {
  let opened: OpenedStore | undefined;
  const fresh = async () => {
    opened = await subject.open();
    return opened.store;
  };
  /** A store with one submission `s1` of `count` pending documents (created in index order). */
  const seeded = async (count: number, fields: (i: number) => Partial<DocumentRecord> = () => ({})) => {
    const store = await fresh();
    await store.createSubmission(
      submission('s1', count),
      Array.from({ length: count }, (_, i) => doc('s1', i, fields(i))),
    );
    return store;
  };
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  // ---- submissions and documents -----------------------------------------------------------------

  it('stores a submission and its documents and returns them as given, every source kind included', async () => {
    const store = await fresh();
    const sources: DocumentSource[] = [
      { kind: 'url', url: 'https://files.example/a.pdf' },
      { kind: 'file_id', fileId: 'file_123' },
      {
        kind: 'content',
        content: new Uint8Array([0, 1, 2, 250, 255]),
        filename: 'a.tiff',
        contentType: 'image/tiff',
      },
      { kind: 'content', content: new Uint8Array([37, 80, 68, 70]) },
      { kind: 'path', path: '/var/awb/b.png', filename: 'b.png' },
    ];
    const docs = sources.map((source, i) =>
      doc('s1', i, {
        source,
        result: i === 0 ? { awb_number: '160-12345675', pieces: 3, confidence: { awb_number: 0.98 } } : null,
        history: [
          {
            attempt: 1,
            batchId: 'pb_0',
            enhanced: false,
            status: 'failed',
            errorCode: 'TIMEOUT',
            processingMs: 1200,
            action: 'retry',
            via: 'webhook',
            at: 1_733_000_000_123,
          },
        ],
        notBefore: i === 1 ? 1_733_000_000_999 : null,
        createdAt: 1_733_000_000_000 + i,
        updatedAt: 1_733_000_000_500,
      }),
    );
    await store.createSubmission(submission('s1', docs.length, 1_733_000_000_000), docs);
    expect(await store.getSubmission('s1')).toEqual(submission('s1', docs.length, 1_733_000_000_000));
    for (const d of docs) expect(await store.getDocument(d.key)).toEqual(d);
    expect(await store.getSubmission('nope')).toBeNull();
    expect(await store.getDocument('nope')).toBeNull();
  });

  it('refuses a submission whose ids are still active, storing nothing; the ids are free again once final', async () => {
    const store = await seeded(2);
    const again = () =>
      store.createSubmission(submission('s2', 2), [
        doc('s2', 0, { id: 'fresh_id' }),
        doc('s2', 1, { id: 'doc_s1_1' }),
      ]);
    const error = await again().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentIdConflictError);
    expect((error as DocumentIdConflictError).ids).toEqual(['doc_s1_1']);
    expect(await store.getSubmission('s2')).toBeNull();
    expect(await store.getDocument('s2:0')).toBeNull();
    expect(await store.findActiveDocumentIds(['doc_s1_0', 'doc_s1_1', 'fresh_id'])).toEqual([
      'doc_s1_0',
      'doc_s1_1',
    ]);
    expect(
      await store.updateDocument('s1:1', { state: 'pending', attempt: 0 }, { state: 'failed', finalAt: 5 }),
    ).toBe(true);
    expect(await store.findActiveDocumentIds(['doc_s1_0', 'doc_s1_1'])).toEqual(['doc_s1_0']);
    await expect(again()).resolves.toBeUndefined();
    expect(await store.findActiveDocumentIds(['doc_s1_1', 'fresh_id'])).toEqual(['doc_s1_1', 'fresh_id']);
  });

  it('lets only one of two racing submissions of the same id through', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    const results = await Promise.allSettled([
      store.createSubmission(submission('a', 1), [doc('a', 0, { id: 'same' })]),
      peer.createSubmission(submission('b', 1), [doc('b', 0, { id: 'same' })]),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DocumentIdConflictError);
    expect((await store.getSubmission('a')) === null).not.toBe((await store.getSubmission('b')) === null);
  });

  it('counts finished documents atomically: concurrent increments each see a distinct count', async () => {
    const store = await seeded(5);
    const peer = await opened!.peer();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => (i % 2 ? peer : store).incrementSubmissionFinal('s1')),
    );
    expect(results.map((r) => r.finalCount).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(results.every((r) => r.documentCount === 5)).toBe(true);
    expect((await store.getSubmission('s1'))!.finalCount).toBe(5);
    await expect(store.incrementSubmissionFinal('nope')).rejects.toThrow();
  });

  it('updates a document only from the expected state and attempt (compare-and-set)', async () => {
    const store = await seeded(1);
    const patch = {
      state: 'succeeded' as const,
      result: { awb_number: '160-12345675' },
      errorCode: null,
      reason: 'ok',
      updatedAt: 9,
      finalAt: 9,
    };
    expect(await store.updateDocument('s1:0', { state: 'submitted', attempt: 0 }, patch)).toBe(false);
    expect(await store.updateDocument('s1:0', { state: 'pending', attempt: 1 }, patch)).toBe(false);
    expect(await store.updateDocument('nope', { state: 'pending', attempt: 0 }, patch)).toBe(false);
    expect((await store.getDocument('s1:0'))!.state).toBe('pending');
    expect(await store.updateDocument('s1:0', { state: 'pending', attempt: 0 }, patch)).toBe(true);
    expect(await store.getDocument('s1:0')).toEqual({ ...doc('s1', 0), ...patch });
  });

  it('lets exactly one of two racing compare-and-set writers win', async () => {
    const store = await seeded(1);
    const peer = await opened!.peer();
    const results = await Promise.all([
      store.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { state: 'failed', reason: 'a' }),
      peer.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { state: 'needs_review', reason: 'b' }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.getDocument('s1:0'))!.reason).toBe(results[0] ? 'a' : 'b');
  });

  it('assigns eligible documents oldest first, honouring notBefore, the enhanced flag and the limit', async () => {
    const store = await seeded(5, (i) => ({ createdAt: i * 10 }));
    await store.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { notBefore: 500 });
    await store.updateDocument('s1:1', { state: 'pending', attempt: 0 }, { enhanced: true });
    const first = await store.assignDocuments({ batchKey: 'b1', now: 100, limit: 2, enhanced: false });
    expect(first.map((d) => d.key)).toEqual(['s1:2', 's1:3']);
    expect(first[0]).toEqual({ ...doc('s1', 2, { createdAt: 20 }), batchKey: 'b1' });
    const second = await store.assignDocuments({ batchKey: 'b2', now: 600, limit: 10, enhanced: false });
    expect(second.map((d) => d.key)).toEqual(['s1:0', 's1:4']);
    expect(await store.assignDocuments({ batchKey: 'b3', now: 600, limit: 10, enhanced: false })).toEqual([]);
    const enhanced = await store.assignDocuments({ batchKey: 'b3', now: 600, limit: 10, enhanced: true });
    expect(enhanced.map((d) => d.key)).toEqual(['s1:1']);
    expect((await store.listBatchDocuments('b2')).map((d) => d.key)).toEqual(['s1:0', 's1:4']);
    expect(await store.listBatchDocuments('none')).toEqual([]);
    expect(await store.countInFlight()).toBe(5);
    expect(await store.hasUnassignedDocuments()).toBe(false);
  });

  it('assigns retry_scheduled documents once due, and reports when the next retry is due', async () => {
    const store = await seeded(3);
    expect(await store.nextRetryAt()).toBeNull();
    for (const [i, at] of [
      [0, 700],
      [1, 300],
    ] as const)
      await store.updateDocument(
        `s1:${i}`,
        { state: 'pending', attempt: 0 },
        { state: 'retry_scheduled', notBefore: at },
      );
    expect(await store.nextRetryAt()).toBe(300);
    const due = await store.assignDocuments({ batchKey: 'b1', now: 300, limit: 10, enhanced: false });
    expect(due.map((d) => d.key).sort()).toEqual(['s1:1', 's1:2']);
    expect(await store.nextRetryAt()).toBe(700);
    expect(await store.hasUnassignedDocuments()).toBe(true);
  });

  it('assigns a retried document in its createdAt place, before newer pending ones', async () => {
    const store = await seeded(2);
    await store.createSubmission(submission('s2', 2, 100), [
      doc('s2', 0, { createdAt: 100 }),
      doc('s2', 1, { createdAt: 100 }),
    ]);
    await store.assignDocuments({ batchKey: 'b1', now: 0, limit: 2, enhanced: false });
    await store.createBatch(batch('b1'));
    await store.markBatchCreated({ key: 'b1', providerBatchId: 'pb_1', now: 0 });
    for (const key of ['s1:1', 's1:0'])
      await store.updateDocument(
        key,
        { state: 'submitted', attempt: 1 },
        { state: 'retry_scheduled', batchKey: null, notBefore: 200 },
      );
    const next = await store.assignDocuments({ batchKey: 'b2', now: 300, limit: 3, enhanced: false });
    expect(next.map((d) => d.key)).toEqual(['s1:0', 's1:1', 's2:0']);
  });

  it('never hands the same document to two concurrent assigners', async () => {
    const store = await seeded(60);
    const peer = await opened!.peer();
    const picks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? peer : store).assignDocuments({ batchKey: `b${i}`, now: 0, limit: 15, enhanced: false }),
      ),
    );
    const keys = picks.flat().map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(60);
    for (const [i, pick] of picks.entries())
      expect((await store.listBatchDocuments(`b${i}`)).map((d) => d.key)).toEqual(pick.map((d) => d.key));
  });

  it('replaces an uploaded source with its file id', async () => {
    const store = await seeded(1, () => ({
      source: {
        kind: 'content',
        content: new Uint8Array([1, 2, 3]),
        filename: 'x.pdf',
        contentType: 'application/pdf',
      },
    }));
    await store.setDocumentFileId('s1:0', 'file_9');
    expect((await store.getDocument('s1:0'))!.source).toEqual({ kind: 'file_id', fileId: 'file_9' });
  });

  it('counts a submission’s documents per state, every state present', async () => {
    const store = await seeded(3);
    await store.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { state: 'needs_review' });
    expect(await store.countDocumentsByState('s1')).toEqual({
      pending: 2,
      submitted: 0,
      retry_scheduled: 0,
      succeeded: 0,
      needs_review: 1,
      failed: 0,
    });
    expect(Object.values(await store.countDocumentsByState('none')).every((n) => n === 0)).toBe(true);
  });

  // ---- provider batches and attempts -------------------------------------------------------------

  it('leases creating batches: a live lease is not claimable, an expired one is, renewals need the owner', async () => {
    const store = await fresh();
    await store.createBatch(batch('b1'));
    expect(await store.getBatch('b1')).toEqual(batch('b1'));
    expect(await store.claimCreatingBatch({ owner: 'worker-b', now: 999, leaseMs: 100 })).toBeNull();
    expect(await store.claimCreatingBatch({ owner: 'worker-b', now: 1_000, leaseMs: 100 })).toEqual(
      batch('b1', { leaseOwner: 'worker-b', leaseUntil: 1_100 }),
    );
    expect(await store.renewBatchLease('b1', 'worker-a', 5_000)).toBe(false);
    expect(await store.renewBatchLease('b1', 'worker-b', 5_000)).toBe(true);
    expect(await store.claimCreatingBatch({ owner: 'worker-c', now: 4_999, leaseMs: 100 })).toBeNull();
    await store.setBatchState('b1', 'rejected');
    expect(await store.getBatch('b1')).toMatchObject({
      state: 'rejected',
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(await store.renewBatchLease('b1', 'worker-b', 6_000)).toBe(false);
    expect(await store.claimCreatingBatch({ owner: 'worker-c', now: 99_999, leaseMs: 100 })).toBeNull();
  });

  it('hands an expired creating batch to one of two racing claimers', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    await store.createBatch(batch('b1'));
    const claims = await Promise.all([
      store.claimCreatingBatch({ owner: 'x', now: 2_000, leaseMs: 100 }),
      peer.claimCreatingBatch({ owner: 'y', now: 2_000, leaseMs: 100 }),
    ]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
  });

  it('marks a created batch once: documents submitted at the next attempt, attempts findable', async () => {
    const store = await seeded(3);
    await store.createBatch(batch('b1', { documentCount: 2 }));
    await store.assignDocuments({ batchKey: 'b1', now: 0, limit: 2, enhanced: false });
    expect(await store.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 10 })).toBe(true);
    expect(await store.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 11 })).toBe(false);
    expect(await store.getBatch('b1')).toEqual(
      batch('b1', {
        state: 'open',
        providerBatchId: 'pb1',
        documentCount: 2,
        lastProgressAt: 10,
        leaseOwner: null,
        leaseUntil: null,
      }),
    );
    expect(await store.getDocument('s1:0')).toEqual(
      doc('s1', 0, { state: 'submitted', attempt: 1, batchKey: 'b1', providerBatchId: 'pb1', updatedAt: 10 }),
    );
    expect((await store.getDocument('s1:2'))!.state).toBe('pending');
    expect(await store.findAttempt('pb1', 'doc_s1_1')).toEqual({
      providerBatchId: 'pb1',
      docId: 'doc_s1_1',
      documentKey: 's1:1',
      attempt: 1,
    });
    expect(await store.findAttempt('pb1', 'doc_s1_2')).toBeNull();
    expect(await store.listSubmittedDocIds('pb1')).toEqual(['doc_s1_0', 'doc_s1_1']);
    await store.updateDocument(
      's1:0',
      { state: 'submitted', attempt: 1 },
      { state: 'succeeded', batchKey: null },
    );
    expect(await store.listSubmittedDocIds('pb1')).toEqual(['doc_s1_1']);
    expect(await store.countInFlight()).toBe(1);
    expect(await store.countDocumentsByState('s1')).toMatchObject({ pending: 1, submitted: 1, succeeded: 1 });
  });

  it('lets one of two racing creators mark a batch created: documents advance one attempt, once', async () => {
    const store = await seeded(20);
    const peer = await opened!.peer();
    await store.createBatch(batch('b1', { documentCount: 20 }));
    await store.assignDocuments({ batchKey: 'b1', now: 0, limit: 20, enhanced: false });
    const results = await Promise.all([
      store.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 10 }),
      peer.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 10 }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const docs = await store.listBatchDocuments('b1');
    expect(docs.every((d) => d.state === 'submitted' && d.attempt === 1)).toBe(true);
    expect(await store.listSubmittedDocIds('pb1')).toHaveLength(20);
  });

  it('touches open batches and claims stale ones for polling, each once per staleness period', async () => {
    const store = await fresh();
    for (const key of ['b1', 'b2', 'b3']) {
      await store.createBatch(batch(key));
      await store.markBatchCreated({ key, providerBatchId: `p_${key}`, now: 100 });
    }
    await store.touchBatch('p_b2', 5_000);
    await store.touchBatch('unknown', 5_000);
    await store.setBatchState('b3', 'closed');
    const stale = await store.claimStaleBatches({ staleBefore: 1_000, now: 6_000, limit: 10 });
    expect(stale.map((b) => b.key)).toEqual(['b1']);
    expect(stale[0].lastProgressAt).toBe(6_000);
    expect(await store.claimStaleBatches({ staleBefore: 5_500, now: 6_000, limit: 10 })).toEqual([
      expect.objectContaining({ key: 'b2', lastProgressAt: 6_000 }),
    ]);
    expect(await store.claimStaleBatches({ staleBefore: 6_000, now: 7_000, limit: 10 })).toEqual([]);
  });

  // ---- receipts (inbox) ----------------------------------------------------------------------------

  it('records a receipt once per dedupe key and returns the stored id for duplicates', async () => {
    const store = await fresh();
    expect(await store.recordReceipt(receipt('r1'))).toEqual({ id: 'r1', duplicate: false });
    expect(await store.recordReceipt(receipt('r2', { dedupeKey: 'msg_r1' }))).toEqual({
      id: 'r1',
      duplicate: true,
    });
    expect(await store.getReceipt('r1')).toEqual({
      ...receipt('r1'),
      processedAt: null,
      disposition: null,
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(await store.getReceipt('r2')).toBeNull();
  });

  it('records one of many racing deliveries of the same webhook', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? peer : store).recordReceipt(receipt(`r${i}`, { dedupeKey: 'same' })),
      ),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
  });

  it('leases unprocessed receipts oldest first; processed or leased ones are not claimed', async () => {
    const store = await fresh();
    for (const [id, at] of [
      ['r2', 10],
      ['r3', 20],
      ['r1', 30],
    ] as const)
      await store.recordReceipt(receipt(id, { receivedAt: at }));
    expect(await store.hasUnprocessedReceipts()).toBe(true);
    const first = await store.claimReceipts({ ...claim, limit: 2 });
    expect(first.map((r) => r.id)).toEqual(['r2', 'r3']);
    expect(first[0]).toMatchObject({ leaseOwner: 'worker-a', leaseUntil: 1_000 });
    expect((await store.claimReceipts({ ...claim, owner: 'worker-b', now: 999 })).map((r) => r.id)).toEqual([
      'r1',
    ]);
    expect(await store.completeReceipt('r2', 'applied', 50)).toBe(true);
    expect(await store.completeReceipt('r2', 'stale', 60)).toBe(false);
    expect(await store.getReceipt('r2')).toMatchObject({
      processedAt: 50,
      disposition: 'applied',
      leaseOwner: null,
      leaseUntil: null,
    });
    await store.completeReceipt('r1', 'unknown', 60);
    expect((await store.claimReceipts({ ...claim, now: 1_000 })).map((r) => r.id)).toEqual(['r3']);
    await store.deferReceipt('r3', 5_000);
    expect(await store.getReceipt('r3')).toMatchObject({ leaseOwner: null, leaseUntil: 5_000 });
    expect(await store.claimReceipts({ ...claim, now: 4_999 })).toEqual([]);
    expect((await store.claimReceipts({ ...claim, now: 5_000 })).map((r) => r.id)).toEqual(['r3']);
    await store.completeReceipt('r3', 'stale', 70);
    expect(await store.hasUnprocessedReceipts()).toBe(false);
  });

  it('leases receipts by receivedAt, not by the order they were recorded in', async () => {
    const store = await fresh();
    await store.recordReceipt(receipt('late', { receivedAt: 50 }));
    await store.recordReceipt(receipt('early', { receivedAt: 10, dedupeKey: 'msg_early' }));
    expect((await store.claimReceipts(claim)).map((r) => r.id)).toEqual(['early', 'late']);
  });

  it('never hands the same receipt to two concurrent claimers', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    for (let i = 0; i < 40; i++) await store.recordReceipt(receipt(`r${i}`, { receivedAt: i }));
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? peer : store).claimReceipts({ ...claim, owner: `w${i}`, limit: 10 }),
      ),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(40);
  });

  // ---- events (outbox) -----------------------------------------------------------------------------

  it('leases pending events that are due, oldest first, and completes each once', async () => {
    const store = await fresh();
    await store.addEvents([
      event('e2', { createdAt: 10 }),
      event('e1', { createdAt: 20 }),
      event('e3', { createdAt: 500 }),
    ]);
    expect(await store.nextEventAt()).toBe(10);
    const claimed = await store.claimEvents({ ...claim, now: 100 });
    expect(claimed).toEqual([
      {
        ...event('e2', { createdAt: 10 }),
        state: 'pending',
        attempts: 0,
        lastError: null,
        notBefore: 10,
        leaseOwner: 'worker-a',
        leaseUntil: 1_100,
      },
      expect.objectContaining({ id: 'e1' }),
    ]);
    expect(await store.claimEvents({ ...claim, now: 200 })).toEqual([]);
    expect(await store.completeEvent('e2')).toBe(true);
    expect(await store.completeEvent('e2')).toBe(false);
    expect((await store.claimEvents({ ...claim, now: 1_100 })).map((e) => e.id)).toEqual(['e1', 'e3']);
    await store.addEvents([]);
  });

  it('backs off failed events, parks them when told to, and redrives parked ones', async () => {
    const store = await fresh();
    await store.addEvents([
      event('e1'),
      event('e2'),
      event('e3', { submissionId: 'sub_2', documentKey: null, name: 'batch.complete' }),
    ]);
    await store.claimEvents({ ...claim, now: 0 });
    await store.failEvent('e1', { attempts: 1, error: 'boom', retryAt: 300 });
    await store.failEvent('e2', { attempts: 5, error: 'still boom', retryAt: null });
    await store.failEvent('e3', { attempts: 5, error: 'no', retryAt: null });
    expect(await store.countParkedEvents('sub_1')).toBe(1);
    expect(await store.countParkedEvents('sub_2')).toBe(1);
    expect(await store.nextEventAt()).toBe(300);
    expect(await store.claimEvents({ ...claim, now: 299 })).toEqual([]);
    expect(await store.claimEvents({ ...claim, now: 300 })).toEqual([
      expect.objectContaining({ id: 'e1', attempts: 1, lastError: 'boom', notBefore: 300 }),
    ]);
    expect(await store.completeEvent('e2')).toBe(false);
    expect(await store.redriveEvents({ submissionId: 'sub_1', now: 400 })).toBe(1);
    expect(await store.countParkedEvents('sub_1')).toBe(0);
    expect(
      (await store.claimEvents({ ...claim, now: 400 })).map((e) => [e.id, e.attempts, e.lastError]),
    ).toEqual([['e2', 0, 'still boom']]);
    expect(await store.redriveEvents({ now: 500 })).toBe(1);
    expect(await store.redriveEvents({ now: 500 })).toBe(0);
    expect(await store.completeEvent('e3')).toBe(true);
    expect(await store.completeEvent('e1')).toBe(true);
    expect(await store.completeEvent('e2')).toBe(true);
    expect(await store.nextEventAt()).toBeNull();
  });

  it('claims a redriven event in its createdAt place, before newer pending ones', async () => {
    const store = await fresh();
    await store.addEvents([event('e1', { createdAt: 10 }), event('e2', { createdAt: 20 })]);
    await store.claimEvents({ ...claim, now: 20 });
    await store.failEvent('e1', { attempts: 5, error: 'boom', retryAt: null });
    await store.failEvent('e2', { attempts: 1, error: 'boom', retryAt: 50 });
    await store.addEvents([event('e3', { createdAt: 30 })]);
    expect(await store.redriveEvents({ now: 60 })).toBe(1);
    expect((await store.claimEvents({ ...claim, now: 60 })).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('never hands the same event to two concurrent claimers', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    await store.addEvents(Array.from({ length: 30 }, (_, i) => event(`e${i}`, { createdAt: i })));
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 ? peer : store).claimEvents({ ...claim, owner: `w${i}`, now: 100, limit: 10 }),
      ),
    );
    const ids = claims.flat().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(30);
  });

  // ---- quota -----------------------------------------------------------------------------------------

  it('grants quota up to the limit per window and takes returns', async () => {
    const store = await fresh();
    expect(await store.reserveQuota('2026-12-03', 60, 100)).toBe(60);
    expect(await store.reserveQuota('2026-12-03', 60, 100)).toBe(40);
    expect(await store.reserveQuota('2026-12-03', 1, 100)).toBe(0);
    expect(await store.reserveQuota('2026-12-04', 5, 100)).toBe(5);
    await store.releaseQuota('2026-12-03', 30);
    expect(await store.reserveQuota('2026-12-03', 50, 100)).toBe(30);
    await store.releaseQuota('2026-12-04', 50);
    expect(await store.reserveQuota('2026-12-04', 150, 100)).toBe(100);
  });

  it('shares the quota between concurrent reservers without ever exceeding it', async () => {
    const store = await fresh();
    const peer = await opened!.peer();
    const grants = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? peer : store).reserveQuota('2026-12-03', 10, 95)),
    );
    expect(grants.reduce((a, b) => a + b, 0)).toBe(95);
  });

  // ---- transactions ------------------------------------------------------------------------------------

  it('runs a transaction whose operations all take effect when it resolves', async () => {
    const store = await seeded(2);
    const value = await store.transaction(async (tx) => {
      await tx.addEvents([event('e1')]);
      expect(await tx.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { state: 'failed' })).toBe(
        true,
      );
      expect((await tx.getDocument('s1:0'))!.state).toBe('failed');
      return 42;
    });
    expect(value).toBe(42);
    expect((await store.getDocument('s1:0'))!.state).toBe('failed');
    expect(await store.nextEventAt()).toBe(0);
  });

  if (subject.transactional)
    it('rolls every operation of a transaction back when it throws, and rethrows', async () => {
      const store = await seeded(2);
      const error = await store
        .transaction(async (tx) => {
          await tx.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { state: 'failed' });
          await tx.addEvents([event('e1')]);
          await tx.recordReceipt(receipt('r1'));
          expect(await tx.reserveQuota('w', 5, 10)).toBe(5);
          throw new Error('handler failed');
        })
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe('handler failed');
      expect((await store.getDocument('s1:0'))!.state).toBe('pending');
      expect(await store.nextEventAt()).toBeNull();
      expect(await store.getReceipt('r1')).toBeNull();
      expect(await store.reserveQuota('w', 10, 10)).toBe(10);
    });
}
