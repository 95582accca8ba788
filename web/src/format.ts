/**
 * Locale-aware formatting of KPI values, changes, durations, dates and periods with Intl only.
 * Formatters are cached per locale because dashboards format thousands of numbers per render.
 */
export type ValueFormat = 'count' | 'percent' | 'duration' | 'score' | 'nps';
export type Better = 'higher' | 'lower' | 'neutral';

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export const DASH = '—';

export function formatCount(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: 0 }).format(n);
}

export function formatNumber(locale: string, n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

export function formatPercent(locale: string, share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return nf(locale, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(
    share,
  );
}

type DurationUnit = 'day' | 'hour' | 'minute' | 'second';
const UNIT_SECONDS: [DurationUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** Seconds as the two largest units, e.g. `1 hr 23 min`, `4.2 sec`, `2 days 3 hr`, in the locale's words. */
export function formatDuration(locale: string, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  // Short unit names: the narrow ones are single letters in some languages (Ukrainian г, х).
  const unit = (u: DurationUnit, v: number, digits = 0) =>
    nf(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(v);
  if (rest < 60) return sign + unit('second', rest, rest < 10 ? 1 : 0);
  rest = Math.round(rest);
  const parts: string[] = [];
  for (const [u, size] of UNIT_SECONDS) {
    if (parts.length === 2) break;
    const v = Math.floor(rest / size);
    rest -= v * size;
    if (v > 0 || parts.length > 0) parts.push(unit(u, v));
  }
  const joined = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(parts);
  return sign + joined;
}

export function formatScore(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

export function formatValue(locale: string, format: ValueFormat, value: number | null | undefined): string {
  switch (format) {
    case 'count':
      return formatCount(locale, value);
    case 'percent':
      return formatPercent(locale, value);
    case 'duration':
      return formatDuration(locale, value);
    case 'score':
      return formatScore(locale, value);
    case 'nps':
      return formatNumber(locale, value, 1);
  }
}

/** A value for an axis or a table cell in a CSV: the number a spreadsheet should see. */
export function plainValue(format: ValueFormat, value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  if (format === 'percent') return Math.round(value * 100_000) / 1000;
  return Math.round(value * 1000) / 1000;
}

export interface Change {
  /** Formatted with a sign: `+12 %`, `−2.3 pp`, `+0.12`. */
  text: string;
  /** better/worse by the KPI's direction; same when equal or neutral. */
  tone: 'better' | 'worse' | 'same';
  direction: 'up' | 'down' | 'flat';
}

/**
 * Change against the previous period: shares and NPS in points (a relative change of a share is
 * misleading), counts, durations and scores as a relative change, except scores, whose scale is small.
 */
export function formatChange(
  locale: string,
  format: ValueFormat,
  better: Better,
  current: number | null | undefined,
  previous: number | null | undefined,
  pointUnit: string,
): Change | null {
  if (current == null || previous == null || !Number.isFinite(current) || !Number.isFinite(previous))
    return null;
  const diff = current - previous;
  let text: string;
  if (format === 'percent') {
    text = `${nf(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(diff * 100)} ${pointUnit}`;
  } else if (format === 'nps') {
    text = `${nf(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(diff)} ${pointUnit}`;
  } else if (format === 'score') {
    text = nf(locale, {
      signDisplay: 'exceptZero',
      maximumFractionDigits: 2,
      minimumFractionDigits: 2,
    }).format(diff);
  } else {
    if (previous === 0) return null;
    text = nf(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(
      diff / Math.abs(previous),
    );
  }
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const tone =
    better === 'neutral' || direction === 'flat'
      ? 'same'
      : (direction === 'up') === (better === 'higher')
        ? 'better'
        : 'worse';
  return { text, tone, direction };
}

/** `2026-01-05` or `2026-01-05T14:00` (a period key in the query time zone) as a local label. */
export function formatPeriod(locale: string, key: string, grain: string): string {
  const [datePart, timePart] = key.split('T');
  const [y, m, d] = (datePart ?? '').split('-').map(Number);
  if (!y || !m || !d) return key;
  const [hh, mm] = (timePart ?? '00:00').split(':').map(Number);
  // The key is already local to the query's time zone, so it is formatted as a UTC wall clock.
  const date = new Date(Date.UTC(y, m - 1, d, hh ?? 0, mm ?? 0));
  const opts: Intl.DateTimeFormatOptions = { timeZone: 'UTC' };
  switch (grain) {
    case 'hour':
      Object.assign(opts, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
      break;
    case 'month':
      Object.assign(opts, { year: 'numeric', month: 'short' });
      break;
    case 'quarter':
      return `${y} Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return String(y);
    default:
      Object.assign(opts, { year: 'numeric', month: 'short', day: 'numeric' });
  }
  return new Intl.DateTimeFormat(locale, opts).format(date);
}

/** A calendar date `YYYY-MM-DD` as the locale writes it. */
export function formatDay(locale: string, day: string): string {
  return formatPeriod(locale, day, 'day');
}

/**
 * An instant from the API (ISO 8601, or `YYYY-MM-DD HH:MM:SS` meaning UTC) in a time zone,
 * with seconds, since a contact's timeline is read to the second.
 */
export function formatInstant(locale: string, instant: string | null | undefined, timeZone: string): string {
  if (!instant) return DASH;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(instant) ? instant : `${instant.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(date);
}

/** ISO weekday 1 (Monday) … 7 (Sunday) as a name in the locale. */
export function weekdayName(locale: string, isoWeekday: number, style: 'long' | 'short' = 'short'): string {
  // 2024-01-01 was a Monday.
  const date = new Date(Date.UTC(2024, 0, isoWeekday));
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(date);
}

export function hourLabel(locale: string, hour: number): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hour)),
  );
}

/** A value for a narrow cell: one whole duration unit, whole percentages, compact counts (`1.2K`). */
export function formatCompact(locale: string, format: ValueFormat, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  switch (format) {
    case 'count':
      return nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    case 'percent':
      return nf(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
    case 'duration': {
      const abs = Math.abs(value);
      const [unit, size] =
        abs >= 86_400
          ? (['day', 86_400] as const)
          : abs >= 3600
            ? (['hour', 3600] as const)
            : abs >= 60
              ? (['minute', 60] as const)
              : (['second', 1] as const);
      // Narrow units fit a heatmap cell; the cell's label carries the full value.
      return nf(locale, {
        style: 'unit',
        unit,
        unitDisplay: 'narrow',
        maximumFractionDigits: 0,
      }).format(Math.round(value / size));
    }
    default:
      return formatValue(locale, format, value);
  }
}

/** A signed difference between two values of a KPI, e.g. `+4.2 pp`, `−1m 30s`, `+0.35`. */
export function formatDifference(
  locale: string,
  format: ValueFormat,
  diff: number | null | undefined,
  pointUnit: string,
): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return DASH;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const abs = Math.abs(diff);
  switch (format) {
    case 'percent':
      return `${sign}${nf(locale, { maximumFractionDigits: 1 }).format(abs * 100)} ${pointUnit}`;
    case 'nps':
      return `${sign}${nf(locale, { maximumFractionDigits: 1 }).format(abs)} ${pointUnit}`;
    case 'duration':
      return `${sign}${formatDuration(locale, abs)}`;
    case 'score':
      return `${sign}${formatScore(locale, abs)}`;
    default:
      return `${sign}${formatNumber(locale, abs)}`;
  }
}

/** `p < 0.001` or `p = 0.004`. */
export function formatPValue(locale: string, p: number): string {
  if (p < 0.001) return `p < ${nf(locale, { maximumFractionDigits: 3 }).format(0.001)}`;
  return `p = ${nf(locale, { maximumFractionDigits: 3, minimumFractionDigits: 3 }).format(p)}`;
}
