import { z } from '@hono/zod-openapi';
import { localDateTimeProblem } from '../../core/date-range.js';
import { SCHEDULE_ACTIVITIES } from '../../core/schema.js';
import { QUEUE_MODELS } from '../../core/workforce/erlang.js';
import { STAFFED_CHANNELS } from '../../services/workforce/contract.js';
import { calendarDate, instant } from '../schemas.js';

export const WorkforceChannel = z.enum(STAFFED_CHANNELS).openapi('WorkforceChannel');
export const QueueModelName = z.enum(QUEUE_MODELS as readonly ['erlang-c', 'erlang-a']).openapi('QueueModel');
export const ScheduleActivity = z.enum(SCHEDULE_ACTIVITIES).openapi('ScheduleActivity');
export const IntervalLength = z
  .enum(['15', '30', '60'])
  .transform((minutes) => Number(minutes) as 15 | 30 | 60)
  .openapi({ description: 'Minutes per interval: 15, 30 or 60', example: '30' });

const id = z.string().trim().min(1).max(200);

/** A number in a query: digits with an optional sign and decimals, nothing else (no '', no 1e9). */
const decimal = (example: string) =>
  z
    .string()
    .regex(/^[+-]?\d+(\.\d+)?$/, `expected a number, e.g. ${example}`)
    .transform(Number)
    .openapi({ example });

/** Percent change of the what-if: +10 = a tenth more; -5 = a twentieth less. */
const percentChange = decimal('+10').pipe(
  z.number().min(-90, 'at least -90 (%)').max(500, 'at most +500 (%)'),
);

/** "80/20": 80 % answered within 20 seconds. */
export const SERVICE_LEVEL_TARGET = /^(\d{1,2}(?:\.\d+)?)\/(\d{1,5})$/;

/** The share and seconds of an "80/20" service-level target, or why it is not one. */
export function serviceLevelTarget(
  text: string,
): { kind: 'service-level'; share: number; seconds: number } | { problem: string } {
  const parts = SERVICE_LEVEL_TARGET.exec(text.trim());
  const percent = Number(parts?.[1]);
  if (!parts || !(percent > 0 && percent < 100))
    return { problem: `expected percent/seconds, e.g. 80/20 (80 % within 20 s), got '${text}'` };
  return { kind: 'service-level', share: percent / 100, seconds: Number(parts[2]) };
}

const serviceLevel = z
  .string()
  .superRefine((text, context) => {
    const target = serviceLevelTarget(text);
    if ('problem' in target) context.addIssue({ code: 'custom', message: target.problem });
  })
  .openapi({ example: '80/20', description: 'percent/seconds: 80/20 = 80 % answered within 20 s' });

const MOMENT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d{1,3})?(Z|[+-](\d{2}):(\d{2}))$/;
/** An instant a caller gives: ISO 8601 with `Z` or an offset, within the accepted date range. */
export const moment = z
  .string()
  .superRefine((text, context) => {
    const parts = MOMENT.exec(text);
    if (!parts) {
      context.addIssue({ code: 'custom', message: 'expected YYYY-MM-DDTHH:MM[:SS]Z or with an offset' });
      return;
    }
    const [, local = '', zone, hours, minutes] = parts;
    const reason =
      localDateTimeProblem(local) ??
      (zone !== 'Z' && (Number(hours) > 14 || Number(minutes) > 59) ? `offset ${zone} does not exist` : null);
    if (reason !== null) context.addIssue({ code: 'custom', message: reason });
  })
  .openapi({ example: '2026-03-09T08:00:00Z', format: 'date-time' });

/** A day (YYYY-MM-DD, UTC) or an instant. */
const dayOrMoment = z
  .string()
  .superRefine((text, context) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      const reason = calendarDate.safeParse(text);
      if (!reason.success)
        context.addIssue({ code: 'custom', message: reason.error.issues[0]?.message ?? 'not a day' });
      return;
    }
    const parsed = moment.safeParse(text);
    if (!parsed.success)
      context.addIssue({
        code: 'custom',
        message: 'expected a day YYYY-MM-DD (UTC) or an instant such as 2026-03-09T08:00:00Z',
      });
  })
  .openapi({ example: '2026-03-09' });

