#!/usr/bin/env node
/* global AbortController */
// `pnpm demo`: 1,000 air waybills through docbatch end to end, on this machine only.
//
// sandbox provider (loopback) ⇄ nest-freight (its own process, SQLite) ← this script submits,
// watches progress through the app's API, then checks every document against the ground truth.
// Knobs: DEMO_COUNT, DEMO_TIME_SCALE, DEMO_FAULTS=off, DEMO_SEED, DEMO_UPLOAD_EVERY, DEMO_TIMEOUT_S, DEMO_DIR.
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '@docbatch/sandbox';
import { startAppProcess } from './demo/app-process.mjs';
import { ensureCorpus } from './demo/demo-corpus.mjs';
import { readDemoOptions } from './demo/demo-options.mjs';
import { demoProviderModel } from './demo/demo-provider-model.mjs';
import { freightClient } from './demo/freight-client.mjs';
import { createProgressView } from './demo/progress-view.mjs';
import { startStaticServer } from './demo/static-server.mjs';
import { printSummary, summarize } from './demo/demo-summary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POLL_MS = 500;
const IMPORT_CHUNK = 500;

const options = readDemoOptions();
const cleanups = [];
/** What a failed run reports: how far it got, and the app's last words. */
const failureReport = { progress: null, appLogTail: null };
const log = (line) => console.log(line);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(signal) {
  const dir = path.resolve(root, options.dir);
  await mkdir(dir, { recursive: true });
  log(
    `docbatch demo: ${options.count} air waybills, time scale ${options.timeScale}, seed ${options.seed}\n`,
  );

  const corpus = await ensureCorpus({ dir, count: options.count, seed: options.seed, log });
  const files = await startStaticServer(corpus.dir);
  cleanups.push(() => files.close());

  const provider = demoProviderModel(options);
  const sandbox = await startSandbox(provider.sandboxOptions);
  cleanups.push(() => sandbox.close());
  log(`sandbox provider  ${sandbox.url}  (${describeFaults(provider.sandboxOptions.faults)})`);

  // A fresh database each run: document ids and AWB numbers repeat between runs of the same corpus.
  const sqliteFile = path.join(dir, 'nest-freight.sqlite');
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(sqliteFile + suffix, { force: true })));
  const entry = path.join(root, 'examples/nest-freight/dist/main.js');
  if (!existsSync(entry))
    throw new Error(`${path.relative(root, entry)} is missing: run \`pnpm demo\`, which builds it first`);
  const app = await startAppProcess({
    entry,
    logFile: path.join(dir, 'nest-freight.log'),
    readyPath: '/shipments?limit=1',
    env: {
      KABY_BASE_URL: sandbox.url,
      KABY_API_KEY: sandbox.apiKey,
      KABY_WEBHOOK_SECRET: sandbox.webhookSecret,
      SQLITE_FILE: sqliteFile,
      DATABASE_URL: '',
      REDIS_URL: '',
      NO_COLOR: '1', // plain text in the log file
      // docbatch's own waits, scaled like the provider's clock: polling for results no webhook
      // brought, and the backoff before retrying a transient failure.
      DOCBATCH_POLL_STALE_MS: String(Math.round(15_000 * options.timeScale)),
      DOCBATCH_POLL_INTERVAL_MS: String(Math.round(5_000 * options.timeScale)),
      DOCBATCH_RETRY_BASE_MS: String(Math.round(10_000 * options.timeScale)),
    },
  });
  cleanups.push(() => app.stop());
  failureReport.appLogTail = app.tail;
  log(`nest-freight      ${app.url}  (SQLite, log in ${path.relative(process.cwd(), app.logFile)})`);

  // Some documents are uploaded through the app, the others fetched by the provider from a file server.
  const client = freightClient(app.url);
  const uploads = corpus.documents.filter((_, i) => i % options.uploadEvery === 0);
  const byUrl = corpus.documents.filter((_, i) => i % options.uploadEvery !== 0);
  const startedAt = Date.now();
  // In imports of at most IMPORT_CHUNK documents, as a client of a real app would: request bodies
  // stay small whatever DEMO_COUNT is.
  const imports = [];
  for (const chunk of chunks(byUrl, IMPORT_CHUNK)) {
    const urlDocs = chunk.map((doc) => ({
      id: doc.id,
      url: `${files.url}/${encodeURIComponent(doc.filename)}`,
    }));
    imports.push(await client.importUrls(urlDocs, 'demo: by URL'));
  }
  for (const chunk of chunks(uploads, IMPORT_CHUNK)) {
    const paths = chunk.map((doc) => path.join(corpus.dir, doc.filename));
    imports.push(await client.importFiles(paths, 'demo: uploads'));
  }
  log(`submitted         ${byUrl.length} by URL from ${files.url}, ${uploads.length} uploaded\n`);

  const view = createProgressView({ total: corpus.documents.length });
  let progress;
  for (;;) {
    if (signal.aborted) throw signal.reason;
    progress = await readProgress(client, imports, provider);
    failureReport.progress = progress;
    if (progress.final >= corpus.documents.length) break;
    view.update(progress);
    await sleep(POLL_MS);
  }
  view.finish(progress);
  const elapsedMs = Date.now() - startedAt;

  const books = await readBooks(client, corpus.documents.length, signal);
  const summary = summarize({ corpus, ...books, elapsedMs, providerAttempts: provider.attempts() });
  printSummary(summary, { log, sqliteFile, appLog: app.logFile });
  return summary.ok ? 0 : 1;
}

