/**
 * The filter bar's state lives in the URL query string: `?preset=last30&channel=chat&team=t1&tz=…`.
 * Parsing is forgiving (an unknown value is dropped) because URLs are pasted and edited by hand.
 */
export const PRESETS = [
  'last7',
  'last30',
  'last90',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'all',
  'custom',
] as const;
export type Preset = (typeof PRESETS)[number];

/** Dimensions the filter bar offers; the API accepts more (see the catalog). */
export const FILTER_DIMENSIONS = ['channel', 'team', 'agent', 'topic'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export interface Filters {
  preset: Preset;
  /** Custom range, local dates, `to` exclusive. */
  from?: string;
  to?: string;
  timezone: string;
  channel: string[];
  team: string[];
  agent: string[];
  topic: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const DEFAULT_PRESET: Preset = 'last90';

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function parseFilters(params: URLSearchParams, defaultTimeZone: string): Filters {
  const preset = params.get('preset');
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const custom = from && to && DAY.test(from) && DAY.test(to) && from < to;
  const tz = params.get('tz');
  const list = (name: string) => [...new Set(params.getAll(name).filter((v) => v !== ''))];
  return {
    preset: custom
      ? 'custom'
      : PRESETS.includes(preset as Preset) && preset !== 'custom'
        ? (preset as Preset)
        : DEFAULT_PRESET,
    ...(custom ? { from, to } : {}),
    timezone: tz && isTimeZone(tz) ? tz : defaultTimeZone,
    channel: list('channel'),
    team: list('team'),
    agent: list('agent'),
    topic: list('topic'),
  };
}

/** Writes the filters into `params`, leaving other keys (the view's own options) alone. */
export function writeFilters(params: URLSearchParams, filters: Filters, defaultTimeZone: string): void {
  for (const key of ['preset', 'from', 'to', 'tz', ...FILTER_DIMENSIONS]) params.delete(key);
  if (filters.preset === 'custom' && filters.from && filters.to) {
    params.set('from', filters.from);
    params.set('to', filters.to);
  } else if (filters.preset !== DEFAULT_PRESET) {
    params.set('preset', filters.preset);
  }
  if (filters.timezone !== defaultTimeZone) params.set('tz', filters.timezone);
  for (const d of FILTER_DIMENSIONS) for (const v of filters[d]) params.append(d, v);
}

/** The filter part of a query string, to carry filters along when moving between views. */
export function filterQuery(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const key of ['preset', 'from', 'to', 'tz', ...FILTER_DIMENSIONS]) {
    for (const v of params.getAll(key)) out.append(key, v);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** Today's date in a time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export interface Range {
  from: string;
  to: string;
}

/**
 * The local date range of the filters, `to` exclusive. Presets count back from `anchor`, the day
 * after the last day with data when that is before today: an imported history that ended months ago
 * would otherwise show only empty periods. `all` leaves the range to the server (the data's span).
 */
export function resolveRange(filters: Filters, anchor: string): Range | null {
  if (filters.preset === 'custom' && filters.from && filters.to)
    return { from: filters.from, to: filters.to };
  const end = anchor;
  const last = addDays(end, -1);
  const month = `${last.slice(0, 7)}-01`;
  const quarterMonth = Math.floor((Number(last.slice(5, 7)) - 1) / 3) * 3 + 1;
  const quarter = `${last.slice(0, 4)}-${String(quarterMonth).padStart(2, '0')}-01`;
  const year = `${last.slice(0, 4)}-01-01`;
  switch (filters.preset) {
    case 'last7':
      return { from: addDays(end, -7), to: end };
    case 'last30':
      return { from: addDays(end, -30), to: end };
    case 'last90':
      return { from: addDays(end, -90), to: end };
    case 'this_month':
      return { from: month, to: end };
    case 'last_month':
      return { from: addMonths(month, -1), to: month };
    case 'this_quarter':
      return { from: quarter, to: end };
    case 'last_quarter':
      return { from: addMonths(quarter, -3), to: quarter };
    case 'this_year':
      return { from: year, to: end };
    case 'last_year':
      return { from: addMonths(year, -12), to: year };
    default:
      return null;
  }
}

/** The day after the last day with data, or tomorrow, whichever is earlier. */
export function presetAnchor(dataTo: string | null | undefined, timeZone: string, now = new Date()): string {
  const tomorrow = addDays(todayIn(timeZone, now), 1);
  if (!dataTo || !DAY.test(dataTo.slice(0, 10))) return tomorrow;
  const dataEnd = dataTo.slice(0, 10);
  // ISO dates compare as text.
  return [dataEnd, tomorrow].sort()[0] ?? tomorrow;
}

/**
 * The grain that gives a readable number of points for a range; days at the finest without
 * `hours` (an agent's team figures come per day at the finest).
 */
export function defaultGrain(range: Range | null, hours = true): 'hour' | 'day' | 'week' | 'month' {
  if (!range) return 'week';
  const days = (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
  if (days <= 2) return hours ? 'hour' : 'day';
  if (days <= 45) return 'day';
  if (days <= 370) return 'week';
  return 'month';
}

export function activeDimensionFilters(filters: Filters): Partial<Record<FilterDimension, string[]>> {
  const out: Partial<Record<FilterDimension, string[]>> = {};
  for (const d of FILTER_DIMENSIONS) if (filters[d].length > 0) out[d] = filters[d];
  return out;
}

export { addDays };
