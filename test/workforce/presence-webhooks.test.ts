import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createWebhookSource } from '../../src/services/webhooks/sources.js';
import { signedIn, startTestServer, type TestServer } from '../server/support.js';
import { fixturePath } from '../support/sources.js';
import { zendeskHeaders } from '../support/webhooks.js';

const ZENDESK_SECRET = 'zendesk-signing-secret-of-the-presence-test';
const INTERCOM_SECRET = 'intercom-client-secret-of-the-presence-test';

let server: TestServer;
const sourceIds = { zendesk: '', intercom: '' };

async function addSource(db: DuckDbEngine, vendor: 'zendesk' | 'intercom', secret: string): Promise<string> {
  const created = await createWebhookSource(db, { vendor, secret });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.data.id;
}

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (db) => {
      sourceIds.zendesk = await addSource(db, 'zendesk', ZENDESK_SECRET);
      sourceIds.intercom = await addSource(db, 'intercom', INTERCOM_SECRET);
    },
  });
});
afterAll(() => server.stop());

/** A recorded presence payload, its times moved to `secondsAgo` before the server's clock. */
function payload(name: string, secondsAgo: number): Record<string, unknown> {
  const value = JSON.parse(readFileSync(fixturePath(`workforce-ingest/webhooks/${name}`), 'utf8'));
  const at = new Date(server.clock.now.getTime() - secondsAgo * 1000);
  if (value.type === 'notification_event') {
    value.created_at = Math.floor(at.getTime() / 1000);
    value.first_sent_at = value.created_at;
  } else {
    value.time = at.toISOString();
    value.event.updated_at = at.toISOString();
  }
  return value;
}

/** Posts a payload as the vendor does: signed, without a session. */
async function push(vendor: 'zendesk' | 'intercom', value: Record<string, unknown>): Promise<number> {
  const body = new TextEncoder().encode(JSON.stringify(value));
  const headers =
    vendor === 'zendesk'
      ? zendeskHeaders(body, ZENDESK_SECRET, server.clock.now)
      : {
          'content-type': 'application/json',
          'x-hub-signature': `sha1=${createHmac('sha1', INTERCOM_SECRET).update(body).digest('hex')}`,
        };
  const response = await fetch(`${server.url}/api/webhooks/${vendor}/${sourceIds[vendor]}`, {
    method: 'POST',
    headers,
    body,
  });
  await response.text();
  return response.status;
}

/** Polls until `check` holds, or gives up after `ms`. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface LiveAgent {
  id: string;
  state: string;
  reason: string | null;
}

describe('presence pushed by webhooks', () => {
  test('Zendesk agent availability and Intercom log-ins reach the live view of the agents', async () => {
    expect(await push('zendesk', payload('zendesk-agent-online-messaging.json', 180))).toBe(200);
    expect(await push('zendesk', payload('zendesk-agent-away-talk.json', 120))).toBe(200);
    expect(await push('intercom', payload('intercom-admin-logged-in.json', 60))).toBe(200);
    const admin = await signedIn(server.url, 'admin');
    const agents = await eventually(
      async () => ((await admin.get('/api/now')).json?.agents?.agents ?? []) as LiveAgent[],
      (list) =>
        list.some((a) => a.id === '10011' && a.state === 'paused') && list.some((a) => a.id === '5001'),
    );
    // Online on messaging, then away on talk: the agent's latest pause holds.
    expect(agents.find((a) => a.id === '10011')).toMatchObject({ state: 'paused', reason: 'away' });
    expect(agents.find((a) => a.id === '5001')).toMatchObject({ state: 'available' });
  });
});
