import path from 'node:path';

/**
 * Everything the app reads from the environment, in one typed place.
 * The provider settings are the KabyTech account (or a local `docbatch-sandbox start`).
 */
export interface FreightConfig {
  host: string;
  port: number;
  /** Base URL the provider can reach this app on; the webhook URL is derived from it. */
  publicUrl: string;
  webhookPath: string;
  /** PostgreSQL when set, otherwise a SQLite file. */
  databaseUrl?: string;
  sqliteFile: string;
  /** BullMQ on Redis when set, otherwise docbatch's in-process queue. */
  redisUrl?: string;
  /** Redis key prefix of docbatch's jobs, so several apps can share one Redis. */
  redisPrefix?: string;
  provider: { baseUrl: string; apiKey: string };
  webhookSecret: string;
  /** Safety-net polling for results no webhook brought (default: docbatch's 15 min / 60 s). */
  polling: { staleAfterMs?: number; intervalMs?: number };
  /** Backoff of transient failures (default: docbatch's, 10 s doubling up to 10 min). */
  retry: { baseDelayMs?: number };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set (see examples/nest-freight/README.md)`);
  return value;
}

function optionalNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export function readFreightConfig(env: NodeJS.ProcessEnv = process.env): FreightConfig {
  const host = env.HOST || '127.0.0.1';
  const port = optionalNumber(env, 'PORT') ?? 3000;
  return {
    host,
    port,
    publicUrl: (env.PUBLIC_URL || `http://${host}:${port}`).replace(/\/$/, ''),
    webhookPath: env.WEBHOOK_PATH || '/hooks/kaby',
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteFile: path.resolve(env.SQLITE_FILE || 'freight.sqlite'),
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX || undefined,
    provider: { baseUrl: required(env, 'KABY_BASE_URL'), apiKey: required(env, 'KABY_API_KEY') },
    webhookSecret: required(env, 'KABY_WEBHOOK_SECRET'),
    polling: {
      staleAfterMs: optionalNumber(env, 'DOCBATCH_POLL_STALE_MS'),
      intervalMs: optionalNumber(env, 'DOCBATCH_POLL_INTERVAL_MS'),
    },
    retry: { baseDelayMs: optionalNumber(env, 'DOCBATCH_RETRY_BASE_MS') },
  };
}

/** Injection token for the {@link FreightConfig} the app was started with. */
export const FREIGHT_CONFIG = Symbol('FREIGHT_CONFIG');
