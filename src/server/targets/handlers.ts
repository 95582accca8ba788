import type { Context } from 'hono';
import { deleteBaseline, listBaselines, takeBaseline } from '../../services/targets/baselines.js';
import type { TargetsProblem } from '../../services/targets/contract.js';
import {
  listTargets,
  putTargets,
  targetHistory,
  targetsVisibleToAgent,
} from '../../services/targets/targets.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import type { AgentScope } from '../scope.js';
import * as r from './routes.js';

export function targetsProblem(c: Context, error: TargetsProblem) {
  switch (error.kind) {
    case 'invalid': {
      const issues = error.issues.map((i) => `${i.path || '(body)'}: ${i.message}`);
      return problem(c, 400, issues[0] ?? 'invalid request', { issues });
    }
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'forbidden':
      return problem(c, 403, error.reason);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown targets problem ${JSON.stringify(unreachable)}`);
    }
  }
}

/** What an agent may see of targets or baselines: never a colleague's or another team's. */
function visibleTo<T extends { team: string | null; agent: string | null }>(
  scope: AgentScope | null,
  rows: T[],
): T[] {
  return scope ? targetsVisibleToAgent(rows, scope.agentId, scope.teamId) : rows;
}

export function targetsRouter(ctx: ServerContext) {
  const { engine, kpiResults, audit, scopeOf, now } = ctx;

  return featureRouter()
    .openapi(r.listTargets, async (c) => {
      const { kpi } = c.req.valid('query');
      const targets = await listTargets(engine, kpi === undefined ? {} : { kpi });
      return c.json({ targets: visibleTo(await scopeOf(signedIn(c).user), targets) }, 200);
    })

    .openapi(r.replaceTargets, async (c) => {
      const user = signedIn(c).user;
      const put = c.req.valid('json');
      const result = await putTargets(engine, put, user.id, now());
      if (!result.ok) return targetsProblem(c, result.error);
      // The catalog carries the targets: the kept one is stale.
      kpiResults.forget();
      await audit(c, user, 'targets.put', {
        detail: { scopes: put.scopes.length, targets: put.targets.length },
      });
      return c.json({ targets: result.data }, 200);
    })

    .openapi(r.getTargetHistory, async (c) => {
      const { kpi, limit } = c.req.valid('query');
      const changes = await targetHistory(engine, {
        ...(kpi === undefined ? {} : { kpi }),
        ...(limit === undefined ? {} : { limit }),
      });
      return c.json({ changes }, 200);
    })

    .openapi(r.listBaselines, async (c) => {
      const { kpi } = c.req.valid('query');
      const baselines = await listBaselines(engine, kpi === undefined ? {} : { kpi });
      return c.json({ baselines: visibleTo(await scopeOf(signedIn(c).user), baselines) }, 200);
    })

    .openapi(r.takeBaseline, async (c) => {
      const user = signedIn(c).user;
      const request = c.req.valid('json');
      const result = await takeBaseline(engine, request, user.id, now());
      if (!result.ok) return targetsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, user, 'baselines.take', { target: result.data.id, detail: { kpi: request.kpi } });
      return c.json(result.data, 201);
    })

    .openapi(r.deleteBaseline, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const result = await deleteBaseline(engine, id);
      if (!result.ok) return targetsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, user, 'baselines.delete', { target: id });
      return c.body(null, 204);
    });
}
