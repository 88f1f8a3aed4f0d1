import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@docbatch/core';

/** Express's `next`, as both Express 4 and 5 call it. */
export type NextFn = (err?: unknown) => void;

/**
 * What `docbatchRouter` returns: a plain `(req, res, next)` middleware. It is typed on Node's own
 * request/response so it mounts in Express 4 and 5 (and in anything connect-like) without tying
 * the host to one version of `@types/express`.
 */
export type DocbatchRouter = (req: IncomingMessage, res: ServerResponse, next: NextFn) => void;

/**
 * Turns the status endpoints on. `auth` is the host's own middleware guarding them: it calls
 * `next()` to let a request through, or answers (401/403) itself. Declared with method syntax on
 * purpose: method parameters are checked bivariantly, so an Express `RequestHandler` (typed on
 * Express's `Request`/`Response`) is accepted as is.
 */
export interface StatusEndpointsOptions {
  auth(req: IncomingMessage, res: ServerResponse, next: NextFn): unknown;
}

/** The read side the optional status endpoints use (`Docbatch.status`). */
export interface SubmissionStatusSource {
  status(submissionId: string): Promise<unknown>;
}

export interface DocbatchRouterOptions {
  /** Largest webhook body accepted, in bytes; larger ones get 413. Default 1 MiB. */
  bodyLimit?: number;
  /** Enables `GET <mount>/submissions/:id` (read-only submission status), always behind `auth`. */
  status?: StatusEndpointsOptions;
  /** Where misconfiguration and receiver failures are reported. Default: console. */
  logger?: Logger;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
