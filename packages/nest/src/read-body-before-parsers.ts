import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { DEFAULT_BODY_LIMIT, captureRawBody } from '@docbatch/express';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
interface Layer {
  handle?: { name?: string };
}
interface ExpressApp {
  use(paths: string[], fn: Middleware): unknown;
  router?: { stack: Layer[] };
  _router?: { stack: Layer[] };
}

/** The names body-parser gives its middleware (Nest's own parsers included). */
const BODY_PARSERS = new Set(['jsonParser', 'urlencodedParser', 'textParser', 'rawParser']);

/**
 * Signatures cover the exact bytes, but by the time Nest runs module middleware its global
 * `express.json()` (bodyParser on, the default) has already consumed and parsed the body, and
 * kept the bytes only with `rawBody: true`. So, when such a parser is installed, a tiny reader is
 * placed right before it, for POSTs to the webhook path only: it keeps the bytes on `req.rawBody`
 * (where the docbatch router looks), and the parser then skips the spent stream. Every other route
 * keeps the host's parsing untouched; with `bodyParser: false` nothing is inserted at all, as the
 * router reads the stream itself.
 *
 * Returns whether a reader was inserted.
 */
export function readBodyBeforeParsers(app: ExpressApp, paths: string[], bodyLimit?: number): boolean {
  // Express 4 keeps its router in `_router` (reading `app.router` throws there); Express 5 in `router`.
  const stack = (app._router ?? app.router)?.stack;
  const firstParser = stack?.findIndex((layer) => BODY_PARSERS.has(layer.handle?.name ?? '')) ?? -1;
  if (!stack || firstParser === -1) return false;

  const read = express.raw({
    type: () => true,
    limit: bodyLimit ?? DEFAULT_BODY_LIMIT,
    inflate: false, // signed bytes are the bytes on the wire
    verify: captureRawBody,
  }) as unknown as Middleware;
  const reader: Middleware = (req, res, next) => {
    // Mounted like the router (`use(path)`), so `req.url` is what is left below the path: only the
    // webhook itself ('/') is read, sub-paths that may belong to the host are left alone.
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') return next();
    read(req, res, (error?: unknown) => (error ? refuse(res, error) : next()));
  };

  const end = stack.length;
  app.use(paths, reader);
  stack.splice(firstParser, 0, ...stack.splice(end));
  return true;
}

/** body-parser's errors (413 too large, 400 aborted) answered as the router answers its own. */
function refuse(res: ServerResponse, error: unknown): void {
  const { status = 400, type, message } = error as { status?: number; type?: string; message?: string };
  const code = type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'INVALID_BODY';
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { code, message: message ?? 'the request body could not be read' } }));
}
