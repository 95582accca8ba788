import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { WORKFORCE_KPIS } from '../../src/core/kpi/catalog/workforce.js';
import type { KpiQueryInput } from '../../src/core/kpi/query.js';
import { CONTACT_ACTIVITIES } from '../../src/core/schema.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { HOLIDAYS, PERIOD_FIRST_DAY, PERIOD_LAST_DAY, TIMEZONE } from '../../src/services/demo/scenario.js';
import { createDemoWorkforce } from '../../src/services/demo/workforce.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { listMarkedDays } from '../../src/services/workforce/marked-days.js';
import { getWorkforceSettings } from '../../src/services/workforce/settings.js';
import { parseCsv } from '../support/csv.js';
import { kpiValueIn, withDuckDb, withTempDir } from '../support/engines.js';

/**
 * The demo's schedule is the plan and its presence the reality: the plan must be one a team lead
 * could have made (every working agent has shifts, no agent in two blocks at once, nothing on a
 * public holiday), and measured against the presence it must give believable figures.
 */

type Row = Record<string, string>;

function table(text: string): Row[] {
  const [header = [], ...body] = parseCsv(text);
  return body.map((fields) => Object.fromEntries(header.map((name, k) => [name, fields[k] ?? ''])));
}

const localDate = (iso: string): string => new Date(iso).toLocaleDateString('sv-SE', { timeZone: TIMEZONE });

/** The end of the demo's last day: what the demo's clock says when it is served. */
const DEMO_NOW = new Date('2026-06-28T21:59:00Z');
/** Few contacts: the planned shifts and their presence do not depend on how many there are. */
const DEMO_CONTACTS = 1_000;
/** Importing half a year of presence and schedule and rebuilding its facts takes a while. */
const IMPORT_TIMEOUT = 600_000;
/**
 * What the time of the team is measured from: the contacts only add handling (occupancy,
 * utilisation), which adherence, late starts and coverage do not read, so they stay out and the
 * import stays quick.
 */
const TEAM_TIME_TABLES = [
  'calendars',
  'calendar_intervals',
  'calendar_holidays',
  'teams',
  'agents',
  'agent_status_events',
  'schedules',
];

let files: string;
let schedules: Row[];
let presence: Row[];

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), 'servicemeter-demo-workforce-'));
  await writeDemoFiles(files, { contacts: DEMO_CONTACTS, seed: 5 });
  schedules = table(await readFile(join(files, 'schedules.csv'), 'utf8'));
  presence = table(await readFile(join(files, 'agent_status_events.csv'), 'utf8'));
});

afterAll(async () => {
  await rm(files, { recursive: true, force: true });
});

describe('the demo schedule', () => {
  test('gives every agent with presence shifts on a contact channel, through the data and two weeks on', () => {
    const onContacts = (row: Row) => (CONTACT_ACTIVITIES as readonly string[]).includes(row.activity ?? '');
    const present = new Set(presence.map((row) => row.agent_id));
    const scheduled = new Set(schedules.filter(onContacts).map((row) => row.agent_id));
    expect(present.size).toBe(12);
    expect([...present].filter((agent) => !scheduled.has(agent))).toEqual([]);
    const days = schedules.map((row) => localDate(row.starts_at ?? ''));
    expect([...days].sort()[0]).toBe(PERIOD_FIRST_DAY);
    // Two weeks of plan after the data, for the staffing of the coming weeks.
    expect([...days].sort().at(-1)).toBe('2026-07-12');
    expect(new Set(schedules.map((row) => row.activity))).toEqual(
      new Set(['phone', 'chat', 'email', 'social', 'break', 'training', 'meeting', 'absence']),
    );
    const holidays = new Set(HOLIDAYS.map((h) => h.date));
    expect(schedules.filter((row) => holidays.has(localDate(row.starts_at ?? '')))).toEqual([]);
    // Each agent works most weekdays: a day shift on a channel nearly every Monday to Friday.
    for (const agent of ['sanne', 'emma', 'julia']) {
      const workdays = new Set(
        schedules
          .filter((row) => row.agent_id === agent && onContacts(row))
          .map((row) => localDate(row.starts_at ?? '')),
      );
      expect(workdays.size, agent).toBeGreaterThan(120);
    }
  });

  test('never puts an agent in two blocks at once, and every block ends after it starts', () => {
    const byAgent = new Map<string, { start: number; end: number; id: string }[]>();
    for (const row of schedules) {
      const block = {
        start: Date.parse(row.starts_at ?? ''),
        end: Date.parse(row.ends_at ?? ''),
        id: row.external_id ?? '',
      };
      expect(block.end, block.id).toBeGreaterThan(block.start);
      const list = byAgent.get(row.agent_id ?? '') ?? [];
      list.push(block);
      byAgent.set(row.agent_id ?? '', list);
    }
    const overlaps: string[] = [];
    for (const blocks of byAgent.values()) {
      blocks.sort((x, y) => x.start - y.start);
      for (let i = 1; i < blocks.length; i++) {
        const before = blocks[i - 1];
        const block = blocks[i];
        if (before && block && block.start < before.end) overlaps.push(`${before.id} / ${block.id}`);
      }
    }
    expect(overlaps).toEqual([]);
    expect(new Set(schedules.map((row) => row.external_id)).size).toBe(schedules.length);
  });

  test('is the same for the same seed', async () => {
    await withTempDir(async (dir) => {
      await writeDemoFiles(dir, { contacts: DEMO_CONTACTS, seed: 5 });
      expect(table(await readFile(join(dir, 'schedules.csv'), 'utf8'))).toEqual(schedules);
    });
  });
});

