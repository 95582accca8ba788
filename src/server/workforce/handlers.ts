import type { Context } from 'hono';
import {
  chatOutcome,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  type QueueModel,
  type QueueOutcome,
  queueOutcome,
  requiredAgents,
  requiredChatAgents,
  type StaffingTarget,
} from '../../core/workforce/erlang.js';
import type { WhatIf, WorkforceProblem } from '../../services/workforce/contract.js';
import { forecastView } from '../../services/workforce/forecast.js';
import { addMarkedDay, listMarkedDays, removeMarkedDay } from '../../services/workforce/marked-days.js';
import {
  addScheduleBlock,
  copyScheduleWeek,
  listSchedule,
  removeScheduleBlock,
  updateScheduleBlock,
} from '../../services/workforce/schedules.js';
import { localDateOf, teamCalendar } from '../../services/workforce/series.js';
import { getWorkforceSettings, updateWorkforceSettings } from '../../services/workforce/settings.js';
import { staffingWeek } from '../../services/workforce/staffing.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { featureProblem, problem } from '../problem.js';
import * as r from './routes.js';
import { serviceLevelTarget } from './schemas.js';

const DAY_MS = 86_400_000;
/** The longest span one schedule listing covers: a quarter. */
const MAX_SCHEDULE_DAYS = 93;

export function workforceProblem(c: Context, error: WorkforceProblem) {
  return featureProblem(c, error);
}

/** A refused parameter, named. */
const badParameter = (c: Context, name: string, reason: string) =>
  problem(c, 400, `${name}: ${reason}`, { issues: [`${name}: ${reason}`] });

/**
 * The one target the caller set among the service level, the answer time and the abandonment, or
 * none (the channel's own); two at once are refused, naming both.
 */
export function chosenTarget(given: {
  targetSl?: string | undefined;
  targetAsa?: number | undefined;
  maxAbandon?: number | undefined;
}): { target: StaffingTarget | null } | { problem: { name: string; reason: string } } {
  const named = (['targetSl', 'targetAsa', 'maxAbandon'] as const).filter(
    (name) => given[name] !== undefined,
  );
  if (named.length > 1)
    return {
      problem: {
        name: named.join(', '),
        reason: 'give one target: a service level, an answer time or an abandonment',
      },
    };
  if (given.targetSl !== undefined) {
    const target = serviceLevelTarget(given.targetSl);
    if ('problem' in target) return { problem: { name: 'targetSl', reason: target.problem } };
    return { target };
  }
  if (given.targetAsa !== undefined) return { target: { kind: 'asa', seconds: given.targetAsa } };
  if (given.maxAbandon !== undefined)
    return { target: { kind: 'abandonment', share: given.maxAbandon / 100 } };
  return { target: null };
}

/** A day (its first instant, UTC) or an instant; `end`: a day stands for its end. */
function instantOf(text: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    return new Date(end ? start + DAY_MS : start);
  }
  return new Date(text);
}

