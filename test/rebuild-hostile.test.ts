import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { listQualityNotices } from '../src/services/data-quality.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { rebuildFacts } from '../src/services/rebuild.js';
import { Client, signedIn, startTestServer, type TestServer } from './server/support.js';
import { FIXTURES, withDuckDb, withTempDir } from './support/engines.js';

/**
 * Rows that imports refuse today but older versions let in, written straight into the tables:
 * times in the years 0000 and 9999, and contacts whose events run backwards.
 */
async function plantHostileRows(db: Engine): Promise<void> {
  await db.run(
    `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key) VALUES
       ('zz', 'year0', 'email', TIMESTAMP '0000-01-01 00:00:00', 'open', 'zz|year0'),
       ('zz', 'year9999', 'email', TIMESTAMP '9999-12-31 00:00:00', 'open', 'zz|year9999'),
       ('zz', 'late-event', 'email', TIMESTAMP '2026-03-04 09:00:00', 'open', 'zz|late-event'),
       ('zz', 'backwards', 'phone', TIMESTAMP '2026-03-04 10:00:00', 'solved', 'zz|backwards'),
       ('zz', 'long-hold', 'phone', TIMESTAMP '2026-03-04 11:00:00', 'open', 'zz|long-hold'),
       ('zz', 'reply-first', 'email', TIMESTAMP '2026-03-04 12:00:00', 'open', 'zz|reply-first')`,
  );
  const events: [string, string, string, string, string | null][] = [
    ['late-event', 'l1', 'customer_message', '2026-03-04 09:00:00', null],
    ['late-event', 'l2', 'agent_reply', '9999-12-31 23:00:00', null],
    // Answered a minute before it entered the queue, ended before it was answered, a hold and
    // after-contact work that end before they start, and solved an hour before it was created.
    ['backwards', 'b1', 'queue_enter', '2026-03-04 10:00:00', null],
    ['backwards', 'b2', 'answer', '2026-03-04 09:59:00', null],
    ['backwards', 'b3', 'end', '2026-03-04 09:50:00', null],
    ['backwards', 'b4', 'hold_start', '2026-03-04 09:56:00', null],
    ['backwards', 'b5', 'hold_end', '2026-03-04 09:55:00', null],
    ['backwards', 'b6', 'acw_start', '2026-03-04 09:58:00', null],
    ['backwards', 'b7', 'acw_end', '2026-03-04 09:57:00', null],
    ['backwards', 'b8', 'status_change', '2026-03-04 09:00:00', 'solved'],
    // A five-minute call with a thirty-minute hold: its talk time would be negative.
    ['long-hold', 'h1', 'queue_enter', '2026-03-04 11:00:00', null],
    ['long-hold', 'h2', 'answer', '2026-03-04 11:00:10', null],
    ['long-hold', 'h3', 'hold_start', '2026-03-04 10:00:00', null],
    ['long-hold', 'h4', 'hold_end', '2026-03-04 10:30:00', null],
    ['long-hold', 'h5', 'end', '2026-03-04 11:05:10', null],
    // A reply before the customer wrote: the first response is measured to a later reply, or not at all.
    ['reply-first', 'r1', 'agent_reply', '2026-03-04 11:00:00', null],
    ['reply-first', 'r2', 'customer_message', '2026-03-04 12:00:00', null],
  ];
  let seq = 1_000_000;
  for (const [contact, id, kind, at, status] of events) {
    seq += 1;
    await db.run(
      `INSERT INTO contact_events (source, contact_external_id, external_id, kind, occurred_at, actor, public, status, contact_key, seq)
       VALUES ('zz', $1, $2, $3, CAST($4 AS TIMESTAMP), $5, $6, $7, $8, $9)`,
      [
        contact,
        id,
        kind,
        at,
        kind === 'agent_reply' ? 'agent' : null,
        kind === 'agent_reply',
        status,
        `zz|${contact}`,
        seq,
      ],
    );
  }
  await db.run(
    `INSERT INTO survey_responses (source, external_id, kind, scale_min, scale_max, score, contact_source, contact_external_id, sent_at, responded_at, contact_key)
     VALUES ('zz', 'survey9999', 'csat', 1, 5, 4, 'zz', 'backwards', TIMESTAMP '2026-03-04 12:00:00', TIMESTAMP '9999-12-31 00:00:00', 'zz|backwards')`,
  );
}

