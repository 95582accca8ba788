/**
 * Evaluating the alert rules: each rule's check as of one instant (through the KPI engine for the
 * indicators, the live Now view, the webhook sources and the jobs for the operational kinds), the
 * debounced state it leads to, the event it raises and its delivery.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  anomalyCheck,
  baselineCheck,
  type HourCount,
  thresholdCheck,
  type ValueFormat,
} from '../../core/alerts/checks.js';
import { type DebounceState, nextState, QUIET } from '../../core/alerts/debounce.js';
import type { Engine } from '../../core/engine.js';
import { toNumberOrNull } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { KpiDefinition } from '../../core/kpi/define.js';
import type { KpiValue } from '../../core/kpi/query.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { dataStatus } from '../data-status.js';
import { runKpiQuery } from '../kpi.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { nowView } from '../now.js';
import type { AlertCheck, AlertEvent, AlertRule, AlertsProblem } from './contract.js';
import { type DeliveryOutcome, deliverEvent } from './deliver.js';
import type { StoredDelivery } from './notifications.js';
import { type AlertActor, allRules, findRule } from './rules.js';

export interface EvaluateDeps {
  mail: OutgoingMail | null;
  fetch?: typeof fetch;
  publicUrl?: string | null;
  /** Evaluate this rule alone (id or name). */
  only?: string;
}

export interface EvaluationSummary {
  evaluated: number;
  events: AlertEvent[];
  /** Rules whose check could not be made, and why. */
  failures: { ruleId: string; ruleName: string; error: string }[];
}

/** What a rule finds as of an instant, and the view that explains it. */
export interface RuleFinding {
  check: AlertCheck;
  link: string;
}

const HOUR_MS = 3_600_000;
const LOCAL = "yyyy-LL-dd'T'HH:mm:ss";
/** The KPI engine's intervals are 95 %: their half-width is this many standard errors. */
const Z95 = 1.959963984540054;

function valueFormat(kpi: KpiDefinition): ValueFormat {
  if (kpi.format === 'percent') return 'percent';
  if (kpi.format === 'duration') return 'seconds';
  return 'plain';
}

/** The filters as dashboard URL parameters (`channel=phone&team=…`). */
function filterParams(filters: AlertRule['filters'], params: URLSearchParams): URLSearchParams {
  for (const [dimension, values] of Object.entries(filters))
    for (const v of values ?? []) params.append(dimension, v);
  return params;
}

/** The trends view of an indicator over the days a window touches, in the team's time zone. */
function trendsLink(
  kpi: string,
  from: Date,
  to: Date,
  timezone: string,
  filters: AlertRule['filters'],
): string {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone: timezone }).toFormat('yyyy-LL-dd');
  const hours = (to.getTime() - from.getTime()) / HOUR_MS;
  const params = new URLSearchParams({
    kpi,
    grain: hours <= 72 ? 'hour' : 'day',
    from: day(from),
    to: day(new Date(to.getTime() + 86_400_000)),
    tz: timezone,
  });
  return `/trends?${filterParams(filters, params).toString()}`;
}

async function kpiValue(
  engine: Engine,
  kpi: string,
  from: string,
  to: string,
  timezone: string,
  filters: AlertRule['filters'],
): Promise<KpiValue> {
  const answer = await runKpiQuery(engine, { kpis: [kpi], from, to, timezone, filters: filters as never });
  if (!answer.ok) throw new Error(`${kpi}: ${JSON.stringify(answer.error)}`);
  const cell = answer.data.rows[0]?.[kpi];
  return (cell && typeof cell === 'object' ? cell : { value: null, n: 0 }) as KpiValue;
}

const utcLocal = (d: Date) => DateTime.fromJSDate(d, { zone: 'UTC' }).toFormat(LOCAL);

