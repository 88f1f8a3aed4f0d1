import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';

/**
 * Buffers a request body, refusing it with 413 as soon as it grows past `limit` (before it is all
 * read: a client streaming 5 GB does not make the sandbox hold 5 GB).
 */
export async function readRequestBody(
  request: IncomingMessage,
  limit: number,
  what: string,
): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) throw tooLarge(what, limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(what, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
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
