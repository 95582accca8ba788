/**
 * The filter bar's state lives in the URL query string: `?preset=last30&channel=chat&team=t1&tz=…`.
 * Parsing is forgiving (an unknown value is dropped) because URLs are pasted and edited by hand.
 * The presets' dates come from src/core/presets.ts, which the server and the CLI use too.
 */
import {
  addDays,
  DEFAULT_PRESET as OPENING_PRESET,
  presetAnchor,
  presetRange,
  RELATIVE_PRESETS,
  type RelativePreset,
  todayIn,
} from '../../src/core/presets.js';

export const PRESETS = [...RELATIVE_PRESETS, 'all', 'custom'] as const;
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
export const DEFAULT_PRESET: Preset = OPENING_PRESET;

export function isRelativePreset(preset: Preset): preset is RelativePreset {
  return (RELATIVE_PRESETS as readonly string[]).includes(preset);
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

export { presetAnchor, todayIn };

export interface Range {
  from: string;
  to: string;
}

/**
 * The local date range of the filters, `to` exclusive. Presets count back from `anchor` (see
 * `presetAnchor`: the day after the last day with data when that is before today). `all` leaves
 * the range to the server (the data's span).
 */
export function resolveRange(filters: Filters, anchor: string): Range | null {
  if (filters.preset === 'custom' && filters.from && filters.to)
    return { from: filters.from, to: filters.to };
  return isRelativePreset(filters.preset) ? presetRange(filters.preset, anchor) : null;
}

/** Grains from the finest to the coarsest, as the API names them. */
export const GRAIN_ORDER = ['hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type TrendGrain = (typeof GRAIN_ORDER)[number];

/**
 * The most points a trend line shows: beyond about one point per pixel of a dashboard-wide chart
 * the line is a smear, and the answer grows towards the server's cell limit.
 */
export const MAX_TREND_POINTS = 1000;

function rangeDays(range: Range): number {
  return (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000;
}

/**
 * The grain that gives a readable number of points for a range (never hours over years); days at
 * the finest without `hours` (an agent's team figures come per day at the finest).
 */
export function defaultGrain(range: Range | null, hours = true): TrendGrain {
  if (!range) return 'week';
  const days = rangeDays(range);
  if (days <= 2) return hours ? 'hour' : 'day';
  if (days <= 45) return 'day';
  if (days <= 370) return 'week';
  if (days <= 5 * 366) return 'month';
  if (days <= 20 * 366) return 'quarter';
  return 'year';
}

export function isGrain(value: string | null | undefined): value is TrendGrain {
  return (GRAIN_ORDER as readonly string[]).includes(value ?? '');
}

/** The next coarser grain, or null for years. */
export function coarserGrain(grain: string): TrendGrain | null {
  const i = (GRAIN_ORDER as readonly string[]).indexOf(grain);
  return i >= 0 && i < GRAIN_ORDER.length - 1 ? (GRAIN_ORDER[i + 1] ?? null) : null;
}

/**
 * How many periods of `grain` the range touches, counted on the calendar in UTC: time zones and
 * daylight saving move it by a period at most, which does not matter for readability.
 */
export function periodsIn(range: Range, grain: TrendGrain): number {
  const days = Math.max(0, rangeDays(range));
  if (days === 0) return 0;
  const from = new Date(`${range.from}T00:00:00Z`);
  const last = new Date(Date.parse(`${range.to}T00:00:00Z`) - 1);
  const months =
    (last.getUTCFullYear() - from.getUTCFullYear()) * 12 + last.getUTCMonth() - from.getUTCMonth();
  switch (grain) {
    case 'hour':
      return Math.ceil(days * 24);
    case 'day':
      return Math.ceil(days);
    case 'week':
      // A range that starts mid-week touches one week more than its length in weeks.
      return Math.ceil((days + ((from.getUTCDay() + 6) % 7)) / 7);
    case 'month':
      return months + 1;
    case 'quarter':
      return Math.floor((from.getUTCMonth() + months) / 3) - Math.floor(from.getUTCMonth() / 3) + 1;
    case 'year':
      return last.getUTCFullYear() - from.getUTCFullYear() + 1;
  }
}

export interface GrainChoice {
  /** The grain to ask for. */
  grain: TrendGrain;
  /** Set when the reader asked for a finer grain than the range can show readably. */
  tooFine: { asked: TrendGrain; points: number } | null;
}

/**
 * The grain a trend uses: the one asked for when its points stay readable, else the finest coarser
 * one that does (the reader asked for detail; give the most that can be read); without a choice,
 * the range's default.
 */
export function trendGrain(asked: string | null, range: Range | null, hours = true): GrainChoice {
  const wanted = isGrain(asked) && (hours || asked !== 'hour') ? asked : null;
  if (!wanted) return { grain: defaultGrain(range, hours), tooFine: null };
  if (!range) return { grain: wanted, tooFine: null };
  const points = periodsIn(range, wanted);
  if (points <= MAX_TREND_POINTS) return { grain: wanted, tooFine: null };
  let grain: TrendGrain = wanted;
  for (let next = coarserGrain(grain); next; next = coarserGrain(grain)) {
    grain = next;
    if (periodsIn(range, grain) <= MAX_TREND_POINTS) break;
  }
  return { grain, tooFine: { asked: wanted, points } };
}

export function activeDimensionFilters(filters: Filters): Partial<Record<FilterDimension, string[]>> {
  const out: Partial<Record<FilterDimension, string[]>> = {};
  for (const d of FILTER_DIMENSIONS) if (filters[d].length > 0) out[d] = filters[d];
  return out;
}

export { addDays };
