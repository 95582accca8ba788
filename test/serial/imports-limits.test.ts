/**
 * What bounds an import through the running server: who may keep following one (the caller is
 * asked again while the events stream), and how many uploads and waiting imports the server takes
 * at once (each may hold up to the upload limit on disk).
 */
import { openAsBlob } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { type ClientRequest, request as httpRequest } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_IMPORTS_WAITING, MAX_UPLOADS_IN_FLIGHT } from '../../src/server/imports/handlers.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';
import { FIXTURES } from '../support/engines.js';

/** Enough contacts for an import of several seconds: what is sent behind it waits meanwhile. */
const BIG_CONTACTS = 20_000;

let server: TestServer;
let admin: Client;
let bigFiles: string;

beforeAll(async () => {
  server = await startTestServer({
    prepare: async (_db, dir) => {
      bigFiles = join(dir, 'big');
      await writeDemoFiles(bigFiles, { contacts: BIG_CONTACTS, seed: 2 });
    },
  });
  admin = await signedIn(server.url, 'admin');
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

async function bigForm(): Promise<FormData> {
  const form = new FormData();
  for (const name of (await readdir(bigFiles)).sort())
    form.append('files', await openAsBlob(join(bigFiles, name)), name);
  return form;
}

/**
 * The small helpdesk's contacts and events again, which the server already holds: an import of a
 * second or two. Its calendars are left out: writing a calendar rebuilds every fact (several
 * seconds over the big import's contacts), and ten of those would only make the test wait.
 */
async function smallForm(): Promise<FormData> {
  const dir = join(FIXTURES, 'small-helpdesk');
  const form = new FormData();
  for (const name of ['contact_events.csv', 'contacts.csv'])
    form.append('files', new Blob([await readFile(join(dir, name))]), name);
  return form;
}

async function send(client: Client, form: FormData): Promise<{ status: number; id: string }> {
  const sent = await client.fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
  const body = (await sent.json()) as { id: string };
  return { status: sent.status, id: body.id };
}

/** Waits until every import sent has finished, so that the next test starts with none queued. */
async function allFinished(): Promise<void> {
  for (;;) {
    const list = await admin.get('/api/imports');
    if (list.json.imports.every((j: { finishedAt: string | null }) => j.finishedAt !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** An upload the server refuses once it has counted it in: a multipart body without its boundary. */
async function probe(): Promise<Response> {
  const reply = await admin.fetch(`${server.url}/api/imports`, {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data' },
    body: 'x',
  });
  return reply;
}

/** The whole text of an event stream, read until the server ends it. */
async function streamText(
  client: Client,
  id: string,
): Promise<{ opened: Promise<void>; text: Promise<string> }> {
  const response = await client.fetch(`${server.url}/api/imports/${id}/events`);
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let seen = '';
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  const text = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return seen;
      seen += decoder.decode(value, { stream: true });
      if (seen.includes('event: state')) markOpened();
    }
  })();
  return { opened, text };
}

describe('following an import', () => {
  test('the stream ends once its caller signed out or was demoted; another session keeps it', async () => {
    const first = await send(admin, await bigForm());
    const second = await send(admin, await bigForm());
    expect([first.status, second.status]).toEqual([202, 202]);
    const leaving = await signedIn(server.url, 'manager');
    const staying = await signedIn(server.url, 'manager');
    const left = await streamText(leaving, second.id);
    const stayed = await streamText(staying, second.id);
    await Promise.all([left.opened, stayed.opened]);

    expect((await leaving.post('/api/auth/logout')).status).toBeLessThan(300);
    const leftText = await left.text;
    expect(leftText).toMatch(/event: state\n/);
    // Ended by the sign-out, at the next check, or at the latest when the import ends: the outcome,
    // which names rows and records, is asked for again and never sent to a caller who left.
    expect(leftText).not.toMatch(/event: (result|failed)\n/);

    const users = await admin.get('/api/users');
    const manager = users.json.users.find((u: { email: string }) => u.email === 'manager@example.com');
    const demoted = await admin.patch(`/api/users/${manager.id}`, { role: 'viewer', agentId: null });
    expect(demoted.status).toBe(200);
    const stayedText = await stayed.text;
    expect(stayedText).not.toMatch(/event: (result|failed)\n/);

    // The admin's own stream runs to the result.
    const own = await streamText(admin, second.id);
    expect(await own.text).toMatch(/event: result\n/);
    await allFinished();
    expect((await admin.patch(`/api/users/${manager.id}`, { role: 'manager' })).status).toBe(200);
  }, 300_000);
});

describe('bounds on uploads and waiting imports', () => {
  test(`at most ${MAX_UPLOADS_IN_FLIGHT} uploads are received at once: the next is refused with 429 and Retry-After`, async () => {
    // Bodies that never end: the uploads stay in flight until their requests are destroyed. A probe
    // is counted in flight too while the server refuses it, so an upload arriving just then is
    // refused with 429 like any other: it is sent again. Anything else that becomes of one is kept,
    // or a wait for the count would end in a bare timeout.
    const stalled: ClientRequest[] = [];
    const unexpected: string[] = [];
    let ending = false;
    const sendStalled = (index: number) => {
      const request = httpRequest(`${server.url}/api/imports?name=contacts.csv`, {
        // A connection of its own: a kept-alive socket of the shared agent may be one an earlier
        // server on the same port left, and the request would die on it unseen.
        agent: false,
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          cookie: admin.cookie ?? '',
          'x-csrf-token': admin.csrf ?? '',
        },
      });
      request.on('response', (response) => {
        response.resume();
        if (response.statusCode === 429 && !ending) sendStalled(index);
        else unexpected.push(`upload ${index} answered ${response.statusCode}`);
      });
      request.on('error', (error) => {
        if (!ending) unexpected.push(`upload ${index} failed: ${error.message}`);
      });
      request.write('source,id,channel\n');
      stalled[index] = request;
    };
    for (let index = 0; index < MAX_UPLOADS_IN_FLIGHT; index++) sendStalled(index);
    try {
      // The server takes them in when it gets to them: ask until it counts them both. The probe is
      // refused after the count is checked but before anything is stored (a multipart body without
      // its boundary), so probing starts no import and waits for none. Probes go one at a time: a
      // probe refused with 429 saw the stalled uploads, and only them, in flight.
      let refused: Response | null = null;
      const giveUpAt = Date.now() + 90_000;
      while (refused === null && Date.now() < giveUpAt && unexpected.length === 0) {
        const reply = await probe();
        if (reply.status === 429) refused = reply;
        else {
          expect(reply.status).toBe(400);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(unexpected).toEqual([]);
      expect(refused?.status).toBe(429);
      expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
      const problem = (await refused?.json()) as { detail: string };
      expect(problem.detail).toMatch(/uploads are being received, the most this server takes at once/);
    } finally {
      ending = true;
      for (const request of stalled) request.destroy();
    }
    // Their places are free again.
    let freed = false;
    const freedBy = Date.now() + 60_000;
    while (!freed && Date.now() < freedBy) {
      const reply = await probe();
      if (reply.status === 400) freed = true;
      else {
        expect(reply.status).toBe(429);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(freed).toBe(true);
    expect((await send(admin, await smallForm())).status).toBe(202);
    await allFinished();
  }, 300_000);

  test(`at most ${MAX_IMPORTS_WAITING} imports wait their turn: the next is refused with 429 and Retry-After`, async () => {
    const running = await send(admin, await bigForm());
    expect(running.status).toBe(202);
    // Behind the big one, which runs for seconds, the small ones wait.
    for (let i = 0; i < MAX_IMPORTS_WAITING; i++)
      expect((await send(admin, await smallForm())).status).toBe(202);
    const refused = await admin.fetch(`${server.url}/api/imports`, {
      method: 'POST',
      body: await smallForm(),
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      new RegExp(`^${MAX_IMPORTS_WAITING} imports are waiting their turn`),
    );
    await allFinished();
    expect((await send(admin, await smallForm())).status).toBe(202);
    await allFinished();
  }, 300_000);
});
