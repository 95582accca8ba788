import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { reportDeliveriesJob } from '../../src/services/jobs/kinds/report-deliveries.js';
import { createMailer, type OutgoingMail } from '../../src/services/mail/mailer.js';
import { CLAIM_STALE_MS, deliverDueReports, listDeliveries } from '../../src/services/reports/deliver.js';
import { createReport, type ReportsUser, updateReport } from '../../src/services/reports/reports.js';
import { createUser, type UserView } from '../../src/services/users.js';
import { createDashboard } from '../../src/services/views/dashboards.js';
import { openPlantedDuckDb, plantedCsat } from './planted.js';

/**
 * Scheduled reports end to end against a real SMTP server: each recipient gets one mail in their
 * language for their week with the PDF and inline charts, a second sweep sends nothing, a run cut
 * off while the mail server holds a message leaves every recipient with exactly one mail, and an
 * agent's mail holds no colleague's figures.
 */

const run = promisify(execFile);
/** Monday 2026-06-22, after 08:00 in Amsterdam (06:00Z) and in New York (12:00Z). */
const MONDAY = new Date('2026-06-22T13:00:00Z');

interface Held {
  to: string[];
  parsed: ParsedMail;
}

/** An SMTP server that takes messages, and holds (never answers) the one numbered `holdAt`. */
async function startServer() {
  const received: Held[] = [];
  const sockets = new Set<Socket>();
  let holdAt = 0;
  let seen = 0;
  let onHeld: (() => void) | null = null;
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      seen += 1;
      const chunks: Buffer[] = [];
      const number = seen;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (number === holdAt) {
          onHeld?.();
          return; // never answered: the sender waits until it is cut off
        }
        simpleParser(Buffer.concat(chunks), { keepCidLinks: true }).then((parsed) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), parsed });
          callback();
        }, callback);
      });
    },
  });
  const net = (smtp as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtp.on('error', () => undefined);
  const address = net.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    hold(at: number): Promise<void> {
      holdAt = seen + at;
      return new Promise((resolve) => {
        onHeld = resolve;
      });
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        smtp.close(() => resolve());
      }),
  };
}

let work: string;
let db: DuckDbEngine;
let server: Awaited<ReturnType<typeof startServer>>;
let manager: UserView;
let agentUser: UserView;
let agentNames: { id: string; name: string }[];
let dashboardId: string;

const mailOf = (url: string): OutgoingMail => ({
  mailer: createMailer(url, { perSecond: 50, timeoutMs: 20_000 }),
  from: 'reports@acme.test',
  publicUrl: 'https://meter.acme.test',
});
const actor = (u: UserView): ReportsUser => ({ id: u.id, role: u.role, email: u.email, agentId: u.agentId });
const mailsTo = (email: string) => server.received.filter((m) => m.to.includes(email));

