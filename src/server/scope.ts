/**
 * What data a signed-in user may see inside an operation their role may call. Agents are limited to
 * their own contacts, and aggregates of their own team or of themselves — never grouped by or
 * filtered to another agent. Money figures are limited by role (`moneyRule`): managers see team
 * totals, viewers and agents none.
 */

import { DateTime } from 'luxon';
import type { Engine } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import type { KpiQuery, KpiRow, KpiValue } from '../core/kpi/query.js';
import { SOURCES } from '../core/kpi/sources.js';
import { withheldValue } from '../core/kpi/values.js';
import { err, ok, type Result } from '../core/result.js';
import type { ContactsScope } from '../services/contacts.js';
import type { KpiQueryOptions, KpiResult } from '../services/kpi.js';
import { noticeText } from '../services/notices.js';
import type { ScorecardView } from '../services/scorecard.js';
import type { Role, UserView } from '../services/users.js';
import { type MoneyRule, moneyRule } from './access.js';

export interface AgentScope {
  agentId: string;
  teamId: string | null;
  /**
   * The time zone of the days the agent's team figures are counted in: their team's calendar's,
   * else the default calendar's, else UTC. One zone, since whole days of two zones differ by hours.
   */
  timezone: string;
}

/** The agent a user is limited to, with their team; null for roles that see every agent. */
export async function agentScope(engine: Engine, user: UserView): Promise<AgentScope | null> {
  if (user.role !== 'agent') return null;
  // An agent user without an agent id is a broken account; it sees nothing rather than everything.
  const agentId = user.agentId ?? '';
  const rows = await engine.all(
    `SELECT a.team_id,
       COALESCE((SELECT c.timezone FROM teams t JOIN calendars c ON c.id = t.calendar_id WHERE t.id = a.team_id),
                (SELECT min(timezone) FROM calendars WHERE is_default)) AS timezone
     FROM agents a WHERE a.id = ${engine.dialect.placeholder(1)}`,
    [agentId],
  );
  const team = rows[0]?.team_id;
  const timezone = rows[0]?.timezone;
  return {
    agentId,
    teamId: team == null ? null : String(team),
    timezone: timezone == null ? 'UTC' : String(timezone),
  };
}

export function contactsScope(scope: AgentScope | null): ContactsScope {
  return { agentId: scope?.agentId ?? null };
}

/** An agent may filter by agent only to themselves. */
export function checkAgentFilter(
  scope: AgentScope | null,
  agents: readonly string[] | undefined,
): string | null {
  if (!scope || agents === undefined) return null;
  return agents.every((a) => a === scope.agentId) ? null : 'agents can filter only on themselves';
}

/**
 * An agent's KPI query: grouping by agent is refused, an agent filter must name only them, and
 * without one the query is limited to their team (or to them, without a team). Their team's figures
 * are counted in whole days of one time zone (see `teamDays`), and a value is withheld when a day it
 * covers has a part whose rows are exactly one colleague's (see services/kpi-privacy.ts): next to
 * their own figures, or set against another such value, it would be that colleague's. A team figure,
 * whose rows name no agent (availability: where one colleague alone is scheduled on a channel, it is
 * that colleague's presence), is withheld from them whole (see `isTeamFigure`); filtered on
 * themselves, it is empty. Their own figures (filtered on themselves) are theirs to see at any grain.
 */
export function scopeKpiQuery(
  scope: AgentScope | null,
  query: KpiQuery,
): Result<{ query: KpiQuery; options: KpiQueryOptions }, string> {
  if (!scope) return ok({ query, options: {} });
  if (query.by.includes('agent'))
    return err('agents cannot group by agent; their own figures are in their scorecard');
  const agentProblem = checkAgentFilter(scope, query.filters.agent);
  if (agentProblem) return err(agentProblem);
  // Data-quality notices count contacts of every agent of a source: not for an agent.
  const options: KpiQueryOptions = { withoutQualityNotices: true };
  if (query.filters.agent) return ok({ query, options });
  if (scope.teamId === null)
    return ok({ query: { ...query, filters: { ...query.filters, agent: [scope.agentId] } }, options });
  const teams = query.filters.team;
  if (teams?.some((t) => t !== scope.teamId)) return err('agents see the aggregates of their own team only');
  if (query.grain === 'hour')
    return err(
      "grain: agents see their team's figures per day at the finest (grain day, week, month, quarter or year); hours would single out a colleague's work. Filter on yourself for your own figures by the hour",
    );
  const days = teamDays(scope, query);
  if (!days.ok) return days;
  return ok({
    query: { ...query, ...days.data, filters: { ...query.filters, team: [scope.teamId] } },
    options: { ...options, viewerAgent: scope.agentId },
  });
}

