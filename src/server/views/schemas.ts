import { z } from '@hono/zod-openapi';
import { ROLES } from '../../services/users.js';
import { TILE_KINDS, VIEW_GRAINS } from '../../services/views/contract.js';

// The shapes here describe the API; the services check the values (indicators, dimensions, presets,
// dates, time zones, sizes) and name the field of every problem.

const Filters = z
  .record(z.string(), z.array(z.string()).optional())
  .openapi({ example: { channel: ['email'] }, description: 'Dimension → values, as in a KPI query' });

const Period = z
  .union([
    z.object({ preset: z.string().openapi({ example: 'last30' }) }),
    z.object({
      from: z.string().openapi({ example: '2026-01-01' }),
      to: z.string().openapi({ example: '2026-02-01', description: 'Exclusive' }),
    }),
  ])
  .openapi('ViewPeriod');

const Grain = z.enum(VIEW_GRAINS).nullable();

export const ViewStateSchema = z
  .object({
    period: Period,
    timezone: z.string().openapi({ example: 'Europe/Amsterdam' }),
    filters: Filters,
    grain: Grain,
    kpis: z.array(z.string()).openapi({ example: ['csat', 'frt_median'] }),
    search: z.string().openapi({ example: '?split=channel' }),
  })
  .openapi('ViewState');

export const SavedViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    shared: z.boolean(),
    page: z.string().openapi({ example: 'trends' }),
    state: ViewStateSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedView');

export const SavedViewList = z.object({ views: z.array(SavedViewSchema) }).openapi('SavedViewList');

const ViewStateInput = z.object({
  period: Period,
  timezone: z.string(),
  filters: Filters.optional(),
  grain: Grain.optional(),
  kpis: z.array(z.string()).optional(),
  search: z.string().optional(),
});

export const SavedViewCreate = z
  .object({
    name: z.string().openapi({ example: 'E-mail this month' }),
    shared: z.boolean().optional(),
    page: z.string().openapi({ example: 'trends' }),
    state: ViewStateInput,
  })
  .openapi('SavedViewCreate');

export const SavedViewUpdate = SavedViewCreate.partial().openapi('SavedViewUpdate');

export const DashboardTileSchema = z
  .object({
    id: z.string(),
    kpi: z.string().openapi({ example: 'csat' }),
    kind: z.enum(TILE_KINDS),
    width: z.number().int().openapi({ description: 'Columns of a 4-column grid, 1–4' }),
    height: z.number().int().openapi({ description: 'Rows, 1–3' }),
    filters: Filters,
    grain: Grain,
    split: z.enum(['channel', 'team', 'agent']).nullable(),
    title: z.string().nullable(),
  })
  .openapi('DashboardTile');

const DashboardState = z
  .object({ period: Period, timezone: z.string(), filters: Filters, grain: Grain })
  .openapi('DashboardState');

export const DashboardSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerId: z.string(),
    shared: z.boolean(),
    defaultFor: z.array(z.enum(ROLES)),
    state: DashboardState,
    tiles: z.array(DashboardTileSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Dashboard');

export const DashboardList = z.object({ dashboards: z.array(DashboardSchema) }).openapi('DashboardList');

const TileInput = DashboardTileSchema.partial().extend({ kpi: z.string() });

export const DashboardCreate = z
  .object({
    name: z.string().openapi({ example: 'Monday' }),
    shared: z.boolean().optional(),
    defaultFor: z
      .array(z.enum(ROLES))
      .optional()
      .openapi({ description: 'Roles it opens for (admins only)' }),
    state: z
      .object({
        period: Period.optional(),
        timezone: z.string().optional(),
        filters: Filters.optional(),
        grain: Grain.optional(),
      })
      .optional(),
    tiles: z.array(TileInput).optional(),
  })
  .openapi('DashboardCreate');

export const DashboardUpdate = DashboardCreate.partial().openapi('DashboardUpdate');
