// How the demo's provider behaves: realistic timing and a little of the trouble real providers cause.

/**
 * Extraction APIs take seconds per document with a long tail (queueing, OCR, big scans): log-normal
 * with a 6 s median (mean ≈ 6.8 s, p95 ≈ 14 s). With 100 documents processing at once per key that
 * makes 1,000 documents take about a minute and a half at time scale 1.
 */
export function realisticProcessingTime(random) {
  const MEDIAN_MS = 6_000;
  const SIGMA = 0.5;
  return Math.exp(Math.log(MEDIAN_MS) + SIGMA * random.normal(0, 1));
}

/** Transient failures docbatch retries, and webhook trouble it absorbs (DEMO_FAULTS=off disables). */
export const DEMO_FAULTS = {
  timeoutRate: 0.02,
  rateLimitedRate: 0.01,
  duplicateRate: 0.03,
  reorderRate: 0.05,
  dropRate: 0.01,
  api500Rate: 0.01,
};

export function demoSandboxOptions({ timeScale, seed, faults }) {
  return {
    port: 0,
    host: '127.0.0.1',
    timeScale,
    seed,
    processingTime: realisticProcessingTime,
    faults: faults ? DEMO_FAULTS : {},
  };
}
