/**
 * A report's numbers as the dashboard writes them (web/src/format.ts), in the recipient's locale:
 * shares as percentages, durations in words, changes in the indicator's own terms.
 */

export const DASH = '—';
const MINUS = '\u2212';

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

const unitSpace = (locale: string) => (/^(zh|ja)\b/i.test(locale) ? '' : ' ');

type DurationUnit = 'day' | 'hour' | 'minute' | 'second';

/** Seconds rounded to what a reader compares: `42 sec`, `4 min 5 sec`, `49 min`, `1 hr 35 min`, `2 days 4 hr`. */
function durationParts(seconds: number): [DurationUnit, number][] {
  const s = Math.round(Math.abs(seconds));
  const parts = (list: [DurationUnit, number][]) => list.filter(([, v], i) => i === 0 || v !== 0);
  if (s < 60) return [['second', s]];
  if (s < 600)
    return parts([
      ['minute', Math.floor(s / 60)],
      ['second', s % 60],
    ]);
  const minutes = Math.round(s / 60);
  if (minutes < 60) return [['minute', minutes]];
  if (minutes < 24 * 60)
    return parts([
      ['hour', Math.floor(minutes / 60)],
      ['minute', minutes % 60],
    ]);
  const hours = Math.round(s / 3600);
  return parts([
    ['day', Math.floor(hours / 24)],
    ['hour', hours % 24],
  ]);
}

export function formatDuration(locale: string, seconds: number): string {
  const text = durationParts(seconds)
    .map(([u, v]) =>
      nf(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 0 }).format(v),
    )
    .join(unitSpace(locale));
  return Math.round(Math.abs(seconds)) > 0 && seconds < 0 ? `${MINUS}${text}` : text;
}

/** A value of an indicator of `format` (count, percent, duration, score, nps, money, rate). */
export function formatFigure(
  locale: string,
  format: string,
  value: number | null,
  currency?: string | null,
): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  switch (format) {
    case 'percent':
      return nf(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        value,
      );
    case 'duration':
      return formatDuration(locale, value);
    case 'score':
      return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'money':
      if (currency) {
        try {
          return nf(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
        } catch {
          // A code the runtime does not know is written beside the number.
        }
      }
      return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    case 'rate':
      return value !== 0 && Math.abs(value) < 0.1
        ? nf(locale, { maximumSignificantDigits: 2 }).format(value)
        : nf(locale, { maximumFractionDigits: 2 }).format(value);
    default:
      return nf(locale, { maximumFractionDigits: 0 }).format(value);
  }
}

export interface FormattedChange {
  text: string;
  tone: 'better' | 'worse' | 'same';
  direction: 'up' | 'down' | 'flat';
}

function signed(locale: string, value: number, options: Intl.NumberFormatOptions, unit = '') {
  const f = nf(locale, options);
  const magnitude = f.format(Math.abs(value));
  const zero = f.format(0) === magnitude;
  return { text: `${zero ? '' : value > 0 ? '+' : MINUS}${magnitude}${unit}`, zero };
}

/**
 * The change against the previous period in the indicator's terms: shares in percentage points,
 * counts relatively (a relative change of a share or a duration misleads), the rest in their unit.
 */
export function formatChange(
  locale: string,
  format: string,
  better: 'higher' | 'lower' | 'neither',
  current: number | null,
  previous: number | null,
  pointUnit: string,
): FormattedChange | null {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous))
    return null;
  const diff = current - previous;
  let shown: { text: string; zero: boolean };
  if (format === 'count') {
    if (previous === 0) return null;
    shown = signed(locale, diff / Math.abs(previous), { style: 'percent', maximumFractionDigits: 1 });
  } else if (format === 'percent') {
    shown = signed(
      locale,
      diff * 100,
      { minimumFractionDigits: 1, maximumFractionDigits: 1 },
      `${unitSpace(locale)}${pointUnit}`,
    );
  } else if (format === 'duration') {
    const zero = Math.round(Math.abs(diff)) === 0;
    const text = formatDuration(locale, Math.abs(diff));
    shown = { text: zero ? text : `${diff > 0 ? '+' : MINUS}${text}`, zero };
  } else if (format === 'score' || format === 'money') {
    shown = signed(locale, diff, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } else if (format === 'rate') {
    shown = signed(locale, diff, { maximumFractionDigits: 2 });
  } else {
    shown = signed(locale, diff, { maximumFractionDigits: 0 });
  }
  const direction = shown.zero ? 'flat' : diff > 0 ? 'up' : 'down';
  const tone =
    better === 'neither' || direction === 'flat'
      ? 'same'
      : (direction === 'up') === (better === 'higher')
        ? 'better'
        : 'worse';
  return { text: shown.text, tone, direction };
}

/** A value as a spreadsheet should see it: shares as percentages, the rest in their unit. */
export function plainValue(format: string, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Number((format === 'percent' ? value * 100 : value).toPrecision(15));
}

/** The unit of a `plainValue`, for a CSV column. */
export function plainUnit(format: string): string {
  return format === 'duration' ? 'seconds' : format === 'nps' ? 'points' : format;
}

/**
 * A reported period in words: a day (`3 December 2026`), an ISO week as its days (`30 Nov – 6 Dec
 * 2026`), a month (`November 2026`). `to` is exclusive.
 */
export function formatReportPeriod(
  locale: string,
  period: { key: string; from: string; to: string },
): string {
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const last = at(period.to);
  last.setUTCDate(last.getUTCDate() - 1);
  if (/^\d{4}-\d{2}$/.test(period.key))
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      at(period.from),
    );
  if (period.from === period.to || last.getTime() <= at(period.from).getTime())
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(at(period.from));
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatRange(at(period.from), last);
}
