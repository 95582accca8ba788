import { CONTACT_SORTS, type ContactSort } from '../../src/core/contact-sorts.js';
import type { ContactsQueryInput } from './api.js';
import type { DashboardFilters } from './app-data.js';
import { reviewDrillHref } from './pages/qa/manage.js';

/** What was clicked: a KPI, and the group, period or heatmap cell of the number. */
export interface Drill {
  kpi?: string;
  /** Dimension values of the clicked group; they replace the filter bar's value of that dimension. */
  dims?: Record<string, string>;
  period?: { grain: string; key: string };
  hourOfDay?: number;
  weekday?: number;
  part?: 'all' | 'numerator' | 'rest';
  hours?: 'business' | 'calendar';
}

const DRILL_KEYS = ['kpi', 'grain', 'period', 'hour', 'weekday', 'part', 'hours', 'sort', 'order', 'page'];

/**
 * The contacts page's address for a number: the filters in force with the range written out, so
 * the link shows the same contacts tomorrow, plus what was clicked.
 */
export function drillHref(base: DashboardFilters, drill: Drill): string {
  // A review indicator's number is made of reviews: its drill-down lists them, not contacts.
  const reviews = drill.kpi
    ? reviewDrillHref(drill.kpi, base.range, {
        ...base.base.filters,
        ...Object.fromEntries(Object.entries(drill.dims ?? {}).map(([d, v]) => [d, [v]])),
      })
    : null;
  if (reviews) return reviews;
  const p = new URLSearchParams();
  if (drill.kpi) p.set('kpi', drill.kpi);
  if (base.range) {
    p.set('from', base.range.from);
    p.set('to', base.range.to);
  } else {
    p.set('preset', 'all');
  }
  if (base.filters.timezone !== base.defaultTimeZone) p.set('tz', base.filters.timezone);
  const dims: Record<string, string[]> = { ...base.base.filters };
  for (const [d, v] of Object.entries(drill.dims ?? {})) dims[d] = [v];
  for (const [d, values] of Object.entries(dims)) for (const v of values ?? []) p.append(d, v);
  if (drill.period) {
    p.set('grain', drill.period.grain);
    p.set('period', drill.period.key);
  }
  if (drill.hourOfDay !== undefined) p.set('hour', String(drill.hourOfDay));
  if (drill.weekday !== undefined) p.set('weekday', String(drill.weekday));
  if (drill.part && drill.part !== 'all') p.set('part', drill.part);
  if (drill.hours) p.set('hours', drill.hours);
  return `/contacts?${p.toString()}`;
}

const GRAINS = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;

export type { ContactSort };

function intIn(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** The contacts query of a drill-down address; the filter bar part comes from `base`. */
export function contactsQueryOf(
  params: URLSearchParams,
  base: DashboardFilters,
  dimensions: readonly string[],
): ContactsQueryInput {
  const filters: Record<string, string[]> = {};
  for (const d of dimensions) {
    const values = params.getAll(d).filter((v) => v !== '');
    if (values.length > 0) filters[d] = values;
  }
  const grain = params.get('grain');
  const period = params.get('period');
  const part = params.get('part');
  const hours = params.get('hours');
  const sort = params.get('sort');
  const hourOfDay = intIn(params.get('hour'), 0, 23);
  const weekday = intIn(params.get('weekday'), 1, 7);
  const kpi = params.get('kpi');
  return {
    ...(kpi ? { kpi } : {}),
    ...(base.range ? { from: base.range.from, to: base.range.to } : {}),
    timezone: base.filters.timezone,
    filters: filters as ContactsQueryInput['filters'],
    ...(grain && period && (GRAINS as readonly string[]).includes(grain)
      ? { period: { grain: grain as (typeof GRAINS)[number], key: period } }
      : {}),
    ...(hourOfDay !== undefined ? { hourOfDay } : {}),
    ...(weekday !== undefined ? { weekday } : {}),
    ...(part === 'numerator' || part === 'rest' ? { part } : {}),
    ...(hours === 'business' || hours === 'calendar' ? { hours } : {}),
    ...(sort && (CONTACT_SORTS as readonly string[]).includes(sort) ? { sort: sort as ContactSort } : {}),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: intIn(params.get('page'), 1, 1_000_000) ?? 1,
    pageSize: 50,
  };
}

export { DRILL_KEYS };
