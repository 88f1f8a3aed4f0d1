import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request on which a body parser has kept the exact bytes (this helper, or Nest's `rawBody: true`). */
export type RequestWithRawBody = IncomingMessage & { rawBody?: unknown };

/**
 * `verify` hook for a host-wide body parser, so a global `express.json()` and docbatch coexist:
 *
 *   app.use(express.json({ verify: captureRawBody }));
 *
 * body-parser calls it with the exact bytes before parsing; they are kept on `req.rawBody`
 * (the property Nest also uses), where the docbatch router finds them once the stream is spent.
 */
export function captureRawBody(req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  (req as RequestWithRawBody).rawBody = buf;
}

/** The bytes a host parser kept for this request, if any. */
export function capturedRawBody(req: IncomingMessage): Uint8Array | undefined {
  const raw = (req as RequestWithRawBody).rawBody;
  return raw instanceof Uint8Array ? raw : undefined;
}

/**
 * True when something before the router already read the body stream (a host body parser):
 * body-parser 1.x marks `req._body`; 2.x leaves the stream finished.
 */
export function bodyAlreadyRead(req: IncomingMessage): boolean {
  return req.readableEnded || (req.complete && !req.readable) || (req as { _body?: unknown })._body === true;
}
