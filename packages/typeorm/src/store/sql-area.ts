import type { SqlText } from '../sql-dialect.js';
import { DocbatchAttemptEntity } from '../entities/docbatch-attempt.entity.js';
import { DocbatchDocumentEntity } from '../entities/docbatch-document.entity.js';
import { DocbatchEventEntity } from '../entities/docbatch-event.entity.js';
import { DocbatchProviderBatchEntity } from '../entities/docbatch-provider-batch.entity.js';
import { DocbatchQuotaUsageEntity } from '../entities/docbatch-quota-usage.entity.js';
import { DocbatchReceiptEntity } from '../entities/docbatch-receipt.entity.js';
import { DocbatchSubmissionEntity } from '../entities/docbatch-submission.entity.js';
import { RowMappers } from './row-mappers.js';
import type { StoreUnits } from './store-units.js';

/** Rows per multi-row INSERT / ids per IN list: far below PostgreSQL's 65,535 and SQLite's 32,766 parameters. */
export const CHUNK = 500;

/** A leased row is claimable again once its lease has run out. */
export const LEASE_FREE = `(lease_until IS NULL OR lease_until <= :now)`;

export interface SqlTables {
  submissions: string;
  documents: string;
  batches: string;
  attempts: string;
  receipts: string;
  events: string;
  quota: string;
}

export function sqlTables(text: SqlText): SqlTables {
  return {
    submissions: text.table(DocbatchSubmissionEntity),
    documents: text.table(DocbatchDocumentEntity),
    batches: text.table(DocbatchProviderBatchEntity),
    attempts: text.table(DocbatchAttemptEntity),
    receipts: text.table(DocbatchReceiptEntity),
    events: text.table(DocbatchEventEntity),
    quota: text.table(DocbatchQuotaUsageEntity),
  };
}

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Rows of an `UPDATE … RETURNING` (which has no order) sorted by `time`, then insertion order
 * (`seq`, the surrogate key); the records come without their seq.
 */
export function oldestFirst<T>(rows: any[], toRecord: (row: any) => T, time: (record: T) => number): T[] {
  return rows
    .map((row) => ({ record: toRecord(row), seq: Number(row.seq) }))
    .sort((a, b) => time(a.record) - time(b.record) || a.seq - b.seq)
    .map(({ record }) => record);
}

/** What every part of the SQL store shares: how to run statements, the tables, the row mappers. */
export abstract class SqlArea {
  protected readonly map: RowMappers;

  constructor(
    protected readonly units: StoreUnits,
    protected readonly text: SqlText,
    private readonly tables: () => SqlTables,
  ) {
    this.map = new RowMappers(text.dialect);
  }

  /** Table names, resolved on first use: the host's DataSource knows them once initialized. */
  protected get t(): SqlTables {
    return this.tables();
  }
}
