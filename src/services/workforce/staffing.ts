/**
 * The staffing week of a channel: per interval of a Monday-to-Sunday week in the team calendar's
 * time zone, the forecast arrivals and handle time (with the what-if applied), the agents required
 * for the target, the agents to schedule once shrinkage is added, the agents scheduled and, for
 * intervals already past, the agents that were available.
 *
 * - Phone: Erlang C, or Erlang A with the callers' mean patience estimated from the channel's
 *   answered and abandoned queue waits of the last 8 weeks (src/core/workforce/patience.ts); short
 *   abandons are left out, as they are of the arrivals (offered). With no abandonment there is no
 *   patience and Erlang A is Erlang C.
 * - Chat: the same with `chatConcurrency` slots per agent (requiredChatAgents).
 * - E-mail and social: the workload cleared within the response target (writtenWorkStaffing) over
 *   the week's open intervals in order, the response target counted in open time as the business-
 *   hours first-response deadline is; what arrives while the team is closed is taken up in the next
 *   open interval (Monday morning takes up the weekend's messages and Friday's work spread on). The
 *   handle time is the week's forecast handle time, weighted by arrivals.
 *
 * Shrinkage: the settings' value, else measured as the on-contacts minutes the agents were not
 * available (unplanned pauses, not logged in) ÷ the on-contacts minutes, over the last 8 weeks of
 * the workforce facts. Only the unplanned part: the scheduled count already leaves out breaks,
 * training and meetings (they are blocks of their own, not blocks on the channel). No such minutes:
 * 0. requiredScheduled = ⌈required ÷ (1 − shrinkage)⌉.
 *
 * Scheduled: the mean number of agents scheduled on the channel's activity over the interval (agent
 * seconds ÷ interval seconds), where two blocks of an agent overlap the later-starting one wins.
 * Available: the mean number available on the channel (workforce_agent_facts minutes ÷ interval
 * minutes), for intervals that began before now.
 *
 * Marked: under when scheduled < requiredScheduled; over when scheduled exceeds it by more than one
 * agent and by more than a fifth; closed outside the opening hours (holidays, closed days included).
 */
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import {
  chatOutcome,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  type IntervalLoad,
  QUEUE_MODELS,
  type QueueOutcome,
  queueOutcome,
  requiredAgents,
  requiredChatAgents,
  type StaffingTarget,
  writtenWorkStaffing,
} from '../../core/workforce/erlang.js';
import type { IntervalMinutes } from '../../core/workforce/forecast.js';
import { estimatePatience } from '../../core/workforce/patience.js';
import { sqlInstant } from '../audit.js';
import {
  STAFFED_CHANNELS,
  type StaffingInterval,
  type StaffingQuery,
  type StaffingWeek,
  type WorkforceProblem,
} from './contract.js';
import { channelForecast, isQueuedChannel, localSlots } from './forecast.js';
import { addDays, localDateOf, localInstant, mondayOf, teamCalendar } from './series.js';
import { getWorkforceSettings, StaffingTargetSchema } from './settings.js';

