import type { Role } from '../users.js';

/**
 * Saved views and dashboards: what the rest of the product (reports, the web, the CLI) may rely on.
 * A saved view is a page of the dashboard with its filters, period and grain under a name; a
 * dashboard is a set of tiles, each an indicator shown as a value or a chart with filters of its own.
 */

export const VIEW_GRAINS = ['hour', 'day', 'week', 'month'] as const;
export type ViewGrain = (typeof VIEW_GRAINS)[number];

/** The dimensions a view or a tile may be filtered by (the KPI engine's dimensions). */
export type ViewFilters = Partial<Record<string, string[]>>;

/**
 * The period a view shows: a relative preset of src/core/presets.ts (last7, last_month, …), read in
 * `timezone` when the view is opened or reported, or a fixed range of local dates (`to` exclusive).
 */
export type ViewPeriod = { preset: string } | { from: string; to: string };

export interface ViewState {
  period: ViewPeriod;
  timezone: string;
  filters: ViewFilters;
  grain: ViewGrain | null;
  /** The indicators the view shows; empty: the page's own choice (the overview's headline set). */
  kpis: string[];
  /** The rest of the page's address (`?split=channel&…`), kept as the page wrote it. */
  search: string;
}

export interface SavedView {
  id: string;
  name: string;
  ownerId: string;
  /** Shared views are listed for every signed-in user; each still sees only what their role may. */
  shared: boolean;
  /** The dashboard page, e.g. `overview`, `trends`, `breakdown`, `agents`, `business`. */
  page: string;
  state: ViewState;
  createdAt: string;
  updatedAt: string;
}

export const TILE_KINDS = ['value', 'chart', 'table'] as const;
export type TileKind = (typeof TILE_KINDS)[number];

export interface DashboardTile {
  id: string;
  kpi: string;
  kind: TileKind;
  /** Width in columns of a 4-column grid (1–4) and height in rows (1–3); order is the array's. */
  width: number;
  height: number;
  /** Filters of the tile itself, on top of the dashboard's. */
  filters: ViewFilters;
  /** For a chart: the grain of its points; null: the dashboard's choice for its period. */
  grain: ViewGrain | null;
  /** For a chart: a line per channel, team or agent instead of one line. */
  split: 'channel' | 'team' | 'agent' | null;
  title: string | null;
}

export interface Dashboard {
  id: string;
  name: string;
  ownerId: string;
  shared: boolean;
  /** The roles this dashboard opens for by default (at most one dashboard per role). */
  defaultFor: Role[];
  state: Omit<ViewState, 'kpis' | 'search'>;
  tiles: DashboardTile[];
  createdAt: string;
  updatedAt: string;
}

export type ViewsProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string };