/** The baseline a rule compares with: the one named, else the latest of its indicator and scope. */
async function baselineOf(
  engine: Engine,
  rule: AlertRule,
  baselineId: string | null,
): Promise<{ value: number; n: number } | null> {
  const p = engine.dialect.placeholder;
  const single = (d: string) => (rule.filters[d]?.length === 1 ? (rule.filters[d]?.[0] ?? '') : '');
  const rows = baselineId
    ? await engine.all(`SELECT value, n FROM kpi_baselines WHERE id = ${p(1)}`, [baselineId])
    : await engine.all(
        `SELECT value, n FROM kpi_baselines WHERE kpi_id = ${p(1)} AND COALESCE(channel, '') = ${p(2)}
           AND COALESCE(team_id, '') = ${p(3)} AND COALESCE(agent_id, '') = ${p(4)}
         ORDER BY taken_at DESC, id DESC LIMIT 1`,
        [rule.kpi, single('channel'), single('team'), single('agent')],
      );
  const value = toNumberOrNull(rows[0]?.value);
  const n = toNumberOrNull(rows[0]?.n);
  return value === null || n === null ? null : { value, n };
}

async function indicatorFinding(
  engine: Engine,
  rule: AlertRule,
  at: Date,
  timezone: string,
): Promise<RuleFinding> {
  const params = rule.params;
  if (params.kind !== 'threshold' && params.kind !== 'baseline') throw new Error('not an indicator rule');
  const kpi = findKpi(rule.kpi ?? '');
  if (!kpi) throw new Error(`the indicator '${rule.kpi}' is no longer known`);
  const from = new Date(at.getTime() - params.windowHours * HOUR_MS);
  const found = await kpiValue(engine, kpi.id, utcLocal(from), utcLocal(at), 'UTC', rule.filters);
  const link = trendsLink(kpi.id, from, at, timezone, rule.filters);
  const format = valueFormat(kpi);
  if (params.kind === 'threshold')
    return {
      link,
      check: thresholdCheck({
        label: kpi.label,
        value: found.value,
        n: found.n,
        comparison: params.comparison,
        threshold: params.value,
        minN: params.minN,
        windowHours: params.windowHours,
        format,
      }),
    };
  const baseline = await baselineOf(engine, rule, params.baselineId);
  const better = kpi.better === 'neutral' ? 'higher' : kpi.better;
  let measure: Parameters<typeof baselineCheck>[0]['measure'] = null;
  if (baseline !== null && found.value !== null) {
    if (kpi.value.kind === 'ratio')
      measure = {
        kind: 'share',
        value: found.value,
        n: found.n,
        baseline: baseline.value,
        baselineN: baseline.n,
      };
    else if (typeof found.low === 'number' && typeof found.high === 'number')
      measure = {
        kind: 'mean',
        value: found.value,
        n: found.n,
        standardError: (found.high - found.low) / (2 * Z95),
        baseline: baseline.value,
        baselineN: baseline.n,
      };
  }
  const check = baselineCheck({
    label: kpi.label,
    measure,
    better,
    minN: params.minN,
    confidence: params.confidence,
    windowHours: params.windowHours,
    format,
  });
  // Too few in the window is "n too small", whatever else is missing.
  if (measure === null && found.n < params.minN)
    return {
      link,
      check: {
        ...check,
        value: found.value,
        n: found.n,
        message: `${kpi.label}: n = ${found.n}, fewer than ${params.minN}, no verdict`,
      },
    };
  return { link, check };
}

