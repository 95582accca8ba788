import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMailer } from '../../src/services/mail/mailer.js';
import { type Client, PEOPLE, signedIn, startTestServer, type TestServer } from '../server/support.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/**
 * The reports API as the dashboard uses it: who may schedule what to whom, field-named refusals,
 * a sending now through the server's mail server (or 409 without one), the PDF preview, and the
 * delivery history.
 */

let smtp: TestSmtpServer;
let ts: TestServer;
let admin: Client;
let manager: Client;
let ann: Client;
let viewer: Client;
let dashboardId: string;
let userIds: Record<string, string>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  ts = await startTestServer({
    serve: () => ({
      mail: { mailer: createMailer(smtp.url, { perSecond: 50 }), from: 'reports@acme.test', publicUrl: null },
    }),
  });
  [admin, manager, ann, viewer] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'viewer'),
  ]);
  const users = await admin.get('/api/users');
  userIds = Object.fromEntries(
    (users.json.users as { id: string; email: string }[]).map((u) => [u.email, u.id]),
  );
  const dashboard = await manager.post('/api/dashboards', {
    name: 'Team week',
    shared: true,
    tiles: [
      { kpi: 'frt', kind: 'value' },
      { kpi: 'csat', kind: 'chart' },
    ],
  });
  expect(dashboard.status, dashboard.text).toBe(201);
  dashboardId = dashboard.json.id;
}, 120_000);

afterAll(async () => {
  await ts?.stop();
  await smtp?.close();
});

const weekly = (name: string, recipients: unknown[]) => ({
  name,
  source: { kind: 'dashboard', id: dashboardId },
  frequency: 'weekly',
  weekday: 1,
  sendTime: '08:00',
  recipients,
});

describe('the reports API', () => {
  let reportId: string;

  test('a manager schedules a report to a user and an outside address; it is listed with its recipients', async () => {
    const created = await manager.post(
      '/api/reports',
      weekly('Monday summary', [
        { userId: userIds[PEOPLE.manager.email], locale: 'nl', timezone: 'Europe/Amsterdam' },
        { email: 'Head@Outside.example', timezone: 'America/New_York' },
      ]),
    );
    expect(created.status, created.text).toBe(201);
    reportId = created.json.id;
    expect(created.json.recipients).toEqual([
      {
        userId: userIds[PEOPLE.manager.email],
        email: PEOPLE.manager.email,
        locale: 'nl',
        timezone: 'Europe/Amsterdam',
      },
      { userId: null, email: 'head@outside.example', locale: 'en', timezone: 'America/New_York' },
    ]);
    const listed = await admin.get('/api/reports');
    expect(listed.json.reports.map((r: { name: string }) => r.name)).toContain('Monday summary');
    // The job that sends them came with the first report.
    const jobs = await admin.get('/api/jobs');
    expect(jobs.json.jobs.some((j: { kind: string }) => j.kind === 'report-deliveries')).toBe(true);
  });

  test('bad fields are refused by name', async () => {
    const bad = await manager.post('/api/reports', {
      ...weekly('Monday summary', [
        { email: 'not an address' },
        { email: 'x@y.example', timezone: 'Mars/Base' },
      ]),
      sendTime: '8 am',
      weekday: 9,
    });
    expect(bad.status).toBe(400);
    const issues = bad.json.issues.join('\n');
    expect(issues).toMatch(/^name: a report named "Monday summary" exists/m);
    expect(issues).toMatch(/^sendTime: /m);
    expect(issues).toMatch(/^weekday: /m);
    expect(issues).toMatch(/^recipients\.0\.email: not an e-mail address/m);
    expect(issues).toMatch(/^recipients\.1\.timezone: not an IANA time zone/m);
    const noSource = await manager.post('/api/reports', {
      ...weekly('Other', [{ email: 'a@b.example' }]),
      source: { kind: 'view', id: 'no-such-view' },
    });
    expect(noSource.status).toBe(400);
    expect(noSource.json.detail).toMatch(/^source\.id: /);
  });

  test('an agent schedules a report only to themselves and sees only their own reports', async () => {
    const toColleague = await ann.post(
      '/api/reports',
      weekly('Ann week', [{ userId: userIds[PEOPLE.bob.email] }]),
    );
    expect(toColleague.status).toBe(400);
    expect(toColleague.json.detail).toMatch(/only to yourself/);
    const outside = await ann.post('/api/reports', weekly('Ann week', [{ email: 'friend@outside.example' }]));
    expect(outside.status).toBe(400);
    expect(outside.json.detail).toMatch(/outside addresses/);
    const own = await ann.post('/api/reports', weekly('Ann week', [{ userId: userIds[PEOPLE.ann.email] }]));
    expect(own.status, own.text).toBe(201);
    const listed = await ann.get('/api/reports');
    expect(listed.json.reports.map((r: { name: string }) => r.name)).toEqual(['Ann week']);
    expect((await ann.get(`/api/reports/${reportId}`)).status).toBe(404);
    expect((await viewer.put(`/api/reports/${reportId}`, { paused: true })).status).toBe(404);
    expect(
      (await ann.post(`/api/reports/${own.json.id}/send`, { to: 'friend@outside.example' })).status,
    ).toBe(403);
  });

  test('a sending now mails each recipient; the PDF preview answers application/pdf', async () => {
    const before = smtp.received.length;
    const sent = await manager.post(`/api/reports/${reportId}/send`, {});
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json.sent.map((s: { email: string; status: string }) => [s.email, s.status])).toEqual([
      [PEOPLE.manager.email, 'sent'],
      ['head@outside.example', 'sent'],
    ]);
    await smtp.waitFor(before + 2);
    const preview = await manager.fetch(`${ts.url}/api/reports/${reportId}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dryRun: true }),
    });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await preview.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // A sending now is not a scheduled delivery.
    const deliveries = await manager.get(`/api/reports/${reportId}/deliveries`);
    expect(deliveries.json.deliveries).toEqual([]);
    const audit = await admin.get('/api/audit?action=report.send');
    expect(JSON.stringify(audit.json)).toContain('report.send');
  });

  test('changes and removal', async () => {
    const paused = await manager.put(`/api/reports/${reportId}`, { paused: true, sendTime: '09:30' });
    expect(paused.status, paused.text).toBe(200);
    expect(paused.json).toMatchObject({ paused: true, sendTime: '09:30', name: 'Monday summary' });
    const removed = await admin.delete(`/api/reports/${reportId}`);
    expect(removed.json).toEqual({ id: reportId, removed: true });
    expect((await manager.get(`/api/reports/${reportId}`)).status).toBe(404);
  });
});

test('without a mail server a sending answers 409', async () => {
  const bare = await startTestServer();
  try {
    const lead = await signedIn(bare.url, 'manager');
    const dashboard = await lead.post('/api/dashboards', {
      name: 'D',
      tiles: [{ kpi: 'frt', kind: 'value' }],
    });
    const made = await lead.post('/api/reports', {
      ...weekly('No mail', [{ email: 'a@b.example' }]),
      source: { kind: 'dashboard', id: dashboard.json.id },
    });
    expect(made.status, made.text).toBe(201);
    const sent = await lead.post(`/api/reports/${made.json.id}/send`, {});
    expect(sent.status).toBe(409);
    expect(sent.json.detail).toMatch(/no mail server/);
  } finally {
    await bare.stop();
  }
});
