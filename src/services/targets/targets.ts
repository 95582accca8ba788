/**
 * The targets of every indicator, each for all channels or one channel, team or agent, from a date
 * (kpi_targets holds the plan in force; kpi_target_changes every change with who made it and when).
 * A put replaces the dated targets of the scopes it names and leaves every other scope alone.
 */
import type { Engine, Row } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import { err, ok, type Result } from '../../core/result.js';
import { CHANNELS } from '../../core/schema.js';
import { isIsoDate, targetValueIssue } from '../../core/targets/value.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { KpiTarget, TargetChange, TargetScope, TargetsProblem } from './contract.js';

/** An indicator in one scope: the dated targets sharing it form one step line. */
export interface TargetKey extends TargetScope {
  kpi: string;
}

export interface TargetFilter {
  kpi?: string;
  channel?: string;
  team?: string;
  agent?: string;
}

export interface TargetHistoryFilter extends TargetFilter {
  /** Newest first; at most this many (default 500). */
  limit?: number;
}

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

export const keyOf = (t: TargetKey) => JSON.stringify([t.kpi, t.channel, t.team, t.agent]);

function whereOf(engine: Engine, filter: TargetFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`${column} = ${engine.dialect.placeholder(params.length)}`);
  };
  add('kpi_id', filter.kpi);
  add('channel', filter.channel);
  add('team_id', filter.team);
  add('agent_id', filter.agent);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

function targetOf(r: Row): KpiTarget {
  return {
    kpi: String(r.kpi_id),
    channel: text(r.channel),
    team: text(r.team_id),
    agent: text(r.agent_id),
    validFrom: text(r.valid_from),
    value: Number(r.value),
  };
}

/** Every target, or those of one indicator or scope; by indicator, then from general to specific. */
export async function listTargets(engine: Engine, filter: TargetFilter = {}): Promise<KpiTarget[]> {
  const where = whereOf(engine, filter);
  const rows = await engine.all(
    `SELECT kpi_id, channel, team_id, agent_id, CAST(valid_from AS VARCHAR) AS valid_from, value
       FROM kpi_targets ${where.sql}
      ORDER BY kpi_id, agent_id NULLS FIRST, team_id NULLS FIRST, channel NULLS FIRST, valid_from NULLS FIRST`,
    where.params,
  );
  return rows.map(targetOf);
}

/**
 * What an agent may see of targets (or baselines): those for everyone, a channel or their own team, and their own; never a
 * colleague's (an agent target is a statement about that person) nor another team's.
 */
export function targetsVisibleToAgent<T extends { team: string | null; agent: string | null }>(
  targets: readonly T[],
  agentId: string | null,
  teamId: string | null,
): T[] {
  return targets.filter(
    (t) => (t.agent === null || t.agent === agentId) && (t.team === null || t.team === teamId),
  );
}

/** The teams and agents that exist: a team from the teams table, an agent from agents or contacts. */
export async function unknownScopes(
  engine: Engine,
  keys: readonly TargetKey[],
): Promise<{ teams: Set<string>; agents: Set<string> }> {
  const teams = new Set(keys.flatMap((k) => (k.team === null ? [] : [k.team])));
  const agents = new Set(keys.flatMap((k) => (k.agent === null ? [] : [k.agent])));
  const p = engine.dialect.placeholder;
  for (const team of [...teams]) {
    if ((await engine.all(`SELECT 1 AS x FROM teams WHERE id = ${p(1)}`, [team])).length > 0)
      teams.delete(team);
  }
  for (const agent of [...agents]) {
    const found = await engine.all(
      `SELECT 1 AS x FROM agents WHERE id = ${p(1)}
       UNION ALL SELECT 1 AS x FROM (SELECT assignee_id FROM contacts WHERE assignee_id = ${p(2)} LIMIT 1) c`,
      [agent, agent],
    );
    if (found.length > 0) agents.delete(agent);
  }
  return { teams, agents };
}

/**
 * The issues of a set of targets, each naming its field (`<prefix>.<i>.<field>`): a known
 * indicator, a value it can have, a real channel, team and agent, a date, and one value per scope
 * and date.
 */
export async function targetIssues(
  engine: Engine,
  targets: readonly KpiTarget[],
  prefix = 'targets',
): Promise<{ path: string; message: string }[]> {
  const issues: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  for (const [i, t] of targets.entries()) {
    const at = `${prefix}.${i}`;
    const kpi = findKpi(t.kpi);
    if (!kpi) issues.push({ path: `${at}.kpi`, message: `unknown KPI ${t.kpi}` });
    else {
      const issue = targetValueIssue(kpi, t.value);
      if (issue) issues.push({ path: `${at}.value`, message: issue });
    }
    if (t.channel !== null && !(CHANNELS as readonly string[]).includes(t.channel))
      issues.push({
        path: `${at}.channel`,
        message: `unknown channel ${t.channel}; one of ${CHANNELS.join(', ')}`,
      });
    if (t.validFrom !== null && !isIsoDate(t.validFrom))
      issues.push({
        path: `${at}.validFrom`,
        message: `a date written YYYY-MM-DD is needed, not ${t.validFrom}`,
      });
    const key = JSON.stringify([keyOf(t), t.validFrom]);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      issues.push({
        path: at,
        message: `${t.kpi} for this scope${t.validFrom ? ` from ${t.validFrom}` : ''} is already set in ${prefix}.${earlier}`,
      });
    else seen.set(key, i);
  }
  const unknown = await unknownScopes(engine, targets);
  for (const [i, t] of targets.entries()) {
    if (t.team !== null && unknown.teams.has(t.team))
      issues.push({ path: `${prefix}.${i}.team`, message: `unknown team ${t.team}` });
    if (t.agent !== null && unknown.agents.has(t.agent))
      issues.push({ path: `${prefix}.${i}.agent`, message: `unknown agent ${t.agent}` });
  }
  return issues;
}

