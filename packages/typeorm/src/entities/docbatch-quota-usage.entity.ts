import { EntitySchema } from 'typeorm';
import { int, varchar } from './column-types.js';

export interface DocbatchQuotaUsageRow {
  quotaWindow: string;
  used: number;
}

/** Documents sent per quota window (UTC day), shared by every process on the database. */
export const DocbatchQuotaUsageEntity = new EntitySchema<DocbatchQuotaUsageRow>({
  name: 'DocbatchQuotaUsage',
  tableName: 'docbatch_quota_usage',
  columns: {
    quotaWindow: { ...varchar(32), name: 'quota_window', primary: true },
    used: int(),
  },
});
