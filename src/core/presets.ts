/**
 * The dashboard's relative periods ("last 90 days", "this month", …) in one place: the dashboard,
 * the server's warm-up and the demo's printed figures import them, so all three open on the same
 * dates in the same time zone. Dates are local calendar dates `YYYY-MM-DD` of the period's time
 * zone, `to` exclusive. Plain `Intl`, no date library: the dashboard bundles this file.
 */

export const RELATIVE_PRESETS = [
  'last7',
  'last30',
  'last90',
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
] as const;
export type RelativePreset = (typeof RELATIVE_PRESETS)[number];

/** What the dashboard opens with. */
export const DEFAULT_PRESET = 'last90' satisfies RelativePreset;

export interface DayRange {
  from: string;
  /** Exclusive. */
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** The calendar date of an instant in a time zone, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * The calendar date in a time zone of an instant as the API writes it (ISO 8601, or
 * `YYYY-MM-DD HH:MM:SS` meaning UTC; a bare date is that day); null when it is not one.
 */
export function localDay(instant: string, timeZone: string): string | null {
  if (DAY.test(instant)) return instant;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(instant) ? instant : `${instant.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : todayIn(timeZone, date);
}

/**
 * Where the presets end (exclusive): the day after the last day with data in the time zone, or
 * tomorrow, whichever is earlier. An imported history that ended months ago would otherwise show
 * only empty periods; data dated in the future does not move the presets past today.
 */
export function presetAnchor(newest: string | null | undefined, timeZone: string, now = new Date()): string {
  const tomorrow = addDays(todayIn(timeZone, now), 1);
  const lastDay = newest ? localDay(newest, timeZone) : null;
  if (!lastDay || !DAY.test(lastDay)) return tomorrow;
  const dataEnd = addDays(lastDay, 1);
  // ISO dates compare as text.
  return [dataEnd, tomorrow].sort()[0] ?? tomorrow;
}

/**
 * Whether the presets end before today because the data does: "last 90 days" then means the 90
 * days up to the newest data, which the reader must be told.
 */
export function anchoredAtData(anchor: string, timeZone: string, now = new Date()): boolean {
  return anchor < addDays(todayIn(timeZone, now), 1);
}

/** The dates of a preset counted back from `anchor` (exclusive). */
export function presetRange(preset: RelativePreset, anchor: string): DayRange {
  const end = anchor;
  const last = addDays(end, -1);
  const month = `${last.slice(0, 7)}-01`;
  const quarterMonth = Math.floor((Number(last.slice(5, 7)) - 1) / 3) * 3 + 1;
  const quarter = `${last.slice(0, 4)}-${String(quarterMonth).padStart(2, '0')}-01`;
  const year = `${last.slice(0, 4)}-01-01`;
  switch (preset) {
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
    default: {
      const unknown: never = preset;
      throw new Error(`unknown preset ${String(unknown)}`);
    }
  }
}

export interface OpeningPeriod extends DayRange {
  timezone: string;
  /** The last day with data, when the period ends there rather than today. */
  newestDay: string | null;
}

/**
 * The period the dashboard opens with: the default preset up to the newest data, in the team's
 * time zone (see `teamTimeZone` in src/services/data-status.ts).
 */
export function openingPeriod(newest: string | null, timezone: string, now = new Date()): OpeningPeriod {
  const anchor = presetAnchor(newest, timezone, now);
  return {
    ...presetRange(DEFAULT_PRESET, anchor),
    timezone,
    newestDay: anchoredAtData(anchor, timezone, now) ? addDays(anchor, -1) : null,
  };
}
