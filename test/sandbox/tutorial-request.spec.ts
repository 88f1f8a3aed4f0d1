import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCreateBatchResponse, parseDocumentCompleteEvent, WebhookVerifier } from '@docbatch/core';
import { generateCorpus, startSandbox, type Sandbox } from '@docbatch/sandbox';
import { startFileServer, type FileServer } from './support/file-server.js';
import { waitForBatch } from './support/sandbox-api.js';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink.js';

/**
 * The seed tutorial's request, run as written with only the host changed: a real curl process when
 * curl is installed, and the same bytes through fetch either way.
 */
describe('the tutorial request against the sandbox', () => {
  let sandbox: Sandbox;
  let files: FileServer;
  let sink: WebhookSink;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docbatch-tutorial-'));
    const { groundTruth } = await generateCorpus({ count: 2, outDir: dir, seed: 3 });
    const served: Record<string, Uint8Array> = {};
    for (const name of Object.keys(groundTruth)) served[`/${name}`] = await readFile(join(dir, name));
    files = await startFileServer(served);
    sink = await startWebhookSink();
    sandbox = await startSandbox({ timeScale: 0.001, seed: 'tutorial' });
  });
  afterAll(async () => {
    await sandbox.close();
    await Promise.all([files.close(), sink.close(), rm(dir, { recursive: true, force: true })]);
  });

  const manifest = () =>
    `{"webhook_url": "${sink.url}", "documents": [{"id":"doc_001","url":"${files.url('/awb-0001.pdf')}"},{"id":"doc_002","url":"${files.url('/awb-0002.pdf')}"}]}`;

  it('answers 201 with a batch_id to the curl command, and delivers two signed webhooks', async () => {
    const curl = spawnSync('curl', ['--version']);
    let created: unknown;
    if (curl.status === 0) {
      // Asynchronously: the sandbox answering curl lives in this very process.
      const run = await promisify(execFile)('curl', [
        '-s',
        '-X',
        'POST',
        `${sandbox.url}/v1/batch`,
        '-H',
        `Authorization: Bearer ${sandbox.apiKey}`,
        '-H',
        'Content-Type: application/json',
        '-d',
        manifest(),
        '-w',
        '\n%{http_code}',
      ]);
      const [json, status] = run.stdout.trim().split('\n');
      expect(status).toBe('201');
      created = JSON.parse(json!);
    } else {
      const response = await fetch(`${sandbox.url}/v1/batch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sandbox.apiKey}`, 'Content-Type': 'application/json' },
        body: manifest(),
      });
      expect(response.status).toBe(201);
      created = await response.json();
    }
    const parsed = parseCreateBatchResponse(created);
    expect(parsed.ok).toBe(true);
    const batch = created as { batch_id: string; status: string; document_count: number };
    expect(batch).toMatchObject({ status: 'queued', document_count: 2 });
    expect(batch.batch_id).toMatch(/^bat_/);

    const hooks = await sink.waitFor(2);
    const verifier = new WebhookVerifier({ secret: sandbox.webhookSecret });
    for (const hook of hooks) {
      expect(() => verifier.verify(hook.headers as Record<string, string>, hook.rawBody)).not.toThrow();
      const event = parseDocumentCompleteEvent(hook.body);
      expect(event.ok).toBe(true);
      expect(hook.body).toMatchObject({ event: 'document.complete', batch_id: batch.batch_id });
    }
    expect(hooks.map((h) => h.body.doc_id).sort()).toEqual(['doc_001', 'doc_002']);
    const status = await waitForBatch(sandbox, batch.batch_id);
    expect(status.counts.queued + status.counts.processing).toBe(0);
  });
});
