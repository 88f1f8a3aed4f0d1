import type { IncomingMessage } from 'node:http';
import { WebhookRequestError } from './webhook-request.error.js';

/**
 * Reads the whole request body into one Buffer, refusing more than `limit` bytes.
 *
 * Past the limit nothing more is kept, but the rest is still read and dropped before rejecting:
 * answering 413 while the client is still writing makes most clients see a reset connection
 * instead of the 413 (finalhandler does the same for body-parser). The server's requestTimeout
 * bounds how long a client can keep that up.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let tooLarge = declared > limit;
    let received = 0;
    const chunks: Buffer[] = [];

    const onData = (chunk: Buffer) => {
      if (tooLarge) return;
      received += chunk.length;
      if (received > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      if (tooLarge) {
        reject(
          new WebhookRequestError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds the ${limit}-byte limit`),
        );
      } else {
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
      }
    };
    // A client that disconnects mid-body makes Node emit 'error' (ECONNRESET "aborted") and/or
    // 'close' before 'end'; either way the bytes are incomplete and must never reach the engine.
    const onAborted = () => {
      cleanup();
      reject(
        new WebhookRequestError(
          400,
          'REQUEST_ABORTED',
          'the client closed the connection before the body was complete',
        ),
      );
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('close', onAborted);
    };

    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onAborted);
    req.once('close', onAborted);
  });
}
