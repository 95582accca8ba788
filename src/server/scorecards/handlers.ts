import type { Context } from 'hono';
import { err, ok } from '../../core/result.js';
import { keptScorecardSources, type ScorecardError, scorecards } from '../../services/scorecard.js';
import type { Role } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, kpiProblem, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { type AgentScope, checkAgentMoney, ownScorecard, scopeScorecardRequest } from '../scope.js';
import * as r from './routes.js';
import type { ScorecardQuery } from './schemas.js';

/** The items without repeats, first occurrence kept. */
function distinct(items: string[] | undefined): string[] | undefined {
  return items && [...new Set(items)];
}

/** A comma-separated query parameter as its non-empty items. */
function commaList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

function scorecardProblem(c: Context, error: ScorecardError) {
  return error.kind === 'unknown_agent' ? problem(c, 404, `no agent ${error.id}`) : kpiProblem(c, error);
}

export function scorecardsRouter(ctx: ServerContext) {
  const { engine, scopeOf, stoppedWith } = ctx;
  /**
   * Scorecards as a request asks for them: an agent's range in whole team days, the KPI list without
   * repeats, from the kept results, stopped when the client goes.
   */
  const askedScorecards = async (
    c: Context,
    role: Role,
    scope: AgentScope | null,
    { kpis, ...range }: ScorecardQuery,
    onlyAgent: string | null,
  ) => {
    // A scorecard is one agent's figures: a money KPI on it is that agent's pay or cost.
    const money = checkAgentMoney(role, commaList(kpis));
    if (money) return err(money);
    const scoped = scopeScorecardRequest(scope, range);
    if (!scoped.ok) return scoped;
    const query = scoped.data;
    const result = await scorecards(
      engine,
      { ...query, kpis: distinct(commaList(kpis)) },
      onlyAgent,
      scope,
      keptScorecardSources(engine, stoppedWith(c.req.raw.signal)),
    );
    return ok({ query, result });
  };

  return featureRouter()
    .openapi(r.listScorecards, async (c) => {
      const { user } = signedIn(c);
      const scope = await scopeOf(user);
      const asked = await askedScorecards(c, user.role, scope, c.req.valid('query'), scope?.agentId ?? null);
      if (!asked.ok) return problem(c, 403, asked.error);
      const { query, result } = asked.data;
      if (!result.ok)
        return result.error.kind === 'unknown_agent'
          ? c.json(
              {
                range: { from: '', to: '', timezone: query.timezone },
                kpis: [],
                agents: [],
                notices: [],
                notes: [],
              },
              200,
            )
          : kpiProblem(c, result.error);
      return c.json(
        scope ? { ...result.data, agents: result.data.agents.map(ownScorecard) } : result.data,
        200,
      );
    })

    .openapi(r.getScorecard, async (c) => {
      const { user } = signedIn(c);
      const scope = await scopeOf(user);
      const { agent } = c.req.valid('param');
      if (scope && scope.agentId !== agent) return problem(c, 403, 'agents see only their own scorecard');
      const asked = await askedScorecards(c, user.role, scope, c.req.valid('query'), agent);
      if (!asked.ok) return problem(c, 403, asked.error);
      const { result } = asked.data;
      if (!result.ok) return scorecardProblem(c, result.error);
      const card = result.data.agents[0];
      if (!card) return problem(c, 404, `no agent ${agent}`);
      return c.json(scope ? ownScorecard(card) : card, 200);
    });
}
