import { DateTime } from 'luxon';
import type { Filters } from '../../core/benchmarks/comparison.js';
import { KPIS } from '../../core/kpi/catalog.js';
import { KpiQuery as CoreKpiQuery, type KpiQueryInput } from '../../core/kpi/query.js';
import {
  compareQuery,
  compareWithBenchmarks,
  deleteBenchmark,
  listBenchmarks,
  putCompetitorFigure,
  yearOverYearAnswer,
  yearOverYearQuery,
  yearSpan,
} from '../../services/benchmarks/benchmarks.js';
import type { KpiResult } from '../../services/kpi.js';
import type { UserView } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, kpiProblem, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { moneyOptions, moneyScope, scopeKpiQuery, smallTeamRows, withholdMoney } from '../scope.js';
import * as r from './routes.js';

const listOf = (text: string | undefined) =>
  text
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function filtersOf(query: { channel?: string; team?: string }): Filters {
  return {
    ...(query.channel ? { channel: [query.channel] } : {}),
    ...(query.team ? { team: [query.team] } : {}),
  };
}

export function benchmarksRouter(ctx: ServerContext) {
  const { engine, kpiResults, scopeOf, audit, now } = ctx;

  /**
   * A KPI answer as the user may see it: scoped like the KPI endpoints (an agent gets their team's
   * figures, in whole days of its time zone), money figures withheld as there.
   */
  const scopedAnswer = async (
    user: UserView,
    input: KpiQueryInput,
    signal: AbortSignal,
  ): Promise<
    | { ok: true; data: KpiResult }
    | { ok: false; status: 403; reason: string }
    | { ok: false; status: 'kpi'; error: Parameters<typeof kpiProblem>[1] }
  > => {
    const scoped = scopeKpiQuery(await scopeOf(user), CoreKpiQuery.parse(input));
    if (!scoped.ok) return { ok: false, status: 403, reason: scoped.error };
    const money = moneyScope(user.role, scoped.data.query);
    const answer = await kpiResults.run(scoped.data.query, moneyOptions(money, scoped.data.options), signal);
    if (!answer.ok) return { ok: false, status: 'kpi', error: answer.error };
    const smallTeams = await smallTeamRows(engine, money, scoped.data.query, answer.data.range);
    return { ok: true, data: withholdMoney(money, answer.data, smallTeams) };
  };

  return featureRouter()
    .openapi(r.listBenchmarks, async (c) => {
      const query = c.req.valid('query');
      const kpi = listOf(query.kpi);
      const benchmarks = await listBenchmarks(engine, {
        ...(kpi ? { kpi } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.channel ? { channel: query.channel } : {}),
      });
      return c.json({ benchmarks }, 200);
    })

    .openapi(r.compareBenchmarks, async (c) => {
      const { user } = signedIn(c);
      const query = c.req.valid('query');
      if (query.to <= query.from) return problem(c, 400, `to: ${query.to} is not after from ${query.from}`);
      const list = await listBenchmarks(engine, query.channel ? { channel: query.channel } : {});
      const timezone = query.timezone ?? 'UTC';
      const kpiQuery = compareQuery(list, {
        from: query.from,
        to: query.to,
        timezone,
        filters: filtersOf(query),
      });
      const context = {
        channel: query.channel ?? null,
        industry: query.industry ?? null,
        region: query.region ?? null,
      };
      if ((kpiQuery.kpis ?? []).length === 0)
        return c.json({ range: { from: query.from, to: query.to, timezone }, rows: [], notes: [] }, 200);
      const answer = await scopedAnswer(user, kpiQuery, c.req.raw.signal);
      if (!answer.ok)
        return answer.status === 403 ? problem(c, 403, answer.reason) : kpiProblem(c, answer.error);
      return c.json(
        {
          range: answer.data.range,
          rows: compareWithBenchmarks(list, answer.data.rows[0], context),
          notes: answer.data.notes,
        },
        200,
      );
    })

    .openapi(r.getYearOverYear, async (c) => {
      const { user } = signedIn(c);
      const query = c.req.valid('query');
      const timezone = query.timezone ?? 'UTC';
      const year = query.year ?? DateTime.fromJSDate(now(), { zone: timezone }).year;
      const kpis = listOf(query.kpi) ?? KPIS.map((k) => k.id);
      const span = yearSpan(year, now(), timezone);
      const answer = await scopedAnswer(
        user,
        yearOverYearQuery(kpis, span, timezone, filtersOf(query)),
        c.req.raw.signal,
      );
      if (!answer.ok)
        return answer.status === 403 ? problem(c, 403, answer.reason) : kpiProblem(c, answer.error);
      return c.json(yearOverYearAnswer(kpis, span, answer.data), 200);
    })

    .openapi(r.putBenchmark, async (c) => {
      const { user } = signedIn(c);
      const { id } = c.req.valid('param');
      const stored = await putCompetitorFigure(engine, id, c.req.valid('json'));
      if (!stored.ok) {
        const error = stored.error;
        if (error.kind === 'invalid') {
          const issues = error.problems.map((p) => `${p.field}: ${p.reason}`);
          return problem(c, 400, issues[0] ?? 'invalid figure', { issues });
        }
        return problem(
          c,
          409,
          `${error.id}: the shipped published figures cannot be changed; enter the figure under an id of your own`,
        );
      }
      await audit(c, user, 'benchmarks.put', {
        detail: { id, kpi: stored.data.kpiId, name: stored.data.name },
      });
      return c.json(stored.data, 200);
    })

    .openapi(r.deleteBenchmark, async (c) => {
      const { user } = signedIn(c);
      const { id } = c.req.valid('param');
      const deleted = await deleteBenchmark(engine, id);
      if (!deleted.ok) {
        return deleted.error.kind === 'shipped'
          ? problem(
              c,
              409,
              `${id}: the shipped published figures are part of servicemeter and cannot be deleted`,
            )
          : problem(c, 404, `no stored figure ${id}`);
      }
      await audit(c, user, 'benchmarks.delete', { detail: { id } });
      return c.json({ deleted: id }, 200);
    });
}
