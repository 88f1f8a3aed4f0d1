// Webhook verification throughput: docbatch's WebhookVerifier against the reference `standardwebhooks`
// package, same secret, same signed document.complete body (a realistic ~0.7 KB AWB result), same process, alternating rounds.
// Goal: ratio >= 1.0x. The reference runs with jsonParse:false so both sides do only verification.
import { generateWebhookSecret, signWebhook, WebhookVerifier } from '@docbatch/core';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { sampleCompleteEvent } from './support/sample-awb-result.mjs';

const ROUNDS = 5;
const ROUND_MS = 800;

const secret = generateWebhookSecret();
const body = Buffer.from(JSON.stringify(sampleCompleteEvent()));
const headers = signWebhook({ secret, body });

const ours = new WebhookVerifier({ secret });
const reference = new Webhook(secret);
const candidates = {
  docbatch: () => ours.verify(headers, body),
  standardwebhooks: () => reference.verify(body, headers, { jsonParse: false }),
};

// Both must accept the same message before we time anything.
for (const verify of Object.values(candidates)) verify();

function round(verify) {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ROUND_MS) {
    for (let i = 0; i < 500; i++) verify();
    ops += 500;
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

const samples = { docbatch: [], standardwebhooks: [] };
for (const verify of Object.values(candidates)) round(verify); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, verify] of Object.entries(candidates)) samples[name].push(round(verify));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ourOps = median(samples.docbatch);
const refOps = median(samples.standardwebhooks);
const ratio = ourOps / refOps;

console.log(`body ${body.length} bytes, ${ROUNDS} rounds of ${ROUND_MS} ms each, median ops/s`);
console.log(`docbatch WebhookVerifier   ${Math.round(ourOps).toLocaleString('en-US').padStart(10)} ops/s`);
console.log(
  `standardwebhooks (1.x)     ${Math.round(refOps).toLocaleString('en-US').padStart(10)} ops/s  (baseline)`,
);
console.log(`ratio ${ratio.toFixed(2)}x (goal >= 1.00x) ${ratio >= 1 ? 'OK' : 'BELOW GOAL'}`);
