import { readFileSync } from 'node:fs';
import { chatwootSignature } from '../../src/ingest/webhooks/chatwoot.js';
import type { WebhookRequest } from '../../src/ingest/webhooks/vendor.js';
import { zendeskSignature } from '../../src/ingest/webhooks/zendesk.js';
import { fixturePath } from './sources.js';

/** The bytes of a recorded payload in test/fixtures/webhooks/, exactly as stored. */
export function webhookFixture(vendor: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(`webhooks/${vendor}/${name}`)));
}

/** The headers Zendesk sends with `body`, signed with `secret` at `at`. */
export function zendeskHeaders(body: Uint8Array, secret: string, at: Date): Record<string, string> {
  const timestamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-id': '01HWEBHOOKTEST0000000000000',
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': zendeskSignature(secret, timestamp, body),
  };
}

/** The headers Chatwoot sends with `body`, signed with `secret` at `at`. */
export function chatwootHeaders(body: Uint8Array, secret: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    'content-type': 'application/json',
    'x-chatwoot-timestamp': timestamp,
    'x-chatwoot-signature': chatwootSignature(secret, timestamp, body),
    'x-chatwoot-delivery': '5c2b1a0e-3d4f-4e6a-8b7c-9d0e1f2a3b4c',
  };
}

/** A request as the intake sees it. */
export function webhookRequest(
  body: Uint8Array,
  headers: Record<string, string>,
  url = 'http://127.0.0.1/',
): WebhookRequest {
  return { body, headers: new Headers(headers), url };
}
