import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { generateWebhookSecret, signWebhook, SystemClock, type Logger } from '@docbatch/core';
import { ApiRouter } from './api/api-router.js';
import type { SandboxFaults } from './faults/sandbox-faults.js';
import { SandboxProvider } from './sandbox-provider.js';
import type { ResolvedSandboxOptions, SandboxOptions } from './sandbox-options.js';

export interface Sandbox {
  /** Base URL of the API, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** The first accepted API key. */
  apiKey: string;
  apiKeys: string[];
  /** The secret webhooks are signed with; give it to your verifier. */
  webhookSecret: string;
  /** Changes fault rates while running (e.g. a chaos phase in a test). */
  setFaults(faults: SandboxFaults): void;
  /** Stops the server, cancels pending processing and webhook retries, drops connections. */
  close(): Promise<void>;
}

/** Warnings and errors only: a sandbox running inside a test suite should stay quiet. */
const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(`docbatch-sandbox: ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`docbatch-sandbox: ${message}`, fields ?? ''),
};

export function resolveSandboxOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 0) || !Number.isFinite(timeScale))
    throw new RangeError(`timeScale must be >= 0, got ${timeScale}`);
  const positive = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    return value;
  };
  const apiKeys = options.apiKeys ?? [`sk_sandbox_${randomBytes(12).toString('hex')}`];
  if (apiKeys.length === 0 || apiKeys.some((key) => typeof key !== 'string' || !/^\S+$/.test(key))) {
    throw new RangeError('apiKeys must be a non-empty list of keys without spaces');
  }
  const webhookSecret = options.webhookSecret ?? generateWebhookSecret();
  // A secret that cannot sign must fail here, not on the first webhook.
  signWebhook({ secret: webhookSecret, body: '' });
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    apiKeys,
    webhookSecret,
    timeScale,
    processingTime: options.processingTime,
    maxProcessing: positive('maxProcessing', options.maxProcessing ?? 100),
    dailyQuota: positive('dailyQuota', options.dailyQuota ?? 10_000),
    maxFileBytes: positive('maxFileBytes', options.maxFileBytes ?? 50 * 1024 * 1024),
    fetchTimeoutMs: positive('fetchTimeoutMs', options.fetchTimeoutMs ?? 30_000),
    webhookTimeoutMs: positive('webhookTimeoutMs', options.webhookTimeoutMs ?? 10_000),
    confidenceThreshold: options.confidenceThreshold ?? 0.8,
    faults: options.faults ?? {},
    seed: String(options.seed ?? randomBytes(8).toString('hex')),
    clock: options.clock ?? new SystemClock(),
    logger: options.logger ?? quietLogger,
  };
}

/**
 * Starts a local KabyTech-compatible provider on loopback. Resolves once it listens.
 *
 * ```ts
 * const sandbox = await startSandbox({ timeScale: 0.01 });
 * const client = new ProviderClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey });
 * ```
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveSandboxOptions(options);
  const provider = new SandboxProvider(resolved);
  const router = new ApiRouter(provider, {
    apiKeys: new Set(resolved.apiKeys),
    maxFileBytes: resolved.maxFileBytes,
    timeScale: resolved.timeScale,
    logger: resolved.logger!,
  });
  const server = createServer((request, response) => void router.handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    apiKey: resolved.apiKeys[0]!,
    apiKeys: [...resolved.apiKeys],
    webhookSecret: resolved.webhookSecret,
    setFaults: (faults) => provider.setFaults(faults),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        provider.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
