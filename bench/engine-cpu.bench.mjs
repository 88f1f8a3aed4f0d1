// Engine CPU time per document, end to end in one process: submit 10,000 documents, batch them,
// receive 10,000 signed webhooks (verify → validate → record), apply them (fencing, classification)
// and run a document.complete handler for each. Goal: < 1 ms of CPU per document.
// Baseline, same run: the bare cost of verifying and parsing the same 10,000 webhooks — the least
// any receiver must spend. The provider is an in-process stand-in answering createBatch, so only
// docbatch's own work is on the clock (HTTP to a real provider is the sandbox's benchmark).
import {
  createDocbatch,
  generateWebhookSecret,
  MemoryStore,
  parseDocumentCompleteEvent,
  signWebhook,
  WebhookVerifier,
} from '@docbatch/core';
import { setImmediate } from 'node:timers/promises';
import { SAMPLE_AWB_RESULT as result } from './support/sample-awb-result.mjs';
import { quietLogger, standInProvider } from './support/stand-in-provider.mjs';

const COUNT = 10_000;
const secret = generateWebhookSecret();

function signedWebhooks(batches) {
  const out = [];
  for (const { batch_id, ids } of batches) {
    for (const doc_id of ids) {
      const body = Buffer.from(
        JSON.stringify({
          event: 'document.complete',
          batch_id,
          doc_id,
          status: 'success',
          result,
          processing_ms: 1500,
        }),
      );
      out.push({ headers: signWebhook({ secret, body }), rawBody: body });
    }
  }
  return out;
}

const cpuMs = (start) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

async function engineRun() {
  const provider = standInProvider();
  const engine = createDocbatch({
    provider,
    webhook: { secret, url: 'http://127.0.0.1:1/hooks' },
    store: new MemoryStore(),
    logger: quietLogger,
  });
  let handled = 0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  engine.on('document.complete', () => void handled++);
  engine.on('batch.complete', () => done());
  await engine.start();
  const docs = Array.from({ length: COUNT }, (_, i) => ({
    id: `doc_${i}`,
    url: `https://files.example/awb/${i}.pdf`,
  }));

  // Phase 1: submit until every document is in a created provider batch.
  let start = process.cpuUsage();
  const sub = await engine.submit(docs, { label: 'bench' });
  while ((await engine.status(sub.id)).counts.submitted < COUNT) await setImmediate();
  let used = cpuMs(start);

  // Signing is the provider's work, not ours: done off the clock.
  const webhooks = signedWebhooks(provider.batches);

  // Phase 2: every webhook received and applied, every handler run.
  start = process.cpuUsage();
  for (const webhook of webhooks) {
    const answer = await engine.receiveWebhook(webhook);
    if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
  }
  await finished;
  used += cpuMs(start);
  if (handled !== COUNT) throw new Error(`handled ${handled} of ${COUNT}`);
  await engine.stop();
  return { used, webhooks };
}

function baselineRun(webhooks) {
  const verifier = new WebhookVerifier({ secret });
  const start = process.cpuUsage();
  for (const { headers, rawBody } of webhooks) {
    verifier.verify(headers, rawBody);
    const parsed = parseDocumentCompleteEvent(JSON.parse(rawBody.toString('utf8')));
    if (!parsed.ok) throw new Error('invalid');
  }
  return cpuMs(start);
}

await engineRun(); // warm-up (JIT), not counted
const runs = [];
for (let i = 0; i < 3; i++) {
  const { used, webhooks } = await engineRun();
  runs.push({ engine: used, baseline: baselineRun(webhooks) });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const engineMs = median(runs.map((r) => r.engine)) / COUNT;
const baseMs = median(runs.map((r) => r.baseline)) / COUNT;
console.log(`${COUNT.toLocaleString('en-US')} documents end to end, median of 3 runs, CPU time per document`);
console.log(
  `docbatch engine (submit → batch → webhook → handler) ${engineMs.toFixed(3)} ms/doc  (goal < 1 ms: ${engineMs < 1 ? 'met' : 'NOT met'})`,
);
console.log(`baseline: verify + parse the same webhooks           ${baseMs.toFixed(3)} ms/doc`);
console.log(`ratio engine / baseline                              ${(engineMs / baseMs).toFixed(2)}x`);