const WHOLE_DAY = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00)?)?$/;

/**
 * The range of an agent's team query as whole days in the team's time zone (`AgentScope.timezone`):
 * a time of day other than midnight is refused, since two ranges a few hours apart differ by the
 * work of those hours, often one colleague's. The time zone asked for is replaced, for the same
 * reason: whole days of two zones are hours apart.
 */
export function teamDays(
  scope: AgentScope,
  range: { from?: string; to?: string },
): Result<{ from?: string; to?: string; timezone: string }, string> {
  const days: { from?: string; to?: string; timezone: string } = { timezone: scope.timezone };
  for (const field of ['from', 'to'] as const) {
    const value = range[field];
    if (value === undefined) continue;
    const day = WHOLE_DAY.exec(value)?.[1];
    if (!day)
      return err(
        `${field}: agents see their team's figures for whole days only: give a date (YYYY-MM-DD), not ${value}; filter on yourself for your own figures by the hour`,
      );
    days[field] = day;
  }
  return ok(days);
}

/** An agent's scorecard request: the team value beside their own is counted over whole days. */
export function scopeScorecardRequest<T extends { from?: string; to?: string; timezone: string }>(
  scope: AgentScope | null,
  request: T,
): Result<T, string> {
  if (!scope) return ok(request);
  const days = teamDays(scope, request);
  if (!days.ok) return days;
  return ok({ ...request, ...days.data });
}

/**
 * An agent's own scorecard, its comparison with the rest of the team kept only beside a rest of the
 * team they may see: with the agent's own value, the difference gives the rest's figure back, which
 * in a team of two is one colleague's. `scorecards` withholds that rest for them already (and the team
 * value beside it is withheld by the query when it covers exactly one colleague); this keeps an
 * agent's card from ever carrying the numbers without it.
 */
export function ownScorecard(card: ScorecardView): ScorecardView {
  return {
    ...card,
    kpis: card.kpis.map((k) => ({
      ...k,
      value: { ...k.value, comparison: null },
      coaching: {
        ...k.coaching,
        reason: k.coaching.direction
          ? `${k.kpi}: clearly ${k.coaching.direction} than the rest of the team`
          : null,
      },
    })),
  };
}

/** The money KPIs a query asks for (all of the catalog's when it names none). */
function moneyKpis(ids: readonly string[] | undefined): string[] {
  return (ids ?? KPIS.map((k) => k.id)).filter((id) => findKpi(id)?.money === true);
}

/** The money figures of a KPI query its asker may not see, and the rule that keeps them back. */
export interface MoneyScope {
  rule: Exclude<MoneyRule, 'all'>;
  kpis: string[];
  /** The whole KPI is withheld, not only the totals of one agent's rows or of a small team. */
  whole: boolean;
  /** Of `kpis`, those whose rows are split by team: a manager sees them for teams of two or more only. */
  teamKpis: string[];
}

/**
 * What a role may not see of a KPI query's money figures: for viewers and agents every money KPI;
 * for a manager every one when the query groups by or filters on an agent or a cost category (the
 * cost lines of a category, wages above all, name no agent but are often one person's pay: no
 * count of agents on their rows can tell), otherwise the totals of one agent's rows (`countAgents`
 * counts them) and of teams of fewer than two agents (`smallTeamRows`). Null when nothing is withheld.
 */
export function moneyScope(role: Role, query: Pick<KpiQuery, 'kpis' | 'by' | 'filters'>): MoneyScope | null {
  const rule = moneyRule(role);
  if (rule === 'all') return null;
  const kpis = moneyKpis(query.kpis);
  if (kpis.length === 0) return null;
  const singlesOut = (dimension: 'agent' | 'cost_category') =>
    query.by.includes(dimension) || query.filters[dimension] !== undefined;
  const teamKpis = kpis.filter((id) => {
    const kpi = findKpi(id);
    return kpi !== undefined && 'team' in SOURCES[kpi.source].dimensions;
  });
  return {
    rule,
    kpis,
    whole: rule === 'none' || singlesOut('agent') || singlesOut('cost_category'),
    teamKpis,
  };
}

