import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../clock/manual-clock.js';
import { UnrecoverableJobError, type JobContext, type JobData } from '../ports/queue.port.js';
import { InProcessQueue } from './in-process-queue.js';
import { QueueClosedError } from './queue-closed.error.js';

/** A promise plus its resolver, to hold a job open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('InProcessQueue', () => {
  let clock: ManualClock;
  let queue: InProcessQueue;
  const make = (options: ConstructorParameters<typeof InProcessQueue>[0] = {}) => {
    clock = new ManualClock({ startAt: 0 });
    queue = new InProcessQueue({ clock, backoffMs: 100, ...options });
    return queue;
  };
  afterEach(() => queue.close());

  it('runs named jobs with their data, only once started, each name with its own handler', async () => {
    make();
    const seen: Array<[string, JobData, JobContext]> = [];
    queue.process('a', async (data, ctx) => void seen.push(['a', data, ctx]));
    queue.process('b', async (data, ctx) => void seen.push(['b', data, ctx]));
    await queue.add('a', { n: 1 });
    await queue.add('b', { n: 2 });
    await clock.advance(0);
    expect(seen).toEqual([]);
    await queue.start();
    await clock.advance(0);
    expect(seen).toEqual([
      ['a', { n: 1 }, { name: 'a', attemptsMade: 1 }],
      ['b', { n: 2 }, { name: 'b', attemptsMade: 1 }],
    ]);
  });

  it('runs a delayed job when its delay has passed on the clock, not before', async () => {
    make();
    const ranAt: number[] = [];
    queue.process('later', async () => void ranAt.push(clock.now()));
    await queue.start();
    await queue.add('later', {}, { delayMs: 10 * 60_000 });
    await clock.advance(10 * 60_000 - 1);
    expect(ranAt).toEqual([]);
    await clock.advance(1);
    expect(ranAt).toEqual([10 * 60_000]);
  });

  it('ignores an add whose dedupe id is still waiting or delayed', async () => {
    make();
    const runs: JobData[] = [];
    queue.process('poll', async (data) => void runs.push(data));
    await queue.add('poll', { v: 1 }, { dedupeId: 'batch-1', delayMs: 1000 });
    await queue.add('poll', { v: 2 }, { dedupeId: 'batch-1' });
    await queue.add('poll', { v: 3 }, { dedupeId: 'batch-2' });
    await queue.add('other', { v: 4 }, { dedupeId: 'batch-1' }); // dedupe ids are per job name
    await queue.start();
    await clock.advance(1000);
    expect(runs).toEqual([{ v: 3 }, { v: 1 }]);
  });

  it('remembers the latest add made while a dedupe id runs, and runs it after; re-arms once finished', async () => {
    make();
    const hold = gate();
    const runs: JobData[] = [];
    let overlapping = 0;
    queue.process(
      'dispatch',
      async (data) => {
        runs.push(data);
        overlapping++;
        if (data.v === 1) await hold.promise;
        expect(overlapping).toBe(1);
        overlapping--;
      },
      { concurrency: 4 },
    );
    await queue.start();
    await queue.add('dispatch', { v: 1 }, { dedupeId: 'doc-1' });
    await clock.advance(0);
    await queue.add('dispatch', { v: 2 }, { dedupeId: 'doc-1' }); // v1 running: remembered
    await queue.add('dispatch', { v: 3 }, { dedupeId: 'doc-1' }); // replaces v2 (latest wins)
    await clock.advance(0);
    expect(runs).toEqual([{ v: 1 }]); // never two runs of one id at once, even with concurrency 4
    hold.open();
    await clock.advance(0);
    await queue.add('dispatch', { v: 4 }, { dedupeId: 'doc-1' }); // all finished: schedules again
    await clock.advance(0);
    expect(runs).toEqual([{ v: 1 }, { v: 3 }, { v: 4 }]);
  });

  it('ignores adds while a dedupe id waits out a retry backoff', async () => {
    make();
    const runs: Array<[JobData, number]> = [];
    queue.process('poll', async (data, ctx) => {
      runs.push([data, ctx.attemptsMade]);
      if (ctx.attemptsMade === 1) throw new Error('provider down');
    });
    await queue.start();
    await queue.add('poll', { v: 1 }, { dedupeId: 'b' });
    await clock.advance(0);
    await queue.add('poll', { v: 2 }, { dedupeId: 'b' });
    await clock.advance(60_000);
    expect(runs).toEqual([
      [{ v: 1 }, 1],
      [{ v: 1 }, 2],
    ]);
  });

  it('runs at most `concurrency` jobs of a name at a time', async () => {
    make();
    const holds = Array.from({ length: 5 }, gate);
    let active = 0;
    let peak = 0;
    let done = 0;
    queue.process(
      'work',
      async (data) => {
        peak = Math.max(peak, ++active);
        await holds[data.i as number].promise;
        active--;
        done++;
      },
      { concurrency: 2 },
    );
    await queue.start();
    for (let i = 0; i < 5; i++) await queue.add('work', { i });
    await clock.advance(0);
    expect(active).toBe(2);
    for (const hold of holds) hold.open();
    await clock.advance(0);
    expect(done).toBe(5);
    expect(peak).toBe(2);
  });

  it('retries a failing job with exponential backoff, then gives up after `attempts` runs', async () => {
    make({ attempts: 3 });
    const runs: Array<[number, number]> = [];
    queue.process('flaky', async (_data, ctx) => {
      runs.push([ctx.attemptsMade, clock.now()]);
      throw new Error('boom');
    });
    await queue.start();
    await queue.add('flaky', {});
    await clock.advance(60_000);
    expect(runs).toEqual([
      [1, 0],
      [2, 100],
      [3, 300],
    ]);
  });

  it('a job that succeeds on a re-run is not run again', async () => {
    make();
    let runs = 0;
    queue.process('once-flaky', async () => {
      if (++runs === 1) throw new Error('transient');
    });
    await queue.start();
    await queue.add('once-flaky', {});
    await clock.advance(60_000);
    expect(runs).toBe(2);
  });

  it('never retries an UnrecoverableJobError', async () => {
    const warnings: string[] = [];
    const errors: string[] = [];
    make({
      logger: {
        debug: () => {},
        info: () => {},
        warn: (message) => warnings.push(message),
        error: (message) => errors.push(message),
      },
    });
    let runs = 0;
    queue.process('doomed', async () => {
      runs++;
      throw new UnrecoverableJobError('bad payload');
    });
    await queue.start();
    await queue.add('doomed', {});
    await clock.advance(60_000);
    expect(runs).toBe(1);
    expect(warnings).toEqual([]);
    expect(errors).toEqual(['queue job failed for good']);
  });

  it('close() waits for active jobs, starts no new ones, and refuses adds afterwards', async () => {
    make();
    const hold = gate();
    const finished: number[] = [];
    queue.process('slow', async (data) => {
      await hold.promise;
      finished.push(data.i as number);
    });
    await queue.start();
    await queue.add('slow', { i: 1 });
    await queue.add('slow', { i: 2 });
    await queue.add('slow', { i: 3 }, { delayMs: 5 });
    await clock.advance(0);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await clock.advance(10);
    expect(closed).toBe(false);
    hold.open();
    await closing;
    expect(finished).toEqual([1]);
    expect(clock.pendingTimers).toBe(0);
    await expect(queue.add('slow', { i: 4 })).rejects.toThrow(QueueClosedError);
    await queue.close(); // idempotent
  });

  it('refuses a second handler for the same name', () => {
    make();
    queue.process('x', async () => {});
    expect(() => queue.process('x', async () => {})).toThrow(/already registered/);
  });
});
