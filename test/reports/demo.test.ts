import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findKpi } from '../../src/core/kpi/catalog.js';
import { type DuckDbEngine, openDuckDb } from '../../src/engines/duckdb/engine.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { configureDemoLive } from '../../src/services/demo/live.js';
import {
  createDemoReporting,
  DEMO_ALERT_NAMES,
  DEMO_DASHBOARD_NAME,
  DEMO_MANAGER,
  DEMO_OUTSIDE_RECIPIENT,
  DEMO_REPORT_NAME,
  DEMO_VIEW_NAMES,
  type DemoReporting,
} from '../../src/services/demo/reports.js';
import { DEMO_LOGIN, prepareDemoAccess } from '../../src/services/demo-login.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { listUsers } from '../../src/services/users.js';

/**
 * The demo database comes with the reporting a team lead would have set up: the shared dashboard
 * managers open by default, saved views, scoped targets with a history, a baseline, competitor
 * figures, the Monday summary in two languages and time zones, alert rules and past alerts read
 * from the demo's own figures. A small demo is enough: every row only has to be there and agree.
 */

const CONTACTS = 4_000;
const SEED = 1;
/** The demo's clock: its last day, mid-morning. */
const DEMO_NOW = new Date('2026-06-28T08:30:00Z');
const IMPORT_TIMEOUT = 300_000;

let work: string;
let db: DuckDbEngine;
let made: DemoReporting;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-demo-reports-'));
  const files = join(work, 'files');
  await writeDemoFiles(files, { contacts: CONTACTS, seed: SEED });
  db = await openDuckDb({ path: join(work, 'demo.duckdb') });
  await migrate(db);
  const imported = await importFiles(db, [files]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  const access = await prepareDemoAccess(db);
  if (!access.ok) throw new Error(access.error);
  await configureDemoLive(db, DEMO_NOW);
  made = await createDemoReporting(db, { now: DEMO_NOW, seed: SEED });
}, IMPORT_TIMEOUT);

afterAll(async () => {
  await db?.close();
  await rm(work, { recursive: true, force: true });
});

const json = (value: unknown) => JSON.parse(String(value));