const DURATION_COLUMNS = [
  'frt_s',
  'frt_bh_s',
  'first_resolution_s',
  'first_resolution_bh_s',
  'full_resolution_s',
  'full_resolution_bh_s',
  'queue_wait_s',
  'talk_s',
  'hold_s',
  'handle_s',
  'acw_s',
];

async function negativeFacts(db: Engine): Promise<number> {
  const rows = await db.all(
    `SELECT count(*) AS n FROM contact_facts WHERE ${DURATION_COLUMNS.map((c) => `${c} < 0`).join(' OR ')}`,
  );
  return Number(rows[0]?.n);
}

describe('the facts rebuild with rows it cannot use', () => {
  test('leaves out and names contacts and survey rows with a time in the year 0000 or 9999', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      await plantHostileRows(db);
      const summary = await rebuildFacts(db);
      expect(summary.leftOut.contacts).toBe(3);
      expect(summary.leftOut.surveys).toBe(1);
      expect(summary.leftOut.examples).toEqual(
        expect.arrayContaining([
          { kind: 'contact', key: 'zz|year0', field: 'contacts.created_at', value: expect.any(String) },
          { kind: 'contact', key: 'zz|year9999', field: 'contacts.created_at', value: '9999-12-31 00:00:00' },
          {
            kind: 'contact',
            key: 'zz|late-event',
            field: 'contact_events.occurred_at',
            value: '9999-12-31 23:00:00',
          },
          {
            kind: 'survey',
            key: 'zz|survey9999',
            field: 'survey_responses.responded_at',
            value: '9999-12-31 00:00:00',
          },
        ]),
      );
      const facts = await db.all(
        "SELECT contact_key FROM contact_facts WHERE contact_key LIKE 'zz|%' ORDER BY 1",
      );
      expect(facts.map((f) => f.contact_key)).toEqual(['zz|backwards', 'zz|long-hold', 'zz|reply-first']);
      expect(await db.all("SELECT survey_key FROM survey_facts WHERE survey_key LIKE 'zz|%'")).toEqual([]);
      // The fixture's own contacts are all there, and the calendar spans only their years.
      expect(summary.contacts).toBe(Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n) - 3);
      const span = await db.all('SELECT min(start_at) AS lo, max(end_at) AS hi FROM business_intervals');
      expect(new Date(String(span[0]?.lo)).getUTCFullYear()).toBe(2026);
      expect(new Date(String(span[0]?.hi)).getUTCFullYear()).toBeLessThanOrEqual(2027);

      const notices = (await listQualityNotices(db)).filter((n) => n.code === 'out_of_range_time');
      expect(notices.map((n) => n.message).join('\n')).toMatch(
        /contact_events\.occurred_at outside 1970-01-01/,
      );
      expect(notices.flatMap((n) => n.examples).join(' ')).toContain('zz|late-event');
      expect(notices.every((n) => n.file === '(rebuild)' && n.source === 'zz')).toBe(true);
      // The contact created on a day in range is noticed on that day.
      expect(notices.find((n) => n.examples.some((e) => e.startsWith('zz|late-event')))?.day).toBe(
        '2026-03-04',
      );

      // A later rebuild succeeds as well, and its notices replace the earlier ones.
      await rebuildFacts(db);
      expect((await listQualityNotices(db)).filter((n) => n.code === 'out_of_range_time')).toHaveLength(
        notices.length,
      );
    });
  });

  test('never turns an end before its start into a negative duration: it is left out and counted', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      await plantHostileRows(db);
      const summary = await rebuildFacts(db);
      expect(await negativeFacts(db)).toBe(0);
      const backwards = await db.all(
        `SELECT ${DURATION_COLUMNS.join(', ')}, answered, answered_within_sl FROM contact_facts WHERE contact_key = 'zz|backwards'`,
      );
      expect(backwards[0]).toMatchObject({
        first_resolution_s: null,
        first_resolution_bh_s: null,
        full_resolution_s: null,
        queue_wait_s: null,
        handle_s: null,
        hold_s: null,
        acw_s: null,
        talk_s: null,
        answered: true,
        answered_within_sl: null,
      });
      const longHold = await db.all(
        "SELECT handle_s, hold_s, talk_s FROM contact_facts WHERE contact_key = 'zz|long-hold'",
      );
      expect(longHold[0]).toEqual({ handle_s: 300, hold_s: 1800, talk_s: null });
      const replyFirst = await db.all("SELECT frt_s FROM contact_facts WHERE contact_key = 'zz|reply-first'");
      expect(replyFirst[0]).toEqual({ frt_s: null });

      const counted = Object.fromEntries(summary.negativeDurations.map((n) => [n.duration, n.contacts]));
      expect(counted).toEqual({
        first_resolution: 1,
        full_resolution: 1,
        queue_wait: 1,
        handle: 1,
        hold: 1,
        acw: 1,
        talk: 1,
      });
      const notices = (await listQualityNotices(db)).filter((n) => n.code === 'negative_duration');
      expect(notices.map((n) => [n.day, n.source, n.contacts, n.examples])).toEqual(
        Array.from({ length: 7 }, () => [
          '2026-03-04',
          'zz',
          1,
          [expect.stringMatching(/^zz\|(backwards|long-hold)$/)],
        ]),
      );
      expect(notices.map((n) => n.message).join('\n')).toMatch(
        /handle time would be negative \(call ended before it was answered\)/,
      );

      // No indicator measured in time is ever negative.
      const durationKpis = KPIS.filter((k) => k.format === 'duration').map((k) => k.id);
      const result = await runKpiQuery(db, {
        from: '2026-03-04',
        to: '2026-03-04',
        timezone: 'UTC',
        kpis: durationKpis,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      for (const id of durationKpis) {
        const value = (result.data.rows[0]?.[id] as { value: number | null } | undefined)?.value ?? null;
        expect(value === null || value >= 0, `${id} = ${value}`).toBe(true);
      }
    });
  });
});

