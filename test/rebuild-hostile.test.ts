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
import { repairDatabase } from '../src/services/repair.js';
import { Client, signedIn, startTestServer, type TestServer } from './server/support.js';
import { ENGINES, FIXTURES, openMigratedPostgres, withDuckDb, withTempDir } from './support/engines.js';

/**
 * Rows that imports refuse today but older versions let in, written straight into the tables:
 * times in the years 0000 and 9999, and contacts whose events run backwards.
 */
type PlantedEvent = [contact: string, id: string, kind: string, at: string, status: string | null];

/** Events of source `zz`, numbered from after `seq`; replies are public and by an agent. */
async function plantEvents(db: Engine, events: readonly PlantedEvent[], after: number): Promise<void> {
  let seq = after;
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
}

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
  const events: PlantedEvent[] = [
    ['late-event', 'l1', 'customer_message', '2026-03-04 09:00:00', null],
    ['late-event', 'l2', 'agent_reply', '9999-12-31 23:00:00', null],
    // In range, but its contact is not: it goes with the contact.
    ['year9999', 'y1', 'customer_message', '2026-03-04 08:00:00', null],
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
  await plantEvents(db, events, 1_000_000);
  await db.run(
    `INSERT INTO survey_responses (source, external_id, kind, scale_min, scale_max, score, contact_source, contact_external_id, sent_at, responded_at, contact_key)
     VALUES ('zz', 'survey9999', 'csat', 1, 5, 4, 'zz', 'backwards', TIMESTAMP '2026-03-04 12:00:00', TIMESTAMP '9999-12-31 00:00:00', 'zz|backwards'),
            ('zz', 'survey-late', 'csat', 1, 5, 5, 'zz', 'late-event', TIMESTAMP '2026-03-04 09:30:00', TIMESTAMP '2026-03-04 09:40:00', 'zz|late-event')`,
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
        to: '2026-03-05',
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

/**
 * Rows written straight into the tables, in SQL both engines read: a contact resolved in the year
 * 9999 and one created in 1900, each with rows in range, and rows out of range in every other table
 * that has a time or date, next to rows in range.
 */
async function plantRowsToRepair(db: Engine): Promise<void> {
  const contacts: [string, string, string][] = [
    ['kept', '2026-03-02 09:00:00', 'solved'],
    ['resolved-9999', '2026-03-02 10:00:00', 'solved'],
    ['created-1900', '1900-01-01 00:00:00', 'open'],
  ];
  for (const [id, created, status] of contacts)
    await db.run(
      `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key)
       VALUES ('zz', $1, 'email', CAST($2 AS TIMESTAMP), $3, $4)`,
      [id, created, status, `zz|${id}`],
    );
  const events: PlantedEvent[] = [
    ['kept', 'k1', 'customer_message', '2026-03-02 09:00:00', null],
    ['kept', 'k2', 'agent_reply', '2026-03-02 09:10:00', null],
    ['kept', 'k3', 'status_change', '2026-03-02 09:20:00', 'solved'],
    ['resolved-9999', 'n1', 'customer_message', '2026-03-02 10:00:00', null],
    ['resolved-9999', 'n2', 'agent_reply', '2026-03-02 10:10:00', null],
    // Without it the contact would be open: it must not come back open once this row is gone.
    ['resolved-9999', 'n3', 'status_change', '9999-12-31 00:00:00', 'solved'],
    ['created-1900', 'o1', 'customer_message', '2026-03-02 11:00:00', null],
  ];
  await plantEvents(db, events, 0);
  const surveys: [string, string, string][] = [
    ['s-kept', 'kept', '2026-03-02 12:00:00'],
    ['s-late', 'kept', '9999-12-31 00:00:00'],
    ['s-resolved-9999', 'resolved-9999', '2026-03-02 12:00:00'],
    ['s-created-1900', 'created-1900', '2026-03-02 12:00:00'],
  ];
  for (const [id, contact, responded] of surveys)
    await db.run(
      `INSERT INTO survey_responses (source, external_id, kind, scale_min, scale_max, score, contact_source, contact_external_id, sent_at, responded_at, contact_key)
       VALUES ('zz', $1, 'csat', 1, 5, 4, 'zz', $2, CAST('2026-03-02 11:30:00' AS TIMESTAMP), CAST($3 AS TIMESTAMP), $4)`,
      [id, contact, responded, `zz|${contact}`],
    );
  await db.run(
    `INSERT INTO agent_status_events (source, external_id, agent_id, status, occurred_at) VALUES
       ('pbx', 'st-kept', 'ann', 'available', CAST('2026-03-02 08:00:00' AS TIMESTAMP)),
       ('pbx', 'st-9999', 'ann', 'available', CAST('9999-12-31 00:00:00' AS TIMESTAMP))`,
  );
  await db.run(
    "INSERT INTO calendars (id, timezone, is_default) VALUES ('office', 'Europe/Amsterdam', true)",
  );
  await db.run(
    "INSERT INTO calendar_intervals (calendar_id, weekday, start_time, end_time) VALUES ('office', 1, '09:00', '17:00')",
  );
  await db.run(
    `INSERT INTO calendar_holidays (calendar_id, date, name) VALUES
       ('office', CAST('2026-12-25' AS DATE), 'Christmas'), ('office', CAST('9999-01-01' AS DATE), 'far')`,
  );
  await db.run(
    `INSERT INTO agents (id, name, started_on) VALUES
       ('ann', 'Ann', CAST('2020-01-01' AS DATE)), ('bob', 'Bob', CAST('1900-01-01' AS DATE))`,
  );
}

const everyRow = (db: Engine, table: string, order: string) =>
  db.all(`SELECT * FROM ${table} ORDER BY ${order}`);
const keysOf = async (db: Engine, table: string, key: string) =>
  (await db.all(`SELECT ${key} AS k FROM ${table} ORDER BY 1`)).map((r) => String(r.k));

const outside = 'is outside 1970-01-01 … 2200-12-31';

describe.each(ENGINES)('servicemeter repair on $kind', ({ kind }) => {
  test('puts a contact aside whole, as the rebuild leaves it out; rows of other tables one by one', async () => {
    await withTempDir(async (dir) => {
      const db =
        kind === 'duckdb'
          ? await openDuckDb({ path: join(dir, 'repair.duckdb') })
          : await openMigratedPostgres(kind);
      try {
        await migrate(db);
        await plantRowsToRepair(db);
        await rebuildFacts(db);
        const factsBefore = await everyRow(db, 'contact_facts', 'contact_key');
        const surveyFactsBefore = await everyRow(db, 'survey_facts', 'survey_key');
        expect(factsBefore.map((f) => f.contact_key)).toEqual(['zz|kept']);
        expect(surveyFactsBefore.map((f) => f.survey_key)).toEqual(['zz|s-kept']);

        const dryRun = await repairDatabase(db, { dryRun: true });
        const contactReason = `outside 1970-01-01 … 2200-12-31: the contact is put aside whole, with its events and survey answers`;
        expect(dryRun.findings).toEqual([
          {
            table: 'contacts',
            column: 'created_at',
            reason: contactReason,
            rows: 3,
            contacts: 1,
            rowsByTable: { contacts: 1, contact_events: 1, survey_responses: 1 },
            examples: ['zz|created-1900 (created_at 1900-01-01 00:00:00)'],
          },
          {
            table: 'contact_events',
            column: 'occurred_at',
            reason: contactReason,
            rows: 5,
            contacts: 1,
            rowsByTable: { contacts: 1, contact_events: 3, survey_responses: 1 },
            examples: ['zz|resolved-9999 (occurred_at 9999-12-31 00:00:00)'],
          },
          ...[
            ['calendar_holidays', 'date', 'office|9999-01-01 (date 9999-01-01)'],
            ['agents', 'started_on', 'bob (started_on 1900-01-01)'],
            ['survey_responses', 'responded_at', 'zz|s-late (responded_at 9999-12-31 00:00:00)'],
            ['agent_status_events', 'occurred_at', 'pbx|st-9999 (occurred_at 9999-12-31 00:00:00)'],
          ].map(([table, column, example]) => ({
            table,
            column,
            reason: 'outside 1970-01-01 … 2200-12-31',
            rows: 1,
            contacts: null,
            rowsByTable: { [String(table)]: 1 },
            examples: [example],
          })),
        ]);
        expect(dryRun.rows).toBe(12);
        expect(await keysOf(db, 'contact_events', 'external_id')).toHaveLength(7);

        const repaired = await repairDatabase(db, { dryRun: false });
        expect(repaired).toMatchObject({ rows: 12, quarantined: 12 });
        const quarantine = await db.all('SELECT table_name, row_json, reason FROM quarantine');
        /** A quarantined row by its table, its own id (a holiday by its name) and its reason. */
        const putAside = quarantine
          .map((q) => {
            const row = JSON.parse(String(q.row_json));
            return `${String(q.table_name)} ${row.external_id ?? row.id ?? row.name}: ${String(q.reason)}`;
          })
          .sort();
        const whole = (key: string, fault: string) =>
          `${fault} ${outside}: contact ${key} put aside whole, with its events and survey answers`;
        const resolved9999 = whole('zz|resolved-9999', 'contact_events.occurred_at 9999-12-31 00:00:00');
        const created1900 = whole('zz|created-1900', 'contacts.created_at 1900-01-01 00:00:00');
        expect(putAside).toEqual(
          [
            `agent_status_events st-9999: agent_status_events.occurred_at 9999-12-31 00:00:00 ${outside}`,
            `agents bob: agents.started_on 1900-01-01 ${outside}`,
            `calendar_holidays far: calendar_holidays.date 9999-01-01 ${outside}`,
            `contact_events n1: ${resolved9999}`,
            `contact_events n2: ${resolved9999}`,
            `contact_events n3: ${resolved9999}`,
            `contact_events o1: ${created1900}`,
            `contacts created-1900: ${created1900}`,
            `contacts resolved-9999: ${resolved9999}`,
            `survey_responses s-created-1900: ${created1900}`,
            `survey_responses s-late: survey_responses.responded_at 9999-12-31 00:00:00 ${outside}`,
            `survey_responses s-resolved-9999: ${resolved9999}`,
          ].sort(),
        );
        // The rows in range of the same tables are all still there.
        expect(await keysOf(db, 'contacts', 'external_id')).toEqual(['kept']);
        expect(await keysOf(db, 'contact_events', 'external_id')).toEqual(['k1', 'k2', 'k3']);
        expect(await keysOf(db, 'survey_responses', 'external_id')).toEqual(['s-kept']);
        expect(await keysOf(db, 'agent_status_events', 'external_id')).toEqual(['st-kept']);
        expect(await keysOf(db, 'calendar_holidays', 'name')).toEqual(['Christmas']);
        expect(await keysOf(db, 'agents', 'id')).toEqual(['ann']);
        // The facts are what the rebuild made of the same rows before: no contact changed shape.
        expect(await everyRow(db, 'contact_facts', 'contact_key')).toEqual(factsBefore);
        expect(await everyRow(db, 'survey_facts', 'survey_key')).toEqual(surveyFactsBefore);
        expect(repaired.facts?.leftOut).toEqual({ contacts: 0, surveys: 0, examples: [] });
        expect((await repairDatabase(db, { dryRun: true })).rows).toBe(0);
      } finally {
        await db.close();
      }
    });
  });
});

test('the rebuild counts rows left out and negative durations per contact, naming each contact once', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'skewed.duckdb');
    const db = await openDuckDb({ path });
    try {
      await migrate(db);
      // 25 contacts with two events each in the year 9999 (the first three created then too), 15 calls
      // that end before they are answered, 9 of them with after-contact work ending before it starts.
      await db.run(
        `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key)
         SELECT 'pbx', 'skew-' || lpad(CAST(i AS VARCHAR), 2, '0'), 'phone',
           CASE WHEN i <= 3 THEN TIMESTAMP '9999-12-30 00:00:00' ELSE TIMESTAMP '2026-03-04 09:00:00' END, 'open',
           'pbx|skew-' || lpad(CAST(i AS VARCHAR), 2, '0') FROM range(1, 26) t(i)
         UNION ALL
         SELECT 'pbx', 'neg-' || lpad(CAST(i AS VARCHAR), 2, '0'), 'phone', TIMESTAMP '2026-03-04 10:00:00', 'open',
           'pbx|neg-' || lpad(CAST(i AS VARCHAR), 2, '0') FROM range(1, 16) t(i)`,
      );
      await db.run(
        `INSERT INTO contact_events (source, contact_external_id, external_id, kind, occurred_at, contact_key, seq)
         SELECT 'pbx', c.external_id, c.external_id || '-' || e.kind, e.kind, e.occurred, c.contact_key, row_number() OVER ()
         FROM contacts c JOIN (VALUES
           ('skew-', 'answer', TIMESTAMP '9999-12-31 10:00:00'), ('skew-', 'end', TIMESTAMP '9999-12-31 10:05:00'),
           ('neg-', 'answer', TIMESTAMP '2026-03-04 10:05:00'), ('neg-', 'end', TIMESTAMP '2026-03-04 10:00:00'),
           ('neg-0', 'acw_start', TIMESTAMP '2026-03-04 10:10:00'), ('neg-0', 'acw_end', TIMESTAMP '2026-03-04 10:08:00')
         ) e(prefix, kind, occurred) ON c.external_id LIKE e.prefix || '%'`,
      );
      const summary = await rebuildFacts(db);
      expect(summary.leftOut.contacts).toBe(25);
      expect(summary.leftOut.examples.map((e) => e.key)).toEqual(
        Array.from({ length: 10 }, (_, i) => `pbx|skew-${String(i + 1).padStart(2, '0')}`),
      );
      const handle = summary.negativeDurations.find((n) => n.duration === 'handle');
      expect(handle?.contacts).toBe(15);
      expect(handle?.examples).toEqual(
        Array.from({ length: 10 }, (_, i) => `pbx|neg-${String(i + 1).padStart(2, '0')}`),
      );
      expect(summary.negativeDurations.find((n) => n.duration === 'acw')?.contacts).toBe(9);
      const notices = await listQualityNotices(db);
      expect(notices.map((n) => [n.code, n.day, n.contacts, n.examples.map((e) => e.split(' ')[0])])).toEqual(
        expect.arrayContaining([
          ['out_of_range_time', '2026-03-04', 22, ['pbx|skew-04', 'pbx|skew-05', 'pbx|skew-06']],
          ['negative_duration', '2026-03-04', 15, ['pbx|neg-01', 'pbx|neg-02', 'pbx|neg-03']],
          ['negative_duration', '2026-03-04', 9, ['pbx|neg-01', 'pbx|neg-02', 'pbx|neg-03']],
        ]),
      );
    } finally {
      await db.close();
    }
    const rebuilt = await cli('rebuild', '--db', path);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr.match(/warning: contact pbx\|skew-\d+ left out/g)).toHaveLength(10);
    expect(rebuilt.stderr).toContain('warning: … and 15 more contacts left out');
    expect(rebuilt.stderr).toMatch(/warning: 15 contacts have a negative handle time/);
  });
}, 60_000);

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
    expect(dryRun.stdout).toContain(
      'contacts.created_at: 2 contacts outside 1970-01-01 … 2200-12-31: the contact is put aside whole, with its events and survey answers — 3 rows (1 contact_events, 2 contacts)',
    );
    expect(dryRun.stdout).toContain(
      'contact_events.occurred_at: 1 contacts outside 1970-01-01 … 2200-12-31: the contact is put aside whole, with its events and survey answers — 4 rows (2 contact_events, 1 contacts, 1 survey_responses)',
    );
    expect(dryRun.stdout).toContain('survey_responses.responded_at: 1 rows outside');
    expect(dryRun.stdout).toContain('8 rows would be put aside (dry run: nothing changed)');

    const repaired = await cli('repair', '--db', path, '--format', 'json');
    expect(repaired.code, repaired.stderr).toBe(0);
    const report = JSON.parse(repaired.stdout);
    expect(report).toMatchObject({ dryRun: false, rows: 8, quarantined: 8 });
    expect(
      report.findings.map((f: { table: string; column: string; rows: number; contacts: number | null }) => [
        f.table,
        f.column,
        f.rows,
        f.contacts,
      ]),
    ).toEqual([
      ['contacts', 'created_at', 3, 2],
      ['contact_events', 'occurred_at', 4, 1],
      ['survey_responses', 'responded_at', 1, null],
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
        "SELECT table_name, row_json, reason FROM quarantine WHERE reason LIKE '%zz|late-event%' ORDER BY table_name, row_json",
      );
      // The contact with one event in the year 9999 goes whole, each row with the same reason.
      expect(
        quarantine.map((q) => [q.table_name, JSON.parse(String(q.row_json)).external_id, q.reason]),
      ).toEqual(
        [
          ['contact_events', 'l1'],
          ['contact_events', 'l2'],
          ['contacts', 'late-event'],
          ['survey_responses', 'survey-late'],
        ].map((row) => [
          ...row,
          'contact_events.occurred_at 9999-12-31 23:00:00 is outside 1970-01-01 … 2200-12-31: contact zz|late-event put aside whole, with its events and survey answers',
        ]),
      );
      expect(JSON.parse(String(quarantine[1]?.row_json))).toMatchObject({
        source: 'zz',
        external_id: 'l2',
        kind: 'agent_reply',
        occurred_at: '9999-12-31 23:00:00',
      });
      expect(
        await check.all('SELECT reason FROM quarantine WHERE table_name = $1', ['survey_responses']),
      ).toEqual(
        expect.arrayContaining([
          { reason: 'survey_responses.responded_at 9999-12-31 00:00:00 is outside 1970-01-01 … 2200-12-31' },
        ]),
      );
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
    expect(report.json).toMatchObject({ dryRun: true, rows: 8, quarantined: 0, rebuilt: null });
    expect(report.json.findings[0]).toEqual({
      table: 'contacts',
      column: 'created_at',
      reason:
        'outside 1970-01-01 … 2200-12-31: the contact is put aside whole, with its events and survey answers',
      rows: 3,
      contacts: 2,
      rowsByTable: { contacts: 2, contact_events: 1 },
      examples: [
        'zz|year0 (created_at 0001-01-01 (BC) 00:00:00)',
        'zz|year9999 (created_at 9999-12-31 00:00:00)',
      ],
    });
    expect((await admin.get('/api/repair')).json.rows).toBe(8);

    const repaired = await admin.post('/api/repair');
    expect(repaired.status, repaired.text).toBe(200);
    expect(repaired.json).toMatchObject({ dryRun: false, rows: 8, quarantined: 8 });
    expect(repaired.json.rebuilt.contacts).toBeGreaterThan(0);
    expect((await admin.get('/api/repair')).json).toMatchObject({ rows: 0, findings: [], quarantined: 8 });

    const quality = await admin.get('/api/data-quality');
    expect(quality.status, quality.text).toBe(200);
    const rebuildNotices = quality.json.notices.filter((n: { file: string }) => n.file === '(rebuild)');
    expect(rebuildNotices.map((n: { code: string }) => n.code)).not.toContain('out_of_range_time');
    expect(rebuildNotices.map((n: { code: string }) => n.code)).toContain('negative_duration');
  });
});
