/* global AbortSignal */
// Runs an example app as its own process, the way it runs in production, logging to a file so the
// progress bar stays readable.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';

/** A free loopback port (the app must know its own URL before it listens, for the webhook URL). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app did not answer ${url} in time`);
}

/**
 * Starts `node <entry>` with `env`, waits until `readyPath` answers 2xx.
 * @returns {{ url: string, logFile: string, stop(): Promise<number | null>, tail(): Promise<string> }}
 */
export async function startAppProcess({ entry, env, logFile, readyPath, startTimeoutMs = 30_000 }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));

  const tail = async () =>
    (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    return child.exitCode;
  };

  try {
    await waitUntilReady(url + readyPath, child, Date.now() + startTimeoutMs);
  } catch (error) {
    await stop();
    error.message += `\n--- last lines of ${logFile} ---\n${await tail()}`;
    throw error;
  }
  return { url, logFile, stop, tail };
}