/**
 * The progress bar's columns: the app's per-import counts (submitted = handed to the provider at
 * least once), and what the provider is reading right now.
 */
async function readProgress(client, imports, provider) {
  // Sampled first: the provider starts reading a batch before docbatch hears the create call succeed.
  const processing = provider.processingNow();
  const sum = { submitted: 0, processing, succeeded: 0, review: 0, failed: 0, retrying: 0, final: 0 };
  for (const { id } of imports) {
    const { documentCount, counts } = await client.importStatus(id);
    sum.submitted += documentCount - counts.pending;
    sum.succeeded += counts.succeeded;
    sum.review += counts.needs_review;
    sum.failed += counts.failed;
    sum.retrying += counts.retry_scheduled;
  }
  sum.final = sum.succeeded + sum.review + sum.failed;
  return sum;
}

/**
 * The app's tables. A final state is committed before its handlers run (they run from docbatch's
 * outbox), so the last rows may trail the progress bar by a moment.
 */
async function readBooks(client, total, signal, settleMs = 30_000) {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const [shipments, reviews, failures] = await Promise.all(
      ['shipments', 'reviews', 'failures'].map((table) => client.all(table)),
    );
    const rows = shipments.length + reviews.length + failures.length;
    if (rows >= total || Date.now() > deadline || signal.aborted) return { shipments, reviews, failures };
    await sleep(POLL_MS);
  }
}

function chunks(items, size) {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

function describeFaults(faults) {
  const entries = Object.entries(faults);
  if (entries.length === 0) return 'no injected faults';
  return (
    'injected: ' + entries.map(([name, rate]) => `${name.replace(/Rate$/, '')} ${rate * 100}%`).join(', ')
  );
}

async function main() {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new Error(`the demo did not finish within DEMO_TIMEOUT_S=${options.timeoutMs / 1000}s`),
      ),
    options.timeoutMs,
  );
  for (const s of ['SIGINT', 'SIGTERM'])
    process.once(s, () => controller.abort(new Error(`stopped by ${s}`)));
  let code = 1;
  try {
    const aborted = new Promise((_, reject) =>
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason)),
    );
    code = await Promise.race([run(controller.signal), aborted]);
  } catch (error) {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : error}`);
    const p = failureReport.progress;
    if (p) {
      console.error(
        `last progress: ${p.final} final (succeeded ${p.succeeded}, review ${p.review}, failed ${p.failed}), ` +
          `${p.submitted} submitted, ${p.retrying} retrying, ${p.processing} processing`,
      );
    }
    if (failureReport.appLogTail)
      console.error(`--- nest-freight log, last lines ---\n${await failureReport.appLogTail()}`);
  } finally {
    clearTimeout(timer);
    // Cleanup itself must not be able to hang CI either.
    setTimeout(() => process.exit(1), 15_000).unref();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
  process.exit(code);
}

await main();
