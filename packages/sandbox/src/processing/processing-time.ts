import type { SeededRandom } from '../random/seeded-random.js';

/** How long the provider works on one document (nominal ms, before timeScale). */
export type ProcessingTime =
  { meanMs?: number; stdDevMs?: number; minMs?: number } | ((random: SeededRandom) => number);

/** Default: normal around 1.5 s, sd 0.4 s, never under 0.3 s. */
export function drawProcessingTime(spec: ProcessingTime | undefined, random: SeededRandom): number {
  if (typeof spec === 'function') return Math.max(0, spec(random));
  const { meanMs = 1500, stdDevMs = 400, minMs = 300 } = spec ?? {};
  return Math.max(minMs, random.normal(meanMs, stdDevMs));
}
