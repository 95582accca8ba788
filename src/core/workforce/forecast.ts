/**
 * Forecasts of arrivals and handle time per interval of the team's local day, from the team's own
 * history, without a database. Dates are local calendar dates and slots are local times of day, so
 * daylight-saving changes do not move the pattern: the service layer has already put every contact in
 * its local (date, slot).
 *
 * The method: expected arrivals at (date, slot) = weekly level(date) × profile(weekday, slot) × event
 * factor. The profile is the share of a week's arrivals that falls in each weekday and slot, an
 * exponentially weighted mean (half-life 4 weeks) over the last 26 weeks; the weekly level is a
 * Theil–Sen line through the weekly levels of the last 13 weeks. Profile and level are estimated in
 * turn until they agree, so a trend does not leak into the weekday pattern. Holidays and one-off events
 * in the history are left out of both. docs/workforce.md (Forecasts) gives the reasons and the fallbacks.
 */
import { normalQuantile } from '../stats.js';

export type IntervalMinutes = 15 | 30 | 60;

/** One observed interval: its local date 'YYYY-MM-DD', slot index within the day (0 .. 24*60/interval − 1), arrivals, and the summed handle seconds of the handled ones (null when none measured). */
export interface Observation {
  date: string;
  slot: number;
  arrivals: number;
  handleSeconds: number | null;
  handled: number;
}

export interface MarkedDay {
  date: string;
  kind: 'holiday' | 'event';
  /** arrivals multiplier for events, e.g. 1.5; holidays use the closed/observed pattern */
  factor?: number;
  label?: string;
}

export interface ForecastInput {
  /** May have gaps; a missing (date, slot) means 0 arrivals only if the date is in `observedDates`. */
  history: Observation[];
  /** Dates the history covers (so a quiet day is told from a missing one). */
  observedDates: string[];
  intervalMinutes: IntervalMinutes;
  /** Local dates to forecast. */
  horizon: string[];
  /** Public holidays from the calendars (closed) and one-off events the user marks, past and future. */
  marked: MarkedDay[];
  /** Opening hours; closed slots forecast 0 (default: all open). */
  openSlots?: (date: string, slot: number) => boolean;
}

/** `low` and `high` bound the 80 % prediction band on arrivals. */
export interface ForecastPoint {
  date: string;
  slot: number;
  arrivals: number;
  ahtSeconds: number | null;
  low: number;
  high: number;
}

export interface Forecast {
  points: ForecastPoint[];
  method: string;
  /** Weeks of history (7-day blocks ending on the last observed date) whose data entered the forecast. */
  weeksUsed: number;
  /** Change of the weekly arrivals per week (0 for the baselines, and with fewer than 3 usable weeks). */
  trendPerWeek: number;
}

export type BaselineKind = 'last-4-weeks' | 'same-week-last-year';

export const FORECAST_METHOD = 'weekday-profile-trend';

const HALF_LIFE_WEEKS = 4;
const PROFILE_WEEKS = 26;
const TREND_WEEKS = 13;
const MIN_TREND_WEEKS = 3;
/** A week whose observed ordinary days carry less than this share of a week is too thin for the trend. */
const MIN_WEEK_SHARE = 0.3;
/** Past holidays and events this far back still tell how such a day goes (last year's included). */
const MARKED_LOOKBACK_DAYS = 400;
/** Handle seconds of a slot are shrunk towards its weekday's mean as if it had this many more contacts. */
const AHT_PRIOR_CONTACTS = 5;
const BAND_LOW = 0.1;
const BAND_HIGH = 0.9;
/** Residuals are only read where at least one arrival was expected, and only when there are enough. */
const MIN_RESIDUAL_EXPECTED = 1;
const MIN_RESIDUALS = 20;
const MAX_FIT_ROUNDS = 50;