async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(work, `r-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-report-deliver-'));
  db = await openPlantedDuckDb(work);
  const lead = await createUser(db, {
    email: 'lead@acme.test',
    password: 'a long enough password 0',
    name: 'Eva Visser',
    role: 'manager',
    locale: 'nl',
  });
  if (!lead.ok) throw new Error(JSON.stringify(lead.error));
  manager = lead.data;
  agentNames = (await db.all('SELECT id, name FROM agents ORDER BY id')).map((r) => ({
    id: String(r.id),
    name: String(r.name),
  }));
  const me = agentNames[0] as { id: string; name: string };
  const created = await createUser(db, {
    email: 'agent.one@acme.test',
    password: 'a long enough password 1',
    name: me.name,
    role: 'agent',
    agentId: me.id,
    locale: 'en',
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  agentUser = created.data;
  const dashboard = await createDashboard(
    db,
    manager,
    {
      name: 'Agents weekly',
      shared: true,
      defaultFor: [],
      state: { period: { preset: 'last7' }, timezone: 'Europe/Amsterdam', filters: {}, grain: 'day' },
      tiles: [
        {
          id: 't1',
          kpi: 'csat',
          kind: 'value',
          width: 1,
          height: 1,
          filters: {},
          grain: null,
          split: null,
          title: null,
        },
        {
          id: 't2',
          kpi: 'frt',
          kind: 'chart',
          width: 2,
          height: 2,
          filters: {},
          grain: 'day',
          split: 'agent',
          title: null,
        },
      ],
    },
    new Date('2026-06-01T00:00:00Z'),
  );
  if (!dashboard.ok) throw new Error(JSON.stringify(dashboard.error));
  dashboardId = dashboard.data.id;
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('scheduled reports', () => {
  test('each recipient gets one mail in their language for their week, with the PDF and inline charts; a second sweep sends nothing', async () => {
    const made = await createReport(
      db,
      actor(manager),
      {
        name: 'Weekly check',
        source: { kind: 'dashboard', id: dashboardId },
        frequency: 'weekly',
        weekday: 1,
        sendTime: '08:00',
        attachPdf: true,
        recipients: [
          { userId: manager.id, locale: 'nl', timezone: 'Europe/Amsterdam' },
          { email: 'Head@Outside.example', locale: 'en', timezone: 'America/New_York' },
          { userId: agentUser.id, timezone: 'Europe/Amsterdam' },
        ],
      },
      // After the sending of the Monday before in New York (15 June, 12:00Z): that one is not due.
      new Date('2026-06-16T00:00:00Z'),
    );
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const mail = mailOf(server.url);
    try {
      // Before 08:00 in New York only the Amsterdam recipients are due.
      const early = await deliverDueReports(db, mail, new Date('2026-06-22T07:00:00Z'));
      expect(early).toMatchObject({ sent: 2, failed: 0 });
      expect(mailsTo('head@outside.example')).toHaveLength(0);
      const tally = await deliverDueReports(db, mail, MONDAY);
      expect(tally).toMatchObject({ sent: 1, failed: 0, deferred: 0 });
      const again = await deliverDueReports(db, mail, new Date(MONDAY.getTime() + 3_600_000));
      expect(again).toMatchObject({ sent: 0, failed: 0 });
    } finally {
      mail.mailer.close();
    }
    const dutch = mailsTo(manager.email);
    const english = mailsTo('head@outside.example');
    expect(dutch).toHaveLength(1);
    expect(english).toHaveLength(1);
    expect(mailsTo(agentUser.email)).toHaveLength(1);
    const nl = dutch[0]?.parsed as ParsedMail;
    const en = english[0]?.parsed as ParsedMail;
    expect(`${nl.subject} ${nl.text}`).toMatch(/Weekrapport|Periode/);
    expect(`${en.subject} ${en.text}`).toMatch(/Weekly report|Period/);
    // The ISO week before Monday 22 June: 15–21 June, in each recipient's zone. The answers given
    // at 02:00 UTC on the Mondays fall in different weeks there, so the two figures differ.
    expect(nl.text).toMatch(/15–21 jun/);
    expect(en.text).toMatch(/Jun 15\s*–\s*21|15–21 Jun/);
    expect(String(nl.messageId)).toMatch(/2026-W25/);
    const amsterdam = plantedCsat(new Date('2026-06-14T22:00:00Z'), new Date('2026-06-21T22:00:00Z'));
    const newYork = plantedCsat(new Date('2026-06-15T04:00:00Z'), new Date('2026-06-22T04:00:00Z'));
    const percent = (share: number, decimal: string) => `${(share * 100).toFixed(1).replace('.', decimal)}%`;
    expect(percent(amsterdam.share, '.')).not.toBe(percent(newYork.share, '.'));
    const expected = [
      { parsed: nl, csat: percent(amsterdam.share, ','), n: `op basis van ${amsterdam.n}` },
      { parsed: en, csat: percent(newYork.share, '.'), n: `${newYork.n}` },
    ];
    for (const { parsed, csat, n } of expected) {
      expect(parsed.text).toContain(csat);
      expect(parsed.text).toContain(n);
      const pdf = parsed.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdf, 'a PDF is attached').toBeDefined();
      const text = await pdfText(pdf?.content as Buffer);
      expect(text).toMatch(/CSAT/);
      expect(text, 'the PDF holds the recipient’s CSAT').toContain(csat);
      const inline = parsed.attachments.filter((a) => a.contentId && a.contentType.startsWith('image/'));
      expect(inline.length, 'charts as inline images').toBeGreaterThan(0);
      for (const image of inline)
        expect(String(parsed.html)).toContain(`cid:${String(image.contentId).replace(/^<|>$/g, '')}`);
    }
    const deliveries = await listDeliveries(db, made.data.id);
    expect(deliveries.map((d) => [d.period, d.status]).sort()).toEqual([
      ['2026-W25', 'sent'],
      ['2026-W25', 'sent'],
      ['2026-W25', 'sent'],
    ]);
  }, 240_000);

  test("an agent's mail holds no colleague's figures", async () => {
    const parsed = mailsTo(agentUser.email)[0]?.parsed as ParsedMail;
    const pdf = parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf, 'a PDF is attached').toBeDefined();
    const everything = `${parsed.text}\n${parsed.html}\n${await pdfText(pdf?.content as Buffer)}`;
    expect(everything).toMatch(/CSAT/);
    expect(agentNames.length).toBeGreaterThan(1);
    for (const other of agentNames.slice(1)) {
      expect(everything).not.toContain(other.name);
      expect(everything).not.toMatch(new RegExp(`\\b${other.id}\\b`));
    }
  });

  test('a run cut off while the mail server holds the 2nd message: after the sweep again every recipient has exactly one mail', async () => {
    const made = await createReport(
      db,
      actor(manager),
      {
        name: 'Restart check',
        source: { kind: 'dashboard', id: dashboardId },
        frequency: 'daily',
        sendTime: '07:00',
        attachPdf: false,
        recipients: [
          { email: 'one@outside.example', timezone: 'UTC' },
          { email: 'two@outside.example', timezone: 'UTC' },
          { email: 'three@outside.example', timezone: 'UTC' },
        ],
      },
      new Date('2026-06-20T00:00:00Z'),
    );
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const at = new Date('2026-06-23T09:00:00Z');
    const held = server.hold(2);
    const stop = new AbortController();
    const first = mailOf(server.url);
    const running = reportDeliveriesJob.run({
      engine: Object.assign(db, { exclusive: <T>(work: () => Promise<T>) => work() }),
      duckdb: db,
      params: {},
      cursor: null,
      saveCursor: async () => undefined,
      signal: stop.signal,
      progress: () => undefined,
      env: {},
      allowBaseUrl: false,
      mail: first,
      now: () => at,
    });
    await held;
    stop.abort();
    const cut = await running;
    expect(cut.ok).toBe(true);
    first.mailer.close();
    server.dropConnections();
    expect(mailsTo('one@outside.example')).toHaveLength(1);
    expect(mailsTo('two@outside.example')).toHaveLength(0);
    const claims = await listDeliveries(db, made.data.id);
    expect(claims.find((d) => d.recipient === 'two@outside.example')?.status).toBe('sending');

    const again = mailOf(server.url);
    try {
      // Soon after, the claim may still be a run in progress: nothing is sent twice.
      const soon = await deliverDueReports(db, again, new Date(at.getTime() + 60_000));
      expect(soon.resent).toBe(0);
      expect(mailsTo('two@outside.example')).toHaveLength(0);
      const later = await deliverDueReports(db, again, new Date(at.getTime() + CLAIM_STALE_MS + 60_000));
      expect(later.resent).toBe(1);
    } finally {
      again.mailer.close();
    }
    for (const to of ['one@outside.example', 'two@outside.example', 'three@outside.example'])
      expect(mailsTo(to), to).toHaveLength(1);
    const claimId = claims.find((d) => d.recipient === 'two@outside.example')?.messageId;
    expect(mailsTo('two@outside.example')[0]?.parsed.messageId).toBe(`<${claimId}>`);
    const done = await listDeliveries(db, made.data.id);
    expect(done.every((d) => d.status === 'sent')).toBe(true);
  }, 240_000);

  test('a recipient user removed gets nothing and the delivery says so', async () => {
    const leaving = await createUser(db, {
      email: 'leaving@acme.test',
      password: 'a long enough password 2',
      role: 'viewer',
      locale: 'en',
    });
    if (!leaving.ok) throw new Error(JSON.stringify(leaving.error));
    const made = await createReport(
      db,
      actor(manager),
      {
        name: 'Leaver check',
        source: { kind: 'dashboard', id: dashboardId },
        frequency: 'daily',
        sendTime: '07:00',
        attachPdf: false,
        recipients: [{ userId: leaving.data.id, timezone: 'UTC' }],
      },
      new Date('2026-06-20T00:00:00Z'),
    );
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    await db.run(`UPDATE users SET disabled = true WHERE id = '${leaving.data.id}'`);
    const mail = mailOf(server.url);
    try {
      const tally = await deliverDueReports(db, mail, new Date('2026-06-23T09:00:00Z'), {
        onlyReport: 'Leaver check',
      });
      expect(tally.failed).toBe(1);
    } finally {
      mail.mailer.close();
    }
    expect(mailsTo('leaving@acme.test')).toHaveLength(0);
    expect((await listDeliveries(db, made.data.id))[0]).toMatchObject({
      status: 'failed',
      error: 'user removed',
    });
    // A paused report sends nothing.
    await updateReport(db, actor(manager), made.data.id, { paused: true });
  });
});
