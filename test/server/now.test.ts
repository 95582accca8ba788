/**
 * GET /api/now and its event stream on a real server, over a morning of a team (test/support/
 * now-data.ts) with the server's clock at that morning.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { NOW, writeNowFiles } from '../support/now-data.js';
import { Client, type Person, signedIn, startTestServer, type TestServer } from './support.js';

let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const files = join(dir, 'now');
      await mkdir(files);
      await writeNowFiles(files);
      const result = await importFiles(db, [files]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
    },
  });
  ts.clock.now = NOW;
});

afterAll(async () => {
  await ts?.stop();
});

/** The `now` events of an open stream, read as they come. */
class EventReader {
  private text = '';
  private readonly decoder = new TextDecoder();
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The data of every `now` event so far, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: the views are inspected freely
  views(): any[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.startsWith('event: now\n'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)));
  }

  /** Reads until `until` holds of the views; fails when the stream ends first. */
  // biome-ignore lint/suspicious/noExplicitAny: the views are inspected freely
  async until(until: (views: any[]) => boolean): Promise<any[]> {
    while (!until(this.views())) {
      const { value, done } = await this.reader.read();
      if (done) throw new Error(`the stream ended after: ${this.text}`);
      this.text += this.decoder.decode(value, { stream: true });
    }
    return this.views();
  }
}

async function openStream(client: Client, stop: AbortController) {
  const response = await client.fetch(`${ts.url}/api/now/events`, { signal: stop.signal });
  return response;
}

async function as(person: Person): Promise<Client> {
  return signedIn(ts.url, person);
}

describe('GET /api/now', () => {
  test('gives a manager the team’s view as of the server’s clock', async () => {
    const manager = await as('manager');
    const reply = await manager.get('/api/now');
    expect(reply.status).toBe(200);
    const view = reply.json;
    expect(view).toMatchObject({ asOf: NOW.toISOString(), timezone: 'UTC', scope: 'team' });
    expect(view.contacts.awaitingFirstReply).toMatchObject({ count: 7, pastTarget: 5 });
    expect(view.contacts.unassigned.count).toBe(5);
    expect(view.agents.counts).toEqual({ available: 1, paused: 1, offline: 1 });
    expect(view.queues).toMatchObject({ waiting: 3, longestWaitSeconds: 600 });
    expect(view.created.today.count).toBe(10);
    expect(view.serviceLevel).toMatchObject({ value: 0.5, n: 2 });
  });

  test('gives an agent their own work only, and no colleague’s name or figure', async () => {
    const ann = await as('ann');
    const reply = await ann.get('/api/now');
    expect(reply.status).toBe(200);
    const view = reply.json;
    expect(view.scope).toBe('own');
    expect(view.contacts.open.oldest.map((c: { key: string }) => c.key)).toEqual([
      'helpdesk|e2',
      'helpdesk|c1',
    ]);
    for (const c of view.contacts.open.oldest) expect(c.assigneeId).toBe('ann');
    expect(view.contacts.unassigned).toBeNull();
    expect(view.agents.counts).toBeNull();
    expect(view.agents.agents.map((a: { id: string }) => a.id)).toEqual(['ann']);
    // The team's one answered call was Bob's.
    expect(view.serviceLevel).toMatchObject({ value: null, withheld: true });
    for (const colleague of ['bob', 'Bob', 'cid', 'Cid']) expect(reply.text).not.toContain(colleague);
  });

  test('gives a viewer the counts without naming a contact', async () => {
    const viewer = await as('viewer');
    const view = (await viewer.get('/api/now')).json;
    expect(view.contacts.open).toMatchObject({ count: 8, oldest: [] });
    expect(view.contacts.awaitingFirstReply.oldest).toEqual([]);
    expect(view.queues).toMatchObject({ waiting: 3, oldest: [] });
  });

  test('is refused to someone not signed in', async () => {
    expect((await new Client(ts.url).get('/api/now')).status).toBe(401);
    expect((await new Client(ts.url).get('/api/now/events')).status).toBe(401);
  });
});

