import { newId } from './new-id.js';
import type { AwbResult } from '../protocol/awb-result.dto.js';
import {
  FINAL_DOCUMENT_STATES,
  type DocumentPatch,
  type DocumentRecord,
  type FinalDocumentState,
  type NewEvent,
  type StoreOperations,
} from '../ports/store.port.js';
import type { BatchCompleteEvent, DocumentOutcome } from './docbatch-events.js';

export interface FinalOutcome {
  state: FinalDocumentState;
  result: unknown;
  errorCode: string | null;
  reason: string | null;
}

/**
 * Moves a document to its final state with a compare-and-set on its current state and attempt (the
 * fence), and writes the events that follow, all on `tx`. Returns false when the document had
 * already moved on: then nothing was written. The one place a document becomes final, whether from
 * a webhook, a poll or a provider refusing it.
 */
export async function finalizeDocument(
  tx: StoreOperations,
  doc: DocumentRecord,
  outcome: FinalOutcome,
  extra: DocumentPatch,
  now: number,
): Promise<boolean> {
  const patch: DocumentPatch = {
    ...extra,
    state: outcome.state,
    result: outcome.result,
    errorCode: outcome.errorCode,
    reason: outcome.reason,
    batchKey: null,
    notBefore: null,
    updatedAt: now,
    finalAt: now,
  };
  if (!(await tx.updateDocument(doc.key, { state: doc.state, attempt: doc.attempt }, patch))) return false;

  const final: DocumentOutcome = {
    id: doc.id,
    submissionId: doc.submissionId,
    state: outcome.state,
    result: (outcome.result ?? null) as AwbResult | null,
    errorCode: outcome.errorCode,
    reason: outcome.reason,
    attempts: patch.history ?? doc.history,
  };
  const events: NewEvent[] = [event('document.complete', doc, final, now)];
  if (outcome.state === 'failed') events.push(event('document.failed', doc, final, now));

  const { finalCount, documentCount } = await tx.incrementSubmissionFinal(doc.submissionId);
  if (finalCount === documentCount) {
    const submission = await tx.getSubmission(doc.submissionId);
    const all = await tx.countDocumentsByState(doc.submissionId);
    const counts = Object.fromEntries(
      FINAL_DOCUMENT_STATES.map((s) => [s, all[s]]),
    ) as BatchCompleteEvent['counts'];
    const payload: BatchCompleteEvent = {
      submissionId: doc.submissionId,
      label: submission?.label ?? null,
      documentCount,
      counts,
    };
    events.push({
      id: newId(),
      name: 'batch.complete',
      submissionId: doc.submissionId,
      documentKey: null,
      payload,
      createdAt: now,
    });
  }
  await tx.addEvents(events);
  return true;
}

export function event(name: NewEvent['name'], doc: DocumentRecord, payload: unknown, now: number): NewEvent {
  return {
    id: newId(),
    name,
    submissionId: doc.submissionId,
    documentKey: doc.key,
    payload,
    createdAt: now,
  };
}
