import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lastSending } from '../../src/core/reports/period.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { composeReport } from '../../src/services/reports/compose.js';
import type {
  ReportAudience,
  ReportDefinition,
  ReportRecipient,
} from '../../src/services/reports/contract.js';
import { createDashboard } from '../../src/services/views/dashboards.js';
import { openPlantedDuckDb } from './planted.js';

/**
 * A report's figures are what the recipient's role may see through the KPI API: a manager sees every
 * agent's line, an agent only team aggregates (never a colleague's line), an outside address no money.
 */

const MONDAY = new Date('2026-06-22T13:00:00Z');
let work: string;
let db: DuckDbEngine;
let report: ReportDefinition;
let agents: string[];

const tile = (id: string, kpi: string, kind: string, split: string | null) => ({
  id,
  kpi,
  kind,
  width: 2,
  height: 1,
  filters: {},
  grain: null,
  split,
  title: null,
});

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'servicemeter-compose-'));
  db = await openPlantedDuckDb(work);
  agents = (await db.all('SELECT id FROM agents ORDER BY id')).map((r) => String(r.id));
  await db.run(
    "INSERT INTO kpi_targets (kpi_id, channel, team_id, agent_id, valid_from, value) VALUES ('csat', NULL, NULL, NULL, NULL, 0.99)",
  );
  const dashboard = await createDashboard(
    db,
    { id: 'u-admin', role: 'admin' },
    {
      name: 'Team weekly',
      shared: true,
      defaultFor: [],
      state: { period: { preset: 'last7' }, timezone: 'Europe/Amsterdam', filters: {}, grain: 'day' },
      tiles: [
        tile('t1', 'csat', 'value', null),
        tile('t2', 'contacts_created', 'chart', 'agent'),
        tile('t3', 'service_cost', 'value', null),
      ],
    },
  );
  if (!dashboard.ok) throw new Error(JSON.stringify(dashboard.error));
  report = {
    id: 'r1',
    name: 'Team weekly',
    ownerId: 'u-admin',
    source: { kind: 'dashboard', id: dashboard.data.id },
    frequency: 'weekly',
    sendTime: '08:00',
    weekday: 1,
    monthDay: null,
    attachPdf: true,
    attachCsv: false,
    paused: false,
    recipients: [],
    createdAt: '',
    updatedAt: '',
  };
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function compose(audience: ReportAudience, locale: ReportRecipient['locale'] = 'en') {
  const recipient: ReportRecipient = {
    userId: audience.userId,
    email: 'x@example.com',
    locale,
    timezone: 'Europe/Amsterdam',
  };
  const { period } = lastSending(report, recipient.timezone, MONDAY);
  const made = await composeReport(db, {
    report,
    recipient,
    audience,
    period,
    publicUrl: 'https://sm.example.com/',
  });
  if (!made.ok) throw new Error(JSON.stringify(made.error));
  return made.data;
}

describe('composing a report', () => {
  test('a manager gets the week’s figures, its change, the target and a line per agent', async () => {
    const content = await compose({ role: 'manager', userId: 'u-m', agentId: null });
    expect(content.period.key).toBe('2026-W25');
    expect(content.link).toMatch(/^https:\/\/sm\.example\.com\/dashboards\//);
    const csat = content.figures.find((f) => f.kpi === 'csat');
    expect(csat?.value).toBeGreaterThan(0);
    expect(csat?.previous).toBeGreaterThan(0);
    expect(csat?.change).toBeCloseTo((csat?.value ?? 0) - (csat?.previous ?? 0), 10);
    expect(csat?.target).toBe(0.99);
    expect(csat?.met).toBe(false);
    const created = content.figures.find((f) => f.kpi === 'contacts_created');
    expect(created?.series.length).toBeGreaterThan(1);
    expect(created?.series.every((s) => s.points.length === 8)).toBe(true);
    expect(created?.series.map((s) => s.name).some((n) => n !== null && agents.includes(n))).toBe(true);
  });

  test('an agent gets team aggregates only: no colleague’s line, no money', async () => {
    const me = agents[0] as string;
    const content = await compose({ role: 'agent', userId: 'u-a', agentId: me });
    const created = content.figures.find((f) => f.kpi === 'contacts_created');
    expect(created?.series).toHaveLength(1);
    expect(created?.series[0]?.name).toBeNull();
    expect(content.figures.some((f) => f.kpi === 'service_cost')).toBe(false);
    const json = JSON.stringify(content);
    for (const colleague of agents.filter((a) => a !== me)) expect(json).not.toContain(`"${colleague}"`);
  });

  test('an outside address gets no money figure and no agent lines; notices in the recipient’s language', async () => {
    const content = await compose({ role: 'viewer', userId: null, agentId: null }, 'nl');
    expect(content.figures.map((f) => f.kpi)).toEqual(['csat', 'contacts_created']);
    expect(content.figures[0]?.label).toBe('Klanttevredenheid (CSAT)');
    expect(content.figures[1]?.series).toHaveLength(1);
  });
});