describe('GET /api/now/events', () => {
  test('sends the view at once and again after an import through the server', async () => {
    const manager = await as('manager');
    const stop = new AbortController();
    try {
      const response = await openStream(manager, stop);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      if (!response.body) throw new Error('no body');
      const events = new EventReader(response.body.getReader());
      const [first] = await events.until((views) => views.length >= 1);
      expect(first.agents.counts).toEqual({ available: 1, paused: 1, offline: 1 });

      // Dan logs in before now; the import goes through the running server.
      const admin = await as('admin');
      const form = new FormData();
      form.append(
        'files',
        new Blob([
          'source,external_id,agent_id,status,occurred_at,queue,reason\nasterisk,d0,dan,login,2026-03-10T09:25:00Z,,\n',
        ]),
        'agent_status_events.csv',
      );
      const sent = await admin.fetch(`${ts.url}/api/imports`, { method: 'POST', body: form });
      expect(sent.status).toBe(202);

      // The change, not the refresh every 30 s, brings it: the stream is given up well before that.
      const giveUp = setTimeout(() => stop.abort(), 15_000);
      const views = await events.until((all) => all.some((v) => v.agents.counts?.available === 2));
      clearTimeout(giveUp);
      const updated = views.find((v) => v.agents.counts?.available === 2);
      expect(updated.agents.agents.map((a: { id: string }) => a.id)).toContain('dan');
    } finally {
      stop.abort();
    }
  });

  test('streams an agent their own view', async () => {
    const ann = await as('ann');
    const stop = new AbortController();
    try {
      const response = await openStream(ann, stop);
      if (!response.body) throw new Error('no body');
      const [first] = await new EventReader(response.body.getReader()).until((views) => views.length >= 1);
      expect(first.scope).toBe('own');
      expect(first.agents.agents.map((a: { id: string }) => a.id)).toEqual(['ann']);
    } finally {
      stop.abort();
    }
  });

  test('ends the stream once its user signed out', async () => {
    const viewer = await as('viewer');
    const stop = new AbortController();
    try {
      const response = await openStream(viewer, stop);
      if (!response.body) throw new Error('no body');
      const events = new EventReader(response.body.getReader());
      await events.until((views) => views.length >= 1);
      expect((await viewer.post('/api/auth/logout')).status).toBeLessThan(300);
      // Bring the next view on: its session is checked first, and it is gone.
      const admin = await as('admin');
      const form = new FormData();
      form.append(
        'files',
        new Blob([
          'source,external_id,agent_id,status,occurred_at,queue,reason\nasterisk,d9,cid,pause,2026-03-10T09:26:00Z,,\n',
        ]),
        'agent_status_events.csv',
      );
      expect((await admin.fetch(`${ts.url}/api/imports`, { method: 'POST', body: form })).status).toBe(202);
      await expect(events.until(() => false)).rejects.toThrow(/the stream ended/);
    } finally {
      stop.abort();
    }
  });

  test('refuses a user more open streams than the limit, and takes one again once one closed', async () => {
    const bob = await as('bob');
    const stops = [0, 1, 2, 3].map(() => new AbortController());
    try {
      for (const stop of stops) expect((await openStream(bob, stop)).status).toBe(200);
      const refused = await bob.get('/api/now/events');
      expect(refused.status).toBe(429);
      expect(refused.json.detail).toMatch(/at most 4 open Now streams/);
      // Another user is not held back by bob's streams.
      const manager = await as('manager');
      const other = new AbortController();
      expect((await openStream(manager, other)).status).toBe(200);
      other.abort();
      stops[0]?.abort();
      // The server counts a stream out once it sees its connection close.
      let status = 429;
      for (let tries = 0; status === 429 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const stop = new AbortController();
        stops.push(stop);
        status = (await openStream(bob, stop)).status;
      }
      expect(status).toBe(200);
    } finally {
      for (const stop of stops) stop.abort();
    }
  });
});
