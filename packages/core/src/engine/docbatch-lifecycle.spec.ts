import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../clock/manual-clock.js';
import { MemoryStore } from '../store/memory-store.js';
import { createDocbatch } from './docbatch.js';

/** A MemoryStore that counts sweeps (each sweep claims stale batches once or more). */
class CountingStore extends MemoryStore {
  sweeps = 0;
  override claimStaleBatches(args: Parameters<MemoryStore['claimStaleBatches']>[0]) {
    this.sweeps++;
    return super.claimStaleBatches(args);
  }
}

/** Lets every queued job and promise chain run, without moving the clock. */
async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('engine lifecycle', () => {
  it('sweeps on its interval, not in a loop, in polling-only mode with staleAfterMs 0', async () => {
    const store = new CountingStore();
    const clock = new ManualClock();
    // Nothing is submitted, so the provider is never called.
    const docbatch = createDocbatch({
      provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test' },
      polling: { staleAfterMs: 0 },
      store,
      clock,
    });
    await docbatch.start();
    await settle();
    expect(store.sweeps).toBe(1);
    await clock.advance(1_000);
    await settle();
    expect(store.sweeps).toBe(2);
    await docbatch.stop();
  });

  it('start() after stop() says so instead of pretending to run', async () => {
    const docbatch = createDocbatch({
      provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_test' },
      clock: new ManualClock(),
    });
    await docbatch.start();
    await docbatch.stop();
    await docbatch.stop();
    await expect(docbatch.start()).rejects.toMatchObject({ code: 'DOCBATCH_STOPPED' });
  });
});
