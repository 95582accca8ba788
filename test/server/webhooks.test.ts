import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createWebhookSource } from '../../src/services/webhooks/sources.js';
import { chatwootHeaders, webhookFixture, zendeskHeaders } from '../support/webhooks.js';
import { Client, signedIn, startTestServer, type TestServer } from './support.js';

const ZENDESK_SECRET = 'zendesk-signing-secret-of-the-test';
const CHATWOOT_SECRET = 'chatwoot-webhook-secret-of-the-test';

let server: TestServer;
let zendeskId = '';
let chatwootId = '';

async function addSource(db: DuckDbEngine, vendor: 'zendesk' | 'chatwoot', secret: string): Promise<string> {
  const created = await createWebhookSource(db, { vendor, secret });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.data.id;
}

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (db) => {
      zendeskId = await addSource(db, 'zendesk', ZENDESK_SECRET);
      chatwootId = await addSource(db, 'chatwoot', CHATWOOT_SECRET);
    },
  });
});
afterAll(() => server.stop());

/** Posts a recorded payload as the vendor does: its bytes and headers, no session, no CSRF token. */
async function pushBytes(
  vendor: 'zendesk' | 'chatwoot',
  name: string,
  options: { secret?: string; at?: Date; sourceId?: string; contentType?: string } = {},
) {
  const body = webhookFixture(vendor, name);
  const at = options.at ?? server.clock.now;
  const headers =
    vendor === 'zendesk'
      ? zendeskHeaders(body, options.secret ?? ZENDESK_SECRET, at)
      : chatwootHeaders(body, options.secret ?? CHATWOOT_SECRET, at);
  if (options.contentType) headers['content-type'] = options.contentType;
  const sourceId = options.sourceId ?? (vendor === 'zendesk' ? zendeskId : chatwootId);
  const response = await fetch(`${server.url}/api/webhooks/${vendor}/${sourceId}`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : JSON.parse(text) };
}