async function anomalyFinding(
  engine: Engine,
  rule: AlertRule,
  at: Date,
  timezone: string,
): Promise<RuleFinding> {
  const params = rule.params;
  if (params.kind !== 'anomaly') throw new Error('not an anomaly rule');
  const end = DateTime.fromJSDate(at, { zone: timezone });
  const start = end.minus({ hours: 1 });
  const kpis = params.metric === 'volume' ? ['contacts_created'] : ['offered', 'abandoned'];
  const hourCount = async (weeksBack: number): Promise<HourCount> => {
    const from = start.minus({ weeks: weeksBack }).toFormat(LOCAL);
    const to = end.minus({ weeks: weeksBack }).toFormat(LOCAL);
    const answer = await runKpiQuery(engine, { kpis, from, to, timezone, filters: rule.filters as never });
    if (!answer.ok) throw new Error(`${kpis.join(', ')}: ${JSON.stringify(answer.error)}`);
    const row = answer.data.rows[0] ?? {};
    const count = (id: string) => {
      const cell = row[id] as KpiValue | undefined;
      return cell && typeof cell === 'object' ? (cell.value ?? 0) : 0;
    };
    return params.metric === 'volume'
      ? { count: count('contacts_created') }
      : { count: count('offered'), abandoned: count('abandoned') };
  };
  const observed = await hourCount(0);
  const history: HourCount[] = [];
  for (let k = 1; k <= params.weeks; k++) history.push(await hourCount(k));
  const hourLabel = `${start.setLocale('en').toFormat('cccc HH:mm')}–${end.toFormat('HH:mm')}`;
  const kpi = params.metric === 'volume' ? 'contacts_created' : 'abandonment_rate';
  const weekBefore = start.minus({ days: 7 }).toJSDate();
  return {
    check: anomalyCheck({
      metric: params.metric,
      observed,
      history,
      sensitivity: params.sensitivity,
      minExpected: params.minExpected,
      hourLabel,
    }),
    link: trendsLink(kpi, weekBefore, at, timezone, rule.filters),
  };
}

async function frtFinding(engine: Engine, rule: AlertRule, at: Date, timezone: string): Promise<RuleFinding> {
  const params = rule.params;
  if (params.kind !== 'frt_at_risk') throw new Error('not a first-response rule');
  const view = await nowView(engine, { now: at, timezone, viewer: null, listContacts: true });
  const waiting = view.contacts.awaitingFirstReply;
  const channels = rule.filters.channel;
  const listed = waiting.oldest.filter((c) => !channels || channels.includes(c.channel));
  const soon = (c: (typeof listed)[number]) =>
    !c.pastTarget &&
    c.targetSeconds !== null &&
    c.waitedSeconds >= c.targetSeconds - params.minutesBefore * 60;
  // Without a channel filter the past-target count covers every waiting contact, not only those listed.
  const past = channels ? listed.filter((c) => c.pastTarget).length : waiting.pastTarget;
  const atRisk = past + listed.filter(soon).length;
  const holds = atRisk >= params.minContacts;
  return {
    link: `/now${channels ? `?${filterParams({ channel: channels }, new URLSearchParams()).toString()}` : ''}`,
    check: {
      holds,
      value: atRisk,
      n: waiting.count,
      reference: params.minContacts,
      message: `${atRisk} of ${waiting.count} contacts waiting for a first reply are past or within ${params.minutesBefore} min of their target${holds ? '' : ` (alert from ${params.minContacts})`}`,
    },
  };
}

