import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, WebhookReceiver } from '@docbatch/core';
import { bodyAlreadyRead, capturedRawBody } from './capture-raw-body.js';
import { assertJsonBody } from './json-content-type.js';
import { readRawBody } from './read-raw-body.js';
import { RouterConfigError } from './router-config.error.js';
import {
  DEFAULT_BODY_LIMIT,
  type DocbatchRouter,
  type DocbatchRouterOptions,
  type SubmissionStatusSource,
} from './router-options.js';
import { sendError, sendJson } from './send-json.js';
import { statusEndpoint } from './status-endpoint.js';
import { WebhookRequestError } from './webhook-request.error.js';

const PARSED_BODY_FIX =
  'a body parser mounted before the docbatch router already consumed the webhook body, so the exact ' +
  'bytes its signature covers are gone. Fix: mount the docbatch router before express.json(), or ' +
  "give the parser docbatch's hook: app.use(express.json({ verify: captureRawBody })) with " +
  "captureRawBody from '@docbatch/express'.";

const SUBMISSION_PATH = /^\/submissions\/([^/]+)\/?$/;

/**
 * The webhook endpoint (and optional status endpoints) for an Express 4 or 5 app:
 *
 *   app.use('/hooks/kaby', docbatchRouter(docbatch));
 *
 * POST on the mount path hands the exact body bytes and headers to `docbatch.receiveWebhook` and
 * answers with what it returns. The router reads the body itself, so it never depends on the
 * host's parsers, and uses only Node's request/response API, so it behaves the same in Express 4
 * and 5. Any other path under the mount is passed on with `next()`.
 */
export function docbatchRouter(
  docbatch: WebhookReceiver & Partial<SubmissionStatusSource>,
  options: DocbatchRouterOptions = {},
): DocbatchRouter {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isSafeInteger(bodyLimit) || bodyLimit <= 0) {
    throw new RouterConfigError(
      `bodyLimit must be a positive number of bytes, got ${String(options.bodyLimit)}`,
    );
  }
  const logger = options.logger ?? consoleLogger;
  const status = options.status && statusEndpoint(docbatch, options.status, logger);
  let parsedBodyReported = false;

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') {
        throw new WebhookRequestError(
          405,
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed here; webhooks are POSTed`,
        );
      }
      assertJsonBody(req);
      const rawBody = await rawBodyOf(req, bodyLimit);
      const answer = await docbatch.receiveWebhook({ headers: req.headers, rawBody });
      sendJson(res, answer.status, answer.body, answer.headers);
    } catch (err) {
      if (!(err instanceof WebhookRequestError)) {
        // The engine answers its own failures (503 when the store is down); reaching here is a
        // bug or an unexpected throw. 5xx makes the provider deliver again, so nothing is lost.
        logger.error('docbatch: receiving a webhook failed', { error: err });
        sendError(
          res,
          500,
          'WEBHOOK_RECEIVE_FAILED',
          'the webhook could not be recorded; deliver it again later',
        );
        return;
      }
      if (err.code === 'BODY_ALREADY_PARSED' && !parsedBodyReported) {
        parsedBodyReported = true; // every such request fails the same way; say how to fix it once
        logger.error(`docbatch: ${PARSED_BODY_FIX}`);
      }
      if (err.code === 'REQUEST_ABORTED') logger.debug('docbatch: webhook request aborted by the client');
      const headers: Record<string, string> = err.status === 405 ? { allow: 'POST' } : {};
      sendError(res, err.status, err.code, err.message, headers);
    }
  }

  return function docbatchRouterMiddleware(req, res, next) {
    // Mounted as a route handler (app.post('/hooks/kaby', router)) req.url is the full path;
    // Express sets req.route only then, and the request can only be the webhook itself.
    const path = (req as { route?: unknown }).route ? '/' : pathOf(req.url);
    if (path === '/') {
      void receive(req, res);
      return;
    }
    const match = status && SUBMISSION_PATH.exec(path);
    if (status && match) status(req, res, next, match[1]!);
    else next();
  };
}

/** The webhook's exact bytes: kept by a host parser's captureRawBody, else read here. */
async function rawBodyOf(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const captured = capturedRawBody(req);
  if (captured) {
    if (captured.byteLength > limit) {
      throw new WebhookRequestError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds the ${limit}-byte limit`);
    }
    return captured;
  }
  if (bodyAlreadyRead(req)) throw new WebhookRequestError(500, 'BODY_ALREADY_PARSED', PARSED_BODY_FIX);
  return readRawBody(req, limit);
}

function pathOf(url = '/'): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

const consoleLogger: Logger = {
  debug: () => {},
  info: (message, fields) => console.info(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};
