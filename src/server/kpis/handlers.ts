import { findKpi, KPIS } from '../../core/kpi/catalog.js';
import { withoutRepeats } from '../../core/kpi/limits.js';
import { KpiQuery as CoreKpiQuery } from '../../core/kpi/query.js';
import { kpiRowsCsv } from '../../services/spreadsheet-csv.js';
import { readsAggregatesOnly } from '../access.js';
import { signedIn } from '../auth.js';
import { auditedQuery, csvFileName, featureRouter, kpiProblem, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { moneyOptions, moneyScope, scopeKpiQuery, smallTeamRows, withholdMoney } from '../scope.js';
import * as r from './routes.js';

export function kpisRouter(ctx: ServerContext) {
  const { engine, kpiResults, knownCatalog, knownStatus, knownFilterValues, scopeOf, audit, now } = ctx;
  return featureRouter()
    .openapi(r.getCatalog, async (c) => {
      const catalog = await knownCatalog();
      const scope = await scopeOf(signedIn(c).user);
      if (!scope) return c.json(catalog, 200);
      // Kept for everyone: an agent's copy leaves out a colleague's or another team's targets.
      const visible = (t: { team: string | null; agent: string | null }) =>
        (t.agent === null || t.agent === scope.agentId) && (t.team === null || t.team === scope.teamId);
      return c.json(
        {
          ...catalog,
          targets: catalog.targets.filter(visible),
          baselines: catalog.baselines.filter(visible),
        },
        200,
      );
    })

    .openapi(r.getStatus, async (c) => c.json(await knownStatus(), 200))

    .openapi(r.getFilterValues, async (c) => {
      const { user } = signedIn(c);
      const values = await knownFilterValues((await scopeOf(user))?.agentId ?? null);
      // Who reviews is staff business; a viewer sees the overview, not the reviewers' user ids.
      return c.json(readsAggregatesOnly(user.role) ? { ...values, qa_reviewer: [] } : values, 200);
    })

    .openapi(r.queryKpis, async (c) => {
      const { user } = signedIn(c);
      const scoped = scopeKpiQuery(await scopeOf(user), c.req.valid('json'));
      if (!scoped.ok) return problem(c, 403, scoped.error);
      const money = moneyScope(user.role, scoped.data.query);
      const options = moneyOptions(money, scoped.data.options);
      const result = await kpiResults.run(scoped.data.query, options, c.req.raw.signal);
      if (!result.ok) return kpiProblem(c, result.error);
      const smallTeams = await smallTeamRows(engine, money, scoped.data.query, result.data.range);
      return c.json(
        {
          ...withholdMoney(money, result.data, smallTeams),
          query: withoutRepeats(CoreKpiQuery.parse(scoped.data.query)),
        },
        200,
      );
    })

    .openapi(r.exportKpis, async (c) => {
      const auth = signedIn(c);
      const scope = await scopeOf(auth.user);
      const scoped = scopeKpiQuery(scope, c.req.valid('json'));
      if (!scoped.ok) return problem(c, 403, scoped.error);
      const money = moneyScope(auth.user.role, scoped.data.query);
      const options = moneyOptions(money, scoped.data.options);
      const answer = await kpiResults.run(scoped.data.query, options, c.req.raw.signal);
      if (!answer.ok) return kpiProblem(c, answer.error);
      const smallTeams = await smallTeamRows(engine, money, scoped.data.query, answer.data.range);
      const result = { ...answer, data: withholdMoney(money, answer.data, smallTeams) };
      const ids = new Set(scoped.data.query.kpis ?? KPIS.map((k) => k.id));
      const kpis = [...ids].flatMap((id) => findKpi(id) ?? []);
      await audit(c, auth.user, 'export.kpis', {
        detail: { query: auditedQuery(scoped.data.query), rows: result.data.rows.length },
      });
      return c.body(kpiRowsCsv(result.data.rows, kpis, { compare: scoped.data.query.compare }), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName('kpis', now())}"`,
      });
    });
}
