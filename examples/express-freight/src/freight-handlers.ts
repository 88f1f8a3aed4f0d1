import { normalizeAwbNumber, type Docbatch } from '@docbatch/core';
import type { EntityManager } from 'typeorm';
import { IssueTable, ShipmentTable } from './freight-tables.js';

/**
 * Final outcomes into the freight tables. Writes go through `ctx.manager`, docbatch's own
 * transaction, so each document lands exactly once even across crashes and retries.
 */
export function registerFreightHandlers(docbatch: Docbatch<EntityManager>): void {
  docbatch.on('document.complete', async (outcome, { manager }) => {
    const { id: documentId, result } = outcome;
    if (outcome.state === 'failed') {
      const reason = outcome.errorCode ?? outcome.reason ?? 'failed';
      await manager.insert(IssueTable, { documentId, kind: 'failure', reason, result: null });
      return;
    }
    const awbNumber = result?.awb_number ? normalizeAwbNumber(result.awb_number) : null;
    const booked = awbNumber ? await manager.findOneBy(ShipmentTable, { awbNumber }) : null;
    if (outcome.state === 'needs_review' || !result || !awbNumber || booked) {
      const reason = booked
        ? `duplicate AWB, booked from ${booked.documentId}`
        : (outcome.reason ?? 'needs review');
      await manager.insert(IssueTable, { documentId, kind: 'review', reason, result });
      return;
    }
    await manager.insert(ShipmentTable, {
      awbNumber,
      documentId,
      origin: result.origin!,
      destination: result.destination!,
      shipper: result.shipper!,
      consignee: result.consignee!,
      pieces: result.pieces!,
      grossWeight: result.gross_weight!,
      weightUnit: result.gross_weight_unit!,
    });
  });
}
