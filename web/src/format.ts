/**
 * Locale-aware formatting of KPI values, changes, durations, dates and periods with Intl only.
 * Formatters are cached per locale because dashboards format thousands of numbers per render.
 */
export type ValueFormat = 'count' | 'percent' | 'duration' | 'score' | 'nps' | 'money' | 'rate';
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
/** The minus of signed changes (U+2212), in every language: `−2.1 pp`. */
export const MINUS = '\u2212';

export function formatCount(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: 0 }).format(n);
}

export function formatNumber(locale: string, n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/**
 * A share as a percentage with a fixed number of decimals, so a value and its interval line up:
 * `83.4%` with `81.2%–85.5%`, and `85.0%` rather than `85%` beside them.
 */
export function formatPercent(locale: string, share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return DASH;
  return nf(locale, {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(share);
}

/** NPS in whole points, as it is reported everywhere: `32`, `-12`. */
export function formatNps(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { maximumFractionDigits: 0 }).format(n);
}

type DurationUnit = 'day' | 'hour' | 'minute' | 'second';
const UNIT_SECONDS: [DurationUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A duration rounded to what a reader compares: whole seconds under a minute, minutes and seconds
 * under ten minutes (handle times differ by seconds), whole minutes under an hour, hours and
 * minutes under a day, days and hours beyond. The unit below the largest is left out when zero.
 */
export function durationParts(seconds: number): [DurationUnit, number][] {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return [['second', s]];
  if (s < 600)
    return withoutZero([
      ['minute', Math.floor(s / 60)],
      ['second', s % 60],
    ]);
  const minutes = Math.round(s / 60);
  if (minutes < 60) return [['minute', minutes]];
  if (minutes < 24 * 60)
    return withoutZero([
      ['hour', Math.floor(minutes / 60)],
      ['minute', minutes % 60],
    ]);
  const hours = Math.round(s / 3600);
  return withoutZero([
    ['day', Math.floor(hours / 24)],
    ['hour', hours % 24],
  ]);
}

function withoutZero(parts: [DurationUnit, number][]): [DurationUnit, number][] {
  return parts.filter(([, v], i) => i === 0 || v !== 0);
}

/** Unit words with their numbers, `1 hr` `35 min`, joined as the language writes a duration. */
function joinUnits(locale: string, parts: readonly [DurationUnit, number][]): string {
  // Short unit names: the narrow ones are single letters in some languages (Ukrainian г, х) and
  // English narrow minutes read as months (`49m`).
  const text = parts.map(([u, v]) =>
    nf(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 0 }).format(v),
  );
  // Chinese and Japanese write `1小时35分钟` without a space; a list format would add `and` (uk `і`).
  return text.join(unitSpace(locale));
}

/** The space between a number and a unit word or between units; none in Chinese and Japanese. */
function unitSpace(locale: string): string {
  return /^(zh|ja)\b/i.test(locale) ? '' : ' ';
}

/** Seconds as a reader compares them: `42 sec`, `49 min`, `1 hr 35 min`, `2 days 4 hr` in the locale's words. */
export function formatDuration(locale: string, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const text = joinUnits(locale, durationParts(seconds));
  return Math.round(Math.abs(seconds)) > 0 && seconds < 0 ? `${MINUS}${text}` : text;
}

/**
 * Seconds to the second, every non-zero unit: `1 hr 30 min 20 sec`. For a setting shown back in an
 * editor, where rounding would change what is saved again.
 */
export function formatDurationExact(locale: string, seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  let rest = Math.round(Math.abs(seconds));
  const parts: [DurationUnit, number][] = [];
  for (const [u, size] of UNIT_SECONDS) {
    const v = Math.floor(rest / size);
    rest -= v * size;
    if (v > 0) parts.push([u, v]);
  }
  const text = joinUnits(locale, parts.length > 0 ? parts : [['second', 0]]);
  return seconds < 0 && parts.length > 0 ? `${MINUS}${text}` : text;
}

export function formatScore(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
}

/**
 * An amount in the reporting currency (`currency`, an ISO 4217 code from the KPI result), with its
 * symbol as the locale writes it; without a known currency, the number with two decimals.
 */
export function formatMoney(
  locale: string,
  amount: number | null | undefined,
  currency?: string | null,
): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return DASH;
  if (currency) {
    try {
      return nf(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // A code the runtime does not know is written beside the number.
      return `${nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
    }
  }
  return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A plain rate (resolutions per paid hour, escalations per 1,000 customers): at most two decimals. */
export function formatRate(locale: string, n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (n !== 0 && Math.abs(n) < 0.1) return nf(locale, { maximumSignificantDigits: 2 }).format(n);
  return nf(locale, { maximumFractionDigits: 2 }).format(n);
}

export function formatValue(
  locale: string,
  format: ValueFormat,
  value: number | null | undefined,
  currency?: string | null,
): string {
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
      return formatNps(locale, value);
    case 'money':
      return formatMoney(locale, value, currency);
    case 'rate':
      return formatRate(locale, value);
  }
}

/**
 * A value for an axis or a CSV cell: the number a spreadsheet should see, not rounded for reading.
 * Shares become percentages (0.85671 → 85.671), everything else stays in its unit (seconds, points).
 * Fifteen significant digits drop binary noise (85.67099999999999) and nothing a source recorded.
 */
export function plainValue(format: ValueFormat, value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const plain = format === 'percent' ? value * 100 : value;
  return Number(plain.toPrecision(15));
}

/** What a `plainValue` of this format is measured in, for a CSV header: `frt_seconds`, `csat_percent`. */
export function plainUnit(
  format: ValueFormat,
): 'count' | 'percent' | 'seconds' | 'score' | 'points' | 'money' | 'rate' {
  switch (format) {
    case 'percent':
      return 'percent';
    case 'duration':
      return 'seconds';
    case 'nps':
      return 'points';
    default:
      return format;
  }
}

export interface Change {
  /** Formatted with a sign: `+4.4 pp`, `−2.1 pp`, NPS `+14`, `+3 min`, `+0.12`, counts `+12%`; `0 pp` unsigned. */
  text: string;
  /** better/worse by the KPI's direction; same when equal (as shown) or neutral. */
  tone: 'better' | 'worse' | 'same';
  /** flat when the change rounds to zero as shown, so a `0 pp` never gets an arrow. */
  direction: 'up' | 'down' | 'flat';
}

/** A signed amount as shown, and whether it shows as zero. */
interface Signed {
  text: string;
  zero: boolean;
}

/** `plainZero`: a zero is written `0`, not `0.0`, where the decimal would suggest a measured change. */
function signed(
  locale: string,
  value: number,
  options: Intl.NumberFormatOptions,
  unit = '',
  plainZero = false,
): Signed {
  const f = nf(locale, options);
  const magnitude = f.format(Math.abs(value));
  const zero = f.format(0) === magnitude;
  const number =
    zero && plainZero ? nf(locale, { ...options, minimumFractionDigits: 0 }).format(0) : magnitude;
  const sign = zero ? '' : value > 0 ? '+' : MINUS;
  return { text: `${sign}${number}${unit}`, zero };
}

/**
 * A difference between two values of a KPI in the KPI's own terms: shares in percentage points
 * with the value's decimal, NPS in whole points, durations rounded as durations are, scores with
 * two decimals, counts as a number. Zero (as shown) has no sign: `0 pp`.
 */
function signedDifference(locale: string, format: ValueFormat, diff: number, pointUnit: string): Signed {
  switch (format) {
    case 'percent':
      return signed(
        locale,
        diff * 100,
        { minimumFractionDigits: 1, maximumFractionDigits: 1 },
        pointUnit ? `${unitSpace(locale)}${pointUnit}` : '',
        true,
      );
    case 'nps':
      return signed(locale, diff, { maximumFractionDigits: 0 });
    case 'duration': {
      const zero = Math.round(Math.abs(diff)) === 0;
      const text = formatDuration(locale, Math.abs(diff));
      return { text: zero ? text : `${diff > 0 ? '+' : MINUS}${text}`, zero };
    }
    case 'score':
      return signed(locale, diff, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'count':
      return signed(locale, diff, { maximumFractionDigits: 0 });
    case 'money':
      return signed(locale, diff, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'rate':
      return signed(locale, diff, { maximumFractionDigits: 2 });
  }
}

/**
 * Change against the previous period in the KPI's terms (see `signedDifference`): a relative
 * change of a share or a duration misleads (+363 % of a median of seconds), so only counts change
 * relatively. The pages pass the word for percentage points; NPS is points without a word.
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
  let shown: Signed;
  if (format === 'count') {
    if (previous === 0) return null;
    shown = signed(locale, diff / Math.abs(previous), { style: 'percent', maximumFractionDigits: 1 });
  } else {
    shown = signedDifference(locale, format, diff, pointUnit);
  }
  const direction = shown.zero ? 'flat' : diff > 0 ? 'up' : 'down';
  const tone =
    better === 'neutral' || direction === 'flat'
      ? 'same'
      : (direction === 'up') === (better === 'higher')
        ? 'better'
        : 'worse';
  return { text: shown.text, tone, direction };
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

/**
 * A value for a narrow cell, in the same words and decimals as `formatValue`: shares with one
 * decimal, durations in the short unit names but only their largest unit, rounded (`2 min 47 sec`
 * → `3 min`), counts in full below ten thousand. The cell's label carries the full value.
 */
export function formatCompact(locale: string, format: ValueFormat, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  switch (format) {
    case 'count':
      return Math.abs(value) < 10_000
        ? formatCount(locale, value)
        : nf(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
    case 'duration': {
      const [[largest] = ['second']] = durationParts(value);
      const size = UNIT_SECONDS.find(([u]) => u === largest)?.[1] ?? 1;
      // Rounded to the largest unit first, so 59 min 40 sec reads `1 hr`, not `60 min`.
      const rounded = Math.round(Math.abs(value) / size) * size;
      const [first = ['second', 0] as [DurationUnit, number]] = durationParts(rounded);
      const text = joinUnits(locale, [first]);
      return rounded > 0 && value < 0 ? `${MINUS}${text}` : text;
    }
    default:
      return formatValue(locale, format, value);
  }
}

/** A signed difference between two values of a KPI, e.g. `+4.2 pp`, `−2 min`, `+0.35`, `0 pp`. */
export function formatDifference(
  locale: string,
  format: ValueFormat,
  diff: number | null | undefined,
  pointUnit: string,
): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return DASH;
  return signedDifference(locale, format, diff, pointUnit).text;
}
