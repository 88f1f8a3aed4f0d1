import { isKnownErrorCode } from '../protocol/error-codes.js';
import type { AttemptContext, ClassifiableOutcome, RetryDecision } from './retry-decision.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

/**
 * Decides what happens after an attempt finished: success → accept; partial → review (or one
 * enhanced resubmission); TIMEOUT/RATE_LIMITED → retry with backoff + full jitter (never sooner than
 * the provider's retry-after hint) until maxAttempts; LOW_RESOLUTION → one enhanced resubmission,
 * then fail; CORRUPTED_FILE/UNSUPPORTED_FORMAT → fail; an unknown code → fail `unknown_error_code`.
 */
export function classifyOutcome(
  event: ClassifiableOutcome,
  attempt: number | AttemptContext,
  policy?: Partial<RetryPolicy>,
): RetryDecision {
  const p: RetryPolicy = policy
    ? { ...DEFAULT_RETRY_POLICY, ...withoutUndefined(policy) }
    : DEFAULT_RETRY_POLICY;
  const ctx: AttemptContext = typeof attempt === 'number' ? { attempt } : attempt;
  if (p.classifier) {
    const custom = p.classifier(event, ctx, p);
    if (custom) return custom;
  }
  const canRetry = ctx.attempt < p.maxAttempts;
  // Unknown (a bare attempt number): only the first attempt is known not to have been enhanced.
  const enhancedBefore = ctx.enhanced ?? ctx.attempt > 1;
  const enhance: RetryDecision = { action: 'retry', delayMs: 0, options: { enhancedPreprocessing: true } };

  switch (event.status) {
    case 'success':
      return { action: 'accept' };
    case 'partial':
      return p.partial === 'enhance' && !enhancedBefore && canRetry ? enhance : { action: 'review' };
    case 'failed':
      break;
    default:
      return { action: 'fail', reason: 'unknown_status' };
  }

  const code = event.error_code ?? '';
  const transient =
    p.transientErrorCodes.includes(code) || (!isKnownErrorCode(code) && p.unknownErrorCode === 'retry');
  if (transient) {
    if (!canRetry) return { action: 'fail', reason: 'retries_exhausted' };
    const delayMs = Math.max(backoffDelayMs(ctx.attempt, p), retryAfterHintMs(event));
    return {
      action: 'retry',
      delayMs,
      options: ctx.enhanced === true ? { enhancedPreprocessing: true } : {},
    };
  }
  if (code === 'LOW_RESOLUTION' && p.lowResolution === 'enhance') {
    if (enhancedBefore) return { action: 'fail', reason: 'enhancement_failed' };
    return canRetry ? enhance : { action: 'fail', reason: 'retries_exhausted' };
  }
  return { action: 'fail', reason: isKnownErrorCode(code) ? 'permanent_error' : 'unknown_error_code' };
}

function retryAfterHintMs(event: ClassifiableOutcome): number {
  const ms = event.retry_after_ms ?? (typeof event.retry_after === 'number' ? event.retry_after * 1000 : 0);
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0;
}

// `{ maxAttempts: undefined }` from an options object must not erase the default.
function withoutUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
