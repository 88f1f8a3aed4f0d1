import { signWebhook, type Clock, type DocumentCompleteEvent, type Logger } from '@docbatch/core';
import type { FaultInjector } from '../faults/fault-injector.js';
import type { HttpClient } from '../http/http-client.js';
import type { TimerSet } from '../processing/timer-set.js';
import type { WebhookDelivery } from '../state/sandbox-records.js';
import { WEBHOOK_RETRY_SCHEDULE_MS } from './webhook-retry-schedule.js';

export interface WebhookDispatcherOptions {
  secret: string;
  clock: Clock;
  timers: TimerSet;
  http: HttpClient;
  faults: FaultInjector;
  answerTimeoutMs: number;
  logger?: Logger;
}

/**
 * Delivers `document.complete` webhooks like the provider: one POST per finished document, signed
 * with Standard Webhooks headers (same webhook-id on every attempt, fresh timestamp and signature),
 * retried on anything but a timely 2xx along {@link WEBHOOK_RETRY_SCHEDULE_MS}.
 */
export class WebhookDispatcher {
  constructor(private readonly options: WebhookDispatcherOptions) {}

  dispatch(url: string, event: DocumentCompleteEvent, delivery: WebhookDelivery): void {
    const plan = this.options.faults.webhookFaults(event.batch_id, event.doc_id);
    if (plan.drop) {
      // Lost inside the provider: nothing is ever sent, the receiver must poll.
      delivery.state = 'failed';
      this.options.logger?.debug('sandbox webhook dropped (fault)', {
        batch_id: event.batch_id,
        doc_id: event.doc_id,
      });
      return;
    }
    // Serialised once: every attempt sends (and signs) exactly the same bytes.
    const body = JSON.stringify(event);
    const run = () => void this.attempt(url, body, delivery, plan.duplicate);
    if (plan.holdBackMs > 0) this.options.timers.after(plan.holdBackMs, run);
    else run();
  }

  private async attempt(
    url: string,
    body: string,
    delivery: WebhookDelivery,
    duplicate: boolean,
  ): Promise<void> {
    delivery.attempts++;
    const ok = await this.post(url, body, delivery.messageId);
    if (ok) {
      delivery.state = 'delivered';
      if (duplicate) void this.post(url, body, delivery.messageId);
      return;
    }
    const retryIn = WEBHOOK_RETRY_SCHEDULE_MS[delivery.attempts - 1];
    if (retryIn === undefined) {
      delivery.state = 'failed';
      return;
    }
    this.options.timers.after(retryIn, () => void this.attempt(url, body, delivery, duplicate));
  }

  /** One POST; true on a 2xx within the answer timeout. */
  private async post(url: string, body: string, messageId: string): Promise<boolean> {
    const { clock, secret } = this.options;
    const headers = signWebhook({ secret, body, id: messageId, timestamp: Math.floor(clock.now() / 1000) });
    try {
      const { status } = await this.options.http.call(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'user-agent': 'docbatch-sandbox',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
        timeoutMs: this.options.answerTimeoutMs,
        statusOnly: true,
      });
      return status >= 200 && status < 300;
    } catch (error) {
      this.options.logger?.debug('sandbox webhook attempt failed', { url, error: (error as Error).message });
      return false;
    }
  }
}
