import { z } from '@hono/zod-openapi';
import { Channel, calendarDate, ScopedKpiTarget, timezone } from '../schemas.js';

const scopeFields = {
  channel: Channel.nullable().openapi({ description: 'null: every channel' }),
  team: z.string().min(1).max(200).nullable().openapi({ description: 'null: every team' }),
  agent: z.string().min(1).max(200).nullable().openapi({ description: 'null: every agent' }),
};

export const TargetKeySchema = z
  .object({ kpi: z.string().min(1).max(100), ...scopeFields })
  .openapi('TargetKey', { description: 'An indicator in one scope: its dated targets form one step line' });

export const TargetsQuery = z.object({
  kpi: z.string().min(1).max(100).optional().openapi({ example: 'csat' }),
});

export const TargetList = z.object({ targets: z.array(ScopedKpiTarget) }).openapi('TargetList');

export const TargetsPutSchema = z
  .object({
    scopes: z.array(TargetKeySchema).max(500).default([]).openapi({
      description: 'Scopes whose targets are replaced; one named without targets loses them all',
    }),
    targets: z
      .array(
        z.object({
          kpi: z.string().min(1).max(100),
          ...scopeFields,
          value: z.number(),
          validFrom: calendarDate.nullable().default(null),
        }),
      )
      .max(2000)
      .openapi({ description: 'The new targets; the scope of each is replaced by those given for it' }),
  })
  .openapi('TargetsPut');

export const TargetChangeSchema = z
  .object({
    changedAt: z.string(),
    userId: z.string().nullable(),
    kpi: z.string(),
    channel: z.string().nullable(),
    team: z.string().nullable(),
    agent: z.string().nullable(),
    validFrom: z.string().nullable(),
    oldValue: z.number().nullable().openapi({ description: 'null: the target was added' }),
    newValue: z.number().nullable().openapi({ description: 'null: the target was removed' }),
  })
  .openapi('TargetChange');

export const TargetHistoryQuery = z.object({
  kpi: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

export const TargetHistory = z.object({ changes: z.array(TargetChangeSchema) }).openapi('TargetHistory');

export const BaselineSchema = z
  .object({
    id: z.string(),
    kpi: z.string(),
    channel: z.string().nullable(),
    team: z.string().nullable(),
    agent: z.string().nullable(),
    from: z.string(),
    to: z.string().openapi({ description: 'Excluded' }),
    timezone: z.string(),
    value: z.number().nullable(),
    n: z.number().nullable(),
    takenAt: z.string(),
    takenBy: z.string().nullable(),
  })
  .openapi('Baseline');

export const BaselineList = z.object({ baselines: z.array(BaselineSchema) }).openapi('BaselineList');

export const BaselineTake = z
  .object({
    kpi: z.string().min(1).max(100),
    ...scopeFields,
    from: calendarDate.openapi({ description: 'First day, included' }),
    to: calendarDate.openapi({ description: 'Day after the last, excluded; at most today' }),
    timezone: timezone.default('UTC'),
  })
  .openapi('BaselineTake');
