import { afterAll, describe } from '@jest/globals';
import { Redis } from 'ioredis';
import { InProcessQueue } from '@docbatch/core';
import { BullMqQueue } from '@docbatch/bullmq';
import { describeIfRedis, REDIS_URL, uniqueName } from './support/services.js';
import { CONTRACT_ATTEMPTS, CONTRACT_BACKOFF_MS, queueContract } from './support/queue-contract.js';

describe('Queue contract: InProcessQueue', () => {
  queueContract({
    create: (logger) =>
      new InProcessQueue({ logger, attempts: CONTRACT_ATTEMPTS, backoffMs: CONTRACT_BACKOFF_MS }),
  });
});

const describeRedis = await describeIfRedis();

describeRedis('Queue contract: BullMqQueue on Redis', () => {
  const prefixes: string[] = [];
  afterAll(async () => {
    const redis = new Redis(REDIS_URL);
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  queueContract({
    create: (logger) => {
      const prefix = uniqueName('dbq');
      prefixes.push(prefix);
      return new BullMqQueue({
        connection: REDIS_URL,
        prefix,
        logger,
        attempts: CONTRACT_ATTEMPTS,
        backoffMs: CONTRACT_BACKOFF_MS,
      });
    },
  });
});