async function silentFinding(engine: Engine, rule: AlertRule, at: Date): Promise<RuleFinding> {
  const params = rule.params;
  if (params.kind !== 'source_silent') throw new Error('not a silent-source rule');
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT s.id, CAST(s.created_at AS VARCHAR) AS created_at, CAST(s.last_event_at AS VARCHAR) AS last_event_at,
       (SELECT CAST(MAX(e.received_at) AS VARCHAR) FROM webhook_events e WHERE e.source_id = s.id) AS last_received_at
     FROM webhook_sources s WHERE s.id = ${p(1)} OR s.source = ${p(1)}`,
    [params.source],
  );
  const link = '/webhooks';
  if (rows.length === 0)
    return {
      link,
      check: {
        holds: null,
        value: null,
        n: null,
        reference: params.silentMinutes,
        message: `no webhook source '${params.source}'`,
      },
    };
  const last = Math.max(
    ...rows.flatMap((row) =>
      [row.last_received_at, row.last_event_at, row.created_at]
        .map((v) => isoInstant(v))
        .filter((v): v is string => v !== null)
        .map((v) => Date.parse(v)),
    ),
  );
  const silentMinutes = Math.max(0, Math.floor((at.getTime() - last) / 60_000));
  const holds = silentMinutes >= params.silentMinutes;
  return {
    link,
    check: {
      holds,
      value: silentMinutes,
      n: null,
      reference: params.silentMinutes,
      message: `Webhook source ${params.source} received nothing for ${silentMinutes} min${holds ? '' : ` (alert from ${params.silentMinutes})`}`,
    },
  };
}

async function jobFinding(engine: Engine, rule: AlertRule): Promise<RuleFinding> {
  const params = rule.params;
  if (params.kind !== 'job_failed') throw new Error('not a job rule');
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT id, name, last_outcome, last_error FROM jobs${params.jobId ? ` WHERE id = ${p(1)}` : ''} ORDER BY name, id`,
    params.jobId ? [params.jobId] : [],
  );
  const failed = rows.filter((row) => row.last_outcome === 'failed');
  const named = failed
    .slice(0, 5)
    .map((row) => `${String(row.name)}${row.last_error ? ` (${String(row.last_error).slice(0, 120)})` : ''}`)
    .join('; ');
  return {
    link: params.jobId ? `/jobs?job=${encodeURIComponent(params.jobId)}` : '/jobs',
    check: {
      holds: params.jobId && rows.length === 0 ? null : failed.length > 0,
      value: failed.length,
      n: rows.length,
      reference: 0,
      message:
        failed.length > 0
          ? `${failed.length} of ${rows.length} jobs failed their last run: ${named}`
          : params.jobId && rows.length === 0
            ? `no job '${params.jobId}'`
            : `no job failed its last run (${rows.length} looked at)`,
    },
  };
}

/** What the rule finds as of `at`. Throws when the data cannot be read. */
export async function findingOf(
  engine: Engine,
  rule: AlertRule,
  at: Date,
  timezone: string,
): Promise<RuleFinding> {
  switch (rule.params.kind) {
    case 'threshold':
    case 'baseline':
      return indicatorFinding(engine, rule, at, timezone);
    case 'anomaly':
      return anomalyFinding(engine, rule, at, timezone);
    case 'frt_at_risk':
      return frtFinding(engine, rule, at, timezone);
    case 'source_silent':
      return silentFinding(engine, rule, at);
    case 'job_failed':
      return jobFinding(engine, rule);
  }
}