describe('the demo reporting', () => {
  test('has a shared Team overview dashboard of known indicators, default for managers and viewers', async () => {
    const rows = await db.all('SELECT * FROM dashboards');
    expect(rows.map((r) => r.name)).toEqual([DEMO_DASHBOARD_NAME]);
    const dashboard = rows[0] ?? {};
    expect(dashboard.id).toBe(made.dashboardId);
    expect(dashboard.shared).toBe(true);
    expect(String(dashboard.default_for).split(',')).toEqual(['manager', 'viewer']);
    const tiles = json(dashboard.tiles) as { kpi: string; kind: string; width: number }[];
    expect(tiles.length).toBeGreaterThanOrEqual(6);
    expect(tiles.length).toBeLessThanOrEqual(8);
    expect(tiles.filter((t) => !findKpi(t.kpi)).map((t) => t.kpi)).toEqual([]);
    expect(tiles.map((t) => t.kpi)).toEqual(
      expect.arrayContaining(['csat', 'nps', 'frt', 'abandonment_rate', 'service_level', 'cost_per_contact']),
    );
    expect(tiles.some((t) => t.kind === 'chart')).toBe(true);
    expect(tiles.every((t) => t.width >= 1 && t.width <= 4)).toBe(true);

    const views = await db.all('SELECT name, shared, page, state FROM saved_views ORDER BY name');
    expect(views.map((v) => v.name)).toEqual([...DEMO_VIEW_NAMES]);
    expect(views.every((v) => json(v.state).timezone === 'Europe/Amsterdam')).toBe(true);
  });

  test('has scoped targets from a date with the history of their change, and a Q1 CSAT baseline', async () => {
    const scoped = await db.all(
      `SELECT kpi_id, channel, team_id, CAST(valid_from AS VARCHAR) AS valid_from, value FROM kpi_targets
       WHERE team_id IS NOT NULL OR valid_from IS NOT NULL ORDER BY kpi_id, valid_from`,
    );
    expect(scoped.map((t) => [t.kpi_id, t.channel, t.team_id, t.valid_from, t.value])).toEqual([
      ['abandonment_rate', null, 'phone', '2026-01-05', 0.08],
      ['abandonment_rate', null, 'phone', '2026-04-01', 0.06],
      ['csat', 'chat', null, '2026-03-01', 0.88],
    ]);
    const history = await db.all(
      'SELECT CAST(changed_at AS VARCHAR) AS at, kpi_id, old_value, new_value FROM kpi_target_changes WHERE valid_from IS NOT NULL ORDER BY changed_at',
    );
    expect(history.map((c) => [String(c.at).slice(0, 10), c.kpi_id, c.old_value, c.new_value])).toEqual([
      ['2026-01-05', 'abandonment_rate', null, 0.08],
      ['2026-02-27', 'csat', null, 0.85],
      ['2026-03-30', 'abandonment_rate', null, 0.06],
      ['2026-04-20', 'csat', 0.85, 0.88],
    ]);

    const [baseline] = await db.all(
      'SELECT id, kpi_id, CAST(period_from AS VARCHAR) AS f, CAST(period_to AS VARCHAR) AS t, value, n FROM kpi_baselines',
    );
    expect(baseline?.id).toBe(made.baselineId);
    expect([baseline?.kpi_id, baseline?.f, baseline?.t]).toEqual(['csat', '2026-01-01', '2026-04-01']);
    expect(Number(baseline?.value)).toBeGreaterThan(0.5);
    expect(Number(baseline?.value)).toBeLessThan(1);
    expect(Number(baseline?.n)).toBeGreaterThan(30);

    const competitors = await db.all(
      "SELECT name, kpi_id, year, source FROM benchmarks WHERE kind = 'competitor'",
    );
    expect(competitors).toHaveLength(2);
    expect(competitors.every((c) => String(c.source).length > 0 && Number(c.year) === 2026)).toBe(true);
  });

  test('sends the Monday summary at 08:00 to the manager in Dutch and outside in English', async () => {
    const reports = await db.all('SELECT * FROM reports');
    expect(reports).toHaveLength(1);
    const report = reports[0] ?? {};
    expect([report.name, report.frequency, report.send_time, report.weekday]).toEqual([
      DEMO_REPORT_NAME,
      'weekly',
      '08:00',
      1,
    ]);
    expect(report.dashboard_id).toBe(made.dashboardId);
    expect(report.attach_pdf).toBe(true);
    expect(report.paused).toBe(false);
    const manager = (await listUsers(db)).find((u) => u.email === DEMO_MANAGER.email);
    expect(manager?.role).toBe('manager');
    const recipients = await db.all(
      'SELECT user_id, email, locale, timezone FROM report_recipients WHERE report_id = ? ORDER BY position',
      [made.reportId],
    );
    expect(recipients.map((r) => [r.user_id, r.email, r.locale, r.timezone])).toEqual([
      [manager?.id, DEMO_MANAGER.email, 'nl', 'Europe/Amsterdam'],
      [null, DEMO_OUTSIDE_RECIPIENT.email, 'en', 'Europe/London'],
    ]);
    // The demo admin still signs in as before; the manager is a second account.
    expect((await listUsers(db)).map((u) => u.email).sort()).toEqual(
      [DEMO_LOGIN.email, DEMO_MANAGER.email].sort(),
    );
  });

  test('has alert rules of every sort asked for, and past alerts that agree with the figures', async () => {
    const rules = await db.all(
      'SELECT id, name, kind, kpi_id, params, deliver FROM alert_rules ORDER BY name',
    );
    expect(rules.map((r) => r.name).sort()).toEqual(Object.values(DEMO_ALERT_NAMES).sort());
    const byName = (name: string) => rules.find((r) => r.name === name);
    const csat = byName(DEMO_ALERT_NAMES.csat);
    expect(json(csat?.params)).toMatchObject({
      kind: 'threshold',
      comparison: 'below',
      value: 0.8,
      windowHours: 168,
      minN: 30,
    });
    expect(json(byName(DEMO_ALERT_NAMES.abandonment)?.params)).toMatchObject({
      kind: 'anomaly',
      metric: 'abandonment',
    });
    expect(json(byName(DEMO_ALERT_NAMES.silent)?.params)).toMatchObject({ kind: 'source_silent' });
    expect(json(byName(DEMO_ALERT_NAMES.job)?.params)).toMatchObject({ kind: 'job_failed' });
    expect(rules.every((r) => json(r.deliver).emails.includes(DEMO_MANAGER.email))).toBe(true);

    const events = await db.all(
      'SELECT rule_id, kind, occurred_at, value, n, message, link FROM alert_events ORDER BY occurred_at',
    );
    expect(events.length).toBe(made.alertEvents);
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const event of events) {
      expect(rules.some((r) => r.id === event.rule_id)).toBe(true);
      expect(String(event.link)).toMatch(/^\/trends\?kpi=/);
      expect(String(event.occurred_at) < DEMO_NOW.toISOString().replace('T', ' ')).toBe(true);
    }
    // Every alert that fired and recovered recovered after it fired; a fired CSAT alert says a
    // seven-day CSAT under 80 % with at least 30 answers behind it.
    for (const rule of rules) {
      const own = events.filter((e) => e.rule_id === rule.id);
      if (own.length === 2) expect(own.map((e) => e.kind)).toEqual(['fired', 'recovered']);
      const fired = own.find((e) => e.kind === 'fired');
      if (rule.id === csat?.id && fired) {
        expect(Number(fired.value)).toBeLessThan(0.8);
        expect(Number(fired.n)).toBeGreaterThanOrEqual(30);
      }
    }
  });
});
