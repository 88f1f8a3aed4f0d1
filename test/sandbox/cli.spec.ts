import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { generateCorpus, runCli } from '@docbatch/sandbox';
import { until } from './support/poll.js';
import { callApi } from './support/sandbox-api.js';

const repo = resolve(import.meta.dirname, '../..');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) },
  };
}

describe('docbatch-sandbox CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docbatch-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('start prints the URL, API key and webhook secret, serves the API and stops on abort', async () => {
    const { out, io } = capture();
    const stop = new AbortController();
    const running = runCli(['start', '--port', '0', '--time-scale', '0', '--api-key', 'sk_cli_test'], {
      io,
      signal: stop.signal,
    });
    await until(() => out.length === 4, 'the banner');
    expect(out[0]).toMatch(/running/);
    const url = /url:\s+(\S+)/.exec(out[1]!)![1]!;
    expect(out[2]).toMatch(/api key:\s+sk_cli_test$/);
    expect(out[3]).toMatch(/webhook secret:\s+whsec_\S+$/);
    const created = await callApi({ url, apiKey: 'sk_cli_test' }, 'POST', '/v1/batch', {
      documents: [{ id: 'a', url: 'http://127.0.0.1:9/a.pdf' }],
    });
    expect(created.status).toBe(201);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('start --faults reads a JSON file and refuses a bad one', async () => {
    const good = join(dir, 'faults.json');
    await writeFile(good, JSON.stringify({ api500Rate: 1 }));
    const { out, io } = capture();
    const stop = new AbortController();
    const running = runCli(['start', '--port', '0', '--json', '--faults', good], { io, signal: stop.signal });
    await until(() => out.length === 1, 'the JSON line');
    const printed = JSON.parse(out[0]!);
    expect((await callApi(printed, 'GET', '/v1/batch/bat_x')).status).toBe(500);
    stop.abort();
    expect(await running).toBe(0);

    const bad = join(dir, 'bad-faults.json');
    await writeFile(bad, JSON.stringify({ timeoutRate: 2 }));
    const failed = capture();
    expect(await runCli(['start', '--port', '0', '--faults', bad], { io: failed.io })).toBe(1);
    expect(failed.err.join('\n')).toMatch(/timeoutRate must be a rate from 0 to 1/);
  });

  it('corpus writes N documents and ground-truth.json, byte for byte the same for a seed', async () => {
    const write = async (out: string) => {
      const { out: lines, io } = capture();
      expect(await runCli(['corpus', '--count', '25', '--out', out, '--seed', '4'], { io })).toBe(0);
      expect(lines[0]).toMatch(/^wrote 25 documents to /);
      return out;
    };
    const a = await write(join(dir, 'a'));
    const b = await write(join(dir, 'b'));
    const names = (await readdir(a)).sort();
    expect(names).toHaveLength(26);
    expect(names).toContain('ground-truth.json');
    const truth = JSON.parse(await readFile(join(a, 'ground-truth.json'), 'utf8'));
    expect(Object.keys(truth)).toHaveLength(25);
    for (const name of names) expect(await readFile(join(b, name))).toEqual(await readFile(join(a, name)));
  });

  it('corpus refuses a count it cannot write (0, fractional, absurdly large) and an out path under a file', async () => {
    // 1e9 used to build a billion-entry plan and abort the process with a fatal V8 error.
    for (const count of ['0', '1.5', '1000000000']) {
      const { err, io } = capture();
      expect(await runCli(['corpus', '--count', count, '--out', join(dir, 'never')], { io })).toBe(2);
      expect(err[0]).toMatch(/count must be an integer from 1 to 100000/);
    }
    await expect(generateCorpus({ count: 1e9, outDir: join(dir, 'never') })).rejects.toThrow(RangeError);
    await expect(readdir(join(dir, 'never'))).rejects.toThrow(/ENOENT/);
    const { err, io } = capture();
    const underFile = join(dir, 'a', 'ground-truth.json', 'sub');
    expect(await runCli(['corpus', '--count', '1', '--out', underFile], { io })).toBe(1);
    expect(err[0]).toMatch(/ENOTDIR|EEXIST/);
  });

  it('exits 2 with usage on bad arguments', async () => {
    for (const argv of [
      ['bogus'],
      ['corpus', '--out', dir],
      ['corpus', '--count', 'many', '--out', dir],
      ['start', '--colour'],
    ]) {
      const { err, io } = capture();
      expect(await runCli(argv, { io })).toBe(2);
      expect(err.join('\n')).toMatch(/Usage:/);
    }
  });

  const packageBin = async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'packages/sandbox/package.json'), 'utf8'));
    const bin = pkg.bin['docbatch-sandbox'] as string;
    // A committed shim, so `pnpm install` on a fresh clone can link it before any build.
    expect(bin).not.toMatch(/dist\//);
    expect(pkg.files).toContain(bin.replace(/^\.\//, '').split('/')[0]);
    return join(repo, 'packages/sandbox', bin);
  };

  it('the package bin says to build first when dist/ is missing', async () => {
    const bin = await packageBin();
    // The shim alone in a package-shaped directory without dist/.
    const copy = join(dir, 'unbuilt', 'bin', 'docbatch-sandbox.js');
    await mkdir(join(dir, 'unbuilt', 'bin'), { recursive: true });
    await copyFile(bin, copy);
    const failure = await promisify(execFile)(process.execPath, [copy, 'start']).catch((error) => error);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/dist[\\/]cli[\\/]bin\.js is missing; run "pnpm build"/);
  });

  it('runs as the package bin (built), stopping cleanly on SIGTERM', async () => {
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/sandbox'], { cwd: repo });
    const bin = await packageBin();
    expect((await readFile(bin, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const child = spawn(process.execPath, [bin, 'start', '--port', '0', '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const printed = JSON.parse(line);
    expect(printed).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      apiKey: expect.any(String),
    });
    expect((await fetch(`${printed.url}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
