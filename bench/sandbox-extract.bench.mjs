// Text-PDF extraction throughput of the sandbox: documents/s of readDocument (detect, open once,
// read the form page, extract and validate every AWB field) next to the baseline of raw pdfjs
// getTextContent over the same files (open + text of every page, no field work), and the same
// documents end to end through the HTTP API (fetch by URL, process, poll) with timeScale 0.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readDocument, startSandbox, writeSampleAwb } from '@docbatch/sandbox';

const COUNT = 400;
const ROUNDS = 3;

const requireFromSandbox = createRequire(new URL('../packages/sandbox/package.json', import.meta.url));
const pdfjsWorker = await import(
  pathToFileURL(requireFromSandbox.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href
);
globalThis.pdfjsWorker ??= pdfjsWorker;
const { getDocument } = await import(
  pathToFileURL(requireFromSandbox.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href
);

const docs = [];
for (let i = 0; i < COUNT; i++)
  docs.push((await writeSampleAwb({ seed: i, extraPages: i % 10 === 0 ? 1 : 0 })).bytes);

async function rawPdfjs(bytes) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  let items = 0;
  for (let n = 1; n <= pdf.numPages; n++)
    items += (await (await pdf.getPage(n)).getTextContent()).items.length;
  await pdf.destroy();
  return items;
}

async function sandboxRead(bytes) {
  const outcome = await readDocument(bytes);
  if (outcome.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function rate(fn) {
  const started = performance.now();
  for (const bytes of docs) await fn(bytes);
  return COUNT / ((performance.now() - started) / 1000);
}

// Warm up both paths (JIT, pdfjs module state) before measuring.
for (const bytes of docs.slice(0, 30)) {
  await rawPdfjs(bytes);
  await sandboxRead(bytes);
}
const best = { raw: 0, sandbox: 0 };
for (let round = 0; round < ROUNDS; round++) {
  best.raw = Math.max(best.raw, await rate(rawPdfjs));
  best.sandbox = Math.max(best.sandbox, await rate(sandboxRead));
}
console.log(`text PDFs (${COUNT}, best of ${ROUNDS} rounds, one at a time)`);
console.log(`  baseline raw pdfjs getTextContent : ${best.raw.toFixed(0)} docs/s`);
console.log(
  `  sandbox readDocument (all fields) : ${best.sandbox.toFixed(0)} docs/s   ratio ${(best.sandbox / best.raw).toFixed(2)}x`,
);

// End to end over loopback HTTP: the sandbox fetches each document, processes it and is polled.
const files = createServer((request, response) => {
  const bytes = docs[Number(request.url.slice(1))];
  response.writeHead(200, { 'content-length': bytes.length }).end(bytes);
});
await new Promise((resolve) => files.listen(0, '127.0.0.1', resolve));
const filesUrl = `http://127.0.0.1:${files.address().port}`;
const sandbox = await startSandbox({ timeScale: 0, seed: 'bench' });
const headers = { authorization: `Bearer ${sandbox.apiKey}`, 'content-type': 'application/json' };
const started = performance.now();
const created = await (
  await fetch(`${sandbox.url}/v1/batch`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ documents: docs.map((_, i) => ({ id: `d${i}`, url: `${filesUrl}/${i}` })) }),
  })
).json();
for (;;) {
  const status = await (await fetch(`${sandbox.url}/v1/batch/${created.batch_id}`, { headers })).json();
  if (status.status === 'complete') {
    if (status.counts.success !== COUNT)
      throw new Error(`expected ${COUNT} successes: ${JSON.stringify(status.counts)}`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const endToEnd = COUNT / ((performance.now() - started) / 1000);
console.log(
  `  through the HTTP API (fetch by URL, 100 at a time, timeScale 0): ${endToEnd.toFixed(0)} docs/s   ratio ${(endToEnd / best.raw).toFixed(2)}x of baseline`,
);
await sandbox.close();
files.close();
files.closeAllConnections();
