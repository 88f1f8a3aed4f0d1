// The demo's knobs, all from the environment so CI and humans use the same script.

function number(env, name, fallback, { min = 0, integer = false } = {}) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${raw}"`);
  }
  return value;
}

export function readDemoOptions(env = process.env) {
  return {
    /** Documents in the run. */
    count: number(env, 'DEMO_COUNT', 1000, { min: 1, integer: true }),
    /**
     * Multiplies every duration of the run: the provider's processing times and webhook retry
     * schedule, and docbatch's retry backoff and polling threshold. 1 = real time for the model in
     * demo-provider-model.mjs; the default 0.75 brings 1,000 documents in at about 1.5 minutes.
     */
    timeScale: number(env, 'DEMO_TIME_SCALE', 0.75, { min: 0.001 }),
    /** The corpus is deterministic for a seed. */
    seed: number(env, 'DEMO_SEED', 2026, { integer: true }),
    /** Every n-th document is uploaded as a file, the others are fetched by URL. */
    uploadEvery: number(env, 'DEMO_UPLOAD_EVERY', 3, { min: 1, integer: true }),
    /** The whole run, start to summary; past it the demo stops everything and exits 1. */
    timeoutMs: number(env, 'DEMO_TIMEOUT_S', 600, { min: 1 }) * 1000,
    /** Injected provider faults (transient failures, duplicate/dropped/reordered webhooks); `off` disables. */
    faults: env.DEMO_FAULTS !== 'off',
    dir: env.DEMO_DIR || '.demo',
  };
}
