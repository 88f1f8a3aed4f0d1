import type { StoreOperations } from '@docbatch/core';
import type { SqlText } from '../sql-dialect.js';
import { BatchSql } from './batch-sql.js';
import { DocumentSql } from './document-sql.js';
import { InboxSql } from './inbox-sql.js';
import { OutboxSql } from './outbox-sql.js';
import { QuotaSql } from './quota-sql.js';
import type { SqlTables } from './sql-area.js';
import type { StoreUnits } from './store-units.js';

/**
 * The Store port's operations in SQL, for PostgreSQL and SQLite, one file per area. Each method is
 * one statement or one atomic unit; `units` decides whether that runs on its own or inside the
 * caller's transaction.
 */
export class TypeormOperations implements StoreOperations {
  private readonly documents: DocumentSql;
  private readonly batches: BatchSql;
  private readonly inbox: InboxSql;
  private readonly outbox: OutboxSql;
  private readonly quota: QuotaSql;

  constructor(
    units: StoreUnits,
    protected readonly text: SqlText,
    protected readonly tables: () => SqlTables,
  ) {
    this.documents = new DocumentSql(units, text, tables);
    this.batches = new BatchSql(units, text, tables);
    this.inbox = new InboxSql(units, text, tables);
    this.outbox = new OutboxSql(units, text, tables);
    this.quota = new QuotaSql(units, text, tables);
  }

  createSubmission: StoreOperations['createSubmission'] = (...a) => this.documents.createSubmission(...a);
  getSubmission: StoreOperations['getSubmission'] = (...a) => this.documents.getSubmission(...a);
  incrementSubmissionFinal: StoreOperations['incrementSubmissionFinal'] = (...a) =>
    this.documents.incrementSubmissionFinal(...a);
  findActiveDocumentIds: StoreOperations['findActiveDocumentIds'] = (...a) =>
    this.documents.findActiveDocumentIds(...a);
  getDocument: StoreOperations['getDocument'] = (...a) => this.documents.getDocument(...a);
  updateDocument: StoreOperations['updateDocument'] = (...a) => this.documents.updateDocument(...a);
  assignDocuments: StoreOperations['assignDocuments'] = (...a) => this.documents.assignDocuments(...a);
  listBatchDocuments: StoreOperations['listBatchDocuments'] = (...a) =>
    this.documents.listBatchDocuments(...a);
  setDocumentFileId: StoreOperations['setDocumentFileId'] = (...a) => this.documents.setDocumentFileId(...a);
  countInFlight: StoreOperations['countInFlight'] = () => this.documents.countInFlight();
  nextRetryAt: StoreOperations['nextRetryAt'] = () => this.documents.nextRetryAt();
  hasUnassignedDocuments: StoreOperations['hasUnassignedDocuments'] = () =>
    this.documents.hasUnassignedDocuments();
  countDocumentsByState: StoreOperations['countDocumentsByState'] = (...a) =>
    this.documents.countDocumentsByState(...a);

  createBatch: StoreOperations['createBatch'] = (...a) => this.batches.createBatch(...a);
  getBatch: StoreOperations['getBatch'] = (...a) => this.batches.getBatch(...a);
  claimCreatingBatch: StoreOperations['claimCreatingBatch'] = (...a) => this.batches.claimCreatingBatch(...a);
  renewBatchLease: StoreOperations['renewBatchLease'] = (...a) => this.batches.renewBatchLease(...a);
  markBatchCreated: StoreOperations['markBatchCreated'] = (...a) => this.batches.markBatchCreated(...a);
  setBatchState: StoreOperations['setBatchState'] = (...a) => this.batches.setBatchState(...a);
  touchBatch: StoreOperations['touchBatch'] = (...a) => this.batches.touchBatch(...a);
  claimStaleBatches: StoreOperations['claimStaleBatches'] = (...a) => this.batches.claimStaleBatches(...a);
  listSubmittedDocIds: StoreOperations['listSubmittedDocIds'] = (...a) =>
    this.batches.listSubmittedDocIds(...a);
  findAttempt: StoreOperations['findAttempt'] = (...a) => this.batches.findAttempt(...a);

  recordReceipt: StoreOperations['recordReceipt'] = (...a) => this.inbox.recordReceipt(...a);
  getReceipt: StoreOperations['getReceipt'] = (...a) => this.inbox.getReceipt(...a);
  claimReceipts: StoreOperations['claimReceipts'] = (...a) => this.inbox.claimReceipts(...a);
  completeReceipt: StoreOperations['completeReceipt'] = (...a) => this.inbox.completeReceipt(...a);
  deferReceipt: StoreOperations['deferReceipt'] = (...a) => this.inbox.deferReceipt(...a);
  hasUnprocessedReceipts: StoreOperations['hasUnprocessedReceipts'] = () =>
    this.inbox.hasUnprocessedReceipts();

  addEvents: StoreOperations['addEvents'] = (...a) => this.outbox.addEvents(...a);
  claimEvents: StoreOperations['claimEvents'] = (...a) => this.outbox.claimEvents(...a);
  completeEvent: StoreOperations['completeEvent'] = (...a) => this.outbox.completeEvent(...a);
  failEvent: StoreOperations['failEvent'] = (...a) => this.outbox.failEvent(...a);
  redriveEvents: StoreOperations['redriveEvents'] = (...a) => this.outbox.redriveEvents(...a);
  nextEventAt: StoreOperations['nextEventAt'] = () => this.outbox.nextEventAt();
  countParkedEvents: StoreOperations['countParkedEvents'] = (...a) => this.outbox.countParkedEvents(...a);

  reserveQuota: StoreOperations['reserveQuota'] = (...a) => this.quota.reserveQuota(...a);
  releaseQuota: StoreOperations['releaseQuota'] = (...a) => this.quota.releaseQuota(...a);
}
