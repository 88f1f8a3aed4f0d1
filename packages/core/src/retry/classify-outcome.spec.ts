import { describe, expect, it } from '@jest/globals';
import { classifyOutcome } from './classify-outcome.js';
import type { AttemptContext, ClassifiableOutcome, RetryDecision } from './retry-decision.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

const half = () => 0.5; // pins full jitter to half the ceiling
const failed = (
  error_code?: string | null,
  extra: Partial<ClassifiableOutcome> = {},
): ClassifiableOutcome => ({
  status: 'failed',
  error_code,
  ...extra,
});
const enhance: RetryDecision = { action: 'retry', delayMs: 0, options: { enhancedPreprocessing: true } };

describe('classifyOutcome (default policy, jitter pinned at 0.5)', () => {
  const table: Array<
    [string, ClassifiableOutcome, number | AttemptContext, Partial<RetryPolicy>, RetryDecision]
  > = [
    ['success → accept', { status: 'success' }, 1, {}, { action: 'accept' }],
    ['success on a late attempt → accept', { status: 'success' }, 5, {}, { action: 'accept' }],
    ['partial → review', { status: 'partial' }, 1, {}, { action: 'review' }],
    [
      'partial, policy enhance → one enhanced resubmission',
      { status: 'partial' },
      1,
      { partial: 'enhance' },
      enhance,
    ],
    [
      'partial after the enhanced pass → review',
      { status: 'partial' },
      { attempt: 2, enhanced: true },
      { partial: 'enhance' },
      { action: 'review' },
    ],
    [
      'partial, enhance but no attempts left → review',
      { status: 'partial' },
      5,
      { partial: 'enhance' },
      { action: 'review' },
    ],
    [
      'TIMEOUT attempt 1 → retry in 0.5 × 10 s',
      failed('TIMEOUT'),
      1,
      {},
      { action: 'retry', delayMs: 5_000, options: {} },
    ],
    [
      'TIMEOUT attempt 3 → ceiling doubles twice',
      failed('TIMEOUT'),
      3,
      {},
      { action: 'retry', delayMs: 20_000, options: {} },
    ],
    [
      'RATE_LIMITED attempt 4 → 0.5 × 80 s',
      failed('RATE_LIMITED'),
      4,
      {},
      { action: 'retry', delayMs: 40_000, options: {} },
    ],
    [
      'TIMEOUT at maxAttempts → fail',
      failed('TIMEOUT'),
      5,
      {},
      { action: 'fail', reason: 'retries_exhausted' },
    ],
    [
      'capped at maxDelayMs',
      failed('TIMEOUT'),
      9,
      { maxAttempts: 20 },
      { action: 'retry', delayMs: 300_000, options: {} },
    ],
    [
      'retry-after hint (ms) wins over a shorter backoff',
      failed('RATE_LIMITED', { retry_after_ms: 90_000 }),
      1,
      {},
      { action: 'retry', delayMs: 90_000, options: {} },
    ],
    [
      'retry-after hint (s) wins over a shorter backoff',
      failed('RATE_LIMITED', { retry_after: 120 }),
      1,
      {},
      { action: 'retry', delayMs: 120_000, options: {} },
    ],
    [
      'a shorter hint does not shorten the backoff',
      failed('RATE_LIMITED', { retry_after: 1 }),
      2,
      {},
      { action: 'retry', delayMs: 10_000, options: {} },
    ],
    [
      'transient retry of an enhanced attempt stays enhanced',
      failed('TIMEOUT'),
      { attempt: 2, enhanced: true },
      {},
      { action: 'retry', delayMs: 10_000, options: { enhancedPreprocessing: true } },
    ],
    ['LOW_RESOLUTION first time → enhanced resubmission', failed('LOW_RESOLUTION'), 1, {}, enhance],
    [
      'LOW_RESOLUTION after enhancement → fail',
      failed('LOW_RESOLUTION'),
      { attempt: 2, enhanced: true },
      {},
      { action: 'fail', reason: 'enhancement_failed' },
    ],
    [
      'LOW_RESOLUTION on attempt 2 given as a number counts as enhanced',
      failed('LOW_RESOLUTION'),
      2,
      {},
      { action: 'fail', reason: 'enhancement_failed' },
    ],
    [
      'LOW_RESOLUTION after a plain retry → enhance',
      failed('LOW_RESOLUTION'),
      { attempt: 2, enhanced: false },
      {},
      enhance,
    ],
    [
      'LOW_RESOLUTION with no attempts left → fail',
      failed('LOW_RESOLUTION'),
      { attempt: 5, enhanced: false },
      {},
      { action: 'fail', reason: 'retries_exhausted' },
    ],
    [
      'LOW_RESOLUTION, policy fail → fail',
      failed('LOW_RESOLUTION'),
      1,
      { lowResolution: 'fail' },
      { action: 'fail', reason: 'permanent_error' },
    ],
    ['CORRUPTED_FILE → fail', failed('CORRUPTED_FILE'), 1, {}, { action: 'fail', reason: 'permanent_error' }],
    [
      'UNSUPPORTED_FORMAT → fail',
      failed('UNSUPPORTED_FORMAT'),
      1,
      {},
      { action: 'fail', reason: 'permanent_error' },
    ],
    [
      'unknown code → fail unknown_error_code',
      failed('QUANTUM_FLUX'),
      1,
      {},
      { action: 'fail', reason: 'unknown_error_code' },
    ],
    [
      'missing code → fail unknown_error_code',
      failed(null),
      1,
      {},
      { action: 'fail', reason: 'unknown_error_code' },
    ],
    [
      'unknown code, policy retry → retried',
      failed('QUANTUM_FLUX'),
      1,
      { unknownErrorCode: 'retry' },
      { action: 'retry', delayMs: 5_000, options: {} },
    ],
    [
      'extra transient code → retried',
      failed('OCR_BUSY'),
      2,
      { transientErrorCodes: ['TIMEOUT', 'OCR_BUSY'] },
      { action: 'retry', delayMs: 10_000, options: {} },
    ],
    [
      'RATE_LIMITED no longer transient → fail',
      failed('RATE_LIMITED'),
      1,
      { transientErrorCodes: ['TIMEOUT'] },
      { action: 'fail', reason: 'permanent_error' },
    ],
    [
      'maxAttempts 1 → no retry',
      failed('TIMEOUT'),
      1,
      { maxAttempts: 1 },
      { action: 'fail', reason: 'retries_exhausted' },
    ],
    [
      'non-final status → fail unknown_status',
      { status: 'exploded' },
      1,
      {},
      { action: 'fail', reason: 'unknown_status' },
    ],
    [
      'undefined policy fields keep their defaults',
      failed('TIMEOUT'),
      4,
      { maxAttempts: undefined },
      { action: 'retry', delayMs: 40_000, options: {} },
    ],
  ];

  it.each(table)('%s', (_name, event, attempt, policy, expected) => {
    expect(classifyOutcome(event, attempt, { random: half, ...policy })).toEqual(expected);
  });
});