/** The query options a money scope needs: a manager's totals are checked for one agent's rows. */
export function moneyOptions(scope: MoneyScope | null, options: KpiQueryOptions): KpiQueryOptions {
  return scope && !scope.whole ? { ...options, countAgents: true } : options;
}

/** Whether a row of a manager's answer holds the money of a team of fewer than two agents. */
export type SmallTeamRows = (row: KpiRow) => boolean;

const NO_SMALL_TEAMS: SmallTeamRows = () => false;

interface TeamSize {
  /** Agents of the team employed on every day of the range. */
  throughout: number;
  /** Agents of the team employed on some day of the range. */
  sometime: number;
}

/**
 * Which rows of a manager's answer hold a team's money that fewer than two agents share: the cost
 * lines of a team (its wages) name no agent, so a team of one has its one agent's pay as its total.
 * With `by` team each row is judged by its team; otherwise the whole answer is, by every team it
 * holds (those filtered on, else every team with business facts in the range), since the total of
 * all teams less the totals shown would give a small team's back. An agent counts only when employed
 * on every day of the range (from `people`, once any are imported, else active in `agents` and
 * started by its first day): then every period of a grain and every shorter range also has two,
 * and no two ranges shown differ by one agent's days alone. Rows without a team (orders, costs of no
 * team) are judged by the agents without a team, when there are any.
 */
export async function smallTeamRows(
  engine: Engine,
  scope: MoneyScope | null,
  query: Pick<KpiQuery, 'by' | 'filters'>,
  range: { from: string; to: string },
): Promise<SmallTeamRows> {
  if (!scope || scope.whole || scope.teamKpis.length === 0) return NO_SMALL_TEAMS;
  const firstDay = DateTime.fromISO(range.from, { zone: 'UTC' });
  // `to` is exclusive: its day is in the range only from a time after midnight on.
  const lastDay = DateTime.fromISO(range.to, { zone: 'UTC' }).minus({ milliseconds: 1 });
  // A range that cannot be read as days cannot be checked: every team total is withheld.
  if (!firstDay.isValid || !lastDay.isValid) return () => true;
  const sizes = await teamSizes(engine, firstDay.toISODate() ?? '', lastDay.toISODate() ?? '');
  const isSmall = (team: string | null): boolean => {
    const size = sizes.get(team) ?? { throughout: 0, sometime: 0 };
    // A team's rows are its agents' money, even with none of them known; rows without a team
    // are the business's own (orders, costs of no team) unless an agent without a team works.
    return team === null ? size.sometime > 0 && size.throughout < 2 : size.throughout < 2;
  };
  if (query.by.includes('team')) return (row) => isSmall(row.team == null ? null : String(row.team));
  const teams: (string | null)[] =
    query.filters.team ??
    (await teamsWithFacts(
      engine,
      firstDay.minus({ days: 1 }).toISODate() ?? '',
      lastDay.plus({ days: 2 }).toISODate() ?? '',
    ));
  const anySmall = teams.some(isSmall);
  return () => anySmall;
}

/** Per team (null: agents without one), its agents employed throughout and on some day of the range. */
async function teamSizes(
  engine: Engine,
  firstDay: string,
  lastDay: string,
): Promise<Map<string | null, TeamSize>> {
  const first = `CAST(${engine.dialect.placeholder(1)} AS DATE)`;
  const last = `CAST(${engine.dialect.placeholder(2)} AS DATE)`;
  const people = await engine.all('SELECT count(*) AS n FROM people');
  const fromPeople = Number(people[0]?.n ?? 0) > 0;
  // Once people are imported they are the record of who is employed when; before, the agents table
  // says only who works now (`active`) and since when.
  const employed = (start: string, end: string) =>
    fromPeople
      ? `p.agent_id IS NOT NULL AND p.hired_on <= ${start} AND (p.left_on IS NULL OR p.left_on >= ${end})`
      : `COALESCE(a.active, TRUE) AND (a.started_on IS NULL OR a.started_on <= ${start})`;
  const rows = await engine.all(
    `SELECT a.team_id AS team,
       SUM(CASE WHEN ${employed(first, last)} THEN 1 ELSE 0 END) AS throughout,
       SUM(CASE WHEN ${employed(last, first)} THEN 1 ELSE 0 END) AS sometime
     FROM agents a LEFT JOIN people p ON p.agent_id = a.id
     GROUP BY a.team_id`,
    [firstDay, lastDay],
  );
  return new Map(
    rows.map((r) => [
      r.team == null ? null : String(r.team),
      { throughout: Number(r.throughout ?? 0), sometime: Number(r.sometime ?? 0) },
    ]),
  );
}

