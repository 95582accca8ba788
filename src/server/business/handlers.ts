import type { Context } from 'hono';
import { clvByHandling } from '../../services/business/clv.js';
import { retentionCohorts } from '../../services/business/cohorts.js';
import type { BusinessActor, BusinessProblem, BusinessRange } from '../../services/business/contract.js';
import { conversionView } from '../../services/business/conversion.js';
import { listBusinessNotices } from '../../services/business/facts.js';
import { peopleView } from '../../services/business/people.js';
import { getBusinessSettings, updateBusinessSettings } from '../../services/business/settings.js';
import type { UserView } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

const DAY_MS = 86_400_000;

export function businessProblem(c: Context, error: BusinessProblem) {
  switch (error.kind) {
    case 'invalid': {
      const issues = error.issues.map((i) => `${i.path || '(body)'}: ${i.message}`);
      return problem(c, 400, issues[0] ?? 'invalid request', { issues });
    }
    case 'forbidden':
      return problem(c, 403, error.reason);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown business problem ${JSON.stringify(unreachable)}`);
    }
  }
}

const listOf = (text: string | undefined) =>
  text
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/**
 * The range asked for; by default a year of whole months up to today: from the first day of the
 * month a year before `to` (tomorrow, excluded).
 */
export function rangeOf(
  query: { from?: string; to?: string; segment?: string; acquisition_channel?: string; team?: string },
  now: Date,
): BusinessRange {
  const to = query.to ?? new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  const from = query.from ?? `${Number(to.slice(0, 4)) - 1}-${to.slice(5, 7)}-01`;
  const segment = listOf(query.segment);
  const acquisitionChannel = listOf(query.acquisition_channel);
  const team = listOf(query.team);
  return {
    from,
    to,
    ...(segment?.length ? { segment } : {}),
    ...(acquisitionChannel?.length ? { acquisitionChannel } : {}),
    ...(team?.length ? { team } : {}),
  };
}

const actorOf = (user: UserView): BusinessActor => ({
  userId: user.id,
  role: user.role,
  agentId: user.agentId,
});

export function businessRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;

  return featureRouter()
    .openapi(r.getBusinessCohorts, async (c) => {
      const view = await retentionCohorts(engine, rangeOf(c.req.valid('query'), now()));
      if (!view.ok) return businessProblem(c, view.error);
      return c.json(view.data, 200);
    })

    .openapi(r.getBusinessClv, async (c) => {
      const actor = actorOf(signedIn(c).user);
      const view = await clvByHandling(engine, rangeOf(c.req.valid('query'), now()), actor);
      if (!view.ok) return businessProblem(c, view.error);
      return c.json(view.data, 200);
    })

    .openapi(r.getBusinessConversion, async (c) => {
      const actor = actorOf(signedIn(c).user);
      const query = c.req.valid('query');
      const view = await conversionView(engine, rangeOf(query, now()), query.by ?? 'channel', actor);
      if (!view.ok) return businessProblem(c, view.error);
      return c.json(view.data, 200);
    })

    .openapi(r.getBusinessPeople, async (c) => {
      const actor = actorOf(signedIn(c).user);
      const view = await peopleView(engine, rangeOf(c.req.valid('query'), now()), actor);
      if (!view.ok) return businessProblem(c, view.error);
      return c.json(view.data, 200);
    })

    .openapi(r.getBusinessSettings, async (c) => c.json(await getBusinessSettings(engine), 200))

    .openapi(r.updateBusinessSettings, async (c) => {
      const user = signedIn(c).user;
      const changes = c.req.valid('json');
      // The settings decide the business facts: rebuilt with them, kept KPI results are stale.
      const updated = await engine
        .rebuilding(() => updateBusinessSettings(engine, changes, now()))
        .finally(() => ctx.kpiResults.forget());
      if (!updated.ok) return businessProblem(c, updated.error);
      await audit(c, user, 'business.settings', { detail: { changed: Object.keys(changes) } });
      return c.json(updated.data, 200);
    })

    .openapi(r.listBusinessNotices, async (c) => c.json({ notices: await listBusinessNotices(engine) }, 200));
}
