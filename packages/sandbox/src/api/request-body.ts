import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

/**
 * Buffers a request body, refusing it with 413 as soon as it grows past `limit` (before it is all
 * read: a client streaming 5 GB does not make the sandbox hold 5 GB). The rest of a refused body is
 * read and thrown away rather than the socket destroyed: a client still writing would otherwise get
 * EPIPE/ECONNRESET instead of the 413 (the router answers with `connection: close`).
 */
export function readRequestBody(request: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(what, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge(what, limit));
      } else chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks, size)));
    request.once('error', reject);
    // A client that hangs up mid-body: nothing to answer, but the handler must not wait forever.
    request.once('close', () => {
      if (!request.complete)
        reject(new ApiError(400, 'REQUEST_ABORTED', `${what} was cut short by the client`));
    });
  });
}

function tooLarge(what: string, limit: number): ApiError {
  return new ApiError(413, 'PAYLOAD_TOO_LARGE', `${what} is larger than ${limit} bytes`);
}

export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError(400, 'INVALID_JSON', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** The media type of a request without its parameters, lower-cased. */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}
