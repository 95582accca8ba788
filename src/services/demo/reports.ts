/**
 * The demo team's reporting: what a team lead would have set up after a few months with the
 * product. A shared "Team overview" dashboard that managers and viewers open by default, two saved
 * views, targets per team and channel from a date (one of them changed since), a baseline of the
 * first quarter's CSAT, two competitor figures, the "Monday summary" sent every Monday at 08:00 to
 * the team's manager in Dutch and to the head of customer operations in English, alert rules of
 * every sort a lead asks for first, and the alerts they raised in the demo's last weeks, so that the
 * notification list has something to explain.
 *
 * Everything goes through the services a user's requests go through. The alerts of the past are
 * raised by evaluating the rules at the instants the demo's own figures point to (the first seven
 * days below 80 % CSAT of the last two months, the worst hour of phone abandonment of the last two
 * weeks), so what a notice says is what the dashboard shows when its link is followed.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../../core/engine.js';
import type { AlertDelivery, AlertParams } from '../alerts/contract.js';
import { evaluateAlerts } from '../alerts/evaluate.js';
import { createRule } from '../alerts/rules.js';
import { putCompetitorFigure } from '../benchmarks/benchmarks.js';
import { DEMO_LOGIN } from '../demo-login.js';
import { runKpiQuery } from '../kpi.js';
import type { ReportRecipient } from '../reports/contract.js';
import { createReport } from '../reports/reports.js';
import { takeBaseline } from '../targets/baselines.js';
import type { KpiTarget } from '../targets/contract.js';
import { putTargets, type TargetKey } from '../targets/targets.js';
import { createUser, listUsers, type UserView } from '../users.js';
import type { DashboardTile, ViewState } from '../views/contract.js';
import { createDashboard } from '../views/dashboards.js';
import { createSavedView } from '../views/views.js';
import { TIMEZONE } from './scenario.js';

/** The team's manager: gets the Monday summary in Dutch. Signs in with the demo's password. */
export const DEMO_MANAGER = {
  email: 'manager@example.com',
  name: 'Eva Visser',
  role: 'manager',
  locale: 'nl',
} as const;
/** The head of customer operations, outside the product: team figures, no money, in English. */
export const DEMO_OUTSIDE_RECIPIENT = {
  email: 'head.of.operations@example.org',
  timezone: 'Europe/London',
} as const;
export const DEMO_DASHBOARD_NAME = 'Team overview';
export const DEMO_REPORT_NAME = 'Monday summary';
export const DEMO_VIEW_NAMES = ['Chat last 30 days', 'Phone abandonment by hour'] as const;
export const DEMO_ALERT_NAMES = {
  csat: 'CSAT below 80 % over 7 days',
  abandonment: 'Phone abandonment spike',
  silent: 'Chatwoot webhook silent',
  job: 'A job failed',
} as const;
/** The webhook source the live demo feeds (configureDemoLive). */
const LIVE_SOURCE = 'chatwoot';

/** The dashboard's tiles: headline values, two charts, and what the business pays per contact. */
const TILES: readonly Omit<DashboardTile, 'id'>[] = [
  tile('nps', 'value', 1, 1),
  tile('frt', 'value', 1, 1),
  tile('service_level', 'value', 1, 1),
  tile('fcr_rate', 'value', 1, 1),
  { ...tile('csat', 'chart', 2, 2), grain: 'week', split: 'channel' },
  {
    ...tile('abandonment_rate', 'chart', 2, 2),
    grain: 'day',
    filters: { channel: ['phone'] },
    title: 'Phone abandonment',
  },
  tile('resolution_time', 'value', 2, 1),
  tile('cost_per_contact', 'value', 2, 1),
];

function tile(
  kpi: string,
  kind: DashboardTile['kind'],
  width: number,
  height: number,
): Omit<DashboardTile, 'id'> {
  return { kpi, kind, width, height, filters: {}, grain: null, split: null, title: null };
}

/**
 * Targets on top of the demo's overall ones (demo-login.ts), as the lead set them over the months:
 * phone abandonment for the phone team from the start of the data, tightened from April when the
 * team grew; chat CSAT from March, raised in April once chat did better than planned.
 */
