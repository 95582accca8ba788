/**
 * Alert rules evaluated on a real DuckDB database: a planted spike in phone abandonment raises
 * exactly one alert, delivered by e-mail to a real SMTP server and to local webhooks in Slack's and
 * Teams' shapes, and exactly one recovery; a planted slow decline of CSAT fires against its baseline
 * once the decline is statistically clear and not before; too small an n gives no alert; a failed
 * job fires job_failed.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { normalQuantile } from '../../src/core/stats.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import type { AlertEvent } from '../../src/services/alerts/contract.js';
import { evaluateAlerts } from '../../src/services/alerts/evaluate.js';
import { listNotifications, markRead } from '../../src/services/alerts/notifications.js';
import { type AlertActor, createRule, findRule } from '../../src/services/alerts/rules.js';
import { importFiles } from '../../src/services/import.js';
import { JOB_KINDS } from '../../src/services/jobs/kinds/index.js';
import { createJob, listJobs } from '../../src/services/jobs/store.js';
import { createMailer, type OutgoingMail } from '../../src/services/mail/mailer.js';
import { migrate } from '../../src/services/migrate.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

const LEAD: AlertActor = { id: 'lead', role: 'manager' };
const ADMIN: AlertActor = { id: 'root', role: 'admin' };
const PUBLIC_URL = 'https://servicemeter.example';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Tuesdays 10:00–12:00 UTC: 20 calls an hour, one abandoned; on 10 March 10:00–11:00, twelve. */
const TUESDAYS = ['2026-02-10', '2026-02-17', '2026-02-24', '2026-03-03', '2026-03-10'];
const SPIKE_DAY = '2026-03-10';

