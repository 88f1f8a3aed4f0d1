import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret.js';
import { signWebhook } from './webhook-signer.js';
import { WebhookVerifier } from './webhook-verifier.js';

// Interoperability with the reference `standardwebhooks` package, in both directions.
describe('Standard Webhooks interop with the standardwebhooks package', () => {
  const secret = generateWebhookSecret();
  const payload = JSON.stringify({
    event: 'document.complete',
    batch_id: 'b_1',
    doc_id: 'd_1',
    status: 'success',
  });

  it('verifies what standardwebhooks signs', () => {
    const reference = new Webhook(secret);
    const timestamp = new Date();
    const headers = {
      'webhook-id': 'msg_ref',
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': reference.sign('msg_ref', timestamp, payload),
    };
    expect(new WebhookVerifier({ secret }).verify(headers, Buffer.from(payload)).id).toBe('msg_ref');
  });

  it('produces headers standardwebhooks accepts, and standardwebhooks rejects them once tampered', () => {
    const headers = signWebhook({ secret, body: payload, id: 'msg_ours' });
    expect(new Webhook(secret).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(() => new Webhook(secret).verify(payload + ' ', headers)).toThrow();
  });

  it('agrees on a secret without the whsec_ prefix', () => {
    const bare = secret.slice('whsec_'.length);
    const headers = signWebhook({ secret: bare, body: payload });
    expect(new Webhook(secret).verify(payload, headers)).toEqual(JSON.parse(payload));
  });
});
