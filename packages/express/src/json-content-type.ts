import type { IncomingMessage } from 'node:http';
import { WebhookRequestError } from './webhook-request.error.js';

/**
 * Webhooks are JSON signed over their exact bytes, so the router accepts only an uncompressed
 * JSON body in UTF-8: any other type, charset or encoding would have to be transformed before
 * verification, and then the signature no longer covers what the engine parses.
 */
export function assertJsonBody(req: IncomingMessage): void {
  const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  if (type !== 'application/json' && !(type.startsWith('application/') && type.endsWith('+json'))) {
    throw unsupported(`content-type must be application/json, got ${type ? `"${type}"` : 'none'}`);
  }
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw unsupported(`charset must be utf-8, got "${charset}"`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    throw unsupported(`content-encoding "${encoding}" is not accepted; send the body uncompressed`);
  }
}

function unsupported(message: string): WebhookRequestError {
  return new WebhookRequestError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
}
