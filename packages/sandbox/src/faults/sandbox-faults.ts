/**
 * Faults the sandbox injects, each a probability from 0 to 1 (default 0). Decisions are drawn from
 * the seed and the identity of what they hit (batch and document ids, request number), so a run with
 * the same seed and the same requests fails the same way.
 */
export interface SandboxFaults {
  /** Documents that fail with TIMEOUT (transient). */
  timeoutRate?: number;
  /** Documents that fail with RATE_LIMITED (transient). */
  rateLimitedRate?: number;
  /** Documents that fail with INTERNAL_ERROR (a provider bug; not in the documented list). */
  internalErrorRate?: number;
  /** Webhooks delivered twice (same webhook-id and body, new timestamp and signature). */
  duplicateRate?: number;
  /** Webhooks never sent: the delivery is marked failed with 0 attempts, only polling finds the result. */
  dropRate?: number;
  /** Webhooks held back by `delayMs` before the first attempt. */
  delayRate?: number;
  /** Hold-back of a delayed webhook (times timeScale). Default 120 000 (2 min). */
  delayMs?: number;
  /** Webhooks held back by a random 0..`reorderWindowMs`, so they overtake each other. */
  reorderRate?: number;
  /** Default 5 000 (times timeScale). */
  reorderWindowMs?: number;
  /** API requests answered 500 before doing anything. */
  api500Rate?: number;
  /** API requests answered 429 with Retry-After before doing anything. */
  api429Rate?: number;
  /** `POST /v1/batch` requests that create the batch and then answer 500 (retry with the same Idempotency-Key). */
  lostResponseRate?: number;
}

const RATE_KEYS = [
  'timeoutRate',
  'rateLimitedRate',
  'internalErrorRate',
  'duplicateRate',
  'dropRate',
  'delayRate',
  'reorderRate',
  'api500Rate',
  'api429Rate',
  'lostResponseRate',
] as const;
const DURATION_KEYS = ['delayMs', 'reorderWindowMs'] as const;

/** Checks a fault configuration (from code or a JSON file); throws a RangeError naming the bad key. */
export function validateFaults(input: unknown): SandboxFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RangeError('faults must be an object of rates, e.g. { "timeoutRate": 0.05 }');
  }
  const known = new Set<string>([...RATE_KEYS, ...DURATION_KEYS]);
  for (const [key, value] of Object.entries(input)) {
    if (!known.has(key)) throw new RangeError(`unknown fault "${key}"; known: ${[...known].join(', ')}`);
    const isRate = (RATE_KEYS as readonly string[]).includes(key);
    if (typeof value !== 'number' || !(value >= 0) || (isRate && value > 1) || !Number.isFinite(value)) {
      throw new RangeError(
        `fault ${key} must be ${isRate ? 'a rate from 0 to 1' : 'a duration in ms (>= 0)'}, got ${JSON.stringify(value)}`,
      );
    }
  }
  const faults = input as SandboxFaults;
  const documentRates =
    (faults.timeoutRate ?? 0) + (faults.rateLimitedRate ?? 0) + (faults.internalErrorRate ?? 0);
  if (documentRates > 1)
    throw new RangeError('timeoutRate + rateLimitedRate + internalErrorRate must not exceed 1');
  return faults;
}
