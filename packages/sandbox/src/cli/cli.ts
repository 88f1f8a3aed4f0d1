import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from '../corpus/corpus-generator.js';
import { validateFaults } from '../faults/sandbox-faults.js';
import { startSandbox } from '../sandbox-server.js';

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface CliOptions {
  io?: CliIo;
  /** `start` runs until this aborts (the bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
}

const USAGE = `Usage:
  docbatch-sandbox start  [--port 4010] [--host 127.0.0.1] [--time-scale 1] [--faults faults.json]
                          [--seed S] [--api-key KEY]... [--webhook-secret whsec_...]
                          [--daily-quota 10000] [--max-processing 100] [--json]
  docbatch-sandbox corpus --count N --out DIR [--seed S]

start   runs a local KabyTech-compatible provider and prints its URL, API key and webhook secret
        (--json prints them as one JSON line, for scripts). Stops on Ctrl-C.
corpus  writes N air waybill documents and ground-truth.json into DIR.`;

class UsageError extends Error {}

/** The docbatch-sandbox command line. Resolves with the process exit code. */
export async function runCli(argv: readonly string[], options: CliOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: (line) => console.log(line), stderr: (line) => console.error(line) };
  const [command, ...rest] = argv;
  try {
    if (command === 'start') return await start(rest, io, options.signal);
    if (command === 'corpus') return await corpus(rest, io);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(USAGE);
      return command === undefined ? 1 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`docbatch-sandbox: ${(error as Error).message}`);
    if (usage) io.stderr(USAGE);
    return usage ? 2 : 1;
  }
}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, got "${text}"`);
  return value;
}

async function start(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'time-scale': { type: 'string' },
      faults: { type: 'string' },
      seed: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      'daily-quota': { type: 'string' },
      'max-processing': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const faults = values.faults
    ? validateFaults(JSON.parse(await readFile(resolve(values.faults), 'utf8')))
    : undefined;
  const sandbox = await startSandbox({
    port: number('port', values.port) ?? 4010,
    host: values.host,
    timeScale: number('time-scale', values['time-scale']),
    faults,
    seed: values.seed,
    apiKeys: values['api-key'],
    webhookSecret: values['webhook-secret'],
    dailyQuota: number('daily-quota', values['daily-quota']),
    maxProcessing: number('max-processing', values['max-processing']),
  });
  if (values.json) {
    io.stdout(
      JSON.stringify({ url: sandbox.url, apiKey: sandbox.apiKey, webhookSecret: sandbox.webhookSecret }),
    );
  } else {
    io.stdout('docbatch sandbox is running (Ctrl-C to stop)');
    io.stdout(`  url:            ${sandbox.url}`);
    io.stdout(`  api key:        ${sandbox.apiKey}`);
    io.stdout(`  webhook secret: ${sandbox.webhookSecret}`);
  }
  await new Promise<void>((resolveStop) => {
    if (signal?.aborted) resolveStop();
    signal?.addEventListener('abort', () => resolveStop(), { once: true });
  });
  await sandbox.close();
  return 0;
}

async function corpus(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { count: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
  });
  const count = number('count', values.count);
  if (count === undefined || !values.out) throw new UsageError('corpus needs --count N and --out DIR');
  const started = Date.now();
  const summary = await generateCorpus({ count, outDir: resolve(values.out), seed: values.seed }).catch(
    (error: unknown) => {
      // generateCorpus checks the count before touching the disk: a bad --count is a usage error.
      throw error instanceof RangeError ? new UsageError(error.message) : error;
    },
  );
  const mix = Object.entries(summary.categories)
    .filter(([, n]) => n > 0)
    .map(([category, n]) => `${category} ${n}`)
    .join(', ');
  io.stdout(`wrote ${count} documents to ${summary.outDir} in ${Date.now() - started} ms (${mix})`);
  io.stdout(`ground truth: ${summary.groundTruthPath}`);
  return 0;
}