function phoneFiles(): { contacts: string[]; events: string[] } {
  const contacts = ['source,external_id,channel,created_at,team_id,assignee_id,status,subject'];
  const events = ['source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue'];
  for (const day of TUESDAYS)
    for (const hour of [10, 11]) {
      const abandoned = day === SPIKE_DAY && hour === 10 ? 12 : 1;
      for (let i = 0; i < 20; i++) {
        const id = `${day}-${hour}-${i}`;
        const at = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`) + i * 3 * 60_000;
        contacts.push(`pbx,${id},phone,${iso(at)},support,,closed,`);
        events.push(`pbx,${id},${id}-q,queue_enter,${iso(at)},,,line1`);
        if (i < abandoned) events.push(`pbx,${id},${id}-x,abandon,${iso(at + 90_000)},,,line1`);
        else {
          events.push(`pbx,${id},${id}-a,answer,${iso(at + 20_000)},ann,,line1`);
          events.push(`pbx,${id},${id}-e,end,${iso(at + 200_000)},ann,,line1`);
        }
      }
    }
  return { contacts, events };
}

/** From 5 January, ten CSAT answers a day; the top box falls slowly from 9 of 10 to 5 of 10. */
const DECLINE_START = Date.parse('2026-01-05T00:00:00Z');
const DECLINE_DAYS = 28;
function surveyLines(): string[] {
  const lines = [
    'source,external_id,kind,scale_min,scale_max,score,comment,dimension,language,contact_source,contact_external_id,agent_id,customer_id,sent_at,responded_at',
  ];
  for (let d = 0; d < DECLINE_DAYS; d++) {
    const top = Math.round(9 - d * 0.15);
    for (let i = 0; i < 10; i++) {
      const at = DECLINE_START + d * DAY + (8 + i) * HOUR;
      lines.push(`helpdesk,s${d}-${i},csat,1,5,${i < top ? 5 : 2},,,en,,,,,${iso(at - HOUR)},${iso(at)}`);
    }
  }
  return lines;
}

let work: string;
let db: DuckDbEngine;
let smtp: TestSmtpServer;
let hooks: Server;
let hookUrl: string;
const posted: { path: string; body: unknown }[] = [];
let mail: OutgoingMail;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-alerts-'));
  const files = join(work, 'data');
  await import('node:fs/promises').then((fs) => fs.mkdir(files));
  const phone = phoneFiles();
  const write = (name: string, lines: string[]) => writeFile(join(files, name), `${lines.join('\n')}\n`);
  await write('calendars.csv', ['id,name,timezone,is_default', 'office,Office,UTC,true']);
  await write('calendar_intervals.csv', [
    'calendar_id,weekday,start_time,end_time',
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => `office,${d},00:00,24:00`),
  ]);
  await write('teams.csv', ['id,name,calendar_id', 'support,Support,office']);
  await write('agents.csv', ['id,name,email,team_id,started_on,active', 'ann,Ann,,support,,true']);
  await write('contacts.csv', phone.contacts);
  await write('contact_events.csv', phone.events);
  await write('survey_responses.csv', surveyLines());
  db = await openDuckDb({ path: join(work, 'alerts.duckdb') });
  await migrate(db);
  const imported = await importFiles(db, [files]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));

  smtp = await startSmtpServer();
  mail = { mailer: createMailer(smtp.url), from: 'alerts@example.com', publicUrl: PUBLIC_URL };
  hooks = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () => {
      posted.push({ path: request.url ?? '', body: JSON.parse(text) });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  mail?.mailer.close();
  await smtp?.close();
  await new Promise((resolve) => hooks?.close(resolve));
  await db?.close();
  await rm(work, { recursive: true, force: true });
});

const eventsOf = async (ruleId: string): Promise<AlertEvent[]> => {
  const found = await findRule(db, ADMIN, ruleId);
  if (!found.ok) throw new Error(JSON.stringify(found.error));
  const rows = await db.all(
    `SELECT id, kind FROM alert_events WHERE rule_id = '${ruleId}' ORDER BY occurred_at`,
  );
  return rows.map((r) => ({ id: String(r.id), kind: String(r.kind) }) as AlertEvent);
};

describe('a planted spike in phone abandonment', () => {
  test('raises exactly one alert, by e-mail, Slack and Teams, and exactly one recovery', async () => {
    const created = await createRule(db, LEAD, {
      name: 'Phone abandonment spike',
      kind: 'anomaly',
      filters: { channel: ['phone'] },
      params: { kind: 'anomaly', metric: 'abandonment', weeks: 4, sensitivity: 3, minExpected: 5 },
      deliver: {
        emails: ['lead@example.com'],
        webhooks: [
          { url: `${hookUrl}/slack`, format: 'slack' },
          { url: `${hookUrl}/teams`, format: 'teams' },
        ],
      },
      debounceMinutes: 0,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const rule = created.data;
    // The first rule makes the evaluation job, every five minutes.
    const jobs = (await listJobs(db, JOB_KINDS)).filter((j) => j.kind === 'alert-evaluation');
    expect(jobs.map((j) => j.schedule)).toEqual(['*/5 * * * *']);

    const deps = { mail, only: rule.id };
    // The hour before the spike is like the weeks before: nothing.
    const before = await evaluateAlerts(db, new Date(`${SPIKE_DAY}T10:00:00Z`), deps);
    expect(before.failures).toEqual([]);
    expect(before.events).toEqual([]);

    const fired = await evaluateAlerts(db, new Date(`${SPIKE_DAY}T11:00:00Z`), deps);
    expect(fired.events.map((e) => e.kind)).toEqual(['fired']);
    const event = fired.events[0] as AlertEvent;
    expect(event.value).toBeCloseTo(12 / 20);
    expect(event.n).toBe(20);
    expect(event.link).toBe(
      '/trends?kpi=abandonment_rate&grain=day&from=2026-03-03&to=2026-03-11&tz=UTC&channel=phone',
    );
    expect(event.message).toContain('Abandonment Tuesday 10:00–11:00: 60.0 % of 20');

    // Still firing five minutes later: no new event.
    const again = await evaluateAlerts(db, new Date(`${SPIKE_DAY}T11:05:00Z`), deps);
    expect(again.events).toEqual([]);

    const mails = await smtp.waitFor(1);
    expect(mails).toHaveLength(1);
    const message = mails[0]?.parsed;
    expect(message?.subject).toBe('Alert: Phone abandonment spike');
    expect(mails[0]?.to).toEqual(['lead@example.com']);
    expect(message?.text).toContain(`${PUBLIC_URL}${event.link}`);
    expect(message?.html).toContain(`href="${PUBLIC_URL}${event.link.replace(/&/g, '&amp;')}"`);

    const slack = posted.filter((p) => p.path === '/slack');
    const teams = posted.filter((p) => p.path === '/teams');
    expect(slack).toHaveLength(1);
    expect(teams).toHaveLength(1);
    const slackBody = slack[0]?.body as {
      text: string;
      blocks: { type: string; elements?: { url: string }[] }[];
    };
    expect(slackBody.text).toContain('Alert: Phone abandonment spike');
    expect(slackBody.blocks.map((b) => b.type)).toEqual(['section', 'actions']);
    expect(slackBody.blocks[1]?.elements?.[0]?.url).toBe(`${PUBLIC_URL}${event.link}`);
    const teamsBody = teams[0]?.body as {
      type: string;
      attachments: { contentType: string; content: Record<string, unknown> }[];
    };
    expect(teamsBody.type).toBe('message');
    expect(teamsBody.attachments).toHaveLength(1);
    expect(teamsBody.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = teamsBody.attachments[0]?.content as {
      type: string;
      version: string;
      body: { type: string; text?: string }[];
      actions: { type: string; url: string }[];
    };
    expect(card.type).toBe('AdaptiveCard');
    expect(card.version).toBe('1.4');
    expect(card.body[0]?.text).toBe('Alert: Phone abandonment spike');
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the view', url: `${PUBLIC_URL}${event.link}` },
    ]);
    const stored = await db.all(`SELECT delivery FROM alert_events WHERE id = '${event.id}'`);
    const delivery = JSON.parse(String(stored[0]?.delivery)) as {
      outcomes: { channel: string; ok: boolean }[];
    };
    expect(delivery.outcomes.map((o) => [o.channel, o.ok])).toEqual([
      ['email', true],
      ['slack', true],
      ['teams', true],
    ]);

    // The next hour is back to normal: exactly one recovery, and then nothing.
    const recovered = await evaluateAlerts(db, new Date(`${SPIKE_DAY}T12:00:00Z`), deps);
    expect(recovered.events.map((e) => e.kind)).toEqual(['recovered']);
    expect((await evaluateAlerts(db, new Date(`${SPIKE_DAY}T12:05:00Z`), deps)).events).toEqual([]);
    expect((await eventsOf(rule.id)).map((e) => e.kind)).toEqual(['fired', 'recovered']);
    const recoveryMails = await smtp.waitFor(2);
    expect(recoveryMails[1]?.parsed.subject).toBe('Recovered: Phone abandonment spike');

    // Managers are told in the dashboard; an agent is not.
    const listed = await listNotifications(db, LEAD, { unreadOnly: true });
    expect(listed.unread).toBe(2);
    expect(listed.notifications.map((n) => n.kind)).toEqual(['recovered', 'fired']);
    expect(await markRead(db, LEAD, [event.id])).toBe(1);
    expect(
      (await listNotifications(db, LEAD, { unreadOnly: true })).notifications.map((n) => n.kind),
    ).toEqual(['recovered']);
    expect(await listNotifications(db, { id: 'agent-ann', role: 'agent' })).toEqual({
      notifications: [],
      unread: 0,
    });
  });
});

describe('a planted slow decline of CSAT against its baseline', () => {
  test('fires once the decline is statistically clear, not before, and only once', async () => {
    await db.run(
      `INSERT INTO kpi_baselines (id, kpi_id, channel, team_id, agent_id, period_from, period_to, timezone, value, n, taken_at, taken_by)
       VALUES ('csat-2025', 'csat', NULL, NULL, NULL, DATE '2025-10-01', DATE '2026-01-01', 'UTC', 0.9, 200, TIMESTAMP '2026-01-01 00:00:00', 'lead')`,
    );
    const created = await createRule(db, LEAD, {
      name: 'CSAT below its baseline',
      kind: 'baseline',
      kpi: 'csat',
      params: { kind: 'baseline', baselineId: 'csat-2025', windowHours: 168, minN: 30, confidence: 0.95 },
      debounceMinutes: 0,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const rule = created.data;
    const critical = normalQuantile(0.95);
    let firedOn: number | null = null;
    let lastClear: { value: number; n: number } | null = null;
    for (let d = 7; d <= DECLINE_DAYS; d++) {
      const at = new Date(DECLINE_START + d * DAY);
      const summary = await evaluateAlerts(db, at, { mail: null, only: rule.id });
      expect(summary.failures).toEqual([]);
      const state = (await findRule(db, LEAD, rule.id)) as {
        ok: true;
        data: { state: { firing: boolean; lastValue: number; lastN: number } };
      };
      if (summary.events.length > 0) {
        expect(firedOn).toBeNull();
        expect(summary.events.map((e) => e.kind)).toEqual(['fired']);
        expect(summary.events[0]?.message).toContain('clearly worse');
        firedOn = d;
      }
      if (firedOn === null) lastClear = { value: state.data.state.lastValue, n: state.data.state.lastN };
    }
    // It fires, not on the first days of the decline, and after that the firing rule raises nothing.
    expect(firedOn).not.toBeNull();
    expect(firedOn as number).toBeGreaterThan(9);
    expect((await eventsOf(rule.id)).map((e) => e.kind)).toEqual(['fired']);
    // The day before it fired the share was lower than the baseline, but not clearly: z below 1.645.
    const { value, n } = lastClear as { value: number; n: number };
    expect(value).toBeLessThan(0.9);
    const pooled = (value * n + 0.9 * 200) / (n + 200);
    const z = (0.9 - value) / Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / 200));
    expect(z).toBeLessThan(critical);
  });
});

describe('too small an n', () => {
  test('gives no verdict and no alert, where a larger n would', async () => {
    const at = new Date(DECLINE_START + DECLINE_DAYS * DAY);
    const params = { kind: 'threshold', comparison: 'below', value: 0.95, windowHours: 168 };
    const small = await createRule(db, LEAD, {
      name: 'CSAT below 95 % (n 1000)',
      kind: 'threshold',
      kpi: 'csat',
      params: { ...params, minN: 1000 },
      debounceMinutes: 0,
    });
    const enough = await createRule(db, LEAD, {
      name: 'CSAT below 95 % (n 30)',
      kind: 'threshold',
      kpi: 'csat',
      params: { ...params, minN: 30 },
      debounceMinutes: 0,
    });
    if (!small.ok || !enough.ok) throw new Error('rules refused');
    const quiet = await evaluateAlerts(db, at, { mail: null, only: small.data.id });
    expect(quiet.events).toEqual([]);
    const state = await findRule(db, LEAD, small.data.id);
    expect(state.ok && state.data.state).toMatchObject({ firing: false, lastN: 70 });
    const loud = await evaluateAlerts(db, at, { mail: null, only: enough.data.id });
    expect(loud.events.map((e) => e.kind)).toEqual(['fired']);
  });
});

describe('operational rules', () => {
  test('a failed job fires job_failed, linking to the jobs page', async () => {
    const job = await createJob(db, JOB_KINDS, { kind: 'rebuild', name: 'Nightly rebuild', params: {} });
    if (!job.ok) throw new Error('job refused');
    const created = await createRule(db, ADMIN, {
      name: 'A job failed',
      kind: 'job_failed',
      params: { kind: 'job_failed', jobId: null },
      debounceMinutes: 0,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const at = new Date('2026-03-10T12:00:00Z');
    expect((await evaluateAlerts(db, at, { mail: null, only: created.data.id })).events).toEqual([]);
    await db.run(
      `UPDATE jobs SET last_outcome = 'failed', last_error = 'the disk is full' WHERE id = '${job.data.id}'`,
    );
    const fired = await evaluateAlerts(db, new Date(at.getTime() + 300_000), {
      mail: null,
      only: created.data.id,
    });
    expect(fired.events).toHaveLength(1);
    expect(fired.events[0]).toMatchObject({ kind: 'fired', link: '/jobs', value: 1 });
    expect(fired.events[0]?.message).toContain('Nightly rebuild (the disk is full)');
  });

  test('a webhook source silent for an hour fires source_silent', async () => {
    await db.run(
      `INSERT INTO webhook_sources (id, vendor, source, secret, created_at, last_event_at, last_outcome, last_error, events_accepted, events_refused)
       VALUES ('zd', 'zendesk', 'zendesk', 'x', TIMESTAMP '2026-03-01 00:00:00', TIMESTAMP '2026-03-10 09:00:00', 'ok', NULL, 10, 0)`,
    );
    const created = await createRule(db, ADMIN, {
      name: 'Zendesk silent',
      kind: 'source_silent',
      params: { kind: 'source_silent', source: 'zendesk', silentMinutes: 60 },
      debounceMinutes: 0,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const only = created.data.id;
    expect((await evaluateAlerts(db, new Date('2026-03-10T09:30:00Z'), { mail: null, only })).events).toEqual(
      [],
    );
    const fired = await evaluateAlerts(db, new Date('2026-03-10T10:01:00Z'), { mail: null, only });
    expect(fired.events.map((e) => [e.kind, e.value, e.link])).toEqual([['fired', 61, '/webhooks']]);
  });

  test('rules are refused field by field', async () => {
    const refused = await createRule(db, LEAD, {
      name: ' ',
      kind: 'baseline',
      kpi: 'contacts_created',
      filters: { colour: ['red'] },
      params: { kind: 'baseline', baselineId: null, windowHours: 0, minN: 30, confidence: 2 },
      deliver: { emails: ['not-an-address'], webhooks: [{ url: 'ftp://example.com', format: 'slack' }] },
    });
    expect(refused.ok).toBe(false);
    if (refused.ok || refused.error.kind !== 'invalid') throw new Error('expected invalid');
    expect(refused.error.issues.map((i) => i.path).sort()).toEqual(
      [
        'name',
        'kpi',
        'filters.colour',
        'params.windowHours',
        'params.confidence',
        'deliver.emails.0',
        'deliver.webhooks.0.url',
      ].sort(),
    );
    const agent = await createRule(db, { id: 'a', role: 'agent' }, { name: 'x' });
    expect(agent.ok || agent.error.kind).toBe('forbidden');
  });
});
