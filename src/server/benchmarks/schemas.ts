import { z } from '@hono/zod-openapi';
import { BENCHMARK_KINDS } from '../../core/schema.js';
import { Channel, calendarDate, timezone } from '../schemas.js';

const text = (max: number) => z.string().trim().max(max);

export const BenchmarkSchema = z
  .object({
    id: z.string().openapi({ example: 'published:zendesk-2015-csat-chat' }),
    kind: z.enum(BENCHMARK_KINDS),
    kpiId: z.string().openapi({ example: 'csat' }),
    value: z
      .number()
      .openapi({ description: 'In the indicator’s unit: a share as a fraction, a duration in seconds' }),
    name: z
      .string()
      .openapi({ description: 'Publisher of a published figure; the competitor of a competitor figure' }),
    year: z.number().int().openapi({ description: 'The year the figure describes' }),
    industry: z.string().nullable(),
    region: z.string().nullable(),
    channel: z.string().nullable(),
    source: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    note: z.string().nullable(),
    origin: z.enum(['shipped', 'stored']).openapi({
      description: 'shipped: a published figure that comes with servicemeter; stored: imported or entered',
    }),
  })
  .openapi('Benchmark');

export const BenchmarkList = z.object({ benchmarks: z.array(BenchmarkSchema) }).openapi('BenchmarkList');

export const BenchmarkListQuery = z.object({
  kpi: z.string().trim().min(1).max(4000).optional().openapi({ description: 'KPI ids, comma-separated' }),
  kind: z.enum(BENCHMARK_KINDS).optional(),
  channel: Channel.optional().openapi({ description: 'Figures of this channel and of all channels' }),
});

export const BenchmarkId = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'acme-2025-csat-chat' }),
});

export const CompetitorFigureSchema = z
  .object({
    kpiId: z.string().trim().min(1).max(100),
    value: z.number().finite(),
    name: text(200).min(1, 'name the competitor'),
    year: z.number().int().min(1990).max(2100),
    industry: text(200).nullable().optional(),
    region: text(200).nullable().optional(),
    channel: Channel.nullable().optional(),
    source: text(500).nullable().optional().openapi({ example: 'mystery shopping, March 2026' }),
    sourceUrl: text(2000).nullable().optional(),
    note: text(2000).nullable().optional(),
  })
  .strict()
  .openapi('CompetitorFigure');

const filters = {
  channel: Channel.optional(),
  team: z.string().trim().min(1).max(200).optional().openapi({ description: 'A team id' }),
  timezone: timezone.optional(),
};

export const CompareQuery = z.object({
  from: calendarDate.openapi({ description: 'First day, included' }),
  to: calendarDate.openapi({ description: 'Day after the last, excluded' }),
  industry: z.string().trim().max(200).optional().openapi({ description: 'Prefer figures of this industry' }),
  region: z.string().trim().max(200).optional().openapi({ description: 'Prefer figures of this region' }),
  ...filters,
});

const NullableBenchmark = BenchmarkSchema.nullable();

export const BenchmarkComparisonList = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    rows: z.array(
      z.object({
        kpi: z.string(),
        value: z.number().nullable(),
        n: z.number().int(),
        withheld: z.boolean(),
        best: NullableBenchmark,
        benchmarks: z.array(BenchmarkSchema),
      }),
    ),
    notes: z.array(z.string()),
  })
  .openapi('BenchmarkComparison');

export const YearOverYearQuery = z.object({
  year: z.coerce.number().int().min(1991).max(2100).optional().openapi({ description: 'Default: this year' }),
  kpi: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .optional()
    .openapi({ description: 'KPI ids, comma-separated; default all' }),
  ...filters,
});

export const YearOverYearSchema = z
  .object({
    span: z.object({ year: z.number().int(), from: z.string(), to: z.string(), toDate: z.boolean() }),
    lastYear: z.object({ from: z.string(), to: z.string() }),
    rows: z.array(
      z.object({
        kpi: z.string(),
        value: z.number().nullable(),
        n: z.number().int(),
        lastYear: z.number().nullable(),
        lastYearN: z.number().int(),
        change: z.number().nullable(),
        improved: z.boolean().nullable(),
        clear: z.boolean(),
        withheld: z.boolean(),
      }),
    ),
    notes: z.array(z.string()),
  })
  .openapi('YearOverYear');