const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('servicemeter rebuild names what it leaves out; repair puts the rows aside and the database imports again', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'hostile.duckdb');
    const db = await openDuckDb({ path });
    try {
      await migrate(db);
      await db.run(
        "INSERT INTO calendars (id, timezone, is_default) VALUES ('office', 'Europe/Amsterdam', true)",
      );
      await db.run(
        "INSERT INTO calendar_intervals (calendar_id, weekday, start_time, end_time) VALUES ('office', 1, '09:00', '17:00')",
      );
      await plantHostileRows(db);
    } finally {
      await db.close();
    }

    const rebuilt = await cli('rebuild', '--db', path);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toMatch(
      /warning: contact zz\|late-event left out of the facts: contact_events\.occurred_at 9999-12-31 23:00:00 is outside 1970-01-01 … 2200-12-31/,
    );
    expect(rebuilt.stderr).toMatch(
      /warning: survey zz\|survey9999 left out of the facts: survey_responses\.responded_at/,
    );
    expect(rebuilt.stderr).toMatch(
      /warning: 1 contacts have a negative handle time \(call ended before it was answered\)/,
    );

    const dryRun = await cli('repair', '--db', path, '--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('contacts.created_at: 2 rows outside 1970-01-01 … 2200-12-31');
    expect(dryRun.stdout).toContain('contact_events.occurred_at: 1 rows outside');
    expect(dryRun.stdout).toContain('survey_responses.responded_at: 1 rows outside');
    expect(dryRun.stdout).toContain('4 rows would be put aside (dry run: nothing changed)');

    const repaired = await cli('repair', '--db', path, '--format', 'json');
    expect(repaired.code, repaired.stderr).toBe(0);
    const report = JSON.parse(repaired.stdout);
    expect(report).toMatchObject({ dryRun: false, rows: 4, quarantined: 4 });
    expect(
      report.findings.map((f: { table: string; column: string; rows: number }) => [
        f.table,
        f.column,
        f.rows,
      ]),
    ).toEqual([
      ['contacts', 'created_at', 2],
      ['contact_events', 'occurred_at', 1],
      ['survey_responses', 'responded_at', 1],
    ]);
    expect(report.facts.leftOut).toEqual({ contacts: 0, surveys: 0, examples: [] });

    const again = await cli('repair', '--db', path);
    expect(again.stdout).toContain('nothing to repair: every row can be rebuilt');

    const imported = await cli('import', join(FIXTURES, 'small-helpdesk'), '--db', path);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).not.toMatch(/left out of the facts/);

    const check = await openDuckDb({ path });
    try {
      const quarantine = await check.all(
        'SELECT table_name, row_json, reason FROM quarantine ORDER BY table_name, reason',
      );
      expect(quarantine.map((q) => q.table_name)).toEqual([
        'contact_events',
        'contacts',
        'contacts',
        'survey_responses',
      ]);
      const event = quarantine[0];
      expect(JSON.parse(String(event?.row_json))).toMatchObject({
        source: 'zz',
        external_id: 'l2',
        kind: 'agent_reply',
        occurred_at: '9999-12-31 23:00:00',
      });
      expect(event?.reason).toBe('occurred_at 9999-12-31 23:00:00 is outside 1970-01-01 … 2200-12-31');
      expect(
        await check.all("SELECT external_id FROM contacts WHERE external_id IN ('year0', 'year9999')"),
      ).toEqual([]);
      expect(await negativeFacts(check)).toBe(0);
    } finally {
      await check.close();
    }
  });
}, 120_000);

