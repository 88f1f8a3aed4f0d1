import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@docbatch/core';
import { RouterConfigError } from './router-config.error.js';
import type { NextFn, StatusEndpointsOptions, SubmissionStatusSource } from './router-options.js';
import { sendError, sendJson } from './send-json.js';

export type StatusEndpoint = (
  req: IncomingMessage,
  res: ServerResponse,
  next: NextFn,
  encodedId: string,
) => void;

/**
 * `GET <mount>/submissions/:id` → `docbatch.status(id)`. Read-only, and always behind the host's
 * auth middleware: status reveals what a business submitted, so there is no unauthenticated mode.
 */
export function statusEndpoint(
  docbatch: Partial<SubmissionStatusSource>,
  options: StatusEndpointsOptions,
  logger: Logger,
): StatusEndpoint {
  if (typeof options.auth !== 'function') {
    throw new RouterConfigError('status endpoints need options.status.auth: the middleware that guards them');
  }
  const source = docbatch.status?.bind(docbatch);
  if (!source)
    throw new RouterConfigError('status endpoints need a docbatch instance with status(submissionId)');

  async function answer(res: ServerResponse, encodedId: string): Promise<void> {
    let id: string;
    try {
      id = decodeURIComponent(encodedId);
    } catch {
      sendError(res, 400, 'INVALID_SUBMISSION_ID', 'the submission id is not valid URL encoding');
      return;
    }
    try {
      const status = await source!(id);
      if (status == null) sendError(res, 404, 'SUBMISSION_NOT_FOUND', `no submission ${id}`);
      else sendJson(res, 200, status);
    } catch (err) {
      if (isNotFound(err)) {
        sendError(res, 404, 'SUBMISSION_NOT_FOUND', `no submission ${id}`);
        return;
      }
      logger.error('docbatch: reading submission status failed', { submissionId: id, error: err });
      sendError(res, 500, 'STATUS_UNAVAILABLE', 'the submission status could not be read');
    }
  }

  return (req, res, next, encodedId) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here`, { allow: 'GET, HEAD' });
      return;
    }
    let passed = false;
    const afterAuth: NextFn = (err) => {
      if (passed) return;
      passed = true;
      if (err !== undefined) next(err);
      else void answer(res, encodedId);
    };
    // Express 5 style auth may be async: a rejection is an auth failure for the host to handle.
    Promise.resolve()
      .then(() => options.auth(req, res, afterAuth))
      .catch((err: unknown) => afterAuth(err ?? new Error('auth middleware rejected')));
  };
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.endsWith('NOT_FOUND');
}