// ─── staffing ───────────────────────────────────────────────────────────────

export const WorkforceStaffingQuery = z.object({
  channel: WorkforceChannel,
  week: calendarDate.optional().openapi({
    description: "Any day of the week (Monday to Sunday in the team calendar's time zone); default today",
  }),
  interval: IntervalLength.optional(),
  team: id.optional(),
  volume: percentChange
    .optional()
    .openapi({ description: 'What-if: arrivals changed by this percent, e.g. +10' }),
  handleTime: percentChange
    .optional()
    .openapi({ description: 'What-if: handle time changed by this percent, e.g. -5' }),
  patience: decimal('90')
    .pipe(z.number().positive('more than 0 seconds').max(86_400, 'at most a day (86400 s)'))
    .optional()
    .openapi({ description: 'What-if: mean patience of waiting customers, seconds (Erlang A)' }),
  targetSl: serviceLevel.optional(),
  targetAsa: decimal('30')
    .pipe(z.number().positive('more than 0 seconds').max(86_400, 'at most a day (86400 s)'))
    .optional()
    .openapi({ description: 'Target: mean answer time at most this many seconds' }),
  maxAbandon: decimal('5')
    .pipe(z.number().gt(0, 'more than 0 (%)').lt(100, 'less than 100 (%)'))
    .optional()
    .openapi({ description: 'Target: at most this percent of callers abandon' }),
  shrinkage: decimal('0.3')
    .pipe(z.number().min(0, 'at least 0').lt(1, 'less than 1 (a share: 0.3 = 30 %)'))
    .optional()
    .openapi({ description: 'What-if: share of paid time not available for contacts, 0 … <1' }),
  model: QueueModelName.optional(),
});

const Outcome = z
  .object({
    serviceLevel: z.number(),
    asa: z.number().nullable(),
    abandonment: z.number(),
    occupancy: z.number(),
  })
  .openapi('WorkforceIntervalOutcome');

export const StaffingTargetSchema = z
  .union([
    z.object({ kind: z.literal('service-level'), share: z.number(), seconds: z.number() }),
    z.object({ kind: z.literal('asa'), seconds: z.number() }),
    z.object({ kind: z.literal('abandonment'), share: z.number() }),
  ])
  .openapi('StaffingTarget');

const WrittenTarget = z.object({ responseTargetSeconds: z.number() });

export const StaffingIntervalSchema = z
  .object({
    start: instant,
    local: z.string().openapi({ example: '2026-03-09T09:30' }),
    open: z.boolean(),
    forecastArrivals: z.number(),
    ahtSeconds: z.number().nullable(),
    required: z.number(),
    requiredScheduled: z.number(),
    scheduled: z.number(),
    available: z.number().nullable(),
    atScheduled: Outcome.nullable(),
    atRequired: Outcome.nullable(),
    staffing: z.enum(['under', 'over', 'ok', 'closed']),
  })
  .openapi('StaffingInterval');

export const StaffingWeekSchema = z
  .object({
    channel: WorkforceChannel,
    timezone: z.string(),
    weekStart: z.string(),
    intervalMinutes: z.number().int(),
    model: z.enum(['erlang-c', 'erlang-a', 'workload']),
    target: z.union([StaffingTargetSchema, WrittenTarget]),
    shrinkage: z.object({ value: z.number(), measured: z.boolean() }),
    patience: z
      .object({
        meanSeconds: z.number().nullable(),
        abandoned: z.number(),
        observedSeconds: z.number(),
        setByWhatIf: z.boolean(),
      })
      .nullable(),
    concurrency: z.number().nullable(),
    intervals: z.array(StaffingIntervalSchema),
    totals: z.object({
      forecastArrivals: z.number(),
      underIntervals: z.number(),
      overIntervals: z.number(),
      requiredHours: z.number(),
      scheduledHours: z.number(),
    }),
  })
  .openapi('StaffingWeek');

// ─── forecast ───────────────────────────────────────────────────────────────

