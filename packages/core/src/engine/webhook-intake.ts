import { newId } from './new-id.js';
import { parseDocumentCompleteEvent } from '../protocol/document-complete-event.dto.js';
import { formatValidationIssues } from '../protocol/validation-result.js';
import type { WebhookRequest, WebhookResponse } from '../ports/webhook-receiver.port.js';
import { WebhookVerificationError } from '../webhooks/webhook-verification.error.js';
import type { WebhookVerifier } from '../webhooks/webhook-verifier.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

function error(status: number, code: string, message: string, details?: unknown): WebhookResponse {
  return { status, body: { error: { code, message, ...(details !== undefined && { details }) } } };
}

/**
 * verify → validate → record in the inbox → answer. Acknowledges only what is durably stored, and
 * never runs user handlers here: the provider gets its answer in the time of one store write.
 */
export async function receiveWebhook(
  ctx: EngineContext,
  verifier: WebhookVerifier | undefined,
  request: WebhookRequest,
): Promise<WebhookResponse> {
  if (!verifier) {
    return error(404, 'WEBHOOKS_DISABLED', 'docbatch runs polling-only: no webhook secret is configured');
  }
  let webhookId: string | undefined;
  try {
    webhookId = verifier.verify(request.headers, request.rawBody).id;
  } catch (e) {
    if (!(e instanceof WebhookVerificationError)) throw e;
    // Not the sender's fault but the adapter's (a parser ran first): 401 would hide it as a forgery.
    // 500 makes the provider deliver again once the wiring is fixed, so nothing is lost meanwhile.
    if (e.code === 'RAW_BODY_REQUIRED') {
      ctx.logger.error('docbatch: webhook adapter bug, answering 500', { error: e.message });
      return error(500, e.code, e.message);
    }
    return error(401, e.code, e.message);
  }

  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(request.rawBody));
  } catch {
    return error(400, 'MALFORMED_JSON', 'the body is not valid UTF-8 JSON');
  }
  const parsed = parseDocumentCompleteEvent(json);
  if (!parsed.ok) {
    return error(
      400,
      'INVALID_PAYLOAD',
      `invalid document.complete event: ${formatValidationIssues(parsed.errors)}`,
      parsed.errors,
    );
  }
  const event = parsed.value;

  let duplicate: boolean;
  try {
    ({ duplicate } = await ctx.store.recordReceipt({
      id: newId(),
      dedupeKey: webhookId ?? `${event.batch_id}:${event.doc_id}:${event.status}`,
      source: 'webhook',
      providerBatchId: event.batch_id,
      docId: event.doc_id,
      status: event.status,
      payload: event,
      receivedAt: ctx.clock.now(),
    }));
  } catch (e) {
    // Not stored, so not acknowledged: the provider delivers it again.
    ctx.logger.error('docbatch: could not record a webhook, answering 503', {
      batchId: event.batch_id,
      docId: event.doc_id,
      error: errorMessage(e),
    });
    return error(503, 'STORE_UNAVAILABLE', 'the webhook could not be recorded; retry later');
  }
  if (!duplicate) await ctx.wake(JOBS.ingest);
  return { status: 200, body: { received: true, duplicate } };
}
