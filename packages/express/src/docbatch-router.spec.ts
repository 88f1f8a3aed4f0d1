import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createDocbatch,
  generateWebhookSecret,
  signWebhook,
  type Docbatch,
  type DocumentOutcome,
  type Logger,
} from '@docbatch/core';
import { generateCorpus, startSandbox, type Sandbox } from '@docbatch/sandbox';
import { EXPRESS_VERSIONS, listen, type RunningApp } from './express-apps.test-helper.js';
import { startWebhookRecorder } from './webhook-recorder.test-helper.js';
import { captureRawBody, docbatchRouter, RouterConfigError, type DocbatchRouterOptions } from './index.js';

/**
 * Real Express 4 and 5 apps on loopback, the real engine (memory store), and the real sandbox as the
 * provider. The sandbox delivers its webhooks to a recorder, so each test knows a genuine
 * `document.complete` event for a submitted document and delivers it to the app itself — signed
 * with core's signWebhook as the case needs (valid, forged, expired, redelivered).
 */

type ExpressFactory = (typeof EXPRESS_VERSIONS)[number]['express'];
type App = ReturnType<ExpressFactory>;
type Router = ReturnType<typeof docbatchRouter>;

let sandbox: Sandbox;
let recorder: Awaited<ReturnType<typeof startWebhookRecorder>>;
let corpusDir: string;
let awbPath: string;

beforeAll(async () => {
  corpusDir = await mkdtemp(join(tmpdir(), 'docbatch-express-'));
  const corpus = await generateCorpus({ count: 12, outDir: corpusDir, seed: 'express-router' });
  const clean = Object.entries(corpus.groundTruth).find(([, truth]) => truth.category === 'clean');
  awbPath = join(corpusDir, clean![0]);
  sandbox = await startSandbox({ timeScale: 0.01, seed: 'express-router' });
  recorder = await startWebhookRecorder();
});

afterAll(async () => {
  await sandbox?.close();
  await recorder?.close();
  await rm(corpusDir, { recursive: true, force: true });
});