/** The rows of kpi_target_changes that turn `before` into `after` (same value: no change). */
function changesBetween(
  before: readonly KpiTarget[],
  after: readonly KpiTarget[],
): { target: KpiTarget; oldValue: number | null; newValue: number | null }[] {
  const dated = (t: KpiTarget) => JSON.stringify([keyOf(t), t.validFrom]);
  const old = new Map(before.map((t) => [dated(t), t]));
  const changes: { target: KpiTarget; oldValue: number | null; newValue: number | null }[] = [];
  for (const t of after) {
    const was = old.get(dated(t));
    old.delete(dated(t));
    if (was === undefined) changes.push({ target: t, oldValue: null, newValue: t.value });
    else if (was.value !== t.value) changes.push({ target: t, oldValue: was.value, newValue: t.value });
  }
  for (const t of old.values()) changes.push({ target: t, oldValue: t.value, newValue: null });
  return changes;
}

/**
 * Replaces the rows of kpi_targets that `owns` picks (within the caller's transaction) by
 * `targets`, appending one history row per target added, changed or removed.
 */
export async function replaceTargetRows(
  engine: Engine,
  owns: (t: KpiTarget) => boolean,
  targets: readonly KpiTarget[],
  userId: string | null,
  now: Date,
): Promise<void> {
  const before = (await listTargets(engine)).filter(owns);
  const at = sqlInstant(now);
  const p = engine.dialect.placeholder;
  for (const t of before) {
    await engine.run(
      `DELETE FROM kpi_targets WHERE kpi_id = ${p(1)} AND COALESCE(channel, '') = ${p(2)}
         AND COALESCE(team_id, '') = ${p(3)} AND COALESCE(agent_id, '') = ${p(4)}
         AND COALESCE(CAST(valid_from AS VARCHAR), '') = ${p(5)}`,
      [t.kpi, t.channel ?? '', t.team ?? '', t.agent ?? '', t.validFrom ?? ''],
    );
  }
  await engine.insertRows(
    'kpi_targets',
    ['kpi_id', 'channel', 'team_id', 'agent_id', 'valid_from', 'value', 'updated_at', 'set_by'],
    targets.map((t) => [t.kpi, t.channel, t.team, t.agent, t.validFrom, t.value, at, userId]),
  );
  const changes = changesBetween(before, targets);
  await engine.insertRows(
    'kpi_target_changes',
    [
      'changed_at',
      'user_id',
      'kpi_id',
      'channel',
      'team_id',
      'agent_id',
      'valid_from',
      'old_value',
      'new_value',
    ],
    changes.map((c) => [
      at,
      userId,
      c.target.kpi,
      c.target.channel,
      c.target.team,
      c.target.agent,
      c.target.validFrom,
      c.oldValue,
      c.newValue,
    ]),
  );
}

export interface TargetsPut {
  /** Scopes whose targets are replaced; a scope named here without targets loses them all. */
  scopes: TargetKey[];
  /** The new targets; the scope of each is replaced too. */
  targets: KpiTarget[];
}

/** Replaces the targets of the scopes named; every other target stays. Returns all targets. */
export async function putTargets(
  engine: Engine,
  put: TargetsPut,
  userId: string | null,
  now = new Date(),
): Promise<Result<KpiTarget[], TargetsProblem>> {
  const issues = await targetIssues(engine, put.targets);
  for (const [i, s] of put.scopes.entries()) {
    if (!findKpi(s.kpi)) issues.push({ path: `scopes.${i}.kpi`, message: `unknown KPI ${s.kpi}` });
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const keys = new Set([...put.scopes, ...put.targets].map(keyOf));
  await engine.transaction(() =>
    replaceTargetRows(engine, (t) => keys.has(keyOf(t)), put.targets, userId, now),
  );
  return ok(await listTargets(engine));
}

/** The changes of targets, newest first. */
export async function targetHistory(
  engine: Engine,
  filter: TargetHistoryFilter = {},
): Promise<TargetChange[]> {
  const where = whereOf(engine, filter);
  const limit = Math.max(1, Math.min(Math.trunc(filter.limit ?? 500), 5000));
  const rows = await engine.all(
    `SELECT CAST(changed_at AS VARCHAR) AS changed_at, user_id, kpi_id, channel, team_id, agent_id,
            CAST(valid_from AS VARCHAR) AS valid_from, old_value, new_value
       FROM kpi_target_changes ${where.sql}
      ORDER BY changed_at DESC, kpi_id, channel NULLS FIRST, team_id NULLS FIRST, agent_id NULLS FIRST, valid_from NULLS FIRST
      LIMIT ${limit}`,
    where.params,
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    changedAt: isoInstant(r.changed_at) as string,
    userId: text(r.user_id),
    kpi: String(r.kpi_id),
    channel: text(r.channel),
    team: text(r.team_id),
    agent: text(r.agent_id),
    validFrom: text(r.valid_from),
    oldValue: num(r.old_value),
    newValue: num(r.new_value),
  }));
}
