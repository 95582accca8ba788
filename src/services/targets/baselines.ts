/**
 * Baselines: an indicator's value over a chosen past period, kept so later figures can be measured
 * against it (a line on a chart, the reference of an alert on a clear change). The value is the KPI
 * engine's over that period and scope, with its `n`, taken once and not recomputed: a baseline is
 * what the figure was when it was taken.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Engine, Row } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { KpiValue } from '../../core/kpi/query.js';
import { err, ok, type Result } from '../../core/result.js';
import { CHANNELS } from '../../core/schema.js';
import { isIsoDate } from '../../core/targets/value.js';
import { isTimeZone } from '../../core/time-zone.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { runKpiQuery } from '../kpi.js';
import type { Baseline, TargetScope, TargetsProblem } from './contract.js';
import { unknownScopes } from './targets.js';

export interface BaselineRequest extends TargetScope {
  kpi: string;
  from: string;
  /** Exclusive. */
  to: string;
  timezone: string;
}

export interface BaselineFilter {
  kpi?: string;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const COLUMNS = `id, kpi_id, channel, team_id, agent_id, CAST(period_from AS VARCHAR) AS period_from,
  CAST(period_to AS VARCHAR) AS period_to, timezone, value, n, CAST(taken_at AS VARCHAR) AS taken_at, taken_by`;

function baselineOf(r: Row): Baseline {
  return {
    id: String(r.id),
    kpi: String(r.kpi_id),
    channel: text(r.channel),
    team: text(r.team_id),
    agent: text(r.agent_id),
    from: String(r.period_from),
    to: String(r.period_to),
    timezone: String(r.timezone),
    value: num(r.value),
    n: num(r.n),
    takenAt: isoInstant(r.taken_at) as string,
    takenBy: text(r.taken_by),
  };
}

export async function listBaselines(engine: Engine, filter: BaselineFilter = {}): Promise<Baseline[]> {
  const where = filter.kpi === undefined ? '' : `WHERE kpi_id = ${engine.dialect.placeholder(1)}`;
  const rows = await engine.all(
    `SELECT ${COLUMNS} FROM kpi_baselines ${where}
      ORDER BY kpi_id, agent_id NULLS FIRST, team_id NULLS FIRST, channel NULLS FIRST, period_from, taken_at`,
    filter.kpi === undefined ? [] : [filter.kpi],
  );
  return rows.map(baselineOf);
}

export async function getBaseline(engine: Engine, id: string): Promise<Baseline | null> {
  const rows = await engine.all(
    `SELECT ${COLUMNS} FROM kpi_baselines WHERE id = ${engine.dialect.placeholder(1)}`,
    [id],
  );
  return rows[0] ? baselineOf(rows[0]) : null;
}

export async function deleteBaseline(engine: Engine, id: string): Promise<Result<null, TargetsProblem>> {
  if (!(await getBaseline(engine, id))) return err({ kind: 'not_found', what: `baseline ${id}` });
  await engine.run(`DELETE FROM kpi_baselines WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return ok(null);
}

async function requestIssues(
  engine: Engine,
  request: BaselineRequest,
  now: Date,
): Promise<{ path: string; message: string }[]> {
  const issues: { path: string; message: string }[] = [];
  if (!findKpi(request.kpi)) issues.push({ path: 'kpi', message: `unknown KPI ${request.kpi}` });
  if (request.channel !== null && !(CHANNELS as readonly string[]).includes(request.channel))
    issues.push({
      path: 'channel',
      message: `unknown channel ${request.channel}; one of ${CHANNELS.join(', ')}`,
    });
  const timezoneOk = isTimeZone(request.timezone);
  if (!timezoneOk) issues.push({ path: 'timezone', message: `${request.timezone} is not an IANA time zone` });
  for (const field of ['from', 'to'] as const)
    if (!isIsoDate(request[field]))
      issues.push({ path: field, message: `a date written YYYY-MM-DD is needed, not ${request[field]}` });
  if (issues.length > 0) return issues;
  if (request.from >= request.to)
    issues.push({ path: 'to', message: `the end (exclusive) must come after the start ${request.from}` });
  const today = DateTime.fromJSDate(now, { zone: request.timezone }).toISODate() as string;
  if (request.to > today)
    issues.push({
      path: 'to',
      message: `a baseline is taken from a past period; it ends (exclusive) by today ${today}, not ${request.to}`,
    });
  const unknown = await unknownScopes(engine, [request]);
  if (request.team !== null && unknown.teams.has(request.team))
    issues.push({ path: 'team', message: `unknown team ${request.team}` });
  if (request.agent !== null && unknown.agents.has(request.agent))
    issues.push({ path: 'agent', message: `unknown agent ${request.agent}` });
  return issues;
}

/** Measures the indicator over the period and scope through the KPI engine and keeps the value. */
export async function takeBaseline(
  engine: Engine,
  request: BaselineRequest,
  userId: string | null,
  now = new Date(),
): Promise<Result<Baseline, TargetsProblem>> {
  const issues = await requestIssues(engine, request, now);
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const filters: Record<string, string[]> = {};
  if (request.channel !== null) filters.channel = [request.channel];
  if (request.team !== null) filters.team = [request.team];
  if (request.agent !== null) filters.agent = [request.agent];
  const answer = await runKpiQuery(engine, {
    kpis: [request.kpi],
    from: request.from,
    to: request.to,
    timezone: request.timezone,
    filters,
  });
  if (!answer.ok) {
    const e = answer.error;
    const message =
      e.kind === 'invalid_query'
        ? e.issues.join('; ')
        : e.kind === 'too_slow'
          ? 'the figure took too long'
          : e.kind;
    return err({ kind: 'invalid', issues: [{ path: 'kpi', message }] });
  }
  const figure = answer.data.rows[0]?.[request.kpi] as KpiValue | undefined;
  if (!figure || figure.value === null || figure.n === 0)
    return err({
      kind: 'invalid',
      issues: [
        {
          path: 'from',
          message: `${request.kpi} has no value from ${request.from} to ${request.to} in that scope`,
        },
      ],
    });
  const baseline: Baseline = {
    id: randomUUID(),
    kpi: request.kpi,
    channel: request.channel,
    team: request.team,
    agent: request.agent,
    from: request.from,
    to: request.to,
    timezone: request.timezone,
    value: figure.value,
    n: figure.n,
    takenAt: isoInstant(sqlInstant(now)) as string,
    takenBy: userId,
  };
  await engine.insertRows(
    'kpi_baselines',
    [
      'id',
      'kpi_id',
      'channel',
      'team_id',
      'agent_id',
      'period_from',
      'period_to',
      'timezone',
      'value',
      'n',
      'taken_at',
      'taken_by',
    ],
    [
      [
        baseline.id,
        baseline.kpi,
        baseline.channel,
        baseline.team,
        baseline.agent,
        baseline.from,
        baseline.to,
        baseline.timezone,
        baseline.value,
        baseline.n,
        sqlInstant(now),
        userId,
      ],
    ],
  );
  return ok(baseline);
}