// ---------------------------------------------------------------------------------------------------------
// Local dates as day numbers
// ---------------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a local calendar date. The date is a label, so every day is one step. */
export function dayNumberOf(date: string, field = 'date'): number {
  const match = ISO_DATE.exec(date);
  const day = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
    : Number.NaN;
  if (!Number.isInteger(day) || dateOfDayNumber(day) !== date)
    throw new RangeError(`${field}: expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return day;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------------------------
// The history, per day
// ---------------------------------------------------------------------------------------------------------

export interface DayRecord {
  arrivals: Float64Array;
  /** Handle seconds and handled contacts of the observations whose handle time was measured. */
  handleSeconds: Float64Array;
  measuredHandled: Float64Array;
  total: number;
}

export interface History {
  slotsPerDay: number;
  days: Map<number, DayRecord>;
  /** Observed day numbers, ascending. */
  observed: number[];
  lastDay: number | null;
}

function checkInterval(intervalMinutes: number): number {
  if (intervalMinutes !== 15 && intervalMinutes !== 30 && intervalMinutes !== 60)
    throw new RangeError(`intervalMinutes: expected 15, 30 or 60, got ${intervalMinutes}`);
  return (24 * 60) / intervalMinutes;
}

function checkCount(field: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${field}: expected a finite number >= 0, got ${value}`);
}

/**
 * Sums the observations per local (date, slot). The repeated hour of a 25-hour day arrives as the same
 * slot twice and is added up; the skipped hour of a 23-hour day is simply absent, i.e. 0.
 */
export function readHistory(
  input: Pick<ForecastInput, 'history' | 'observedDates' | 'intervalMinutes'>,
): History {
  const slotsPerDay = checkInterval(input.intervalMinutes);
  const days = new Map<number, DayRecord>();
  const recordOf = (day: number): DayRecord => {
    let record = days.get(day);
    if (!record) {
      record = {
        arrivals: new Float64Array(slotsPerDay),
        handleSeconds: new Float64Array(slotsPerDay),
        measuredHandled: new Float64Array(slotsPerDay),
        total: 0,
      };
      days.set(day, record);
    }
    return record;
  };
  input.observedDates.forEach((date, i) => {
    recordOf(dayNumberOf(date, `observedDates[${i}]`));
  });
  input.history.forEach((observation, i) => {
    const field = `history[${i}]`;
    const day = dayNumberOf(observation.date, `${field}.date`);
    const { slot, arrivals, handled, handleSeconds } = observation;
    if (!Number.isInteger(slot) || slot < 0 || slot >= slotsPerDay)
      throw new RangeError(`${field}.slot: expected an integer 0..${slotsPerDay - 1}, got ${slot}`);
    checkCount(`${field}.arrivals`, arrivals);
    checkCount(`${field}.handled`, handled);
    if (handleSeconds !== null) checkCount(`${field}.handleSeconds`, handleSeconds);
    const record = recordOf(day);
    record.arrivals[slot] = (record.arrivals[slot] as number) + arrivals;
    record.total += arrivals;
    if (handleSeconds !== null && handled > 0) {
      record.handleSeconds[slot] = (record.handleSeconds[slot] as number) + handleSeconds;
      record.measuredHandled[slot] = (record.measuredHandled[slot] as number) + handled;
    }
  });
  const observed = [...days.keys()].sort((a, b) => a - b);
  return { slotsPerDay, days, observed, lastDay: observed.at(-1) ?? null };
}

interface DayMarks {
  holiday: boolean;
  events: MarkedDay[];
}

function readMarks(marked: MarkedDay[]): Map<number, DayMarks> {
  const marks = new Map<number, DayMarks>();
  marked.forEach((mark, i) => {
    const day = dayNumberOf(mark.date, `marked[${i}].date`);
    if (mark.kind !== 'holiday' && mark.kind !== 'event')
      throw new RangeError(
        `marked[${i}].kind: expected 'holiday' or 'event', got ${JSON.stringify(mark.kind)}`,
      );
    if (mark.factor !== undefined) checkCount(`marked[${i}].factor`, mark.factor);
    const entry = marks.get(day) ?? { holiday: false, events: [] };
    if (mark.kind === 'holiday') entry.holiday = true;
    else entry.events.push(mark);
    marks.set(day, entry);
  });
  return marks;
}

function isMarked(marks: Map<number, DayMarks>, day: number): boolean {
  return marks.has(day);
}

