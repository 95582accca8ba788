import { z } from '@hono/zod-openapi';
import { HANDLINGS } from '../../services/business/contract.js';
import { CONVERSION_GROUPS } from '../../services/business/conversion.js';
import { calendarDate } from '../schemas.js';

/** Comma-separated values, each an id or a name. */
const list = (example: string, description: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .optional()
    .openapi({ example, description: `${description}, comma-separated` });

export const BusinessQuery = z.object({
  from: calendarDate
    .optional()
    .openapi({ description: 'First day (UTC), included; default the first of the month a year before to' }),
  to: calendarDate
    .optional()
    .openapi({ description: 'Day after the last (UTC), excluded; default tomorrow' }),
  segment: list('consumer,business', 'Customer segments'),
  acquisition_channel: list('search,referral', 'How the customers were won'),
  team: list('support', 'Teams'),
});

export const BusinessConversionQuery = BusinessQuery.extend({
  by: z
    .enum(CONVERSION_GROUPS)
    .optional()
    .openapi({ description: 'Rows per channel (default), team or agent' }),
});

const IntervalSchema = z.object({ low: z.number(), high: z.number() }).openapi('Interval');

export const BusinessNoticeSchema = z
  .object({
    kind: z.enum(['missing_rate', 'no_reporting_currency', 'missing_margin', 'unknown_customer', 'no_costs']),
    message: z.string(),
    rowsLeftOut: z.number().int(),
  })
  .openapi('BusinessNotice');

export const BusinessNoticeList = z
  .object({ notices: z.array(BusinessNoticeSchema) })
  .openapi('BusinessNoticeList');

export const RetentionCohortsSchema = z
  .object({
    cohorts: z.array(
      z.object({
        cohort: z.string().openapi({ example: '2026-01' }),
        size: z.number().int(),
        months: z.array(
          z.object({
            offset: z.number().int(),
            retained: z.number().int(),
            share: z.number(),
            interval: IntervalSchema.nullable(),
          }),
        ),
      }),
    ),
    method: z.string(),
  })
  .openapi('RetentionCohorts');

export const ClvSchema = z
  .object({
    currency: z.string().nullable(),
    method: z.string(),
    groups: z.array(
      z.object({
        handling: z.enum(HANDLINGS as readonly ['first_contact', 'later', 'unresolved', 'no_contact']),
        customers: z.number().int(),
        meanClv: z.number().nullable(),
        interval: IntervalSchema.nullable(),
        difference: z.object({ value: z.number(), interval: IntervalSchema.nullable() }).nullable(),
      }),
    ),
    cohorts: z.array(
      z.object({
        cohort: z.string(),
        size: z.number().int(),
        cumulative: z.array(z.object({ offset: z.number().int(), meanMargin: z.number() })),
      }),
    ),
    notices: z.array(BusinessNoticeSchema),
  })
  .openapi('BusinessClv');

export const ConversionSchema = z
  .object({
    by: z.enum(CONVERSION_GROUPS),
    conversionDays: z.number().int(),
    method: z.string(),
    rows: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        contacts: z.number().int(),
        converted: z.number().int(),
        rate: z.number().nullable(),
        interval: IntervalSchema.nullable(),
      }),
    ),
    baseline: z.object({
      rate: z.number().nullable(),
      interval: IntervalSchema.nullable(),
      n: z.number().int(),
    }),
  })
  .openapi('BusinessConversion');

const ShareSchema = z.object({
  value: z.number().nullable(),
  n: z.number().int(),
  interval: IntervalSchema.nullable(),
});

export const PeopleSchema = z
  .object({
    currency: z.string().nullable(),
    agents: z.array(
      z.object({
        agentId: z.string(),
        name: z.string(),
        teamId: z.string().nullable(),
        hiredOn: z.string().nullable(),
        leftOn: z.string().nullable(),
        tenureYears: z.number().nullable(),
        fte: z.number().nullable(),
        paidHours: z.number().nullable(),
        resolved: z.number(),
        resolvedPerPaidHour: z.number().nullable(),
        trainingDays: z.number(),
        hourlyCost: z
          .number()
          .nullable()
          .openapi({ description: 'Admins and finance only; null for others' }),
      }),
    ),
    tenureGroups: z.array(
      z.object({
        group: z.enum(['new', 'experienced']),
        agents: z.number().int(),
        fcr: ShareSchema,
        csat: ShareSchema,
      }),
    ),
    newAgentDays: z.number().int(),
  })
  .openapi('BusinessPeople');

export const BusinessSettingsSchema = z
  .object({
    reportingCurrency: z.string().nullable(),
    churnAfterDays: z.number().int(),
    conversionDays: z.number().int(),
    newAgentDays: z.number().int(),
    defaultMarginShare: z.number().nullable(),
  })
  .openapi('BusinessSettings');

/**
 * The fields to change, as a JSON object; the service checks each value and names the one at
 * fault, so only the shape is declared here.
 */
export const BusinessSettingsUpdate = z.record(z.string(), z.unknown()).openapi('BusinessSettingsUpdate', {
  description:
    'Fields of BusinessSettings to change, e.g. { "reportingCurrency": "EUR", "conversionDays": 14 }',
});
