import { Injectable, Logger } from '@nestjs/common';
import type { DocumentOutcome, HandlerContext } from '@docbatch/core';
import { OnDocumentComplete, OnDocumentFailed } from '@docbatch/nest';
import type { EntityManager } from 'typeorm';
import { DocumentFailure } from './document-failure.entity.js';
import { ShipmentReview } from './shipment-review.entity.js';
import { Shipment } from './shipment.entity.js';
import { readShipmentFields } from './shipment-fields.js';

/** The provider's own threshold for `partial`: these are the fields a reviewer must check. */
const REVIEW_BELOW_CONFIDENCE = 0.8;

/**
 * Where extracted waybills enter the freight system. Every write goes through `ctx.manager`, the
 * transaction in which docbatch marks the outcome handled: the row and docbatch's bookkeeping
 * commit together, so a crash or a retry can never book a shipment twice or lose one.
 */
@Injectable()
export class ShipmentIngestHandler {
  private readonly logger = new Logger(ShipmentIngestHandler.name);

  @OnDocumentComplete({ status: 'succeeded' })
  async book(outcome: DocumentOutcome, ctx: HandlerContext): Promise<void> {
    const manager = transactionOf(ctx);
    const fields = readShipmentFields(outcome.result);
    if ('missing' in fields) {
      return this.sendToReview(manager, outcome, `missing_fields: ${fields.missing.join(', ')}`);
    }
    // Same AWB from another document: a rescan or a clerical error, never silently overwritten.
    // Two such documents racing in two processes both pass this check; the unique index makes one
    // insert fail, docbatch retries that handler, and the retry lands here.
    const booked = await manager.findOneBy(Shipment, { awbNumber: fields.awbNumber });
    if (booked)
      return this.sendToReview(manager, outcome, `duplicate_awb: already booked from ${booked.documentId}`);
    await manager.insert(Shipment, { ...fields, documentId: outcome.id });
  }

  @OnDocumentComplete({ status: 'needs_review' })
  async review(outcome: DocumentOutcome, ctx: HandlerContext): Promise<void> {
    const unsure = Object.entries(outcome.result?.confidence ?? {})
      .filter(([, confidence]) => confidence < REVIEW_BELOW_CONFIDENCE)
      .map(([field]) => field);
    const reason = unsure.length > 0 ? `low_confidence: ${unsure.join(', ')}` : (outcome.reason ?? 'partial');
    await this.sendToReview(transactionOf(ctx), outcome, reason);
  }

  @OnDocumentFailed()
  async logFailure(outcome: DocumentOutcome, ctx: HandlerContext): Promise<void> {
    await transactionOf(ctx).insert(DocumentFailure, {
      documentId: outcome.id,
      errorCode: outcome.errorCode ?? null,
      reason: outcome.reason ?? null,
      attempts: outcome.attempts.length,
    });
    this.logger.warn(`${outcome.id} failed: ${outcome.errorCode ?? outcome.reason}`);
  }

  private async sendToReview(
    manager: EntityManager,
    outcome: DocumentOutcome,
    reason: string,
  ): Promise<void> {
    await manager.insert(ShipmentReview, {
      documentId: outcome.id,
      awbNumber: outcome.result?.awb_number ?? null,
      reason: reason.slice(0, 500),
      result: outcome.result,
    });
  }
}

/** The TypeORM store always passes its transaction; without it the writes would not be exactly-once. */
function transactionOf(ctx: HandlerContext): EntityManager {
  if (!ctx.manager) throw new Error('nest-freight needs the TypeORM store: ctx.manager is missing');
  return ctx.manager as EntityManager;
}
