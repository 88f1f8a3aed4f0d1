/**
 * Real PostgreSQL and Redis for the suites that need them.
 *
 * On a laptop without those services the suites skip, loudly (a console warning names what is
 * missing). CI sets DOCBATCH_REQUIRE_SERVICES=1, and then a missing service fails the run instead.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export const POSTGRES_URL = process.env.DOCBATCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.DOCBATCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const required = process.env.DOCBATCH_REQUIRE_SERVICES === '1';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function availability(name: string, url: string): Promise<boolean> {
  if (await reachable(url)) return true;
  const message = `${name} is not reachable at ${url}`;
  if (required) throw new Error(`${message}, and DOCBATCH_REQUIRE_SERVICES=1 requires it`);
  console.warn(`\n!!! SKIPPING ${name} suites: ${message}. Start it to run them (CI always does).\n`);
  return false;
}

/** `describe` when PostgreSQL is reachable, otherwise a loud skip (or a failure in CI). */
export async function describeIfPostgres(): Promise<jest.Describe> {
  return (await availability('PostgreSQL', POSTGRES_URL)) ? describe : describe.skip;
}

/** `describe` when Redis is reachable, otherwise a loud skip (or a failure in CI). */
export async function describeIfRedis(): Promise<jest.Describe> {
  return (await availability('Redis', REDIS_URL)) ? describe : describe.skip;
}

/** A name unique to this test run, for a PostgreSQL schema, a Redis key prefix or a queue. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