const TARGET_STEPS: readonly { at: string; scope: TargetKey; targets: KpiTarget[] }[] = [
  {
    at: '2026-01-05T08:30:00Z',
    scope: { kpi: 'abandonment_rate', channel: null, team: 'phone', agent: null },
    targets: [
      {
        kpi: 'abandonment_rate',
        channel: null,
        team: 'phone',
        agent: null,
        value: 0.08,
        validFrom: '2026-01-05',
      },
    ],
  },
  {
    at: '2026-02-27T14:10:00Z',
    scope: { kpi: 'csat', channel: 'chat', team: null, agent: null },
    targets: [
      { kpi: 'csat', channel: 'chat', team: null, agent: null, value: 0.85, validFrom: '2026-03-01' },
    ],
  },
  {
    at: '2026-03-30T09:15:00Z',
    scope: { kpi: 'abandonment_rate', channel: null, team: 'phone', agent: null },
    targets: [
      {
        kpi: 'abandonment_rate',
        channel: null,
        team: 'phone',
        agent: null,
        value: 0.08,
        validFrom: '2026-01-05',
      },
      {
        kpi: 'abandonment_rate',
        channel: null,
        team: 'phone',
        agent: null,
        value: 0.06,
        validFrom: '2026-04-01',
      },
    ],
  },
  {
    at: '2026-04-20T10:00:00Z',
    scope: { kpi: 'csat', channel: 'chat', team: null, agent: null },
    targets: [
      { kpi: 'csat', channel: 'chat', team: null, agent: null, value: 0.88, validFrom: '2026-03-01' },
    ],
  },
];

/** What mystery shopping and public reviews told the team about two other webshops. */
const COMPETITORS = [
  {
    id: 'demo-competitor-shopnl-2026-chat-frt',
    kpi: 'frt',
    value: 95,
    name: 'ShopNL',
    year: 2026,
    channel: 'chat',
    source: 'Mystery shopping, 20 chats in May 2026',
    note: 'Median seconds to the first agent answer, bot greeting not counted.',
  },
  {
    id: 'demo-competitor-bolderwinkel-2026-csat',
    kpi: 'csat',
    value: 0.78,
    name: 'Bolderwinkel',
    year: 2026,
    channel: null,
    source: 'Public reviews, January–June 2026 (4 or 5 stars of 5)',
    note: 'Share of 4- and 5-star reviews mentioning customer service.',
  },
] as const;

export interface DemoReporting {
  managerId: string;
  dashboardId: string;
  viewIds: string[];
  reportId: string;
  baselineId: string;
  alertRuleIds: string[];
  alertEvents: number;
}