export const WorkforceForecastQuery = z.object({
  channel: WorkforceChannel,
  interval: IntervalLength.optional(),
  weeksBack: decimal('4').pipe(z.number().int('a whole number').min(1).max(52)).optional(),
  weeksAhead: decimal('2').pipe(z.number().int('a whole number').min(1).max(8)).optional(),
  team: id.optional(),
});

const AccuracyFigures = z.object({ wape: z.number().nullable(), bias: z.number().nullable() });

export const ForecastViewSchema = z
  .object({
    channel: WorkforceChannel,
    timezone: z.string(),
    intervalMinutes: z.number().int(),
    method: z.string(),
    series: z.array(
      z.object({
        start: instant,
        local: z.string(),
        actual: z.number().nullable(),
        forecast: z.number().nullable(),
        low: z.number().nullable(),
        high: z.number().nullable(),
        ahtSeconds: z.number().nullable(),
      }),
    ),
    accuracy: z.object({
      heldBack: z.object({ from: z.string(), to: z.string() }).nullable(),
      method: AccuracyFigures,
      lastFourWeeks: AccuracyFigures,
      sameWeekLastYear: AccuracyFigures,
    }),
  })
  .openapi('ForecastView');

// ─── schedules ──────────────────────────────────────────────────────────────

export const WorkforceSchedulesQuery = z.object({
  from: dayOrMoment
    .optional()
    .openapi({ description: 'Blocks ending after this; default the start of this week (UTC)' }),
  to: dayOrMoment.optional().openapi({
    description: 'Blocks starting before this (a day: its end, included); default a week after from',
  }),
  agent: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .optional()
    .openapi({ description: 'Agent ids, comma-separated', example: 'ann,bob' }),
  team: id.optional(),
});

export const ScheduleBlockSchema = z
  .object({
    source: z.string(),
    externalId: z.string(),
    agentId: z.string(),
    agentName: z.string().nullable(),
    teamId: z.string().nullable(),
    startsAt: instant,
    endsAt: instant,
    activity: ScheduleActivity,
    note: z.string().nullable(),
  })
  .openapi('ScheduleBlock');

export const ScheduleBlockList = z
  .object({ blocks: z.array(ScheduleBlockSchema) })
  .openapi('ScheduleBlockList');

export const ScheduleBlockCreate = z
  .object({
    agentId: id,
    startsAt: moment,
    endsAt: moment,
    activity: ScheduleActivity,
    note: z.string().max(500).nullable().optional(),
  })
  .strict()
  .openapi('ScheduleBlockInput');

export const ScheduleBlockUpdate = z
  .object({
    agentId: id.optional(),
    startsAt: moment.optional(),
    endsAt: moment.optional(),
    activity: ScheduleActivity.optional(),
    note: z.string().max(500).nullable().optional(),
  })
  .strict()
  .openapi('ScheduleBlockUpdate');

export const ScheduleKeyParams = z.object({
  source: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'source', in: 'path' }, example: 'servicemeter' }),
  externalId: z
    .string()
    .min(1)
    .max(500)
    .openapi({ param: { name: 'externalId', in: 'path' }, example: 'b-1' }),
});

export const ScheduleRemoved = z
  .object({ removed: z.object({ source: z.string(), externalId: z.string() }) })
  .openapi('ScheduleRemoved');

export const ScheduleCopyWeek = z
  .object({
    fromWeek: calendarDate.openapi({ description: 'Any day of the week copied' }),
    toWeek: calendarDate.openapi({ description: 'Any day of the week it is copied to' }),
    agentIds: z.array(id).max(10_000).optional(),
  })
  .strict()
  .openapi('ScheduleCopyWeek');

export const ScheduleCopied = z
  .object({
    copied: z.number().int(),
    /** Copies that would overlap a block already in the target week, left out. */
    skipped: z.number().int(),
  })
  .openapi('ScheduleCopied');

// ─── settings ───────────────────────────────────────────────────────────────