/** Polls until `check` holds, or fails after `ms`. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhook requests', () => {
  test('a signed event is acknowledged once stored, without a session, whatever its content type', async () => {
    const first = await pushBytes('zendesk', 'ticket-created.json');
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accepted: 1, repeated: 0 });
    const plain = await pushBytes('zendesk', 'comment-added-customer.json', { contentType: 'text/plain' });
    expect(plain).toMatchObject({ status: 200, json: { accepted: 1, repeated: 0 } });
  });

  test('a replayed event within the time window is acknowledged and stored once', async () => {
    const first = await pushBytes('chatwoot', 'conversation-created.json');
    const again = await pushBytes('chatwoot', 'conversation-created.json');
    expect(first.json).toEqual({ accepted: 1, repeated: 0 });
    expect(again).toMatchObject({ status: 200, json: { accepted: 0, repeated: 1 } });
  });

  test('a wrong secret or an expired signature is refused with 401 and why', async () => {
    const wrong = await pushBytes('zendesk', 'status-changed.json', { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.detail).toBe(
      'X-Zendesk-Webhook-Signature does not match the timestamp and body signed with the secret',
    );
    const expired = await pushBytes('chatwoot', 'message-created-incoming.json', {
      at: new Date(server.clock.now.getTime() - 10 * 60_000),
    });
    expect(expired.status).toBe(401);
    expect(expired.json.detail).toMatch(/^signed at .*, 60[01] s ago: more than 5 minutes$/);
    const unknown = await pushBytes('zendesk', 'status-changed.json', { sourceId: 'no-such-source' });
    expect(unknown.status).toBe(404);
    const otherVendor = await pushBytes('zendesk', 'status-changed.json', { sourceId: chatwootId });
    expect(otherVendor.status).toBe(404);
  });

  test('a signed body too deeply nested to store is a 400 of its own; the event sent with it is stored', async () => {
    const text = Buffer.from(webhookFixture('zendesk', 'status-changed.json')).toString('utf8');
    const levels = 200_000;
    const bodies = {
      deep: `{"nested":${'['.repeat(levels)}${']'.repeat(levels)},${text.slice(text.indexOf('{') + 1)}`,
      // The same event the indicators test below sends again: stored once, whichever comes first.
      good: text,
    };
    const [deep, good] = await Promise.all(
      [bodies.deep, bodies.good].map(async (body) => {
        const bytes = new TextEncoder().encode(body);
        const response = await fetch(`${server.url}/api/webhooks/zendesk/${zendeskId}`, {
          method: 'POST',
          headers: zendeskHeaders(bytes, ZENDESK_SECRET, server.clock.now),
          body: bytes,
        });
        return {
          status: response.status,
          json: (await response.json()) as { detail?: string; accepted?: number; repeated?: number },
        };
      }),
    );
    expect(deep?.status).toBe(400);
    expect(deep?.json.detail).toMatch(/cannot be stored as JSON: it nests too deeply or is too large$/);
    expect(good?.status).toBe(200);
    expect((good?.json.accepted ?? 0) + (good?.json.repeated ?? 0)).toBe(1);
  });

  test('the events are converted and visible in the indicators', async () => {
    for (const name of ['agent-assignment-changed.json', 'comment-added-agent.json', 'status-changed.json'])
      expect((await pushBytes('zendesk', name)).status).toBe(200);
    const admin = await signedIn(server.url, 'admin');
    const query = {
      kpis: ['contacts_created', 'contacts_resolved'],
      from: '2024-06-03',
      to: '2024-06-04',
      timezone: 'UTC',
    };
    const figures = await eventually(
      async () => (await admin.post('/api/kpi/query', query)).json,
      (reply) => reply?.rows?.[0]?.contacts_resolved?.value === 1,
    );
    expect(figures.rows[0].contacts_created).toMatchObject({ value: 1, n: 1 });
    expect(figures.rows[0].contacts_resolved).toMatchObject({ value: 1, n: 1 });
  });
});

describe('webhook sources', () => {
  test('an admin sees each source with its address, last outcome and counts', async () => {
    const admin = await signedIn(server.url, 'admin');
    const reply = await admin.get('/api/webhooks');
    expect(reply.status).toBe(200);
    const zendesk = reply.json.sources.find((s: { id: string }) => s.id === zendeskId);
    expect(zendesk).toMatchObject({
      vendor: 'zendesk',
      source: 'zendesk',
      url: `${server.url}/api/webhooks/zendesk/${zendeskId}`,
      lastOutcome: expect.stringMatching(/^(accepted|refused)$/),
    });
    expect(zendesk.eventsAccepted).toBeGreaterThan(0);
    expect(zendesk).not.toHaveProperty('secret');
    expect(reply.json.vendors.map((v: { name: string }) => v.name)).toEqual([
      'zendesk',
      'chatwoot',
      'intercom',
      'freshdesk',
    ]);
    for (const person of ['manager', 'ann', 'viewer'] as const)
      expect((await (await signedIn(server.url, person)).get('/api/webhooks')).status).toBe(403);
  });

  test('a source is created, its secret shown once, replaced, and removed; each change audited', async () => {
    const admin = await signedIn(server.url, 'admin');
    const created = await admin.post('/api/webhooks', { vendor: 'freshdesk' });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const id = created.json.id as string;
    const listed = (await admin.get('/api/webhooks')).json.sources.find((s: { id: string }) => s.id === id);
    expect(listed).not.toHaveProperty('secret');
    const vendorsOwn = await admin.post(`/api/webhooks/${id}/secret`, { secret: 'the-vendors-own-secret' });
    expect(vendorsOwn.status).toBe(200);
    expect(vendorsOwn.json).not.toHaveProperty('secret');
    const made = await admin.post(`/api/webhooks/${id}/secret`, {});
    expect(made.json.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.json.secret).not.toBe(created.json.secret);
    expect((await admin.delete(`/api/webhooks/${id}`)).status).toBe(200);
    expect((await admin.delete(`/api/webhooks/${id}`)).status).toBe(404);
    const audit = await admin.get('/api/audit');
    const actions = audit.json.rows
      .filter((e: { target: string | null }) => e.target === id)
      .map((e: { action: string }) => e.action);
    expect(actions.sort()).toEqual(['webhook.create', 'webhook.delete', 'webhook.secret', 'webhook.secret']);
    expect(JSON.stringify(audit.json)).not.toContain(created.json.secret);
  });

  test('a source cannot be set up without a session and its CSRF token', async () => {
    const anonymous = new Client(server.url);
    expect((await anonymous.post('/api/webhooks', { vendor: 'zendesk' })).status).toBe(401);
    const admin = await signedIn(server.url, 'admin');
    const noCsrf = await admin.post('/api/webhooks', { vendor: 'zendesk' }, { 'x-csrf-token': 'wrong' });
    expect(noCsrf.status).toBe(403);
  });
});

describe('refused webhook requests', () => {
  test('an address sending many refused requests is answered 429 for a while', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (await pushBytes('chatwoot', 'message-created-outgoing.json', { secret: 'wrong' })).status;
    expect(last).toBe(429);
    const valid = await pushBytes('chatwoot', 'message-created-outgoing.json');
    expect(valid.status).toBe(429);
    expect(Number(valid.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