describe('backoff and jitter', () => {
  it('draws full jitter from [0, ceiling) with the injected random', () => {
    const policy = { ...DEFAULT_RETRY_POLICY };
    expect(backoffDelayMs(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...policy, random: () => 0.999999 })).toBe(39_999);
    const draws = [0.1, 0.9];
    const delays = draws.map((r) => classifyOutcome(failed('TIMEOUT'), 2, { random: () => r }));
    expect(delays).toEqual([
      { action: 'retry', delayMs: 2_000, options: {} },
      { action: 'retry', delayMs: 18_000, options: {} },
    ]);
  });

  it('uses Math.random by default, staying within the ceiling', () => {
    for (let i = 0; i < 50; i++) {
      const decision = classifyOutcome(failed('TIMEOUT'), 1);
      expect(decision.action).toBe('retry');
      const { delayMs } = decision as { delayMs: number };
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThan(10_000);
    }
  });
});

describe('custom classifier', () => {
  it('decides first, sees the attempt and merged policy, and falls back on undefined', () => {
    const seen: Array<[AttemptContext, number]> = [];
    const policy: Partial<RetryPolicy> = {
      random: half,
      maxAttempts: 3,
      classifier: (event, attempt, p) => {
        seen.push([attempt, p.maxAttempts]);
        if (event.error_code === 'CORRUPTED_FILE' && attempt.attempt === 1) {
          return { action: 'retry', delayMs: 1, options: {} };
        }
        return event.status === 'partial' ? { action: 'fail', reason: 'partial_not_allowed' } : undefined;
      },
    };
    expect(classifyOutcome(failed('CORRUPTED_FILE'), 1, policy)).toEqual({
      action: 'retry',
      delayMs: 1,
      options: {},
    });
    expect(classifyOutcome(failed('CORRUPTED_FILE'), 2, policy)).toEqual({
      action: 'fail',
      reason: 'permanent_error',
    });
    expect(classifyOutcome({ status: 'partial' }, 1, policy)).toEqual({
      action: 'fail',
      reason: 'partial_not_allowed',
    });
    expect(classifyOutcome({ status: 'success' }, 1, policy)).toEqual({ action: 'accept' });
    expect(seen[0]).toEqual([{ attempt: 1 }, 3]);
    expect(seen).toHaveLength(4);
  });
});