/** A service's answer, or the demo stops with what went wrong: its rows are fixed and must pass. */
function made<T>(what: string, result: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`demo reporting: cannot create ${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/**
 * Puts the demo's reporting in place through the services a user's requests go through. Runs after
 * the demo's admin exists (prepareDemoAccess) and after its jobs and webhook source
 * (configureDemoLive); `now` is the demo's clock.
 */
export async function createDemoReporting(
  engine: Engine,
  options: { now: Date; seed: number },
): Promise<DemoReporting> {
  const { now } = options;
  const users = await listUsers(engine);
  let manager = users.find((u) => u.email === DEMO_MANAGER.email);
  if (!manager)
    manager = made(
      'the demo manager',
      await createUser(engine, { ...DEMO_MANAGER, password: DEMO_LOGIN.password }, now),
    );
  const admin = users.find((u) => u.email === DEMO_LOGIN.email && u.role === 'admin') ?? null;

  const viewIds: string[] = [];
  for (const view of VIEWS)
    viewIds.push(
      made(`the view ${view.name}`, await createSavedView(engine, manager, { ...view, shared: true }, now))
        .id,
    );
  // Only an admin makes a dashboard a role's default.
  const owner = admin ?? manager;
  const dashboard = made(
    'the dashboard',
    await createDashboard(
      engine,
      owner,
      {
        name: DEMO_DASHBOARD_NAME,
        shared: true,
        defaultFor: owner.role === 'admin' ? ['manager', 'viewer'] : [],
        state: { period: { preset: 'last30' }, timezone: TIMEZONE, filters: {}, grain: 'week' },
        tiles: TILES.map((t, i) => ({ id: `tile-${i + 1}`, ...t })),
      },
      now,
    ),
  );
  for (const step of TARGET_STEPS)
    made(
      'the targets',
      await putTargets(engine, { scopes: [step.scope], targets: step.targets }, owner.id, new Date(step.at)),
    );
  const baseline = made(
    'the baseline',
    await takeBaseline(
      engine,
      {
        kpi: 'csat',
        channel: null,
        team: null,
        agent: null,
        from: '2026-01-01',
        to: '2026-04-01',
        timezone: TIMEZONE,
      },
      owner.id,
      now,
    ),
  );
  for (const c of COMPETITORS)
    made(
      `the competitor figure ${c.id}`,
      await putCompetitorFigure(engine, c.id, {
        kpiId: c.kpi,
        value: c.value,
        name: c.name,
        year: c.year,
        industry: 'retail',
        region: 'NL',
        channel: c.channel,
        source: c.source,
        note: c.note,
      }),
    );
  const report = made(
    'the Monday summary',
    await createReport(engine, reportsUser(manager), mondaySummary(manager, dashboard.id), now),
  );
  const { ruleIds, events } = await createAlerts(engine, manager, now);
  return {
    managerId: manager.id,
    dashboardId: dashboard.id,
    viewIds,
    reportId: report.id,
    baselineId: baseline.id,
    alertRuleIds: ruleIds,
    alertEvents: events,
  };
}

const VIEWS: readonly { name: string; page: string; state: ViewState }[] = [
  {
    name: DEMO_VIEW_NAMES[0],
    page: 'overview',
    state: {
      period: { preset: 'last30' },
      timezone: TIMEZONE,
      filters: { channel: ['chat'] },
      grain: 'day',
      kpis: [],
      search: '?preset=last30&channel=chat',
    },
  },
  {
    name: DEMO_VIEW_NAMES[1],
    page: 'trends',
    state: {
      period: { preset: 'last7' },
      timezone: TIMEZONE,
      filters: { channel: ['phone'] },
      grain: 'hour',
      kpis: ['abandonment_rate'],
      search: '?kpi=abandonment_rate&grain=hour&preset=last7&channel=phone',
    },
  },
];

const reportsUser = (user: UserView) => ({
  id: user.id,
  role: user.role,
  email: user.email,
  agentId: user.agentId,
});

function mondaySummary(manager: UserView, dashboardId: string) {
  const recipients: ReportRecipient[] = [
    { userId: manager.id, email: manager.email, locale: 'nl', timezone: TIMEZONE },
    {
      userId: null,
      email: DEMO_OUTSIDE_RECIPIENT.email,
      locale: 'en',
      timezone: DEMO_OUTSIDE_RECIPIENT.timezone,
    },
  ];
  return {
    name: DEMO_REPORT_NAME,
    source: { kind: 'dashboard', id: dashboardId },
    frequency: 'weekly',
    sendTime: '08:00',
    weekday: 1,
    monthDay: null,
    attachPdf: true,
    attachCsv: false,
    paused: false,
    recipients,
  };
}

interface DemoRule {
  name: string;
  kpi: string | null;
  filters: Partial<Record<string, string[]>>;
  params: AlertParams;
  debounceMinutes: number;
}

const RULES: readonly DemoRule[] = [
  {
    name: DEMO_ALERT_NAMES.csat,
    kpi: 'csat',
    filters: {},
    params: { kind: 'threshold', comparison: 'below', value: 0.8, windowHours: 7 * 24, minN: 30 },
    debounceMinutes: 60,
  },
  {
    name: DEMO_ALERT_NAMES.abandonment,
    kpi: null,
    filters: { channel: ['phone'] },
    params: { kind: 'anomaly', metric: 'abandonment', weeks: 4, sensitivity: 3, minExpected: 2 },
    debounceMinutes: 0,
  },
  {
    name: DEMO_ALERT_NAMES.silent,
    kpi: null,
    filters: {},
    params: { kind: 'source_silent', source: LIVE_SOURCE, silentMinutes: 60 },
    debounceMinutes: 0,
  },
  {
    name: DEMO_ALERT_NAMES.job,
    kpi: null,
    filters: {},
    params: { kind: 'job_failed', jobId: null },
    debounceMinutes: 0,
  },
];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const localDate = (date: Date) => DateTime.fromJSDate(date, { zone: TIMEZONE }).toFormat('yyyy-LL-dd');

/**
 * The rules, and the alerts they raised in the demo's last weeks: each rule with something to say
 * is evaluated, as the evaluation job would have, at the instants that matter — the end of the
 * seven days of lowest CSAT and of the first seven after it back at 80 %, the end of the worst
 * hour of phone abandonment and the hour after it. Mailed to nobody: those days are past.
 */
async function createAlerts(
  engine: Engine,
  manager: UserView,
  now: Date,
): Promise<{ ruleIds: string[]; events: number }> {
  const deliver: AlertDelivery = { emails: [manager.email], webhooks: [] };
  const ruleIds: string[] = [];
  for (const rule of RULES)
    ruleIds.push(
      made(
        `the alert rule ${rule.name}`,
        await createRule(engine, manager, { ...rule, kind: rule.params.kind, deliver, paused: false }, now),
      ).id,
    );
  let events = 0;
  const evaluate = async (ruleId: string, at: Date) => {
    if (at.getTime() >= now.getTime()) return;
    events += (await evaluateAlerts(engine, at, { mail: null, only: ruleId })).events.length;
  };
  const [csatRule, abandonmentRule] = ruleIds;
  const dip = await csatDip(engine, now);
  if (dip && csatRule) {
    const debounce = (RULES[0]?.debounceMinutes ?? 0) * 60_000 + 60_000;
    for (const at of [dip.below, new Date(dip.below.getTime() + debounce)]) await evaluate(csatRule, at);
    if (dip.recovered)
      for (const at of [dip.recovered, new Date(dip.recovered.getTime() + debounce)])
        await evaluate(csatRule, at);
  }
  const spike = await abandonmentSpike(engine, now);
  if (spike && abandonmentRule)
    for (const at of [spike, new Date(spike.getTime() + HOUR_MS)]) await evaluate(abandonmentRule, at);
  return { ruleIds, events };
}

/** The ends of the first seven days below 80 % CSAT in the last eight weeks, and of the first after them back at 80 %. */
async function csatDip(engine: Engine, now: Date): Promise<{ below: Date; recovered: Date | null } | null> {
  const to = localDate(now);
  const from = localDate(new Date(now.getTime() - 56 * DAY_MS));
  const days = await runKpiQuery(engine, { kpis: ['csat'], from, to, timezone: TIMEZONE, grain: 'day' });
  if (!days.ok) return null;
  // Seven-day windows from the daily figures: CSAT is a share, so good answers over all answers.
  const daily = days.data.rows.map((row) => {
    const figure = row.csat as { value: number | null; n: number } | undefined;
    const n = figure?.n ?? 0;
    return { day: String(row.period).slice(0, 10), good: (figure?.value ?? 0) * n, n };
  });
  const endOf = (day: string) => DateTime.fromISO(day, { zone: TIMEZONE }).plus({ days: 1 }).toJSDate();
  let below: Date | null = null;
  for (let i = 6; i < daily.length; i++) {
    const week = daily.slice(i - 6, i + 1);
    const n = week.reduce((sum, d) => sum + d.n, 0);
    if (n < 30) continue;
    const value = week.reduce((sum, d) => sum + d.good, 0) / n;
    const end = endOf(String(daily[i]?.day));
    if (!below && value < 0.8) below = end;
    else if (below && value >= 0.8) return { below, recovered: end };
  }
  return below ? { below, recovered: null } : null;
}

/** Fewer calls in an hour say nothing about it: one abandoned call of two is no spike. */
const MIN_CALLS_IN_HOUR = 4;

/** The end of the hour of the last two weeks in which the most phone calls were abandoned. */
async function abandonmentSpike(engine: Engine, now: Date): Promise<Date | null> {
  const hours = await runKpiQuery(engine, {
    kpis: ['abandonment_rate'],
    from: localDate(new Date(now.getTime() - 14 * DAY_MS)),
    to: localDate(now),
    timezone: TIMEZONE,
    grain: 'hour',
    filters: { channel: ['phone'] },
  });
  if (!hours.ok) return null;
  let worst: { period: string; value: number } | null = null;
  for (const row of hours.data.rows) {
    const figure = row.abandonment_rate as { value: number | null; n: number } | undefined;
    if (!figure || figure.value === null || figure.n < MIN_CALLS_IN_HOUR) continue;
    if (!worst || figure.value > worst.value) worst = { period: String(row.period), value: figure.value };
  }
  if (!worst || worst.value === 0) return null;
  // Hours are written as local date-times of the query's time zone.
  return DateTime.fromISO(worst.period, { zone: TIMEZONE }).plus({ hours: 1 }).toJSDate();
}