async function debounceStateOf(engine: Engine, ruleId: string): Promise<DebounceState> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT firing, CAST(since AS VARCHAR) AS since, CAST(pending_since AS VARCHAR) AS pending_since FROM alert_states WHERE rule_id = ${p(1)}`,
    [ruleId],
  );
  const row = rows[0];
  if (!row) return { ...QUIET };
  return {
    firing: row.firing === true,
    since: isoInstant(row.since),
    pendingSince: isoInstant(row.pending_since),
  };
}

const eventMessage = (rule: AlertRule, kind: 'fired' | 'recovered', check: AlertCheck) =>
  kind === 'fired' ? `${rule.name}: ${check.message}` : `${rule.name} recovered: ${check.message}`;

/**
 * Evaluates every rule not paused (or the one asked for) as of `at`: stores each rule's state,
 * raises the events its debounced state calls for and delivers them. An event is stored before it
 * is delivered, in the same transaction as the state that raised it: a restart never raises it
 * twice (it may leave one undelivered, which the notification list still shows).
 */
export async function evaluateAlerts(
  engine: Engine,
  at: Date,
  deps: EvaluateDeps,
): Promise<EvaluationSummary> {
  const rules = (await allRules(engine)).filter((rule) =>
    deps.only === undefined ? !rule.paused : rule.id === deps.only || rule.name === deps.only,
  );
  const summary: EvaluationSummary = { evaluated: 0, events: [], failures: [] };
  if (rules.length === 0) return summary;
  const { timezone } = await dataStatus(engine);
  const p = engine.dialect.placeholder;
  for (const rule of rules) {
    let finding: RuleFinding;
    try {
      finding = await findingOf(engine, rule, at, timezone);
    } catch (error) {
      summary.failures.push({
        ruleId: rule.id,
        ruleName: rule.name,
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    summary.evaluated += 1;
    const { check, link } = finding;
    const event = await engine.transaction(async (): Promise<AlertEvent | null> => {
      const before = await debounceStateOf(engine, rule.id);
      const step = nextState(before, check, at, rule.debounceMinutes);
      const ts = (iso: string | null) => (iso === null ? null : sqlInstant(new Date(iso)));
      await engine.run(`DELETE FROM alert_states WHERE rule_id = ${p(1)}`, [rule.id]);
      await engine.run(
        `INSERT INTO alert_states (rule_id, firing, since, pending_since, last_value, last_n, last_evaluated_at, last_notified_at)
         VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP), CAST(${p(4)} AS TIMESTAMP), ${p(5)}, ${p(6)}, CAST(${p(7)} AS TIMESTAMP),
           ${step.event ? `CAST(${p(7)} AS TIMESTAMP)` : `(SELECT MAX(occurred_at) FROM alert_events WHERE rule_id = ${p(8)})`})`,
        [
          rule.id,
          step.state.firing,
          ts(step.state.since),
          ts(step.state.pendingSince),
          check.value,
          check.n === null ? null : Math.round(check.n),
          sqlInstant(at),
          // The rule again, as a parameter of its own: PostgreSQL deduces one type per parameter,
          // and a column to insert into and a comparison deduce two.
          ...(step.event ? [] : [rule.id]),
        ],
      );
      if (!step.event) return null;
      const raised: AlertEvent = {
        id: `event-${randomBytes(6).toString('hex')}`,
        ruleId: rule.id,
        ruleName: rule.name,
        kind: step.event,
        occurredAt: at.toISOString(),
        value: check.value,
        n: check.n,
        message: eventMessage(rule, step.event, check),
        link,
        read: false,
      };
      const delivery: StoredDelivery = { ruleName: rule.name, outcomes: [] };
      await engine.run(
        `INSERT INTO alert_events (id, rule_id, kind, occurred_at, value, n, message, link, delivery)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP), ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)})`,
        [
          raised.id,
          rule.id,
          raised.kind,
          sqlInstant(at),
          raised.value,
          raised.n === null ? null : Math.round(raised.n),
          raised.message,
          raised.link,
          JSON.stringify(delivery),
        ],
      );
      return raised;
    });
    if (!event) continue;
    summary.events.push(event);
    const outcomes = await deliverEvent(event, rule, deps);
    const delivery: StoredDelivery = { ruleName: rule.name, outcomes };
    await engine.transaction(() =>
      engine.run(`UPDATE alert_events SET delivery = ${p(1)} WHERE id = ${p(2)}`, [
        JSON.stringify(delivery),
        event.id,
      ]),
    );
  }
  return summary;
}

export interface RuleTest extends RuleFinding {
  delivery: DeliveryOutcome[] | null;
}

/**
 * A rule's check as of `at` without storing or raising anything; with `deliver`, a test message
 * (marked as one) to each of its channels.
 */
export async function testRule(
  engine: Engine,
  actor: AlertActor,
  idOrName: string,
  options: { at: Date; deliver?: boolean },
  deps: Omit<EvaluateDeps, 'only'>,
): Promise<Result<RuleTest, AlertsProblem>> {
  const found = await findRule(engine, actor, idOrName);
  if (!found.ok) return found;
  const rule = found.data;
  const { timezone } = await dataStatus(engine);
  let finding: RuleFinding;
  try {
    finding = await findingOf(engine, rule, options.at, timezone);
  } catch (error) {
    return err({
      kind: 'conflict',
      reason: `the rule cannot be evaluated: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (!options.deliver) return ok({ ...finding, delivery: null });
  const kind = finding.check.holds === false ? 'recovered' : 'fired';
  const delivery = await deliverEvent(
    {
      id: 'test',
      kind,
      occurredAt: options.at.toISOString(),
      value: finding.check.value,
      n: finding.check.n,
      message: eventMessage(rule, kind, finding.check),
      link: finding.link,
    },
    rule,
    deps,
    { test: true },
  );
  return ok({ ...finding, delivery });
}