function horizonDays(horizon: string[]): { date: string; day: number }[] {
  const seen = new Set<number>();
  const days: { date: string; day: number }[] = [];
  horizon.forEach((date, i) => {
    const day = dayNumberOf(date, `horizon[${i}]`);
    if (seen.has(day)) return;
    seen.add(day);
    days.push({ date, day });
  });
  return days;
}

// ---------------------------------------------------------------------------------------------------------
// Small statistics
// ---------------------------------------------------------------------------------------------------------

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Quantile with linear interpolation between order statistics (type 7, as R's default). */
function quantile(sorted: number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const fraction = position - below;
  return (sorted[below] as number) * (1 - fraction) + (sorted[above] as number) * fraction;
}

/** Theil–Sen: the median of the pairwise slopes, and the median intercept under that slope. */
function theilSen(points: { x: number; y: number }[]): { slope: number; intercept: number } {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as { x: number; y: number };
      const b = points[j] as { x: number; y: number };
      if (a.x !== b.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  const slope = slopes.length > 0 ? median(slopes) : 0;
  return { slope, intercept: median(points.map((p) => p.y - slope * p.x)) };
}

/** The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(mean). */
export function poissonQuantile(p: number, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 500) {
    // Cornish–Fisher with the Poisson skewness; the exact sum below would underflow exp(−mean).
    const z = normalQuantile(p);
    return Math.max(0, Math.ceil(mean + z * Math.sqrt(mean) + (z * z - 1) / 6 - 0.5));
  }
  let k = 0;
  let probability = Math.exp(-mean);
  let cumulative = probability;
  while (cumulative < p) {
    k++;
    probability *= mean / k;
    cumulative += probability;
  }
  return k;
}

// ---------------------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------------------

interface LevelLine {
  /** Weekly arrivals at the last observed day. */
  intercept: number;
  /** Change of weekly arrivals per week. */
  slope: number;
}

interface OrdinaryDay {
  day: number;
  weekday: number;
  /** Whole weeks before the last observed day: 0 for the last seven days. */
  week: number;
  weight: number;
  record: DayRecord;
}

interface HandleTimeSums {
  slot: Float64Array[];
  slotHandled: Float64Array[];
  weekday: number[];
  weekdayHandled: number[];
  all: number;
  allHandled: number;
}

interface Model {
  lastDay: number;
  line: LevelLine;
  /** Share of a week's arrivals per weekday (0 = Sunday) and slot; the seven days sum to 1. */
  profile: Float64Array[];
  holidayProfile: Float64Array | null;
  eventFactors: Map<string, number>;
  /** 10 % and 90 % quantiles of the Pearson residuals (a − f) ÷ √f on the history; null when too few. */
  residualBand: { low: number; high: number } | null;
  /** Effective number of weeks behind the profile (Kish), for the profile's own uncertainty. */
  effectiveWeeks: number;
  weeksUsed: number;
  handleTime: HandleTimeSums;
}

function levelAt(line: LevelLine, lastDay: number, day: number): number {
  return line.intercept + (line.slope * (day - lastDay)) / 7;
}

/** Exponentially weighted mean of arrivals ÷ weekly level per weekday and slot; null where a weekday is missing. */
function weightedProfile(
  days: OrdinaryDay[],
  line: LevelLine,
  lastDay: number,
  slotsPerDay: number,
): (Float64Array | null)[] {
  const sums = Array.from({ length: 7 }, () => new Float64Array(slotsPerDay));
  const weights = new Array<number>(7).fill(0);
  for (const { day, weekday, weight, record } of days) {
    const level = levelAt(line, lastDay, day);
    if (!(level > 0)) continue;
    const sum = sums[weekday] as Float64Array;
    const scale = weight / level;
    for (let slot = 0; slot < slotsPerDay; slot++)
      sum[slot] = (sum[slot] as number) + (record.arrivals[slot] as number) * scale;
    weights[weekday] = (weights[weekday] as number) + weight;
  }
  return sums.map((sum, weekday) => {
    const weight = weights[weekday] as number;
    if (weight === 0) return null;
    for (let slot = 0; slot < slotsPerDay; slot++) sum[slot] = (sum[slot] as number) / weight;
    return sum;
  });
}

/** Fills a weekday without history with the mean of the others, then scales the week to sum to 1. */
function completedProfile(partial: (Float64Array | null)[], slotsPerDay: number): Float64Array[] | null {
  const present = partial.filter((profile): profile is Float64Array => profile !== null);
  if (present.length === 0) return null;
  const mean = new Float64Array(slotsPerDay);
  for (const profile of present)
    for (let slot = 0; slot < slotsPerDay; slot++)
      mean[slot] = (mean[slot] as number) + (profile[slot] as number) / present.length;
  const profile = partial.map((day) => day ?? Float64Array.from(mean));
  const weekTotal = profile.reduce((sum, day) => sum + day.reduce((s, v) => s + v, 0), 0);
  if (!(weekTotal > 0)) return null;
  for (const day of profile)
    for (let slot = 0; slot < slotsPerDay; slot++) day[slot] = (day[slot] as number) / weekTotal;
  return profile;
}

function dayShares(profile: Float64Array[]): number[] {
  return profile.map((day) => day.reduce((sum, v) => sum + v, 0));
}

/**
 * The weekly level of each of the last 13 weeks is its ordinary days' arrivals ÷ their share of a
 * week, placed at the share-weighted mean of their days: exact for a level that is linear in time,
 * whichever days of the week are missing. Theil–Sen through those points; a flat line through their
 * median with fewer than 3.
 */
function fitLevelLine(days: OrdinaryDay[], shares: number[], lastDay: number): LevelLine {
  const weeks = new Map<number, { arrivals: number; share: number; position: number }>();
  for (const { day, weekday, week, record } of days) {
    if (week >= TREND_WEEKS) continue;
    const share = shares[weekday] as number;
    const entry = weeks.get(week) ?? { arrivals: 0, share: 0, position: 0 };
    entry.arrivals += record.total;
    entry.share += share;
    entry.position += (share * (day - lastDay)) / 7;
    weeks.set(week, entry);
  }
  // Thin weeks only count when there is nothing else (a history of a day or two).
  const usable = [...weeks.values()].filter((week) => week.share >= MIN_WEEK_SHARE);
  const points = (usable.length > 0 ? usable : [...weeks.values()].filter((week) => week.share > 0)).map(
    (week) => ({ x: week.position / week.share, y: week.arrivals / week.share }),
  );
  if (points.length === 0) return { intercept: 0, slope: 0 };
  if (points.length < MIN_TREND_WEEKS) return { intercept: median(points.map((p) => p.y)), slope: 0 };
  return theilSen(points);
}

/**
 * A marked day's own level: the arrivals of the ordinary observed days within a week either side,
 * divided by their share of a week. Used for past holidays and events, which may lie beyond the trend.
 */
function localLevel(
  history: History,
  marks: Map<number, DayMarks>,
  shares: number[],
  day: number,
): number | null {
  let arrivals = 0;
  let share = 0;
  for (let other = day - 7; other <= day + 7; other++) {
    const record = history.days.get(other);
    if (!record || other === day || isMarked(marks, other)) continue;
    arrivals += record.total;
    share += shares[weekdayOfDayNumber(other)] as number;
  }
  return share >= MIN_WEEK_SHARE && arrivals > 0 ? arrivals / share : null;
}

function handleTimeSums(history: History, lastDay: number): HandleTimeSums {
  const { slotsPerDay } = history;
  const sums: HandleTimeSums = {
    slot: Array.from({ length: 7 }, () => new Float64Array(slotsPerDay)),
    slotHandled: Array.from({ length: 7 }, () => new Float64Array(slotsPerDay)),
    weekday: new Array<number>(7).fill(0),
    weekdayHandled: new Array<number>(7).fill(0),
    all: 0,
    allHandled: 0,
  };
  const firstDay = lastDay - 7 * PROFILE_WEEKS + 1;
  for (const [day, record] of history.days) {
    if (day < firstDay || day > lastDay) continue;
    const weekday = weekdayOfDayNumber(day);
    const weight = 0.5 ** ((lastDay - day) / 7 / HALF_LIFE_WEEKS);
    const seconds = sums.slot[weekday] as Float64Array;
    const handled = sums.slotHandled[weekday] as Float64Array;
    for (let slot = 0; slot < slotsPerDay; slot++) {
      const count = record.measuredHandled[slot] as number;
      if (count === 0) continue;
      const weightedSeconds = weight * (record.handleSeconds[slot] as number);
      seconds[slot] = (seconds[slot] as number) + weightedSeconds;
      handled[slot] = (handled[slot] as number) + weight * count;
      sums.weekday[weekday] = (sums.weekday[weekday] as number) + weightedSeconds;
      sums.weekdayHandled[weekday] = (sums.weekdayHandled[weekday] as number) + weight * count;
      sums.all += weightedSeconds;
      sums.allHandled += weight * count;
    }
  }
  return sums;
}

/**
 * Weighted handle seconds per handled contact at the weekday and slot, shrunk towards the weekday's
 * mean, which is shrunk towards the overall mean: a slot with many contacts keeps its own value, a
 * slot without any takes its weekday's, a weekday without any the overall one.
 */
function handleTimeAt(sums: HandleTimeSums, weekday: number, slot: number): number | null {
  if (!(sums.allHandled > 0)) return null;
  const overall = sums.all / sums.allHandled;
  const day =
    ((sums.weekday[weekday] as number) + AHT_PRIOR_CONTACTS * overall) /
    ((sums.weekdayHandled[weekday] as number) + AHT_PRIOR_CONTACTS);
  const seconds = (sums.slot[weekday] as Float64Array)[slot] as number;
  const handled = (sums.slotHandled[weekday] as Float64Array)[slot] as number;
  return (seconds + AHT_PRIOR_CONTACTS * day) / (handled + AHT_PRIOR_CONTACTS);
}

function fitModel(history: History, marks: Map<number, DayMarks>): Model | null {
  const { lastDay, slotsPerDay } = history;
  if (lastDay === null) return null;
  const firstDay = lastDay - 7 * PROFILE_WEEKS + 1;
  const ordinary: OrdinaryDay[] = [];
  for (const [day, record] of history.days) {
    if (day < firstDay || isMarked(marks, day)) continue;
    const week = Math.floor((lastDay - day) / 7);
    const weight = 0.5 ** ((lastDay - day) / 7 / HALF_LIFE_WEEKS);
    ordinary.push({ day, weekday: weekdayOfDayNumber(day), week, weight, record });
  }
  const handleTime = handleTimeSums(history, lastDay);

  // The profile is measured against the level and the level against the profile; starting from a flat
  // level, a few rounds settle both (a level linear in time is a fixed point).
  let line: LevelLine = { intercept: 1, slope: 0 };
  let profile: Float64Array[] | null = null;
  for (let round = 0; round < MAX_FIT_ROUNDS; round++) {
    profile = completedProfile(weightedProfile(ordinary, line, lastDay, slotsPerDay), slotsPerDay);
    if (!profile) break;
    const next = fitLevelLine(ordinary, dayShares(profile), lastDay);
    const tolerance = 1e-10 * Math.max(1, Math.abs(next.intercept));
    const settled =
      Math.abs(next.intercept - line.intercept) <= tolerance &&
      Math.abs(next.slope - line.slope) <= tolerance;
    line = next;
    if (settled || !(line.intercept > 0)) break;
  }
  if (profile && line.intercept > 0)
    profile = completedProfile(weightedProfile(ordinary, line, lastDay, slotsPerDay), slotsPerDay);
  if (!profile) {
    return {
      lastDay,
      line: { intercept: 0, slope: 0 },
      profile: Array.from({ length: 7 }, () => new Float64Array(slotsPerDay)),
      holidayProfile: null,
      eventFactors: new Map(),
      residualBand: null,
      effectiveWeeks: 1,
      weeksUsed: new Set(ordinary.map((day) => day.week)).size,
      handleTime,
    };
  }
  const shares = dayShares(profile);

  const residuals: number[] = [];
  const weekWeights = new Map<number, number>();
  for (const { day, weekday, week, weight, record } of ordinary) {
    weekWeights.set(week, Math.max(weekWeights.get(week) ?? 0, weight));
    const level = levelAt(line, lastDay, day);
    const dayProfile = profile[weekday] as Float64Array;
    for (let slot = 0; slot < slotsPerDay; slot++) {
      const expected = level * (dayProfile[slot] as number);
      if (expected >= MIN_RESIDUAL_EXPECTED)
        residuals.push(((record.arrivals[slot] as number) - expected) / Math.sqrt(expected));
    }
  }
  residuals.sort((a, b) => a - b);
  const weights = [...weekWeights.values()];
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const weightSquares = weights.reduce((sum, w) => sum + w * w, 0);

  const holidayProfiles: Float64Array[] = [];
  const eventTotals = new Map<string, { actual: number; expected: number }>();
  for (const [day, mark] of marks) {
    const record = history.days.get(day);
    if (!record || day > lastDay || lastDay - day > MARKED_LOOKBACK_DAYS) continue;
    const level = localLevel(history, marks, shares, day);
    if (level === null) continue;
    if (mark.holiday) {
      if (record.total > 0) holidayProfiles.push(record.arrivals.map((arrivals) => arrivals / level));
      continue;
    }
    for (const event of mark.events) {
      if (event.label === undefined) continue;
      const totals = eventTotals.get(event.label) ?? { actual: 0, expected: 0 };
      totals.actual += record.total;
      totals.expected += level * (shares[weekdayOfDayNumber(day)] as number);
      eventTotals.set(event.label, totals);
    }
  }
  let holidayProfile: Float64Array | null = null;
  if (holidayProfiles.length > 0) {
    holidayProfile = new Float64Array(slotsPerDay);
    for (const past of holidayProfiles)
      for (let slot = 0; slot < slotsPerDay; slot++)
        holidayProfile[slot] =
          (holidayProfile[slot] as number) + (past[slot] as number) / holidayProfiles.length;
  }
  const eventFactors = new Map<string, number>();
  for (const [label, totals] of eventTotals)
    if (totals.expected > 0) eventFactors.set(label, totals.actual / totals.expected);

  return {
    lastDay,
    line,
    profile,
    holidayProfile,
    eventFactors,
    residualBand:
      residuals.length >= MIN_RESIDUALS
        ? { low: quantile(residuals, BAND_LOW), high: quantile(residuals, BAND_HIGH) }
        : null,
    effectiveWeeks: weightSquares > 0 ? (weightSum * weightSum) / weightSquares : 1,
    weeksUsed: weekWeights.size,
    handleTime,
  };
}

/** An open holiday looks like the past open holidays; without any, like a Sunday (or the quietest day). */
function holidayPattern(model: Model): Float64Array {
  if (model.holidayProfile) return model.holidayProfile;
  const shares = dayShares(model.profile);
  let pattern = 0;
  if (!((shares[0] as number) > 0))
    for (let weekday = 1; weekday < 7; weekday++) {
      const share = shares[weekday] as number;
      if (share > 0 && (!((shares[pattern] as number) > 0) || share < (shares[pattern] as number)))
        pattern = weekday;
    }
  return model.profile[pattern] as Float64Array;
}

function eventFactor(model: Model | null, marks: DayMarks | undefined): number {
  let factor = 1;
  for (const event of marks?.events ?? [])
    factor *= event.factor ?? (event.label !== undefined ? (model?.eventFactors.get(event.label) ?? 1) : 1);
  return factor;
}

/** At least the Poisson 80 % band; wider where the history's residuals were wider. */
function band(
  expected: number,
  residualBand: Model['residualBand'],
  effectiveWeeks: number,
): { low: number; high: number } {
  if (!(expected > 0)) return { low: 0, high: 0 };
  let low = poissonQuantile(BAND_LOW, expected);
  let high = poissonQuantile(BAND_HIGH, expected);
  if (residualBand) {
    // The profile is itself a mean of about `effectiveWeeks` weeks, which adds to the spread around it.
    const spread = Math.sqrt(expected * (1 + 1 / effectiveWeeks));
    low = Math.min(low, expected + residualBand.low * spread);
    high = Math.max(high, expected + residualBand.high * spread);
  }
  return { low: Math.max(0, low), high };
}

export function forecastArrivals(input: ForecastInput): Forecast {
  const history = readHistory(input);
  const marks = readMarks(input.marked);
  const model = fitModel(history, marks);
  const open = input.openSlots ?? (() => true);
  const points: ForecastPoint[] = [];
  for (const { date, day } of horizonDays(input.horizon)) {
    const weekday = weekdayOfDayNumber(day);
    const dayMarks = marks.get(day);
    const level = model ? Math.max(0, levelAt(model.line, model.lastDay, day)) : 0;
    const pattern = model
      ? dayMarks?.holiday
        ? holidayPattern(model)
        : (model.profile[weekday] as Float64Array)
      : null;
    const factor = eventFactor(model, dayMarks);
    for (let slot = 0; slot < history.slotsPerDay; slot++) {
      const arrivals = pattern && open(date, slot) ? level * (pattern[slot] as number) * factor : 0;
      const { low, high } = model
        ? band(arrivals, model.residualBand, model.effectiveWeeks)
        : { low: 0, high: 0 };
      const ahtSeconds = model ? handleTimeAt(model.handleTime, weekday, slot) : null;
      points.push({ date, slot, arrivals, ahtSeconds, low, high });
    }
  }
  return {
    points,
    method: FORECAST_METHOD,
    weeksUsed: model?.weeksUsed ?? 0,
    trendPerWeek: model?.line.slope ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Naive baselines
// ---------------------------------------------------------------------------------------------------------

const BASELINE_WEEKS = 4;
const DAYS_PER_YEAR_OF_WEEKS = 364;

/** Naive baselines: 'same-week-last-year' (falls back to last-4-weeks when a year of history is missing) and 'last-4-weeks' (mean of the same weekday & slot over the previous 4 weeks). */
export function baselineForecast(input: ForecastInput, kind: BaselineKind): Forecast {
  if (kind !== 'last-4-weeks' && kind !== 'same-week-last-year')
    throw new RangeError(
      `kind: expected 'last-4-weeks' or 'same-week-last-year', got ${JSON.stringify(kind)}`,
    );
  const history = readHistory(input);
  const open = input.openSlots ?? (() => true);
  const { lastDay, slotsPerDay } = history;
  // The four most recent observed days of each weekday.
  const recent: number[][] = Array.from({ length: 7 }, () => []);
  for (let i = history.observed.length - 1; i >= 0; i--) {
    const day = history.observed[i] as number;
    const sameWeekday = recent[weekdayOfDayNumber(day)] as number[];
    if (sameWeekday.length < BASELINE_WEEKS) sameWeekday.push(day);
  }
  const usedWeeks = new Set<number>();
  let yearAgoDays = 0;
  let fallbackDays = 0;
  const points: ForecastPoint[] = [];
  for (const { date, day } of horizonDays(input.horizon)) {
    const yearAgo = day - DAYS_PER_YEAR_OF_WEEKS;
    const useYearAgo =
      kind === 'same-week-last-year' && lastDay !== null && yearAgo <= lastDay && history.days.has(yearAgo);
    const sources = useYearAgo ? [yearAgo] : (recent[weekdayOfDayNumber(day)] as number[]);
    if (useYearAgo) yearAgoDays++;
    else fallbackDays++;
    for (const source of sources) usedWeeks.add(Math.floor(((lastDay as number) - source) / 7));
    const records = sources.map((source) => history.days.get(source) as DayRecord);
    for (let slot = 0; slot < slotsPerDay; slot++) {
      let arrivals = 0;
      let seconds = 0;
      let handled = 0;
      for (const record of records) {
        arrivals += (record.arrivals[slot] as number) / records.length;
        seconds += record.handleSeconds[slot] as number;
        handled += record.measuredHandled[slot] as number;
      }
      if (!open(date, slot)) arrivals = 0;
      points.push({
        date,
        slot,
        arrivals,
        ahtSeconds: handled > 0 ? seconds / handled : null,
        low: poissonQuantile(BAND_LOW, arrivals),
        high: poissonQuantile(BAND_HIGH, arrivals),
      });
    }
  }
  const method =
    kind === 'last-4-weeks' || yearAgoDays === 0
      ? 'last-4-weeks'
      : fallbackDays === 0
        ? 'same-week-last-year'
        : 'same-week-last-year+last-4-weeks';
  return { points, method, weeksUsed: usedWeeks.size, trendPerWeek: 0 };
}
