import http from 'node:http';
import https from 'node:https';

export interface HttpCallOptions {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** The whole exchange, connect to last byte. */
  timeoutMs: number;
  /** Refuse response bodies larger than this. */
  maxBytes?: number;
  /**
   * Settle on the status line and drain the body unread (webhooks: the status is the answer, and a
   * receiver replying 200 with a big HTML page has still accepted the delivery).
   */
  statusOnly?: boolean;
}

export interface HttpCallResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class HttpCallError extends Error {
  constructor(
    readonly code: 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK' | 'CLOSED',
    message: string,
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

/**
 * The sandbox's outgoing HTTP (fetching documents, delivering webhooks) on node:http with its own
 * keep-alive agents, so close() can drop every connection it opened and nothing outlives the sandbox.
 */
export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;

  call(url: string, options: HttpCallOptions): Promise<HttpCallResult> {
    if (this.closed) return Promise.reject(new HttpCallError('CLOSED', 'sandbox is closed'));
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(target, {
        method: options.method,
        headers: options.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      this.inFlight.add(request);
      const fail = (error: HttpCallError) => {
        request.destroy();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new HttpCallError(
              'TIMEOUT',
              `no complete answer from ${target.origin} within ${options.timeoutMs} ms`,
            ),
          ),
        options.timeoutMs,
      );
      request.once('close', () => {
        clearTimeout(timer);
        this.inFlight.delete(request);
      });
      request.once('error', (error) =>
        fail(new HttpCallError(this.closed ? 'CLOSED' : 'NETWORK', error.message)),
      );
      request.once('response', (response) => {
        if (options.statusOnly) {
          response.resume();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.alloc(0) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (options.maxBytes !== undefined && size > options.maxBytes) {
            fail(new HttpCallError('TOO_LARGE', `response is larger than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.once('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks, size),
          }),
        );
        response.once('error', (error) => fail(new HttpCallError('NETWORK', error.message)));
      });
      request.end(options.body);
    });
  }

  close(): void {
    this.closed = true;
    for (const request of this.inFlight) request.destroy();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