/** Monday 00:00 UTC of the week of `now`. */
function weekStartUtc(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

type ShownOutcome = QueueOutcome & { slots: number | null };
const shownOutcome = (outcome: QueueOutcome & { slots?: number }): ShownOutcome => ({
  ...outcome,
  slots: outcome.slots ?? null,
});

export function workforceRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;
  /**
   * Schedules, settings and marked days are what the workforce facts and indicators are made of:
   * kept KPI results of them are stale. The services rebuild the facts; a rebuild waits for one an
   * import runs on its own connection (`rebuilding`), since both replace facts.
   */
  const changingFacts = <T>(work: () => Promise<T>): Promise<T> =>
    engine.rebuilding(work).finally(() => ctx.kpiResults.forget());

  return featureRouter()
    .openapi(r.getWorkforceStaffing, async (c) => {
      const query = c.req.valid('query');
      const chosen = chosenTarget(query);
      if ('problem' in chosen) return badParameter(c, chosen.problem.name, chosen.problem.reason);
      const whatIf: WhatIf = {
        ...(query.volume !== undefined ? { volumePercent: query.volume } : {}),
        ...(query.handleTime !== undefined ? { handleTimePercent: query.handleTime } : {}),
        ...(query.patience !== undefined ? { patienceSeconds: query.patience } : {}),
        ...(chosen.target !== null ? { target: chosen.target } : {}),
        ...(query.shrinkage !== undefined ? { shrinkage: query.shrinkage } : {}),
        ...(query.model !== undefined ? { model: query.model } : {}),
      };
      const at = now();
      // Default: this week in the team calendar's time zone, as the forecast view reckons it (the UTC
      // date would be last week's Sunday on Monday 00:00–01:59 in Amsterdam).
      const zone = (await teamCalendar(engine, query.team ?? null)).timezone;
      const week = await staffingWeek(
        engine,
        {
          channel: query.channel,
          week: query.week ?? localDateOf(zone, at),
          ...(query.interval !== undefined ? { intervalMinutes: query.interval } : {}),
          ...(query.team !== undefined ? { teamId: query.team } : {}),
          whatIf,
        },
        at,
      );
      if (!week.ok) return workforceProblem(c, week.error);
      return c.json(week.data, 200);
    })

    .openapi(r.getWorkforceForecast, async (c) => {
      const query = c.req.valid('query');
      const view = await forecastView(engine, {
        channel: query.channel,
        ...(query.interval !== undefined ? { intervalMinutes: query.interval } : {}),
        ...(query.weeksBack !== undefined ? { weeksBack: query.weeksBack } : {}),
        ...(query.weeksAhead !== undefined ? { weeksAhead: query.weeksAhead } : {}),
        ...(query.team !== undefined ? { teamId: query.team } : {}),
        now: now(),
      });
      return c.json(view, 200);
    })

    .openapi(r.listWorkforceSchedules, async (c) => {
      const user = signedIn(c).user;
      const query = c.req.valid('query');
      const asked = query.agent
        ?.split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '');
      let agentIds = asked;
      if (user.role === 'agent') {
        // A colleague's schedule tells when they are away: an agent reads only their own.
        if (!user.agentId) return problem(c, 403, 'this account names no agent: it has no schedule');
        if (asked?.some((a) => a !== user.agentId))
          return problem(c, 403, 'agents see only their own schedule');
        agentIds = [user.agentId];
      }
      const from = query.from !== undefined ? instantOf(query.from, false) : weekStartUtc(now());
      const to = query.to !== undefined ? instantOf(query.to, true) : new Date(from.getTime() + 7 * DAY_MS);
      if (to <= from) return badParameter(c, 'to', 'must be after from');
      if (to.getTime() - from.getTime() > MAX_SCHEDULE_DAYS * DAY_MS)
        return badParameter(c, 'to', `at most ${MAX_SCHEDULE_DAYS} days after from`);
      const blocks = await listSchedule(engine, {
        from,
        to,
        ...(agentIds !== undefined && agentIds.length > 0 ? { agentIds } : {}),
        ...(query.team !== undefined && user.role !== 'agent' ? { teamId: query.team } : {}),
      });
      return c.json({ blocks }, 200);
    })

    .openapi(r.createWorkforceSchedule, async (c) => {
      const user = signedIn(c).user;
      const input = c.req.valid('json');
      const added = await changingFacts(() =>
        addScheduleBlock(
          engine,
          {
            agentId: input.agentId,
            startsAt: input.startsAt,
            endsAt: input.endsAt,
            activity: input.activity,
            ...(input.note !== undefined ? { note: input.note } : {}),
          },
          user.id,
          now(),
        ),
      );
      if (!added.ok) return workforceProblem(c, added.error);
      return c.json(added.data, 201);
    })

    .openapi(r.copyWorkforceScheduleWeek, async (c) => {
      const user = signedIn(c).user;
      const request = c.req.valid('json');
      const copied = await changingFacts(() =>
        copyScheduleWeek(
          engine,
          {
            fromWeek: request.fromWeek,
            toWeek: request.toWeek,
            ...(request.agentIds !== undefined ? { agentIds: request.agentIds } : {}),
          },
          user.id,
          now(),
        ),
      );
      return c.json({ copied: copied.copied, skipped: copied.skipped }, 200);
    })

    .openapi(r.updateWorkforceSchedule, async (c) => {
      const user = signedIn(c).user;
      const key = c.req.valid('param');
      const changes = c.req.valid('json');
      const updated = await changingFacts(() => updateScheduleBlock(engine, key, changes, user.id, now()));
      if (!updated.ok) return workforceProblem(c, updated.error);
      return c.json(updated.data, 200);
    })

    .openapi(r.deleteWorkforceSchedule, async (c) => {
      const user = signedIn(c).user;
      const key = c.req.valid('param');
      const removed = await changingFacts(() => removeScheduleBlock(engine, key, user.id, now()));
      if (!removed.ok) return workforceProblem(c, removed.error);
      return c.json({ removed: { source: key.source, externalId: key.externalId } }, 200);
    })

    .openapi(r.getWorkforceSettings, async (c) => c.json(await getWorkforceSettings(engine), 200))

    .openapi(r.updateWorkforceSettings, async (c) => {
      const user = signedIn(c).user;
      const changes = c.req.valid('json');
      const updated = await changingFacts(() => updateWorkforceSettings(engine, changes, now()));
      if (!updated.ok) return workforceProblem(c, updated.error);
      await audit(c, user, 'workforce.settings', { detail: { changed: Object.keys(changes) } });
      return c.json(updated.data, 200);
    })

    .openapi(r.listWorkforceMarkedDays, async (c) => {
      const query = c.req.valid('query');
      const days = await listMarkedDays(engine, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
      });
      return c.json({ days }, 200);
    })

    .openapi(r.createWorkforceMarkedDay, async (c) => {
      const user = signedIn(c).user;
      const input = c.req.valid('json');
      const added = await addMarkedDay(
        engine,
        {
          day: input.day,
          channel: input.channel ?? null,
          kind: input.kind,
          factor: input.factor ?? null,
          label: input.label,
        },
        user.id,
        now(),
      );
      if (!added.ok) return workforceProblem(c, added.error);
      // The forecast reads marked days: kept results computed from the old ones are stale.
      ctx.kpiResults.forget();
      return c.json(added.data, 201);
    })

    .openapi(r.deleteWorkforceMarkedDay, async (c) => {
      const user = signedIn(c).user;
      const { id } = c.req.valid('param');
      const removed = await removeMarkedDay(engine, id, user.id, now());
      if (!removed.ok) return workforceProblem(c, removed.error);
      ctx.kpiResults.forget();
      return c.json({ removed: id }, 200);
    })

    .openapi(r.calculateErlang, async (c) => {
      const request = c.req.valid('json');
      const chosen = chosenTarget(request);
      if ('problem' in chosen) return badParameter(c, chosen.problem.name, chosen.problem.reason);
      const target: StaffingTarget = chosen.target ?? { kind: 'service-level', share: 0.8, seconds: 20 };
      if (target.kind === 'abandonment' && request.patienceSeconds === undefined)
        return badParameter(
          c,
          'maxAbandon',
          'an abandonment target needs patienceSeconds: without it nobody abandons (Erlang C)',
        );
      const model: QueueModel = request.patienceSeconds !== undefined ? 'erlang-a' : 'erlang-c';
      const load = {
        arrivals: request.calls,
        intervalSeconds: request.intervalSeconds,
        ahtSeconds: request.ahtSeconds,
        ...(request.patienceSeconds !== undefined ? { patienceSeconds: request.patienceSeconds } : {}),
      };
      const serviceLevelSeconds =
        target.kind === 'service-level' ? target.seconds : DEFAULT_SERVICE_LEVEL_SECONDS;
      try {
        const concurrency = request.concurrency;
        const required =
          concurrency !== undefined
            ? requiredChatAgents(model, load, concurrency, target, { serviceLevelSeconds })
            : requiredAgents(model, load, target, { serviceLevelSeconds });
        const atAgents =
          request.agents === undefined
            ? null
            : concurrency !== undefined
              ? chatOutcome(model, load, request.agents, concurrency, serviceLevelSeconds)
              : queueOutcome(model, load, request.agents, serviceLevelSeconds);
        return c.json(
          {
            model,
            target,
            serviceLevelSeconds,
            required: shownOutcome(required),
            atAgents: atAgents === null ? null : shownOutcome(atAgents),
          },
          200,
        );
      } catch (error) {
        // The models name the input they cannot work with (e.g. a target needing a million agents).
        if (error instanceof RangeError) return problem(c, 400, error.message, { issues: [error.message] });
        throw error;
      }
    });
}
