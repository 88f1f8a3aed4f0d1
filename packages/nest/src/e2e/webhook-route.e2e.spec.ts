/**
 * The webhook route in every kind of host: Nest's default parsers, `rawBody: true`,
 * `bodyParser: false`, and a global prefix. A signature only verifies over the exact bytes, so a
 * 2xx for a signed body and a 401 for a tampered one prove the route got them, whatever the host.
 */
import { Body, Controller, Module, Post, type LoggerService } from '@nestjs/common';
import { generateWebhookSecret, signWebhook } from '@docbatch/core';
import { DocbatchModule } from '@docbatch/nest';
import { bootNestHost, type HostSettings, type NestHost } from './nest-host.test-helper.js';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { body: body ?? null };
  }
}

const secret = generateWebhookSecret();

function hostModule(origin: string, prefix = '', urlPrefix = prefix) {
  @Module({
    imports: [
      DocbatchModule.forRoot({
        // Never called in this suite: nothing is submitted.
        provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' },
        webhook: { secret, url: `${origin}${urlPrefix}/hooks/kaby`, path: 'hooks/kaby' },
      }),
    ],
    controllers: [EchoController],
  })
  class HostModule {}
  return HostModule;
}

// Spaces and key order a re-serialisation would change: only the exact bytes verify.
const event = `{ "event": "document.complete", "batch_id": "bat_unknown", "doc_id": "doc_1",
  "status": "failed", "result": null, "error_code": "TIMEOUT", "processing_ms": 12 }`;

function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

const hosts: [string, HostSettings][] = [
  ["Nest's default parsers", {}],
  ['rawBody: true', { rawBody: true }],
  ['bodyParser: false', { bodyParser: false }],
  ['a global prefix', { globalPrefix: 'api' }],
  ['a global prefix and rawBody: true', { globalPrefix: 'api', rawBody: true }],
];

describe.each(hosts)('webhook route in a host with %s', (_name, settings) => {
  const prefix = settings.globalPrefix ? `/${settings.globalPrefix}` : '';
  let host: NestHost;
  let webhookUrl: string;

  beforeAll(async () => {
    host = await bootNestHost((origin) => hostModule(origin, prefix), settings);
    webhookUrl = `${host.origin}${prefix}/hooks/kaby`;
  });
  afterAll(() => host.close());

  it('accepts a correctly signed webhook', async () => {
    const res = await post(webhookUrl, event, signWebhook({ secret, body: event }));
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it('refuses a tampered body with 401', async () => {
    const headers = signWebhook({ secret, body: event });
    const res = await post(webhookUrl, event.replace('TIMEOUT', 'RATE_LIMITED'), headers);
    expect(res.status).toBe(401);
  });

  it('answers 405 to GET', async () => {
    expect((await fetch(webhookUrl)).status).toBe(405);
  });

  it("leaves the host's other routes and their body parsing alone", async () => {
    const res = await post(`${host.origin}${prefix}/echo`, '{"a":1}', {});
    expect(res.status).toBe(201);
    const expected = settings.bodyParser === false ? null : { a: 1 };
    expect(await res.json()).toEqual({ body: expected });
  });

  if (settings.globalPrefix) {
    it('serves the webhook under the prefix only', async () => {
      const res = await post(`${host.origin}/hooks/kaby`, event, signWebhook({ secret, body: event }));
      expect(res.status).toBe(404);
    });
  }
});

describe('webhook route limits', () => {
  let host: NestHost;
  beforeAll(async () => {
    host = await bootNestHost((origin) => hostModule(origin));
  });
  afterAll(() => host.close());

  it('answers 413 with a JSON error for a body over the limit, before the host parser reads it', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
    const res = await post(`${host.origin}/hooks/kaby`, big, signWebhook({ secret, body: big }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
});

describe('webhook options', () => {
  it('refuses to start when webhook has no path', async () => {
    const boot = bootNestHost(
      (origin) => {
        @Module({
          imports: [
            DocbatchModule.forRoot({
              provider: { baseUrl: 'http://127.0.0.1:9', apiKey: 'unused' },
              webhook: { secret, url: `${origin}/hooks/kaby` } as never,
            }),
          ],
        })
        class NoPathModule {}
        return NoPathModule;
      },
      { logger: { log() {}, warn() {}, error() {} } },
    );
    await expect(boot).rejects.toMatchObject({ code: 'INVALID_MODULE_OPTIONS' });
  });
});

describe('webhook.url check', () => {
  /** Collects what the app warns about. */
  function warningsLogger(): LoggerService & { warnings: string[] } {
    const warnings: string[] = [];
    return {
      warnings,
      log() {},
      error() {},
      warn: (message: unknown) => void warnings.push(String(message)),
    };
  }

  it('warns when webhook.url misses the global prefix the route is served under', async () => {
    const logger = warningsLogger();
    const host = await bootNestHost((origin) => hostModule(origin, '/api', ''), {
      globalPrefix: 'api',
      logger,
    });
    await host.close();
    expect(logger.warnings).toEqual([
      expect.stringContaining('does not point at the webhook route this app serves (/api/hooks/kaby)'),
    ]);
  });

  it('stays quiet when webhook.url points at the route', async () => {
    const logger = warningsLogger();
    const host = await bootNestHost((origin) => hostModule(origin, '/api'), { globalPrefix: 'api', logger });
    await host.close();
    expect(logger.warnings).toEqual([]);
  });
});
