import { z } from '@hono/zod-openapi';
import { DIMENSIONS } from '../../core/kpi/sources.js';
import { ALERT_KINDS, WEBHOOK_FORMATS } from '../../services/alerts/contract.js';
import { instant } from '../schemas.js';

export const AlertKindSchema = z.enum(ALERT_KINDS).openapi('AlertKind');
export const WebhookFormatSchema = z.enum(WEBHOOK_FORMATS).openapi('WebhookFormat');

const hours = z
  .number()
  .openapi({ description: 'Hours the window reaches back from the evaluation', example: 168 });
const minN = z
  .number()
  .openapi({ description: 'Fewer answers or contacts than this: no verdict', example: 30 });

/** The ranges of each number are checked by the service, which names the field it refuses. */
export const AlertParamsSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('threshold'),
      comparison: z.enum(['below', 'above']),
      value: z.number().openapi({ description: "In the indicator's unit: a share 0…1, seconds, a score" }),
      windowHours: hours,
      minN,
    }),
    z.object({
      kind: z.literal('baseline'),
      baselineId: z
        .string()
        .nullable()
        .openapi({ description: "A kept baseline; null: the indicator's latest baseline of the same scope" }),
      windowHours: hours,
      minN,
      confidence: z
        .number()
        .openapi({ description: 'Confidence the change is real, 0.8 … 0.999', example: 0.95 }),
    }),
    z.object({
      kind: z.literal('anomaly'),
      metric: z.enum(['volume', 'abandonment']),
      weeks: z
        .number()
        .openapi({ description: 'Past weeks the expected level of the hour is taken from', example: 4 }),
      sensitivity: z
        .number()
        .openapi({ description: 'z-score at which the last hour is a spike', example: 3 }),
      minExpected: z
        .number()
        .openapi({ description: 'Expected contacts in the hour below this: no verdict', example: 5 }),
    }),
    z.object({
      kind: z.literal('frt_at_risk'),
      minutesBefore: z.number().openapi({ example: 15 }),
      minContacts: z.number().openapi({ example: 1 }),
    }),
    z.object({
      kind: z.literal('source_silent'),
      source: z.string().openapi({ description: 'The webhook source', example: 'zendesk' }),
      silentMinutes: z.number().openapi({ example: 60 }),
    }),
    z.object({
      kind: z.literal('job_failed'),
      jobId: z.string().nullable().openapi({ description: 'One job; null: any job' }),
    }),
  ])
  .openapi('AlertParams');

export const AlertDeliverySchema = z
  .object({
    emails: z.array(z.string()).openapi({ example: ['lead@example.com'] }),
    webhooks: z.array(
      z.object({
        url: z.string().openapi({ example: 'https://hooks.slack.com/services/T000/B000/XXXX' }),
        format: WebhookFormatSchema,
      }),
    ),
  })
  .openapi('AlertDelivery');

const filters = z
  .partialRecord(z.enum(DIMENSIONS), z.array(z.string()))
  .openapi({ description: 'Dimension → values, as in a KPI query', example: { channel: ['phone'] } });

export const AlertStateSchema = z
  .object({
    ruleId: z.string(),
    firing: z.boolean(),
    since: instant.nullable(),
    lastValue: z.number().nullable(),
    lastN: z.number().nullable(),
    lastEvaluatedAt: instant.nullable(),
  })
  .openapi('AlertState');

export const AlertEventSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    kind: z.enum(['fired', 'recovered']),
    occurredAt: instant,
    value: z.number().nullable(),
    n: z.number().nullable(),
    message: z.string(),
    link: z.string().openapi({ example: '/trends?kpi=abandon_rate&grain=hour&channel=phone' }),
    read: z.boolean(),
  })
  .openapi('AlertEvent');

export const AlertRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    kind: AlertKindSchema,
    kpi: z.string().nullable(),
    filters,
    params: AlertParamsSchema,
    deliver: AlertDeliverySchema,
    debounceMinutes: z.number(),
    paused: z.boolean(),
    createdAt: instant,
    updatedAt: instant,
    state: AlertStateSchema.nullable(),
    lastEvent: AlertEventSchema.nullable(),
  })
  .openapi('AlertRule');

export const AlertRuleList = z.object({ rules: z.array(AlertRuleSchema) }).openapi('AlertRuleList');

export const AlertRuleCreate = z
  .object({
    name: z.string().openapi({ example: 'CSAT below 80 %' }),
    kind: AlertKindSchema,
    kpi: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'The indicator; threshold and baseline only' }),
    filters: filters.optional(),
    params: AlertParamsSchema,
    deliver: AlertDeliverySchema.optional(),
    debounceMinutes: z.number().optional().openapi({ description: 'Default 15', example: 15 }),
    paused: z.boolean().optional(),
  })
  .openapi('AlertRuleCreate');

export const AlertRuleUpdate = z
  .object({
    name: z.string().optional(),
    kind: AlertKindSchema.optional(),
    kpi: z.string().nullable().optional(),
    filters: filters.optional(),
    params: AlertParamsSchema.optional(),
    deliver: AlertDeliverySchema.optional(),
    debounceMinutes: z.number().optional(),
    paused: z.boolean().optional(),
  })
  .openapi('AlertRuleUpdate');

export const AlertIdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'alert-1' }),
});

export const AlertRuleRemoved = z
  .object({ id: z.string(), removed: z.literal(true) })
  .openapi('AlertRuleRemoved');

export const AlertTestRequest = z
  .object({
    at: instant.optional().openapi({ description: 'Evaluate as of this instant; default now' }),
    deliver: z.boolean().optional().openapi({ description: "Send a test message to the rule's channels" }),
  })
  .openapi('AlertTestRequest');

export const AlertCheckSchema = z
  .object({
    holds: z.boolean().nullable().openapi({ description: 'null: not enough data to say' }),
    value: z.number().nullable(),
    n: z.number().nullable(),
    reference: z
      .number()
      .nullable()
      .openapi({ description: 'The threshold, the baseline or the expected level' }),
    message: z.string(),
  })
  .openapi('AlertCheck');

export const DeliveryOutcomeSchema = z
  .object({
    channel: z.enum(['email', 'slack', 'teams', 'json']),
    to: z.string(),
    ok: z.boolean(),
    status: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi('AlertDeliveryOutcome');

export const AlertTestResult = z
  .object({
    check: AlertCheckSchema,
    link: z.string(),
    delivery: z
      .array(DeliveryOutcomeSchema)
      .nullable()
      .openapi({ description: 'With deliver: each channel tried' }),
  })
  .openapi('AlertTestResult');

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const AlertEventsQuery = z.object({
  rule: z.string().min(1).optional().openapi({ description: 'Events of this rule only' }),
  limit: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'at least 1').max(1000, 'at most 1000'))
    .optional()
    .openapi({ description: 'Newest first, at most this many (default 100)', example: '100' }),
});

export const AlertEventList = z.object({ events: z.array(AlertEventSchema) }).openapi('AlertEventList');

export const NotificationsQuery = z.object({
  unreadOnly: flag.optional().openapi({ description: 'Only those not yet read', example: 'true' }),
});

export const NotificationList = z
  .object({ notifications: z.array(AlertEventSchema), unread: z.number().int() })
  .openapi('NotificationList');

export const NotificationsReadRequest = z
  .object({
    ids: z
      .union([z.array(z.string().min(1)).max(1000), z.literal('all')])
      .openapi({ description: "Event ids, or 'all'", example: 'all' }),
  })
  .openapi('NotificationsReadRequest');

export const NotificationsMarked = z.object({ marked: z.number().int() }).openapi('NotificationsMarked');
