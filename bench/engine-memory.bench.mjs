// Peak resident memory of one process carrying a 100,000-document submission on the default
// MemoryStore: submit() stores all 100,000, the submitter puts every one into a provider batch (the
// daily quota raised so all 20 batches are created at once), then a day's worth of results — the
// provider's 10,000-per-day quota — arrives as signed webhooks, is applied and handled. The rest of
// the submission stays in flight, as it would for the next nine days. Goal: peak RSS < 300 MB.
// Baseline, same run: the process's RSS with everything loaded, before the submission. Webhooks
// are signed in chunks as a provider would send them, so the benchmark itself holds no backlog.
import { createDocbatch, generateWebhookSecret, MemoryStore, signWebhook } from '@docbatch/core';
import { SAMPLE_AWB_RESULT as result } from './support/sample-awb-result.mjs';
import { quietLogger, standInProvider } from './support/stand-in-provider.mjs';

const COUNT = 100_000;
const CHUNK = 1_000;
const RESULTS = 10_000;
const secret = generateWebhookSecret();

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const provider = standInProvider();
const { batches } = provider;

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
const sampler = setInterval(sample, 20);

const engine = createDocbatch({
  provider,
  webhook: { secret, url: 'http://127.0.0.1:1/hooks' },
  store: new MemoryStore(),
  submission: { dailyQuota: COUNT },
  logger: quietLogger,
});
let handled = 0;
let done;
const finished = new Promise((resolve) => (done = resolve));
engine.on('document.complete', () => {
  if (++handled === RESULTS) done();
});
await engine.start();

globalThis.gc?.();
const baseline = process.memoryUsage.rss();
const started = Date.now();

const sub = await engine.submit(
  Array.from({ length: COUNT }, (_, i) => ({ id: `doc_${i}`, url: `https://files.example/awb/${i}.pdf` })),
  { label: 'memory bench' },
);
while ((await engine.status(sub.id)).counts.submitted < COUNT) await new Promise((r) => setTimeout(r, 5));
sample();
const submitted = process.memoryUsage.rss();

for (const { batch_id, ids } of batches.slice(0, RESULTS / 5_000)) {
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK).map((doc_id) => {
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
      return { headers: signWebhook({ secret, body }), rawBody: body };
    });
    for (const webhook of chunk) {
      const answer = await engine.receiveWebhook(webhook);
      if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
    }
  }
}
await finished;
sample();
clearInterval(sampler);
await engine.stop();
const counts = (await engine.status(sub.id)).counts;
if (handled !== RESULTS || counts.succeeded !== RESULTS || counts.submitted !== COUNT - RESULTS) {
  throw new Error(`expected ${RESULTS} handled, got ${handled}: ${JSON.stringify(counts)}`);
}

console.log(
  `${COUNT.toLocaleString('en-US')} documents submitted in ${batches.length} provider batches, ` +
    `${RESULTS.toLocaleString('en-US')} results ingested, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`baseline RSS (everything loaded)  ${mb(baseline)}`);
console.log(`RSS once all 100,000 are batched  ${mb(submitted)}`);
console.log(
  `peak RSS                          ${mb(peak)}  (goal < 300 MB: ${peak < 300 * 1024 * 1024 ? 'met' : 'NOT met'})`,
);
console.log(`peak / baseline                   ${(peak / baseline).toFixed(2)}x  (+${mb(peak - baseline)})`);