export const WorkforceSettingsSchema = z
  .object({
    graceMinutes: z.number(),
    intervalMinutes: z.number().int(),
    model: QueueModelName,
    targets: z.object({
      phone: StaffingTargetSchema,
      chat: StaffingTargetSchema,
      email: WrittenTarget,
      social: WrittenTarget,
    }),
    chatConcurrency: z.number().int(),
    maxOccupancy: z.number(),
    shrinkage: z.number().nullable(),
    writtenReplyMinutes: z.number(),
  })
  .openapi('WorkforceSettings');

/**
 * The fields to change, as a JSON object; the service checks each value and names the one at
 * fault, so only the shape is declared here.
 */
export const WorkforceSettingsUpdate = z.record(z.string(), z.unknown()).openapi('WorkforceSettingsUpdate', {
  description:
    'Fields of WorkforceSettings to change, e.g. { "graceMinutes": 3, "targets": { "phone": { "kind": "service-level", "share": 0.9, "seconds": 15 } } }',
});

// ─── marked days ────────────────────────────────────────────────────────────

export const MarkedDaysQuery = z.object({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});

export const MarkedDaySchema = z
  .object({
    id: z.string(),
    day: z.string(),
    channel: WorkforceChannel.nullable(),
    kind: z.enum(['event', 'closed']),
    factor: z.number().nullable(),
    label: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('MarkedDay');

export const MarkedDayList = z.object({ days: z.array(MarkedDaySchema) }).openapi('MarkedDayList');

export const MarkedDayCreate = z
  .object({
    day: calendarDate,
    channel: WorkforceChannel.nullable().optional(),
    kind: z.enum(['event', 'closed']),
    factor: z.number().positive().max(100).nullable().optional(),
    label: z.string().trim().min(1).max(200),
  })
  .strict()
  .openapi('MarkedDayInput');

export const MarkedDayParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'md-1' }),
});

export const MarkedDayRemoved = z.object({ removed: z.string() }).openapi('MarkedDayRemoved');

// ─── the Erlang calculator ──────────────────────────────────────────────────

/** The most offered traffic the calculator takes (calls × AHT ÷ interval), so no request runs for long. */
export const MAX_CALCULATOR_ERLANGS = 10_000;

export const ErlangRequest = z
  .object({
    calls: z.number().min(0).max(10_000_000),
    intervalSeconds: z.number().min(60, 'at least 60 seconds').max(86_400, 'at most a day (86400 s)'),
    ahtSeconds: z.number().positive().max(86_400, 'at most a day (86400 s)'),
    targetSl: serviceLevel.optional(),
    targetAsa: z.number().positive().max(86_400).optional(),
    maxAbandon: z.number().gt(0).lt(100).optional().openapi({ description: 'percent' }),
    patienceSeconds: z.number().positive().max(86_400, 'at most a day (86400 s)').optional(),
    agents: z.number().int().min(0).max(100_000).optional(),
    concurrency: z.number().int().min(1).max(20).optional(),
  })
  .strict()
  .superRefine((request, context) => {
    const traffic = (request.calls * request.ahtSeconds) / request.intervalSeconds;
    if (traffic > MAX_CALCULATOR_ERLANGS)
      context.addIssue({
        code: 'custom',
        path: ['calls'],
        message: `calls × ahtSeconds ÷ intervalSeconds is ${traffic} Erlangs; at most ${MAX_CALCULATOR_ERLANGS}`,
      });
  })
  .openapi('ErlangRequest');

const QueueOutcomeSchema = z
  .object({
    agents: z.number(),
    slots: z.number().nullable(),
    trafficErlangs: z.number(),
    probabilityWait: z.number(),
    serviceLevel: z.number(),
    asa: z.number().nullable(),
    abandonment: z.number(),
    occupancy: z.number(),
    stable: z.boolean(),
  })
  .openapi('QueueOutcome');

export const ErlangAnswer = z
  .object({
    model: QueueModelName,
    target: StaffingTargetSchema,
    /** The service level is reported at these seconds. */
    serviceLevelSeconds: z.number(),
    required: QueueOutcomeSchema,
    atAgents: QueueOutcomeSchema.nullable(),
  })
  .openapi('ErlangAnswer');
