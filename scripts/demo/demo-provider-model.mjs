// How the demo's provider behaves: realistic timing and a little of the trouble real providers cause.

/** Extraction APIs take seconds per document with a long tail (queueing, OCR, big scans). */
const MEDIAN_MS = 6_000;
const SIGMA = 0.5;

/** Transient failures docbatch retries, and webhook trouble it absorbs (DEMO_FAULTS=off disables). */
export const DEMO_FAULTS = {
  timeoutRate: 0.02,
  rateLimitedRate: 0.01,
  duplicateRate: 0.03,
  reorderRate: 0.05,
  dropRate: 0.01,
  api500Rate: 0.01,
};

/**
 * Sandbox options for the demo, plus a view of the provider's work: the sandbox draws one
 * processing time when it starts reading a document, so counting draws tells how many attempts it
 * started and which are still within their processing time.
 *
 * The time model is log-normal with a 6 s median (mean ≈ 6.8 s, p95 ≈ 14 s). With 100 documents
 * processing at once per key, reading 1,000 documents takes about 70 s at time scale 1; retries and
 * polling for dropped webhooks add a tail.
 */
export function demoProviderModel({ timeScale, seed, faults }) {
  const busyUntil = [];
  let attempts = 0;
  const processingTime = (random) => {
    const ms = Math.exp(Math.log(MEDIAN_MS) + SIGMA * random.normal(0, 1));
    attempts += 1;
    busyUntil.push(Date.now() + ms * timeScale);
    return ms;
  };
  return {
    sandboxOptions: {
      port: 0,
      host: '127.0.0.1',
      timeScale,
      seed,
      processingTime,
      faults: faults ? DEMO_FAULTS : {},
    },
    /** Documents the provider is reading right now. */
    processingNow() {
      const now = Date.now();
      let i = 0;
      for (let j = 0; j < busyUntil.length; j++) if (busyUntil[j] > now) busyUntil[i++] = busyUntil[j];
      busyUntil.length = i;
      return i;
    },
    /** Attempts the provider started (documents plus resubmissions). */
    attempts: () => attempts,
  };
}