/** Polls until `condition` holds; fails with `what` after 10 s. No fixed sleeps. */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A Logger that keeps what it is told, so tests can assert on it. */
function collectingLogger() {
  const lines: Array<{ level: string; message: string }> = [];
  const at =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe.each(EXPRESS_VERSIONS)('docbatchRouter in $name', ({ name, express, version }) => {
  let docCounter = 0;
  const running: Array<{ app: RunningApp; docbatch: Docbatch }> = [];

  afterEach(async () => {
    for (const { app, docbatch } of running.splice(0)) {
      await app.close();
      await docbatch.stop();
    }
  });

  /**
   * An engine on the sandbox plus an app with the router mounted by `mount` (default: the router
   * alone at /hooks/kaby). `handled` collects every document.complete outcome.
   */
  async function harness({
    mount = (app, router) => app.use('/hooks/kaby', router),
    routerOptions = {},
    handlers = () => {},
  }: {
    mount?: (app: App, router: Router) => void;
    routerOptions?: DocbatchRouterOptions;
    /** Registers more handlers before the engine starts. */
    handlers?: (docbatch: Docbatch) => void;
  } = {}) {
    const engineLog = collectingLogger();
    const docbatch = createDocbatch({
      provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey },
      webhook: { secret: sandbox.webhookSecret, url: recorder.url },
      logger: engineLog.logger,
    });
    const handled: DocumentOutcome[] = [];
    docbatch.on('document.complete', (outcome) => {
      handled.push(outcome);
    });
    handlers(docbatch);
    await docbatch.start();
    const app = express();
    mount(app, docbatchRouter(docbatch, routerOptions));
    const server = await listen(app);
    running.push({ app: server, docbatch });

    const hookUrl = `${server.url}/hooks/kaby`;
    return {
      docbatch,
      handled,
      url: server.url,
      hookUrl,
      /** Submits one AWB and resolves with the event the sandbox produced for it (not yet delivered). */
      async processedDocument() {
        const id = `${name.replace(' ', '')}-awb-${++docCounter}`;
        const submission = await docbatch.submit([{ id, file: { path: awbPath } }]);
        const { body } = await recorder.eventFor(id);
        return { id, submission, body, event: JSON.parse(body) as Record<string, unknown> };
      },
      /** POSTs `body` signed with core's signWebhook (the sandbox's secret unless told otherwise). */
      deliver(
        body: string,
        sign: { secret?: string; id?: string; timestamp?: number } = {},
        headers: Record<string, string> = {},
      ) {
        const signature = signWebhook({ secret: sandbox.webhookSecret, body, ...sign });
        return post(hookUrl, body, { 'content-type': 'application/json', ...signature, ...headers });
      },
    };
  }

  it(`really runs Express ${name.at(-1)}`, () => {
    expect(version.split('.')[0]).toBe(name.at(-1));
  });

  it('answers a signed delivery with 2xx, and the handler runs afterwards with its result', async () => {
    const h = await harness();
    const doc = await h.processedDocument();

    const answer = await h.deliver(doc.body);

    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ received: true, duplicate: false });
    await until('the document.complete handler', () => h.handled.length === 1);
    expect(h.handled[0]).toMatchObject({
      id: doc.id,
      submissionId: doc.submission.id,
      result: doc.event.result,
    });
  });

  it('answers 401 to a forged or expired signature and dispatches nothing', async () => {
    const h = await harness();
    const doc = await h.processedDocument();
    const forged = JSON.stringify({
      ...doc.event,
      status: 'success',
      result: { awb_number: '999-00000000' },
    });

    const wrongSecret = await h.deliver(forged, { secret: generateWebhookSecret() });
    const expired = await h.deliver(doc.body, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const unsigned = await post(h.hookUrl, doc.body, { 'content-type': 'application/json' });

    for (const answer of [wrongSecret, expired, unsigned]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(await h.docbatch.status(doc.submission.id)).toMatchObject({ counts: { submitted: 1 } });
    // Had the forged event been recorded, it would be applied first and the genuine one ignored.
    expect((await h.deliver(doc.body)).status).toBe(200);
    await until('the genuine outcome', () => h.handled.length === 1);
    expect(h.handled[0]!.result).toEqual(doc.event.result);
  });

  it('acknowledges a redelivery with 2xx and records it once, even when both arrive together', async () => {
    const h = await harness();
    const doc = await h.processedDocument();
    const id = 'msg_redelivered_' + doc.id;

    const answers = await Promise.all([h.deliver(doc.body, { id }), h.deliver(doc.body, { id })]);
    const again = await h.deliver(doc.body, { id, timestamp: Math.floor(Date.now() / 1000) + 1 });

    expect([...answers, again].map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => (a.json as { duplicate: boolean }).duplicate).sort()).toEqual([false, true]);
    expect(again.json).toEqual({ received: true, duplicate: true });
    await until('the handler', () => h.handled.length === 1);
    await until(
      'the submission to complete',
      async () => (await h.docbatch.status(doc.submission.id))!.complete,
    );
    expect(h.handled).toHaveLength(1);
  });

  it('answers 400 to malformed or empty JSON and to a signed body that is not a document.complete event', async () => {
    const h = await harness();

    const malformed = await h.deliver('{"event":"document.complete",');
    const empty = await h.deliver('');
    const notAnEvent = await h.deliver(JSON.stringify({ event: 'document.complete', doc_id: 7 }));

    expect(malformed).toMatchObject({ status: 400, json: { error: { code: 'MALFORMED_JSON' } } });
    expect(empty).toMatchObject({ status: 400, json: { error: { code: 'MALFORMED_JSON' } } });
    expect(notAnEvent).toMatchObject({ status: 400, json: { error: { code: 'INVALID_PAYLOAD' } } });
  });

  it('answers 413 to a body over the limit (1 MiB by default, or bodyLimit)', async () => {
    const h = await harness();
    const small = await harness({ routerOptions: { bodyLimit: 2048 } });
    const oversized = JSON.stringify({ event: 'document.complete', padding: 'x'.repeat(1024 * 1024) });

    const answer = await h.deliver(oversized);
    const overSmallLimit = await small.deliver(JSON.stringify({ padding: 'x'.repeat(4096) }));

    expect(answer).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(overSmallLimit).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('answers 415 to a non-JSON body and 405 with Allow to other methods', async () => {
    const h = await harness();
    const doc = await h.processedDocument();

    const form = await h.deliver(doc.body, {}, { 'content-type': 'application/x-www-form-urlencoded' });
    const get = await fetch(h.hookUrl);

    expect(form).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('records nothing from a body cut short by a disconnecting client, and keeps serving', async () => {
    const { logger, lines } = collectingLogger();
    const h = await harness({ routerOptions: { logger } });
    const doc = await h.processedDocument();
    const headers = signWebhook({ secret: sandbox.webhookSecret, body: doc.body, id: 'msg_cut_' + doc.id });
    const { port } = new URL(h.url);

    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = Object.entries({ ...headers, 'content-type': 'application/json' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `POST /hooks/kaby HTTP/1.1\r\nHost: x\r\n${head}Content-Length: ${Buffer.byteLength(doc.body)}\r\n\r\n`,
    );
    socket.write(doc.body.slice(0, 40));
    socket.end(); // the rest never comes
    await until('the router to see the cut', () => lines.some((l) => l.message.includes('aborted')));
    socket.destroy();

    const whole = await h.deliver(doc.body, { id: 'msg_cut_' + doc.id });
    expect(whole).toMatchObject({ status: 200, json: { received: true, duplicate: false } });
    await until('the handler', () => h.handled.length === 1);
  });

  it('works with express.json() mounted after it, which still serves the host routes', async () => {
    const h = await harness({
      mount(app, router) {
        app.use('/hooks/kaby', router);
        app.use(express.json());
        app.post('/api/echo', (req, res) => void res.json(req.body));
      },
    });
    const doc = await h.processedDocument();

    expect((await h.deliver(doc.body)).status).toBe(200);
    await until('the handler', () => h.handled.length === 1);
    const echo = await post(`${h.url}/api/echo`, '{"a":1}', { 'content-type': 'application/json' });
    expect(echo).toMatchObject({ status: 200, json: { a: 1 } });
  });

  it('works behind a global express.json({ verify: captureRawBody })', async () => {
    const h = await harness({
      mount(app, router) {
        app.use(express.json({ verify: captureRawBody }));
        app.use('/hooks/kaby', router);
      },
    });
    const doc = await h.processedDocument();
    // Re-serialised differently from what was signed: only the captured raw bytes verify.
    const spaced = JSON.stringify(doc.event, null, 2);

    expect((await h.deliver(spaced)).status).toBe(200);
    await until('the handler', () => h.handled.length === 1);
    expect(h.handled[0]!.result).toEqual(doc.event.result);
  });

  it('answers 500 naming the fix behind a global express.json() without the hook, logging it once', async () => {
    const { logger, lines } = collectingLogger();
    const h = await harness({
      mount(app, router) {
        app.use(express.json());
        app.use('/hooks/kaby', router);
      },
      routerOptions: { logger },
    });
    const doc = await h.processedDocument();

    const first = await h.deliver(doc.body);
    const second = await h.deliver(doc.body);

    for (const answer of [first, second]) {
      expect(answer).toMatchObject({ status: 500, json: { error: { code: 'BODY_ALREADY_PARSED' } } });
      expect((answer.json as { error: { message: string } }).error.message).toContain(
        'verify: captureRawBody',
      );
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      { level: 'error', message: expect.stringContaining('mount the docbatch router before express.json()') },
    ]);
    expect(await h.docbatch.status(doc.submission.id)).toMatchObject({ counts: { submitted: 1 } });
  });

  it('acknowledges before a slow handler finishes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    let slowFinished = false;
    const h = await harness({
      handlers: (docbatch) =>
        docbatch.on('document.complete', async () => {
          slowStarted = true;
          await gate;
          slowFinished = true;
        }),
    });
    const doc = await h.processedDocument();

    // Were the 2xx to wait for handlers, this would hang until the test times out: the gate only
    // opens below.
    const answer = await h.deliver(doc.body);

    expect(answer.status).toBe(200);
    expect(slowFinished).toBe(false);
    await until('the slow handler to start', () => slowStarted);
    release();
    await until('the slow handler to finish', () => slowFinished);
  });

  it('also serves as a route handler: app.post(path, router)', async () => {
    const h = await harness({ mount: (app, router) => app.post('/hooks/kaby', router) });
    const doc = await h.processedDocument();

    expect((await h.deliver(doc.body)).status).toBe(200);
    await until('the handler', () => h.handled.length === 1);
  });

  describe('status endpoints', () => {
    // A typical host middleware, typed with Express's own types.
    const requireToken: RequestHandler = (req, res, next) => {
      if (req.get('authorization') === 'Bearer let-me-in') next();
      else res.sendStatus(401);
    };

    it('are off unless enabled: the path falls through to the host', async () => {
      const h = await harness();
      const doc = await h.processedDocument();

      const answer = await fetch(`${h.hookUrl}/submissions/${doc.submission.id}`, {
        headers: { authorization: 'Bearer let-me-in' },
      });

      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).not.toContain('application/json');
    });

    it('answer behind the host auth middleware only', async () => {
      const h = await harness({ routerOptions: { status: { auth: requireToken } } });
      const doc = await h.processedDocument();
      const statusUrl = `${h.hookUrl}/submissions/${encodeURIComponent(doc.submission.id)}`;
      const authorized = { authorization: 'Bearer let-me-in' };

      const anonymous = await fetch(statusUrl);
      const ok = await fetch(statusUrl, { headers: authorized });
      const unknown = await fetch(`${h.hookUrl}/submissions/nope`, { headers: authorized });
      const post_ = await fetch(statusUrl, { method: 'POST', headers: authorized });

      expect(anonymous.status).toBe(401);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({
        id: doc.submission.id,
        documentCount: 1,
        counts: { submitted: 1 },
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({
        error: { code: 'SUBMISSION_NOT_FOUND', message: 'no submission nope' },
      });
      expect(post_.status).toBe(405);
    });

    it('hand an auth error to the host error handler', async () => {
      const h = await harness({
        mount(app, router) {
          app.use('/hooks/kaby', router);
          app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
            res.status(403).json({ host: err.message });
          });
        },
        routerOptions: {
          status: {
            auth: async () => {
              throw new Error('no session');
            },
          },
        },
      });

      const answer = await post(`${h.hookUrl}/submissions/x`, '', {}, 'GET');

      expect(answer).toMatchObject({ status: 403, json: { host: 'no session' } });
    });

    it('cannot be enabled without an auth middleware', () => {
      const docbatch = createDocbatch({ provider: { baseUrl: sandbox.url, apiKey: sandbox.apiKey } });
      expect(() => docbatchRouter(docbatch, { status: {} as never })).toThrow(RouterConfigError);
    });
  });
});

async function post(url: string, body: string, headers: Record<string, string>, method = 'POST') {
  const response = await fetch(url, { method, body: method === 'GET' ? undefined : body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}
