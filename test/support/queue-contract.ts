/**
 * The Queue port's contract, run against every implementation (test/queue-contract.spec.ts): the
 * in-process queue and BullMQ on real Redis must behave alike, so the engine can rely on either.
 * Everything runs in real time with short delays; waits poll for a condition with a deadline.
 */
import { afterEach, expect, it } from '@jest/globals';
import {
  QueueClosedError,
  UnrecoverableJobError,
  type JobData,
  type Logger,
  type Queue,
} from '@docbatch/core';

/** What the suite needs to build a fresh, isolated queue for each test. */
export interface QueueContractSubject {
  /** Retries must use `attempts: 3` and a backoff of about 50 ms, so retry tests stay fast. */
  create(logger: Logger): Queue;
}

export const CONTRACT_ATTEMPTS = 3;
export const CONTRACT_BACKOFF_MS = 50;

/** Polls until `condition` holds; fails with `what` after the deadline. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise plus its resolver, to hold a job open until the test lets it finish. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** A Logger that keeps what it was told, so tests can wait for "failed for good". */
export function recordingLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function queueContract(subject: QueueContractSubject): void {
  let queue: Queue;
  let log: ReturnType<typeof recordingLogger>;
  const fresh = () => {
    log = recordingLogger();
    queue = subject.create(log);
    return queue;
  };
  const finalFailures = () => log.lines.filter((line) => line.message === 'queue job failed for good').length;
  afterEach(() => queue.close());

  it('runs each named job once, with its data, on the handler of its name; adds before start() wait', async () => {
    fresh();
    const seen: Array<[string, JobData, number]> = [];
    queue.process('alpha', async (data, ctx) => void seen.push([ctx.name, data, ctx.attemptsMade]));
    queue.process('beta', async (data, ctx) => void seen.push([ctx.name, data, ctx.attemptsMade]));
    await queue.add('alpha', { docId: 'a1' });
    await queue.add('beta', { docId: 'b1', nested: { n: 1 } });
    await queue.start();
    await queue.start(); // idempotent
    await queue.add('alpha', { docId: 'a2' });
    await eventually(() => seen.length === 3, 'three runs');
    expect(seen.sort((x, y) => String(x[1].docId).localeCompare(String(y[1].docId)))).toEqual([
      ['alpha', { docId: 'a1' }, 1],
      ['alpha', { docId: 'a2' }, 1],
      ['beta', { docId: 'b1', nested: { n: 1 } }, 1],
    ]);
  });

  it('runs a delayed job no earlier than its delay, after jobs added later without one', async () => {
    fresh();
    const order: Array<[string, number]> = [];
    queue.process('timed', async (data) => void order.push([data.id as string, Date.now()]));
    await queue.start();
    const addedAt = Date.now();
    await queue.add('timed', { id: 'delayed' }, { delayMs: 400 });
    await queue.add('timed', { id: 'now' });
    await eventually(() => order.length === 2, 'both jobs');
    expect(order.map(([id]) => id)).toEqual(['now', 'delayed']);
    expect(order[1][1] - addedAt).toBeGreaterThanOrEqual(400 - 5); // 5 ms: clock granularity
  });

  it('ignores an add whose dedupe id is waiting or delayed; dedupe ids are per job name', async () => {
    fresh();
    const runs: string[] = [];
    const record = async (data: JobData) => void runs.push(data.v as string);
    queue.process('poll', record);
    queue.process('other', record);
    await queue.add('poll', { v: 'p1' }, { dedupeId: 'batch-1' });
    await queue.add('poll', { v: 'p2' }, { dedupeId: 'batch-1' }); // p1 waiting: ignored
    await queue.add('poll', { v: 'd1' }, { dedupeId: 'batch-2', delayMs: 150 });
    await queue.add('poll', { v: 'd2' }, { dedupeId: 'batch-2' }); // d1 delayed: ignored
    await queue.add('other', { v: 'o1' }, { dedupeId: 'batch-1' }); // another name: runs
    await queue.start();
    await eventually(() => runs.length >= 3, 'three runs');
    await queue.add('poll', { v: 'sentinel' }, { delayMs: 200 }); // runs after anything still due
    await eventually(() => runs.includes('sentinel'), 'the sentinel');
    expect(runs.sort()).toEqual(['d1', 'o1', 'p1', 'sentinel']);
  });

  it('keeps the latest add made while a dedupe id runs and runs it afterwards, never alongside', async () => {
    fresh();
    const hold = gate();
    const runs: string[] = [];
    let running = 0;
    let overlapped = false;
    queue.process(
      'dispatch',
      async (data) => {
        overlapped ||= running > 0;
        running++;
        runs.push(data.v as string);
        if (data.v === 'v1') await hold.promise;
        running--;
      },
      { concurrency: 4 },
    );
    await queue.start();
    await queue.add('dispatch', { v: 'v1' }, { dedupeId: 'doc-1' });
    await eventually(() => running === 1, 'v1 running');
    await queue.add('dispatch', { v: 'v2' }, { dedupeId: 'doc-1' });
    await queue.add('dispatch', { v: 'v3' }, { dedupeId: 'doc-1' }); // latest wins
    hold.open();
    await eventually(() => runs.length === 2 && running === 0, 'the re-armed run');
    expect(runs).toEqual(['v1', 'v3']);
    // Finished (completed) jobs do not block the id: BullMQ's jobId pitfall.
    await queue.add('dispatch', { v: 'v4' }, { dedupeId: 'doc-1' });
    await eventually(() => runs.length === 3, 'the run after completion');
    await queue.add('dispatch', { v: 'sentinel' });
    await eventually(() => runs.includes('sentinel'), 'the sentinel');
    expect(runs).toEqual(['v1', 'v3', 'v4', 'sentinel']);
    expect(overlapped).toBe(false);
  });

  it('runs at most `concurrency` jobs of a name at once; names do not block each other', async () => {
    fresh();
    const hold = gate();
    let active = 0;
    let peak = 0;
    let done = 0;
    let otherRan = false;
    queue.process(
      'work',
      async () => {
        peak = Math.max(peak, ++active);
        await hold.promise;
        active--;
        done++;
      },
      { concurrency: 2 },
    );
    queue.process('other', async () => void (otherRan = true));
    await queue.start();
    for (let i = 0; i < 6; i++) await queue.add('work', { i });
    await eventually(() => active === 2, 'two active jobs');
    await queue.add('other', {});
    await eventually(() => otherRan, 'a job of another name while "work" is saturated');
    expect(active).toBe(2);
    hold.open();
    await eventually(() => done === 6, 'all six jobs');
    expect(peak).toBe(2);
  });

  it('re-runs a failed job after a backoff, counting attempts', async () => {
    fresh();
    const runs: Array<[number, number]> = [];
    queue.process('flaky', async (_data, ctx) => {
      runs.push([ctx.attemptsMade, Date.now()]);
      if (ctx.attemptsMade === 1) throw new Error('transient');
    });
    await queue.start();
    await queue.add('flaky', {});
    await eventually(() => runs.length === 2, 'the re-run');
    expect(runs.map(([attempt]) => attempt)).toEqual([1, 2]);
    expect(runs[1][1] - runs[0][1]).toBeGreaterThanOrEqual(CONTRACT_BACKOFF_MS - 5);
    expect(log.lines).toContainEqual({ level: 'warn', message: 'queue job failed, will retry' });
  });

  it('fails a job for good after `attempts` runs', async () => {
    fresh();
    let runs = 0;
    queue.process('broken', async () => {
      runs++;
      throw new Error('always');
    });
    await queue.start();
    await queue.add('broken', {});
    await eventually(() => finalFailures() === 1, 'the final failure');
    expect(runs).toBe(CONTRACT_ATTEMPTS);
  });

  it('never re-runs a job that threw UnrecoverableJobError', async () => {
    fresh();
    let runs = 0;
    queue.process('doomed', async () => {
      runs++;
      throw new UnrecoverableJobError('bad payload');
    });
    await queue.start();
    await queue.add('doomed', {});
    await eventually(() => finalFailures() === 1, 'the final failure');
    expect(runs).toBe(1);
    expect(log.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('close() lets the active job finish, starts no new one, then refuses adds', async () => {
    fresh();
    const hold = gate();
    const started: number[] = [];
    const finished: number[] = [];
    queue.process('slow', async (data) => {
      started.push(data.i as number);
      await hold.promise;
      finished.push(data.i as number);
    });
    await queue.start();
    await queue.add('slow', { i: 1 });
    await eventually(() => started.length === 1, 'the first job to start');
    await queue.add('slow', { i: 2 });
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50)); // gives a wrong close() the chance to resolve
    expect(closed).toBe(false);
    hold.open();
    await closing;
    expect(finished).toEqual([1]);
    expect(started).toEqual([1]);
    await expect(queue.add('slow', { i: 3 })).rejects.toThrow(QueueClosedError);
    await queue.close(); // idempotent
  });
}
