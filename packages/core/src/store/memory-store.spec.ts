import { describe, expect, it } from '@jest/globals';
import { DocumentIdConflictError, type DocumentRecord } from '../ports/store.port.js';
import { MemoryStore } from './memory-store.js';
import { newPendingDocument } from './new-pending-document.js';

function doc(submissionId: string, i: number, id = `doc_${i}`): DocumentRecord {
  const source = { kind: 'url' as const, url: `https://files.example/${id}.pdf` };
  return newPendingDocument({ key: `${submissionId}:${i}`, id, submissionId, source, now: 0 });
}

async function seeded(count: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  const docs = Array.from({ length: count }, (_, i) => doc('s1', i));
  await store.createSubmission(
    { id: 's1', label: null, documentCount: count, finalCount: 0, createdAt: 0 },
    docs,
  );
  return store;
}

const batch = (key: string) => ({
  key,
  state: 'creating' as const,
  providerBatchId: null,
  enhanced: false,
  documentCount: 0,
  lastProgressAt: 0,
  leaseOwner: 'a',
  leaseUntil: 1_000,
  createdAt: 0,
});

describe('MemoryStore', () => {
  it('refuses a submission whose ids are still active, and accepts them again once final', async () => {
    const store = await seeded(2);
    const again = () =>
      store.createSubmission({ id: 's2', label: null, documentCount: 1, finalCount: 0, createdAt: 0 }, [
        doc('s2', 0, 'doc_1'),
      ]);
    await expect(again()).rejects.toBeInstanceOf(DocumentIdConflictError);
    expect(await store.getSubmission('s2')).toBeNull();
    expect(await store.updateDocument('s1:1', { state: 'pending', attempt: 0 }, { state: 'failed' })).toBe(
      true,
    );
    expect(await store.findActiveDocumentIds(['doc_0', 'doc_1'])).toEqual(['doc_0']);
    await expect(again()).resolves.toBeUndefined();
  });

  it('assigns each document to one batch only, oldest first, honouring notBefore and the enhanced flag', async () => {
    const store = await seeded(5);
    await store.updateDocument('s1:0', { state: 'pending', attempt: 0 }, { notBefore: 500 });
    await store.updateDocument('s1:1', { state: 'pending', attempt: 0 }, { enhanced: true });
    const first = await store.assignDocuments({ batchKey: 'b1', now: 100, limit: 2, enhanced: false });
    expect(first.map((d) => d.key)).toEqual(['s1:2', 's1:3']);
    const second = await store.assignDocuments({ batchKey: 'b2', now: 600, limit: 10, enhanced: false });
    expect(second.map((d) => d.key)).toEqual(['s1:0', 's1:4']);
    expect(await store.assignDocuments({ batchKey: 'b3', now: 600, limit: 10, enhanced: false })).toEqual([]);
    expect(
      (await store.assignDocuments({ batchKey: 'b3', now: 600, limit: 10, enhanced: true })).map(
        (d) => d.key,
      ),
    ).toEqual(['s1:1']);
    expect(await store.countInFlight()).toBe(5);
  });

  it('marks a created batch: documents submitted at the next attempt, attempts findable, fenced by compare-and-set', async () => {
    const store = await seeded(2);
    await store.createBatch(batch('b1'));
    await store.assignDocuments({ batchKey: 'b1', now: 0, limit: 10, enhanced: false });
    expect(await store.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 10 })).toBe(true);
    expect(await store.markBatchCreated({ key: 'b1', providerBatchId: 'pb1', now: 10 })).toBe(false);
    expect(await store.findAttempt('pb1', 'doc_1')).toEqual({
      providerBatchId: 'pb1',
      docId: 'doc_1',
      documentKey: 's1:1',
      attempt: 1,
    });
    expect(await store.listSubmittedDocIds('pb1')).toEqual(['doc_0', 'doc_1']);
    expect(
      await store.updateDocument('s1:0', { state: 'submitted', attempt: 0 }, { state: 'succeeded' }),
    ).toBe(false);
    expect(
      await store.updateDocument(
        's1:0',
        { state: 'submitted', attempt: 1 },
        { state: 'succeeded', batchKey: null },
      ),
    ).toBe(true);
    expect(await store.listSubmittedDocIds('pb1')).toEqual(['doc_1']);
    expect(await store.countDocumentsByState('s1')).toMatchObject({ submitted: 1, succeeded: 1, pending: 0 });
    expect(await store.countInFlight()).toBe(1);
  });

  it('leases creating batches: a live lease is not claimable, an expired one is', async () => {
    const store = new MemoryStore();
    await store.createBatch(batch('b1'));
    expect(await store.claimCreatingBatch({ owner: 'b', now: 999, leaseMs: 100 })).toBeNull();
    expect(await store.claimCreatingBatch({ owner: 'b', now: 1_000, leaseMs: 100 })).toMatchObject({
      key: 'b1',
      leaseOwner: 'b',
      leaseUntil: 1_100,
    });
    expect(await store.renewBatchLease('b1', 'a', 5_000)).toBe(false);
  });

  it('dedupes receipts by key and hands each unprocessed receipt to one claimer at a time', async () => {
    const store = new MemoryStore();
    const receipt = {
      id: 'r1',
      dedupeKey: 'msg_1',
      source: 'webhook' as const,
      providerBatchId: 'pb',
      docId: 'd',
      status: 'success',
      payload: {},
      receivedAt: 0,
    };
    expect(await store.recordReceipt(receipt)).toEqual({ id: 'r1', duplicate: false });
    expect(await store.recordReceipt({ ...receipt, id: 'r2' })).toEqual({ id: 'r1', duplicate: true });
    expect(await store.claimReceipts({ owner: 'a', now: 0, leaseMs: 10, limit: 5 })).toHaveLength(1);
    expect(await store.claimReceipts({ owner: 'b', now: 5, leaseMs: 10, limit: 5 })).toHaveLength(0);
    expect(await store.claimReceipts({ owner: 'b', now: 10, leaseMs: 10, limit: 5 })).toHaveLength(1);
    expect(await store.completeReceipt('r1', 'applied', 11)).toBe(true);
    expect(await store.completeReceipt('r1', 'applied', 12)).toBe(false);
    expect(await store.hasUnprocessedReceipts()).toBe(false);
  });

  it('retries, parks and redrives events', async () => {
    const store = new MemoryStore();
    await store.addEvents([
      {
        id: 'e1',
        name: 'document.complete',
        submissionId: 's1',
        documentKey: 'k',
        payload: {},
        createdAt: 0,
      },
    ]);
    await store.failEvent('e1', { attempts: 1, error: 'boom', retryAt: 50 });
    expect(await store.claimEvents({ owner: 'a', now: 10, leaseMs: 10, limit: 5 })).toHaveLength(0);
    expect(await store.nextEventAt()).toBe(50);
    await store.failEvent('e1', { attempts: 2, error: 'boom', retryAt: null });
    expect(await store.countParkedEvents('s1')).toBe(1);
    expect(await store.redriveEvents({ submissionId: 's1', now: 60 })).toBe(1);
    const [claimed] = await store.claimEvents({ owner: 'a', now: 60, leaseMs: 10, limit: 5 });
    expect(claimed).toMatchObject({ id: 'e1', attempts: 0, lastError: 'boom' });
    expect(await store.completeEvent('e1')).toBe(true);
    expect(await store.completeEvent('e1')).toBe(false);
    expect(await store.countParkedEvents('s1')).toBe(0);
  });

  it('hands out event payloads as copies: a handler mutating one changes neither a retry nor a sibling event', async () => {
    const store = new MemoryStore();
    // document.complete and document.failed are written with one shared outcome object.
    const outcome = { id: 'doc_1', result: { awb_number: '160-12345675' }, attempts: [{ attempt: 1 }] };
    const event = (id: string, name: 'document.complete' | 'document.failed') => ({
      id,
      name,
      submissionId: 's1',
      documentKey: 'k',
      payload: outcome,
      createdAt: 0,
    });
    await store.addEvents([event('e1', 'document.complete'), event('e2', 'document.failed')]);
    const [first, sibling] = await store.claimEvents({ owner: 'a', now: 0, leaseMs: 10, limit: 5 });
    const mutated = first!.payload as typeof outcome;
    mutated.result.awb_number = 'overwritten';
    mutated.attempts.push({ attempt: 99 });
    expect(sibling!.payload).toEqual({
      id: 'doc_1',
      result: { awb_number: '160-12345675' },
      attempts: [{ attempt: 1 }],
    });
    await store.failEvent('e1', { attempts: 1, error: 'boom', retryAt: 5 });
    const [again] = await store.claimEvents({ owner: 'a', now: 5, leaseMs: 10, limit: 5 });
    expect(again!.payload).toEqual({
      id: 'doc_1',
      result: { awb_number: '160-12345675' },
      attempts: [{ attempt: 1 }],
    });
  });

  it('grants the daily quota once across callers, per window', async () => {
    const store = new MemoryStore();
    expect(await store.reserveQuota('2026-12-03', 6, 10)).toBe(6);
    expect(await store.reserveQuota('2026-12-03', 6, 10)).toBe(4);
    expect(await store.reserveQuota('2026-12-03', 6, 10)).toBe(0);
    await store.releaseQuota('2026-12-03', 3);
    expect(await store.reserveQuota('2026-12-03', 6, 10)).toBe(3);
    expect(await store.reserveQuota('2026-12-04', 6, 10)).toBe(6);
  });
});
