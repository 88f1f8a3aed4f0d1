import { normalizeAwbNumber, type AwbResult, type Docbatch } from '@docbatch/core';
import type { EntityManager } from 'typeorm';
import { IssueTable, ShipmentTable } from './freight-tables.js';

/**
 * Final outcomes into the freight tables. Writes go through `ctx.manager`, docbatch's own
 * transaction, so each document lands exactly once even across crashes and retries.
 */
export function registerFreightHandlers(docbatch: Docbatch): void {
  docbatch.on('document.complete', async (outcome, ctx) => {
    const manager = ctx.manager as EntityManager;
    const result = outcome.result as AwbResult | null;
    if (outcome.state === 'failed') {
      await manager.insert(IssueTable, {
        documentId: outcome.id,
        kind: 'failure',
        reason: outcome.errorCode ?? outcome.reason ?? 'failed',
        result: null,
      });
      return;
    }
    const awbNumber = result?.awb_number ? normalizeAwbNumber(result.awb_number) : null;
    const booked = awbNumber && (await manager.findOneBy(ShipmentTable, { awbNumber }));
    if (outcome.state === 'needs_review' || !result || !awbNumber || booked) {
      const reason = booked ? `duplicate_awb of ${booked.documentId}` : (outcome.reason ?? 'partial');
      await manager.insert(IssueTable, { documentId: outcome.id, kind: 'review', reason, result });
      return;
    }
    await manager.insert(ShipmentTable, {
      awbNumber,
      documentId: outcome.id,
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
