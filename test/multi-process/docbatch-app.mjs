// What every process of the multi-process test runs: the host app's docbatch, built exactly as a
// deployed app would build it — its own PostgreSQL DataSource (TypeormStore), BullMQ on Redis, the
// provider (here the sandbox) — from the JSON config the test passes as argv[2].
// Plain ESM on the compiled packages: child processes cannot use Jest's TypeScript transform.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createDocbatch } from '@docbatch/core';
import { TypeormStore, DOCBATCH_ENTITIES } from '@docbatch/typeorm';
import { BullMqQueue } from '@docbatch/bullmq';

export const config = JSON.parse(process.argv[2]);

/** Errors only: the test prints a child's stderr when it fails. */
export const logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.error(`[${config.role}] warn ${message}`, JSON.stringify(fields ?? {})),
  error: (message, fields) =>
    console.error(`[${config.role}] error ${message}`, JSON.stringify(fields ?? {})),
};

export async function createApp(webhookUrl) {
  const dataSource = await new DataSource({
    type: 'postgres',
    url: config.postgresUrl,
    schema: config.schema,
    entities: [...DOCBATCH_ENTITIES],
    poolSize: 5,
  }).initialize();
  const queue = new BullMqQueue({
    connection: config.redisUrl,
    prefix: config.prefix,
    logger,
    // A killed worker's jobs are taken over after 2 s instead of 30 s, to keep the test short.
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
  });
  const docbatch = createDocbatch({
    provider: { baseUrl: config.providerUrl, apiKey: config.apiKey },
    webhook: { secret: config.webhookSecret, url: webhookUrl },
    store: new TypeormStore(dataSource),
    queue,
    logger,
    // Leases of a killed worker expire after 3 s; the sweeper polls batches quiet for 5 s.
    leaseMs: 3_000,
    polling: { staleAfterMs: 5_000, intervalMs: 1_000 },
    submission: { batchSize: 250 },
    handlers: { backoffMs: 100 },
    instanceId: config.role,
  });
  return { docbatch, dataSource };
}

/** Ends the process when the test process goes away, even after a kill -9 of the test runner. */
export function exitWithParent(onExit) {
  let exiting = false;
  const exit = async () => {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    try {
      await onExit();
    } finally {
      process.exit(0);
    }
  };
  process.on('disconnect', exit);
  process.on('SIGTERM', exit);
}
