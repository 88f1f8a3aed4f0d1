import type { AwbResult } from '@docbatch/core';
import { EntitySchema } from 'typeorm';

/** The app's own tables (docbatch's live beside them in the same database). */
export interface ShipmentRow {
  id: number;
  awbNumber: string;
  documentId: string;
  origin: string;
  destination: string;
  shipper: string;
  consignee: string;
  pieces: number;
  grossWeight: number;
  weightUnit: string;
}

/** Partial reads, and documents that could not be read at all. */
export interface IssueRow {
  id: number;
  documentId: string;
  kind: 'review' | 'failure';
  /** Error code or the fields a person has to check. */
  reason: string;
  result: AwbResult | null;
}

const id = { type: 'integer', primary: true, generated: 'increment' } as const;

export const ShipmentTable = new EntitySchema<ShipmentRow>({
  name: 'Shipment',
  tableName: 'freight_shipments',
  columns: {
    id,
    awbNumber: { name: 'awb_number', type: 'varchar', length: 12, unique: true },
    documentId: { name: 'document_id', type: 'varchar', length: 200, unique: true },
    origin: { type: 'varchar', length: 3 },
    destination: { type: 'varchar', length: 3 },
    shipper: { type: 'varchar', length: 500 },
    consignee: { type: 'varchar', length: 500 },
    pieces: { type: 'integer' },
    grossWeight: { name: 'gross_weight', type: 'double precision' },
    weightUnit: { name: 'weight_unit', type: 'varchar', length: 2 },
  },
});

export const IssueTable = new EntitySchema<IssueRow>({
  name: 'ShipmentIssue',
  tableName: 'freight_issues',
  columns: {
    id,
    documentId: { name: 'document_id', type: 'varchar', length: 200, unique: true },
    kind: { type: 'varchar', length: 10 },
    reason: { type: 'varchar', length: 500 },
    result: { type: 'simple-json', nullable: true },
  },
});