describe('the demo measured against its schedule', () => {
  const QUERY = { from: PERIOD_FIRST_DAY, to: PERIOD_LAST_DAY, timezone: TIMEZONE };

  async function values(db: Engine, by: KpiQueryInput['by'] = []) {
    const result = await runKpiQuery(db, { ...QUERY, kpis: WORKFORCE_KPIS.map((k) => k.id), by });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.data.rows;
  }

  test(
    'gives adherence, late starts, shrinkage and understaffed intervals a team would recognise',
    async () => {
      const teamTime = join(files, 'team-time');
      await mkdir(teamTime);
      for (const name of TEAM_TIME_TABLES)
        await copyFile(join(files, `${name}.csv`), join(teamTime, `${name}.csv`));
      await withDuckDb([teamTime], async (db) => {
        await createDemoWorkforce(db, DEMO_NOW);
        const [all] = await values(db);
        const adherence = kpiValueIn(all, 'adherence').value ?? Number.NaN;
        expect(adherence).toBeGreaterThan(0.75);
        expect(adherence).toBeLessThan(0.98);
        // The early e-mail shifts nobody starts on time, and little else.
        const lateStarts = kpiValueIn(all, 'late_starts').value ?? Number.NaN;
        expect(lateStarts).toBeGreaterThan(0.02);
        expect(lateStarts).toBeLessThan(0.2);
        expect(kpiValueIn(all, 'late_start_minutes').value).toBeGreaterThan(0);
        // Breaks taken at other times than planned leave a queue short now and then.
        const availability = kpiValueIn(all, 'availability').value ?? Number.NaN;
        expect(availability).toBeGreaterThan(0.6);
        expect(availability).toBeLessThan(0.99);
        const uncoveredDays = await db.all(
          `SELECT COUNT(DISTINCT CAST(interval_start AS DATE)) AS days FROM workforce_coverage_facts WHERE NOT covered`,
        );
        expect(Number(uncoveredDays[0]?.days)).toBeGreaterThan(20);

        const reasons = new Map(
          (await values(db, ['shrinkage_reason'])).map((row) => [
            row.shrinkage_reason,
            kpiValueIn(row, 'shrinkage').n,
          ]),
        );
        for (const reason of ['break', 'training', 'meeting', 'absence', 'unplanned_pause', 'not_logged_in'])
          expect(reasons.get(reason), reason).toBeGreaterThan(0);

        // The plan after the demo's now is still to come: no shift there is missed.
        const after = await db.all(
          `SELECT COUNT(*) AS n FROM workforce_shift_facts WHERE shift_start > CAST('2026-06-28 22:00:00' AS TIMESTAMP)`,
        );
        expect(Number(after[0]?.n)).toBe(0);

        const marked = await listMarkedDays(db);
        expect(
          marked.filter((day) => day.label === 'Summer sale').map((day) => [day.day, day.factor]),
        ).toEqual([
          ['2026-07-01', 1.6],
          ['2026-07-02', 1.6],
        ]);
        expect(marked.filter((day) => day.label === 'Carrier disruption').map((day) => day.day)).toContain(
          '2026-02-16',
        );
        const settings = await getWorkforceSettings(db);
        expect(settings.intervalMinutes).toBe(30);
        expect(settings.model).toBe('erlang-a');
      });
    },
    IMPORT_TIMEOUT,
  );
});
