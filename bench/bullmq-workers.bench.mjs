// Throughput of BullMqQueue with 1 and 2 worker processes on the same Redis, and their ratio.
// Jobs are added first; the clock starts when every worker is connected and told to go, and stops
// when the last job has run. Two kinds of job:
//   - "io 10 ms": the handler awaits 10 ms, standing in for a store transaction or a provider call
//     (the engine's jobs are I/O-bound); a second process should about double throughput.
//   - "empty": no work at all, measuring the queue's own overhead (bounded by CPU and Redis).
// Needs Redis (DOCBATCH_REDIS_URL, default redis://127.0.0.1:6379) and the build (`pnpm build`).
// Usage: node bench/bullmq-workers.bench.mjs
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { BullMqQueue } from '@docbatch/bullmq';

const REDIS_URL = process.env.DOCBATCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const JOB = 'bench.work';
const CONCURRENCY = 4;

if (process.argv[2] === 'worker') await runWorker(JSON.parse(process.argv[3]));
else await main();

/** Child: registers the handler, starts on "go", reports each finished job to the parent. */
async function runWorker({ prefix, workMs }) {
  const queue = new BullMqQueue({ connection: REDIS_URL, prefix });
  queue.process(
    JOB,
    async () => {
      if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
      process.send({ done: 1 });
    },
    { concurrency: CONCURRENCY },
  );
  process.on('message', async (message) => {
    if (message === 'go') await queue.start();
    if (message === 'stop') {
      await queue.close();
      process.exit(0);
    }
  });
  process.send({ ready: true });
}

async function main() {
  if (!(await reachable(REDIS_URL))) {
    console.log(`SKIPPED: Redis is not reachable at ${REDIS_URL}`);
    return;
  }
  const scenarios = [
    { label: 'io 10 ms', workMs: 10, jobs: 2_000 },
    { label: 'empty', workMs: 0, jobs: 5_000 },
  ];
  console.log(`BullMqQueue throughput, concurrency ${CONCURRENCY} per worker process\n`);
  console.log('job        workers  jobs   seconds  jobs/s   ratio vs 1 worker');
  for (const scenario of scenarios) {
    const one = await measure(scenario, 1);
    const two = await measure(scenario, 2);
    for (const [workers, r] of [
      [1, one],
      [2, two],
    ]) {
      const ratio = workers === 1 ? 'baseline' : `${(r.rate / one.rate).toFixed(2)}x`;
      console.log(
        `${scenario.label.padEnd(10)} ${String(workers).padEnd(8)} ${String(scenario.jobs).padEnd(6)} ` +
          `${r.seconds.toFixed(2).padEnd(8)} ${r.rate.toFixed(0).padEnd(8)} ${ratio}`,
      );
    }
  }
}

async function measure({ workMs, jobs }, workers) {
  const prefix = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const producer = new BullMqQueue({ connection: REDIS_URL, prefix });
  const children = [];
  try {
    for (let i = 0; i < jobs; i++) await producer.add(JOB, { i });
    let done = 0;
    let finished;
    const allDone = new Promise((resolve) => (finished = resolve));
    const ready = [];
    for (let w = 0; w < workers; w++) {
      const child = fork(fileURLToPath(import.meta.url), ['worker', JSON.stringify({ prefix, workMs })]);
      children.push(child);
      ready.push(new Promise((resolve) => child.once('message', resolve)));
      child.on('message', (message) => {
        if (message.done && (done += message.done) === jobs) finished();
      });
    }
    await Promise.all(ready);
    const started = performance.now();
    for (const child of children) child.send('go');
    await withDeadline(allDone, 60_000, `${jobs} jobs`);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rate: jobs / seconds };
  } finally {
    await Promise.all(
      children.map((child) =>
        child.exitCode !== null
          ? undefined
          : new Promise((resolve) => {
              child.once('exit', resolve);
              child.send('stop');
              setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
            }),
      ),
    );
    await producer.close();
    await removeKeys(prefix);
  }
}

function withDeadline(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function removeKeys(prefix) {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
