import { DateTime, IANAZone } from 'luxon';
import type { Grain } from '../dialect.js';

/** A period of a grain: its local start as written in results, and its bounds in UTC. */
export interface Period {
  key: string;
  /** Local start as the engines print a truncated timestamp, `2026-01-05 00:00:00`. */
  localStart: string;
  startUtc: string;
  endUtc: string;
}

/** `2026-01-05T00:00:00` style local time → UTC instant, naive `YYYY-MM-DD HH:MM:SS` form. */
export function localToUtc(local: string, timezone: string): string {
  const dt = DateTime.fromISO(local, { zone: timezone });
  if (!dt.isValid) throw new Error(`invalid local time ${local} in ${timezone}`);
  return dt.toUTC().toFormat('yyyy-LL-dd HH:mm:ss');
}

export function utcToLocal(utc: string, timezone: string): DateTime {
  return DateTime.fromISO(utc.replace(' ', 'T'), { zone: 'UTC' }).setZone(timezone);
}

const luxonUnit: Record<Grain, 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  hour: 'hour',
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};

/** How a period's start is written in results: dates for day and longer, date-times for hours. */
export function periodKey(grain: Grain, localStart: DateTime): string {
  return grain === 'hour' ? localStart.toFormat("yyyy-LL-dd'T'HH:mm") : localStart.toFormat('yyyy-LL-dd');
}

/** Same key from the engine's truncated local timestamp (`2026-01-05 00:00:00`). */
function periodKeyFromSql(grain: Grain, truncated: string): string {
  return periodKey(grain, DateTime.fromISO(truncated.replace(' ', 'T'), { zone: 'UTC' }));
}

/**
 * Grains of a fixed length in local time. Their periods are numbered, `floor((local seconds −
 * anchor) / size)` with local seconds counted from 1970-01-01 00:00 local: the engines group such
 * numbers far faster than truncated timestamps. Weeks start on Monday, 1970-01-05 (4 days in).
 */
const NUMBERED: Partial<Record<Grain, { size: number; anchor: number }>> = {
  hour: { size: 3600, anchor: 0 },
  day: { size: 86_400, anchor: 0 },
  week: { size: 604_800, anchor: 4 * 86_400 },
};

export function periodNumbering(grain: Grain): { size: number; anchor: number } | null {
  return NUMBERED[grain] ?? null;
}

/** The number of the period starting at a local time written `2026-01-05 00:00:00`. */
export function periodNumberOfLocalStart(grain: Grain, localStart: string): number {
  const numbering = periodNumbering(grain);
  if (!numbering) throw new Error(`${grain} periods are not numbered`);
  const seconds = Date.parse(`${localStart.replace(' ', 'T')}Z`) / 1000;
  return Math.floor((seconds - numbering.anchor) / numbering.size);
}

/** A period's key from what the engine returned for it: its number, or its truncated local start. */
export function periodKeyFromEngine(grain: Grain, value: string | number): string {
  const numbering = periodNumbering(grain);
  if (!numbering) return periodKeyFromSql(grain, String(value));
  const seconds = Number(value) * numbering.size + numbering.anchor;
  return periodKey(grain, DateTime.fromSeconds(seconds, { zone: 'UTC' }));
}

/** Every period of `grain` that overlaps [from, to) local; weeks start on Monday. */
export function periodsBetween(grain: Grain, fromLocal: string, toLocal: string, timezone: string): Period[] {
  return [...eachPeriod(grain, fromLocal, toLocal, timezone)];
}

/** The periods of `periodsBetween` one at a time, for a caller that gives way between them. */
export function* eachPeriod(
  grain: Grain,
  fromLocal: string,
  toLocal: string,
  timezone: string,
): Generator<Period> {
  const unit = luxonUnit[grain];
  const end = DateTime.fromISO(toLocal, { zone: timezone });
  let cursor = DateTime.fromISO(fromLocal, { zone: timezone }).startOf(unit);
  for (let count = 0; cursor < end && count < 100_000; count++) {
    const next = cursor.plus({ [`${unit}s`]: 1 });
    yield {
      key: periodKey(grain, cursor),
      localStart: cursor.toFormat('yyyy-LL-dd HH:mm:ss'),
      startUtc: cursor.toUTC().toFormat('yyyy-LL-dd HH:mm:ss'),
      endUtc: next.toUTC().toFormat('yyyy-LL-dd HH:mm:ss'),
    };
    cursor = next;
  }
}

/** A stretch of UTC time with one offset from UTC; the last one has no end. */
export interface OffsetSegment {
  /** Naive UTC timestamp where the next segment starts, or null for the last. */
  untilUtc: string | null;
  offsetSeconds: number;
}

const HOUR_MS = 3_600_000;

/**
 * The offsets `timezone` has between two UTC instants, with the exact instants they change. Turning
 * a timestamp into local time is then arithmetic, which the engines do far faster than a time-zone
 * conversion per row. Offsets are sampled every six hours (no zone changes its offset twice within
 * six hours) and each change is located to the second. Results are kept for repeated queries.
 */
export function utcOffsetSegments(
  timezone: string,
  fromUtc: string,
  toUtc: string,
): readonly OffsetSegment[] {
  const key = `${timezone}|${fromUtc}|${toUtc}`;
  const known = segmentCache.get(key);
  if (known) return known;
  const segments = computeOffsetSegments(timezone, fromUtc, toUtc);
  if (segmentCache.size >= SEGMENT_CACHE_SIZE) segmentCache.clear();
  segmentCache.set(key, segments);
  return segments;
}

const SEGMENT_CACHE_SIZE = 256;
const segmentCache = new Map<string, readonly OffsetSegment[]>();
const SAMPLE_MS = 6 * HOUR_MS;

function computeOffsetSegments(timezone: string, fromUtc: string, toUtc: string): OffsetSegment[] {
  const zone = IANAZone.create(timezone);
  if (!zone.isValid) throw new Error(`unknown time zone ${timezone}`);
  const offsetAt = (ms: number) => zone.offset(ms) * 60;
  const from = Date.parse(`${fromUtc.replace(' ', 'T')}Z`) - 24 * HOUR_MS;
  const to = Date.parse(`${toUtc.replace(' ', 'T')}Z`) + 24 * HOUR_MS;
  const segments: OffsetSegment[] = [];
  let current = offsetAt(from);
  for (let t = from; t < to; t += SAMPLE_MS) {
    const next = offsetAt(t + SAMPLE_MS);
    if (next === current) continue;
    let lo = t / 1000;
    let hi = (t + SAMPLE_MS) / 1000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid * 1000) === current) lo = mid;
      else hi = mid;
    }
    segments.push({
      untilUtc: DateTime.fromSeconds(hi, { zone: 'UTC' }).toFormat('yyyy-LL-dd HH:mm:ss'),
      offsetSeconds: current,
    });
    current = next;
  }
  segments.push({ untilUtc: null, offsetSeconds: current });
  return segments;
}