/** Weeks of waits and of facts the patience and the measured shrinkage are read from. */
const LOOKBACK_DAYS = 8 * 7;
/** Written channels: days before the week (from Friday) whose messages and work run into it. */
const LEAD_IN_DAYS = 3;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const Query = z
  .object({
    channel: z.enum(STAFFED_CHANNELS),
    week: z
      .string()
      .refine(
        (text) =>
          ISO_DAY.test(text) && new Date(Date.parse(`${text}T00:00:00Z`)).toISOString().startsWith(text),
        'must be a date, YYYY-MM-DD',
      ),
    intervalMinutes: z
      .union([z.literal(15), z.literal(30), z.literal(60)], { message: 'must be 15, 30 or 60' })
      .optional(),
    teamId: z.string().min(1).nullable().optional(),
    whatIf: z
      .object({
        volumePercent: z.number().gt(-100, 'above -100 (−100 % leaves nothing)').max(1000).optional(),
        handleTimePercent: z.number().gt(-100, 'above -100 (−100 % leaves nothing)').max(1000).optional(),
        patienceSeconds: z.number().gt(0).max(86_400).optional(),
        target: StaffingTargetSchema.optional(),
        shrinkage: z.number().min(0).lt(0.95, 'below 0.95 (0.3 for 30 %)').optional(),
        model: z.enum(QUEUE_MODELS as ['erlang-c', 'erlang-a']).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

type Outcome = NonNullable<StaffingInterval['atRequired']>;
const outcomeOf = (o: QueueOutcome): Outcome => ({
  serviceLevel: o.serviceLevel,
  asa: o.asa,
  abandonment: o.abandonment,
  occupancy: o.occupancy,
});

/** The answered and abandoned waits of the channel's queue, as the estimator reads them: counts and sums. */
async function measuredPatience(
  engine: Engine,
  channel: string,
  teamId: string | null,
  now: Date,
): Promise<{ meanSeconds: number | null; abandoned: number; observedSeconds: number }> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [
    channel,
    sqlInstant(new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000)),
    sqlInstant(now),
  ];
  const team = teamId ? ` AND team_id = ${p(params.push(teamId))}` : '';
  const rows = await engine.all(
    `SELECT count(CASE WHEN abandoned THEN 1 END) AS abandoned,
       sum(CASE WHEN abandoned THEN queue_wait_s END) AS abandoned_seconds,
       sum(CASE WHEN answered THEN queue_wait_s END) AS answered_seconds
     FROM contact_facts
     WHERE channel = ${p(1)} AND created_at >= CAST(${p(2)} AS TIMESTAMP) AND created_at < CAST(${p(3)} AS TIMESTAMP)
       AND queued AND queue_wait_s IS NOT NULL AND NOT COALESCE(short_abandon, FALSE)${team}`,
    params,
  );
  const abandoned = Number(rows[0]?.abandoned ?? 0);
  const abandonedSeconds = Number(rows[0]?.abandoned_seconds ?? 0);
  // The estimator uses only the number of abandons and the sum of every wait, so the waits are
  // handed over as that many equal abandons and one answered total, not contact by contact.
  return estimatePatience({
    abandonedWaits: abandoned === 0 ? [] : new Array<number>(abandoned).fill(abandonedSeconds / abandoned),
    answeredWaits: [Number(rows[0]?.answered_seconds ?? 0)],
  });
}

/** Unplanned shrinkage: on-contacts minutes not available ÷ on-contacts minutes, the last 8 weeks. */
async function measuredShrinkage(engine: Engine, teamId: string | null, now: Date): Promise<number> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [
    sqlInstant(new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000)),
    sqlInstant(now),
  ];
  const team = teamId ? ` AND team_id = ${p(params.push(teamId))}` : '';
  const rows = await engine.all(
    `SELECT sum(CASE WHEN NOT available THEN minutes ELSE 0 END) AS away, sum(minutes) AS total
     FROM workforce_agent_facts
     WHERE on_contacts AND interval_start >= CAST(${p(1)} AS TIMESTAMP) AND interval_start < CAST(${p(2)} AS TIMESTAMP)${team}`,
    params,
  );
  const total = Number(rows[0]?.total ?? 0);
  return total > 0 ? Math.min(0.95, Number(rows[0]?.away ?? 0) / total) : 0;
}

/**
 * Agent seconds scheduled on the activity per interval (index), the later-starting block winning an
 * overlap. SQL reads the week's blocks on the activity and, as negative pieces, their overlaps with
 * later-starting blocks of the same agent; the pieces are then added up per interval.
 */
