/**
 * POST /api/imports on a real server: files sent as multipart or as one streamed (gzipped) body,
 * imported in turn, followed by GET and by Server-Sent Events to their result or their refusal.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES } from '../support/engines.js';
import { type Client, signedIn, startTestServer, type TestServer, WEEK } from './support.js';

/** What POST /api/imports answers, as far as these tests look. */
interface Job {
  id: string;
  format: string | null;
  files: { name: string; bytes: number }[];
}

let server: TestServer;
let admin: Client;
let manager: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedIn(server.url, 'admin');
  manager = await signedIn(server.url, 'manager');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const HELPDESK = join(FIXTURES, 'small-helpdesk');

async function helpdeskForm(change: (name: string, text: string) => string = (_n, text) => text) {
  const form = new FormData();
  for (const name of (await readdir(HELPDESK)).filter((n) => n.endsWith('.csv')).sort()) {
    const text = change(name, await readFile(join(HELPDESK, name), 'utf8'));
    form.append('files', new Blob([text]), name);
  }
  return form;
}

/** The events of an import's stream, read until it ends. */
async function followEvents(client: Client, id: string): Promise<{ event: string; data: unknown }[]> {
  const response = await client.fetch(`${server.url}/api/imports/${id}/events`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return { event: eventLine.slice('event: '.length), data: JSON.parse(dataLine.slice('data: '.length)) };
    });
}

async function contactsCreated(client: Client): Promise<number> {
  const reply = await client.post('/api/kpi/query', { ...WEEK, kpis: ['contacts_created'] });
  expect(reply.status).toBe(200);
  return reply.json.rows[0].contacts_created.value;
}

describe('imports through the server', () => {
  test('multipart files are imported; the events say state, progress, then the result; the figures follow', async () => {
    const before = await contactsCreated(manager);
    const extra = 'helpdesk,t100,email,2026-03-03T10:00:00Z,c100,support,ann,delivery,,normal,open,New one\n';
    const form = await helpdeskForm((name, text) => (name === 'contacts.csv' ? text + extra : text));
    const sent = await admin.fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    expect(sent.status).toBe(202);
    const job = (await sent.json()) as Job;
    expect(sent.headers.get('location')).toBe(`/api/imports/${job.id}`);
    expect(job).toMatchObject({ format: 'canonical', createdBy: 'admin@example.com', skipBadRows: false });
    expect(job.files.map((f: { name: string }) => f.name)).toContain('contacts.csv');

    const events = await followEvents(admin, job.id);
    expect(events[0]?.event).toBe('state');
    expect(events.some((e) => e.event === 'progress')).toBe(true);
    expect(events.at(-1)?.event).toBe('result');
    const done = await admin.get(`/api/imports/${job.id}`);
    expect(done.json).toMatchObject({ state: 'succeeded', error: null });
    expect(done.json.result.files).toContainEqual({
      file: 'contacts.csv',
      table: 'contacts',
      rowsRead: 7,
      rowsImported: 7,
      rowsRejected: 0,
    });
    // The kept results were forgotten: the new contact counts at once.
    expect(await contactsCreated(manager)).toBe(before + 1);
    const audit = await admin.get('/api/audit?action=import');
    const actions = audit.json.rows.map((r: { action: string; target: string }) => [r.action, r.target]);
    expect(actions).toContainEqual(['import.create', job.id]);
    expect(actions).toContainEqual(['import.finish', job.id]);
  });

  test('one gzipped file as the body, named in the query; bad rows skipped and their rejects downloadable', async () => {
    const contacts = await readFile(join(HELPDESK, 'contacts.csv'), 'utf8');
    const body = gzipSync(`${contacts}helpdesk,t101,email,not a time,c101,support,ann,x,,normal,open,Bad\n`);
    const sent = await manager.fetch(`${server.url}/api/imports?name=contacts.csv&skipBadRows=true`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
    });
    expect(sent.status).toBe(202);
    const job = (await sent.json()) as Job;
    const events = await followEvents(manager, job.id);
    const last = events.at(-1);
    expect(last?.event).toBe('result');
    expect(last?.data).toMatchObject({ state: 'succeeded', rejected: 1 });
    const rejects = await manager.get(`/api/imports/${job.id}/rejects`);
    expect(rejects.status).toBe(200);
    expect(rejects.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(rejects.text.split('\n')[0]).toBe('file,line,column,reason,record');
    expect(rejects.text.split('\n')[1]).toMatch(/^contacts.csv,8,created_at,/);
    expect((await admin.get(`/api/imports/${job.id}/rejects`)).status).toBe(200);

    // The rejected rows of an admin's import (a payroll file's are wages) are not a manager's.
    const byAdmin = await admin.fetch(`${server.url}/api/imports?name=contacts.csv&skipBadRows=true`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv', 'content-encoding': 'gzip' },
    });
    expect(byAdmin.status).toBe(202);
    const adminJob = (await byAdmin.json()) as Job;
    expect((await followEvents(admin, adminJob.id)).at(-1)?.event).toBe('result');
    const refused = await manager.get(`/api/imports/${adminJob.id}/rejects`);
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/wages and hourly costs/);
    expect((await admin.get(`/api/imports/${adminJob.id}/rejects`)).status).toBe(200);
  });

  test('a bad row refuses the import, and the failure names the file as sent, line, field and reason', async () => {
    const form = await helpdeskForm((name, text) =>
      name === 'contact_events.csv' ? `${text}helpdesk,t1,e99,customer_message,yesterday,,,,,,,\n` : text,
    );
    const sent = await admin.fetch(`${server.url}/api/imports`, { method: 'POST', body: form });
    expect(sent.status).toBe(202);
    const job = (await sent.json()) as Job;
    const events = await followEvents(admin, job.id);
    const last = events.at(-1) as {
      event: string;
      data: { state: string; error: { message: string; importError: { problems: unknown[] } } };
    };
    expect(last.event).toBe('failed');
    expect(last.data.state).toBe('failed');
    expect(last.data.error.importError.problems[0]).toMatchObject({
      file: 'contact_events.csv',
      line: 33,
      column: 'occurred_at',
    });
    expect(last.data.error.message).toMatch(/nothing was imported/);
    expect((await admin.get(`/api/imports/${job.id}/rejects`)).status).toBe(404);
  });

  test('refusals come at once: no name for a streamed body, an unknown format, an unknown job', async () => {
    const unnamed = await admin.fetch(`${server.url}/api/imports`, { method: 'POST', body: 'a,b\n' });
    expect(unnamed.status).toBe(400);
    expect(((await unnamed.json()) as { detail: string }).detail).toMatch(/needs its name/);
    const unknown = await admin.fetch(`${server.url}/api/imports?format=nope&name=x.csv`, {
      method: 'POST',
      body: 'a,b\n',
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/format 'nope' is not known/);
    expect((await admin.get('/api/imports/no-such-job')).status).toBe(404);
    expect((await admin.get('/api/imports/no-such-job/events')).status).toBe(404);
    const list = await admin.get('/api/imports');
    expect(list.status).toBe(200);
    expect(list.json.formats.map((f: { name: string }) => f.name)).toContain('zendesk');
  });

  test('viewers and agents may not import nor look at imports', async () => {
    for (const person of ['viewer', 'ann'] as const) {
      const client = await signedIn(server.url, person);
      const sent = await client.fetch(`${server.url}/api/imports?name=contacts.csv`, {
        method: 'POST',
        body: 'x',
      });
      expect(sent.status).toBe(403);
      expect((await client.get('/api/imports')).status).toBe(403);
    }
  });
});
