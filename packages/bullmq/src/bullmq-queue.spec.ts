/**
 * What only a shared backend can show: several processes sharing the work, a crashed worker's job
 * taken over, connections the host owns left alone. The port's contract itself is in
 * test/queue-contract.spec.ts.
 */
import { afterAll, afterEach, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Queue as BullQueue, Worker } from 'bullmq';
import { describeIfRedis, REDIS_URL, uniqueName } from '../../../test/support/services.js';
import { eventually, gate } from '../../../test/support/queue-contract.js';
import { BullMqQueue } from './bullmq-queue.js';

const describeRedis = await describeIfRedis();

describeRedis('BullMqQueue on Redis', () => {
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  const toClose: Array<{ close(): Promise<void> }> = [];
  const prefix = () => {
    const name = uniqueName('dbq');
    prefixes.push(name);
    return name;
  };
  const queue = (options: Partial<ConstructorParameters<typeof BullMqQueue>[0]> & { prefix: string }) => {
    const made = new BullMqQueue({ connection: REDIS_URL, ...options });
    toClose.push(made);
    return made;
  };

  afterEach(async () => {
    await Promise.all(toClose.splice(0).map((closable) => closable.close()));
  });
  afterAll(async () => {
    for (const name of prefixes) {
      const keys = await redis.keys(`${name}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('shares the jobs of one prefix between processes, each job run exactly once', async () => {
    const shared = prefix();
    const runs = new Map<number, string[]>();
    for (const worker of ['w1', 'w2']) {
      const instance = queue({ prefix: shared });
      instance.process(
        'extract',
        async (data) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          runs.set(data.n as number, [...(runs.get(data.n as number) ?? []), worker]);
        },
        { concurrency: 4 },
      );
      await instance.start();
    }
    const producer = queue({ prefix: shared });
    for (let n = 0; n < 300; n++) await producer.add('extract', { n });
    await eventually(() => runs.size === 300, 'all 300 jobs');
    expect([...runs.values()].every((workers) => workers.length === 1)).toBe(true);
    expect(new Set([...runs.values()].flat())).toEqual(new Set(['w1', 'w2']));
  });

  it("takes over a crashed worker's job once its lock expires, as attempt 2", async () => {
    const shared = prefix();
    // The "crashed process": a plain BullMQ worker that takes the job, then dies without finishing
    // it (force close: no lock renewal, no completion), as after kill -9. Same lock and stalled-check
    // timings as the survivor: BullMQ runs one stalled check per interval across all workers.
    let crashedTookIt = false;
    const crashed = new Worker(
      'extract',
      async () => {
        crashedTookIt = true;
        await new Promise(() => {});
      },
      { connection: { url: REDIS_URL }, prefix: shared, lockDuration: 1_000, stalledInterval: 250 },
    );
    const producer = queue({ prefix: shared });
    await producer.add('extract', { doc: 'd1' });
    await eventually(() => crashedTookIt, 'the doomed worker to take the job');
    await crashed.close(true);

    const attempts: number[] = [];
    const survivor = queue({ prefix: shared, lockDurationMs: 1_000, stalledIntervalMs: 250 });
    survivor.process('extract', async (data, ctx) => {
      expect(data).toEqual({ doc: 'd1' });
      attempts.push(ctx.attemptsMade);
    });
    await survivor.start();
    await eventually(() => attempts.length === 1, 'the survivor to recover the job', 15_000);
    expect(attempts).toEqual([2]);
  });

  it('close() finishes the active job in Redis too: nothing left active for another worker to redo', async () => {
    const shared = prefix();
    const hold = gate();
    let started = 0;
    const first = queue({ prefix: shared });
    first.process('extract', async () => {
      started++;
      await hold.promise;
    });
    await first.start();
    await first.add('extract', {});
    await eventually(() => started === 1, 'the job to start');
    const closing = first.close();
    hold.open();
    await closing;
    const inspector = new BullQueue('extract', { connection: redis, prefix: shared });
    toClose.push(inspector);
    expect(await inspector.getJobCounts('active', 'wait', 'delayed', 'failed')).toEqual({
      active: 0,
      wait: 0,
      delayed: 0,
      failed: 0,
    });
  });

  it('uses an ioredis client the host passes without closing it; also takes ioredis options', async () => {
    const shared = prefix();
    const hostClient = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const runs: string[] = [];
    const { hostname, port } = new URL(REDIS_URL);
    const onClient = queue({ prefix: shared, connection: hostClient });
    const onOptions = queue({ prefix: shared, connection: { host: hostname, port: Number(port) } });
    onClient.process('extract', async (data) => void runs.push(data.via as string));
    await onClient.start();
    await onOptions.add('extract', { via: 'options' });
    await onClient.add('extract', { via: 'client' });
    await eventually(() => runs.length === 2, 'both jobs');
    await onClient.close();
    expect(await hostClient.ping()).toBe('PONG');
    await hostClient.quit();
  });

  it('rejects process() after start(), and a second handler for a name', async () => {
    const instance = queue({ prefix: prefix() });
    instance.process('extract', async () => {});
    expect(() => instance.process('extract', async () => {})).toThrow(/already registered/);
    await instance.start();
    expect(() => instance.process('other', async () => {})).toThrow(/before start/);
  });
});
