/**
 * What data a signed-in user may see inside an operation their role may call. Only agents are
 * limited: their own contacts, and aggregates of their own team or of themselves — never grouped
 * by or filtered to another agent.
 */
import type { Engine } from '../core/engine.js';
import type { KpiQuery } from '../core/kpi/query.js';
import { err, ok, type Result } from '../core/result.js';
import type { ContactsScope } from '../services/contacts.js';
import type { KpiQueryOptions } from '../services/kpi.js';
import type { ScorecardView } from '../services/scorecard.js';
import type { UserView } from '../services/users.js';

export interface AgentScope {
  agentId: string;
  teamId: string | null;
}

/** The agent a user is limited to, with their team; null for roles that see every agent. */
export async function agentScope(engine: Engine, user: UserView): Promise<AgentScope | null> {
  if (user.role !== 'agent') return null;
  // An agent user without an agent id is a broken account; it sees nothing rather than everything.
  const agentId = user.agentId ?? '';
  const rows = await engine.all(`SELECT team_id FROM agents WHERE id = ${engine.dialect.placeholder(1)}`, [
    agentId,
  ]);
  const team = rows[0]?.team_id;
  return { agentId, teamId: team == null ? null : String(team) };
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
 * without one the query is limited to their team (or to them, without a team), with every value
 * that covers exactly one of their colleagues withheld: next to their own figures it would be that
 * colleague's. Values over different periods or filters can still be set against each other: this
 * stops the plain subtraction, as any aggregate reporting can, not every inference.
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
  return ok({
    query: { ...query, filters: { ...query.filters, team: [scope.teamId] } },
    options: { ...options, viewerAgent: scope.agentId },
  });
}

/**
 * An agent's own scorecard without the numbers of the comparison with the rest of the team: with
 * the agent's own value, its difference from the rest of the team is the colleagues' figure (in a
 * team of two, one colleague's). The verdict and its direction stay. (The team value beside it is
 * withheld by the query when it covers exactly one colleague.)
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