describe('the repair API', () => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer({ prepare: (db) => plantHostileRows(db) });
  });

  afterAll(async () => {
    await ts.stop();
  });

  test('is refused to managers, agents and viewers', async () => {
    for (const person of ['manager', 'ann', 'viewer'] as const) {
      const client = await signedIn(ts.url, person);
      expect((await client.get('/api/repair')).status, person).toBe(403);
      expect((await client.post('/api/repair')).status, person).toBe(403);
    }
    expect((await new Client(ts.url).get('/api/repair')).status).toBe(401);
  });

  test('an admin sees the report, then puts the rows aside; the facts are rebuilt', async () => {
    const admin = await signedIn(ts.url, 'admin');
    const report = await admin.get('/api/repair');
    expect(report.status, report.text).toBe(200);
    expect(report.json).toMatchObject({ dryRun: true, rows: 4, quarantined: 0, rebuilt: null });
    expect(report.json.findings[0]).toMatchObject({
      table: 'contacts',
      column: 'created_at',
      reason: 'outside 1970-01-01 … 2200-12-31',
      rows: 2,
    });
    expect((await admin.get('/api/repair')).json.rows).toBe(4);

    const repaired = await admin.post('/api/repair');
    expect(repaired.status, repaired.text).toBe(200);
    expect(repaired.json).toMatchObject({ dryRun: false, rows: 4, quarantined: 4 });
    expect(repaired.json.rebuilt.contacts).toBeGreaterThan(0);
    expect((await admin.get('/api/repair')).json).toMatchObject({ rows: 0, findings: [], quarantined: 4 });

    const quality = await admin.get('/api/data-quality');
    expect(quality.status, quality.text).toBe(200);
    const rebuildNotices = quality.json.notices.filter((n: { file: string }) => n.file === '(rebuild)');
    expect(rebuildNotices.map((n: { code: string }) => n.code)).not.toContain('out_of_range_time');
    expect(rebuildNotices.map((n: { code: string }) => n.code)).toContain('negative_duration');
  });
});