async function scheduledSeconds(
  engine: Engine,
  activity: string,
  starts: readonly Date[],
  intervalMs: number,
  teamId: string | null,
): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  const first = starts[0];
  const last = starts.at(-1);
  if (!first || !last) return result;
  const d = engine.dialect;
  const p = d.placeholder;
  const params: unknown[] = [activity, sqlInstant(new Date(last.getTime() + intervalMs)), sqlInstant(first)];
  const team = teamId
    ? ` AND b.agent_id IN (SELECT id FROM agents WHERE team_id = ${p(params.push(teamId))})`
    : '';
  const rows = await engine.all(
    `WITH blocks AS (
       SELECT b.source, b.external_id, b.agent_id, b.starts_at, b.ends_at FROM schedules b
       WHERE b.activity = ${p(1)} AND b.starts_at < CAST(${p(2)} AS TIMESTAMP) AND b.ends_at > CAST(${p(3)} AS TIMESTAMP)${team}
     )
     SELECT 1 AS sign, ${d.epochSeconds('starts_at')} AS s, ${d.epochSeconds('ends_at')} AS e FROM blocks
     UNION ALL
     SELECT -1 AS sign, ${d.epochSeconds('greatest(b.starts_at, l.starts_at)')} AS s, ${d.epochSeconds('least(b.ends_at, l.ends_at)')} AS e
     FROM blocks b
     JOIN schedules l ON l.agent_id = b.agent_id AND l.starts_at < b.ends_at AND l.ends_at > b.starts_at
       AND (l.starts_at > b.starts_at OR (l.starts_at = b.starts_at AND (l.source || '|' || l.external_id) > (b.source || '|' || b.external_id)))`,
    params,
  );
  const startMs = starts.map((start) => start.getTime());
  for (const r of rows) {
    const from = Number(r.s) * 1000;
    const to = Number(r.e) * 1000;
    // The first interval ending after the piece starts; intervals are in order and do not overlap.
    let lo = 0;
    let hi = startMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((startMs[mid] as number) + intervalMs <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < startMs.length && (startMs[i] as number) < to; i++) {
      const overlap =
        Math.min(to, (startMs[i] as number) + intervalMs) - Math.max(from, startMs[i] as number);
      if (overlap > 0) result.set(i, (result.get(i) ?? 0) + (Number(r.sign) * overlap) / 1000);
    }
  }
  for (const [i, seconds] of result) result.set(i, Math.max(0, seconds));
  return result;
}

/** Available agent minutes on the channel per 15-minute fact bucket (UTC ms) before now. */
async function availableMinutes(
  engine: Engine,
  channel: string,
  from: Date,
  to: Date,
  teamId: string | null,
): Promise<Map<number, number>> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [channel, sqlInstant(from), sqlInstant(to)];
  const team = teamId ? ` AND team_id = ${p(params.push(teamId))}` : '';
  const rows = await engine.all(
    `SELECT CAST(interval_start AS VARCHAR) AS bucket, sum(minutes) AS minutes FROM workforce_agent_facts
     WHERE available AND channel = ${p(1)} AND interval_start >= CAST(${p(2)} AS TIMESTAMP) AND interval_start < CAST(${p(3)} AS TIMESTAMP)${team}
     GROUP BY interval_start`,
    params,
  );
  return new Map(rows.map((r) => [Date.parse(`${String(r.bucket).replace(' ', 'T')}Z`), Number(r.minutes)]));
}

function invalid(error: z.ZodError): WorkforceProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

