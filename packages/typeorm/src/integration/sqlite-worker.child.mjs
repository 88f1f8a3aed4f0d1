// One of several processes sharing a SQLite file (WAL) through TypeormStore: records webhook
// receipts (the same deliveries as its siblings), reserves quota, then claims receipts until none
// are left. Plain .mjs on the compiled package: Jest's TypeScript transform does not reach children.
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { DocumentIdConflictError, newPendingDocument } from '@docbatch/core';
import { DOCBATCH_ENTITIES, TypeormStore } from '@docbatch/typeorm';

const [message] = await once(process, 'message');
const { file, name, deliveries } = message;
const dataSource = await new DataSource({
  type: 'better-sqlite3',
  database: file,
  enableWAL: true,
  timeout: 20_000,
  entities: [...DOCBATCH_ENTITIES],
}).initialize();
const store = new TypeormStore(dataSource);
await store.verify();
// Start together with the siblings, so that their writes really overlap.
process.send({ ready: true });
await once(process, 'message');

let recorded = 0;
for (let i = 0; i < deliveries; i++) {
  const { duplicate } = await store.recordReceipt({
    id: `${name}-${i}`,
    dedupeKey: `msg_${i}`,
    source: 'webhook',
    providerBatchId: 'pb_1',
    docId: `doc_${i}`,
    status: 'success',
    payload: { i },
    receivedAt: i,
  });
  if (!duplicate) recorded++;
}
// Every process submits the same caller ids: each id may be live in one submission only. The
// check-then-insert runs in one transaction that took the write lock first.
let submitted = 0;
for (let j = 0; j < 20; j++) {
  const doc = newPendingDocument({
    key: `${name}:${j}`,
    id: `shared_${j}`,
    submissionId: `${name}_${j}`,
    source: { kind: 'url', url: `https://files.example/${j}.pdf` },
    now: j,
  });
  try {
    await store.createSubmission(
      { id: `${name}_${j}`, label: null, documentCount: 1, finalCount: 0, createdAt: j },
      [doc],
    );
    submitted++;
  } catch (error) {
    if (!(error instanceof DocumentIdConflictError)) throw error;
  }
}
let granted = 0;
for (let i = 0; i < 20; i++) granted += await store.reserveQuota('2026-12-03', 7, 250);
const claimed = [];
for (;;) {
  const batch = await store.claimReceipts({ owner: name, now: 1, leaseMs: 3_600_000, limit: 5 });
  if (batch.length === 0) break;
  for (const receipt of batch) claimed.push(receipt.dedupeKey);
}
process.send({ recorded, submitted, granted, claimed });
await dataSource.destroy();
process.disconnect();
