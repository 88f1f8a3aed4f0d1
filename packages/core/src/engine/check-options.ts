import { MAX_BATCH_DOCUMENTS } from '../protocol/batch-manifest.dto.js';
import { isHttpUrl } from '../protocol/protocol-decorators.js';
import { DocbatchConfigError } from './docbatch-config.error.js';
import type { DocbatchOptions } from './docbatch-options.js';

/**
 * Refuses options that cannot work, at createDocbatch() rather than hours later: a NaN quota (an
 * unset environment variable through Number()) would lift every limit, a quota or in-flight limit of
 * 0 would keep every document pending forever without a word, and a relative webhook URL would make
 * the provider refuse every batch — failing every document.
 */
export function checkOptions(options: DocbatchOptions<unknown>): void {
  const { submission = {}, polling = {}, handlers = {} } = options;
  integer('submission.batchSize', submission.batchSize, 1, MAX_BATCH_DOCUMENTS);
  integer('submission.dailyQuota', submission.dailyQuota, 1);
  integer('submission.maxInFlight', submission.maxInFlight, 1);
  integer('submission.uploadConcurrency', submission.uploadConcurrency, 1);
  integer('submission.retryCoalesceMs', submission.retryCoalesceMs, 0);
  integer('polling.staleAfterMs', polling.staleAfterMs, 0);
  integer('polling.intervalMs', polling.intervalMs, 1);
  integer('polling.resultDeadlineMs', polling.resultDeadlineMs, 1);
  integer('handlers.maxAttempts', handlers.maxAttempts, 1);
  integer('handlers.backoffMs', handlers.backoffMs, 0);
  integer('handlers.maxBackoffMs', handlers.maxBackoffMs, 0);
  integer('handlers.timeoutMs', handlers.timeoutMs, 1);
  integer('leaseMs', options.leaseMs, 1);
  if (options.webhook && !isHttpUrl(options.webhook.url)) {
    throw new DocbatchConfigError(
      `webhook.url must be the absolute http(s) URL the provider posts to, got ${JSON.stringify(options.webhook.url)}`,
    );
  }
}

function integer(name: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer ${min}..${max}`;
    throw new DocbatchConfigError(`${name} must be ${range}, got ${String(value)}`);
  }
}