export async function staffingWeek(
  engine: Engine,
  query: StaffingQuery,
  now: Date,
): Promise<Result<StaffingWeek, WorkforceProblem>> {
  const parsed = Query.safeParse(query);
  if (!parsed.success) return err(invalid(parsed.error));
  const { channel, week, whatIf = {} } = parsed.data;
  const teamId = parsed.data.teamId ?? null;
  if (teamId !== null) {
    const p = engine.dialect.placeholder;
    if ((await engine.all(`SELECT id FROM teams WHERE id = ${p(1)}`, [teamId])).length === 0)
      return err({ kind: 'invalid', issues: [{ path: 'teamId', message: `there is no team ${teamId}` }] });
  }
  const settings = await getWorkforceSettings(engine);
  const intervalMinutes: IntervalMinutes = parsed.data.intervalMinutes ?? settings.intervalMinutes;
  const intervalSeconds = intervalMinutes * 60;
  const calendar = await teamCalendar(engine, teamId);
  const zone = calendar.timezone;
  const weekStart = mondayOf(week);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const leadIn = Array.from({ length: LEAD_IN_DAYS }, (_, i) => addDays(weekStart, i - LEAD_IN_DAYS));
  const today = localDateOf(zone, now);
  const { forecast, history, open } = await channelForecast(engine, {
    channel,
    intervalMinutes,
    teamId,
    horizon: [...leadIn, ...dates],
    learnUntil: [weekStart, today].sort()[0] as string,
    readUntil: new Date(Math.min(now.getTime(), localInstant(zone, weekStart, 0).getTime())),
    settings,
  });

  const volume = 1 + (whatIf.volumePercent ?? 0) / 100;
  const handleTime = 1 + (whatIf.handleTimePercent ?? 0) / 100;
  // Handle time where the forecast has none: the history's mean, else the written-reply minutes.
  let handled = 0;
  let handleSeconds = 0;
  for (const o of history.observations)
    if (o.handleSeconds !== null) {
      handled += o.handled;
      handleSeconds += o.handleSeconds;
    }
  const fallbackAht = handled > 0 ? handleSeconds / handled : settings.writtenReplyMinutes * 60;
  const points = new Map(forecast.points.map((point) => [`${point.date}#${point.slot}`, point]));
  const loadOf = (s: { date: string; slot: number }) => {
    const point = points.get(`${s.date}#${s.slot}`);
    return {
      arrivals: (point?.arrivals ?? 0) * volume,
      ahtSeconds: Math.max(1, (point?.ahtSeconds ?? fallbackAht) * handleTime),
      open: open(s.date, s.slot),
    };
  };
  const slots = localSlots(zone, dates, intervalMinutes);
  const loads = slots.map(loadOf);

  const queued = isQueuedChannel(channel);
  const model = whatIf.model ?? settings.model;
  const target: StaffingTarget | { responseTargetSeconds: number } =
    channel === 'phone' || channel === 'chat'
      ? (whatIf.target ?? settings.targets[channel])
      : settings.targets[channel];
  const shrinkage =
    whatIf.shrinkage !== undefined
      ? { value: whatIf.shrinkage, measured: false }
      : settings.shrinkage !== null
        ? { value: settings.shrinkage, measured: false }
        : { value: await measuredShrinkage(engine, teamId, now), measured: true };
  const patience =
    queued && model === 'erlang-a'
      ? whatIf.patienceSeconds !== undefined
        ? { meanSeconds: whatIf.patienceSeconds, abandoned: 0, observedSeconds: 0, setByWhatIf: true }
        : { ...(await measuredPatience(engine, channel, teamId, now)), setByWhatIf: false }
      : null;
  const concurrency = channel === 'chat' ? settings.chatConcurrency : null;

  const scheduled = await scheduledSeconds(
    engine,
    channel,
    slots.map((s) => s.start),
    intervalSeconds * 1000,
    teamId,
  );
  const firstStart = slots[0]?.start ?? new Date(0);
  const available = await availableMinutes(
    engine,
    channel,
    firstStart,
    new Date(Math.min(now.getTime(), (slots.at(-1)?.start.getTime() ?? 0) + intervalSeconds * 1000)),
    teamId,
  );

  // Required agents per slot.
  const required: number[] = new Array(slots.length).fill(0);
  const atRequired: (Outcome | null)[] = new Array(slots.length).fill(null);
  const atScheduled: (Outcome | null)[] = new Array(slots.length).fill(null);
  const scheduledAgents = slots.map((_, i) => (scheduled.get(i) ?? 0) / intervalSeconds);
  if (queued) {
    const queueTarget = target as StaffingTarget;
    const reportSeconds =
      queueTarget.kind === 'service-level' ? queueTarget.seconds : DEFAULT_SERVICE_LEVEL_SECONDS;
    // The queue models refuse what is out of their reach (RangeError). The agents required: the whole
    // week is refused (400) naming the interval, since no staffing can be shown for it (traffic beyond
    // a million agents, say). The outcome at the scheduled agents: far below the traffic with long
    // patience the Erlang A line outgrows the model (QueueTooLongError); that interval's atScheduled is
    // null, as its required agents still stand.
    let tooLarge = null as WorkforceProblem | null;
    loads.forEach((load, i) => {
      if (!load.open || tooLarge !== null) return;
      const interval: IntervalLoad = {
        arrivals: load.arrivals,
        intervalSeconds,
        ahtSeconds: load.ahtSeconds,
        ...(patience?.meanSeconds ? { patienceSeconds: patience.meanSeconds } : {}),
      };
      const options = { maxOccupancy: settings.maxOccupancy, serviceLevelSeconds: reportSeconds };
      let needed: QueueOutcome;
      try {
        needed =
          concurrency === null
            ? requiredAgents(model, interval, queueTarget, options)
            : requiredChatAgents(model, interval, concurrency, queueTarget, options);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        const at = slots[i]?.local ?? String(i);
        tooLarge = {
          kind: 'invalid',
          issues: [
            {
              path: 'forecast',
              message: `the interval at ${at} is out of the queue model's reach: ${error.message}`,
            },
          ],
        };
        return;
      }
      required[i] = needed.agents;
      atRequired[i] = outcomeOf(needed);
      const effective = Math.max(0, Math.floor((scheduledAgents[i] ?? 0) * (1 - shrinkage.value) + 1e-9));
      try {
        atScheduled[i] = outcomeOf(
          concurrency === null
            ? queueOutcome(model, interval, effective, reportSeconds)
            : chatOutcome(model, interval, effective, concurrency, reportSeconds),
        );
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        atScheduled[i] = null;
      }
    });
    if (tooLarge !== null) return err(tooLarge);
  } else {
    const openIndexes: number[] = [];
    const arrivals: number[] = [];
    let carried = 0;
    let work = 0;
    let items = 0;
    // The days before the week come first, so Monday morning takes up the weekend's messages and
    // the work spread on from Friday; only the week's own intervals are shown (index -1: not shown).
    const leadLoads = localSlots(zone, leadIn, intervalMinutes).map(loadOf);
    [...leadLoads.map((load) => ({ load, i: -1 })), ...loads.map((load, i) => ({ load, i }))].forEach(
      ({ load, i }) => {
        if (i >= 0) {
          work += load.arrivals * load.ahtSeconds;
          items += load.arrivals;
        }
        if (!load.open) {
          carried += load.arrivals;
          return;
        }
        openIndexes.push(i);
        arrivals.push(load.arrivals + carried);
        carried = 0;
      },
    );
    if (arrivals.length > 0) {
      const plan = writtenWorkStaffing({
        arrivals,
        intervalSeconds,
        ahtSeconds: items > 0 ? work / items : fallbackAht * handleTime,
        responseTargetSeconds: (target as { responseTargetSeconds: number }).responseTargetSeconds,
        maxOccupancy: settings.maxOccupancy,
      });
      openIndexes.forEach((slotIndex, k) => {
        if (slotIndex >= 0) required[slotIndex] = plan.agents[k] ?? 0;
      });
    }
  }

  const intervals: StaffingInterval[] = slots.map((s, i) => {
    const load = loads[i] as (typeof loads)[number];
    const needed = required[i] ?? 0;
    const requiredScheduled = needed === 0 ? 0 : Math.ceil(needed / (1 - shrinkage.value) - 1e-9);
    const scheduledHere = scheduledAgents[i] ?? 0;
    const end = s.start.getTime() + intervalSeconds * 1000;
    let availableHere: number | null = null;
    if (s.start < now) {
      let minutes = 0;
      for (let bucket = s.start.getTime(); bucket < end; bucket += 15 * 60_000)
        minutes += available.get(bucket) ?? 0;
      availableHere = minutes / intervalMinutes;
    }
    const staffing: StaffingInterval['staffing'] = !load.open
      ? 'closed'
      : scheduledHere < requiredScheduled - 1e-9
        ? 'under'
        : scheduledHere - requiredScheduled > 1 && scheduledHere > requiredScheduled * 1.2
          ? 'over'
          : 'ok';
    return {
      start: s.start.toISOString(),
      local: s.local,
      open: load.open,
      forecastArrivals: load.arrivals,
      ahtSeconds:
        load.arrivals > 0 || (points.get(`${s.date}#${s.slot}`)?.ahtSeconds ?? null) !== null
          ? load.ahtSeconds
          : null,
      required: needed,
      requiredScheduled,
      scheduled: scheduledHere,
      available: availableHere,
      atScheduled: load.open ? (atScheduled[i] ?? null) : null,
      atRequired: load.open ? (atRequired[i] ?? null) : null,
      staffing,
    };
  });
  const hours = intervalMinutes / 60;
  return ok({
    channel,
    timezone: zone,
    weekStart,
    intervalMinutes,
    model: queued ? model : 'workload',
    target,
    shrinkage,
    patience,
    concurrency,
    intervals,
    totals: {
      forecastArrivals: intervals.reduce((sum, i) => sum + i.forecastArrivals, 0),
      underIntervals: intervals.filter((i) => i.staffing === 'under').length,
      overIntervals: intervals.filter((i) => i.staffing === 'over').length,
      requiredHours: intervals.reduce((sum, i) => sum + i.requiredScheduled * hours, 0),
      scheduledHours: intervals.reduce((sum, i) => sum + i.scheduled * hours, 0),
    },
  });
}