/** The teams (null: none) with business facts on the days given, widened by the caller for time zones. */
async function teamsWithFacts(engine: Engine, firstDay: string, endDay: string): Promise<(string | null)[]> {
  const from = `CAST(${engine.dialect.placeholder(1)} AS TIMESTAMP)`;
  const to = `CAST(${engine.dialect.placeholder(2)} AS TIMESTAMP)`;
  const rows = await engine.all(
    `SELECT DISTINCT team_id AS team FROM business_ledger_facts WHERE day >= ${from} AND day < ${to}
     UNION
     SELECT DISTINCT team_id AS team FROM business_contact_facts WHERE created_at >= ${from} AND created_at < ${to}`,
    [firstDay, endDay],
  );
  return rows.map((r) => (r.team == null ? null : String(r.team)));
}

function withheldMoney(value: KpiValue): KpiValue {
  const hidden = withheldValue(value);
  if (value.previous !== undefined) Object.assign(hidden, { previous: { value: null, n: 0 }, change: null });
  if (value.comparison !== undefined) hidden.comparison = null;
  return hidden;
}

/**
 * A KPI result without the money figures the scope withholds, with a notice naming them and the
 * rule. A manager's total is withheld when its rows in the period are one agent's, or a team's of
 * fewer than two agents (`smallTeamRows`): it would be that agent's pay or cost. A manager is given
 * no previous period of a money figure (nor its change, nor a comparison) at all: the previous
 * period's teams and agents are not the period's, and a change between a total of two agents and
 * one of them alone is the other's pay; the notice names these KPIs too.
 */
export function withholdMoney(
  scope: MoneyScope | null,
  result: KpiResult,
  smallTeam: SmallTeamRows = NO_SMALL_TEAMS,
): KpiResult {
  if (!scope) return result;
  const withheld = new Set<string>();
  const teamKpis = new Set(scope.teamKpis);
  const rows = result.rows.map((row) => {
    const kept = { ...row };
    const small = smallTeam(row);
    for (const id of scope.kpis) {
      const value = row[id];
      if (value === null || typeof value !== 'object') continue;
      if (scope.whole || value.agents === 1 || (small && teamKpis.has(id))) {
        kept[id] = withheldMoney(value);
        withheld.add(id);
      } else if (value.previous !== undefined || value.comparison != null) {
        const current: KpiValue = { ...value };
        if (value.previous !== undefined)
          Object.assign(current, { previous: { value: null, n: 0 }, change: null });
        if (value.comparison !== undefined) current.comparison = null;
        kept[id] = current;
        withheld.add(id);
      }
    }
    return kept;
  });
  if (withheld.size === 0) return result;
  const notice = {
    code: 'money_withheld' as const,
    rule: scope.rule,
    kpis: scope.kpis.filter((id) => withheld.has(id)),
  };
  return {
    ...result,
    rows,
    notices: [...result.notices, notice],
    notes: [...result.notes, noticeText(notice)],
  };
}

/**
 * Who may see a list of KPIs that are one agent's figures each (a scorecard, the contacts behind a
 * money figure): money KPIs only for the roles that see money per agent. The refusal names them.
 */
export function checkAgentMoney(role: Role, ids: readonly string[] | undefined): string | null {
  if (moneyRule(role) === 'all' || ids === undefined) return null;
  const money = moneyKpis(ids);
  if (money.length === 0) return null;
  return `${money.join(', ')}: money figures of one agent are for admins and the finance role${
    role === 'manager' ? '; managers see them as team totals in the KPI query' : ''
  }`;
}
