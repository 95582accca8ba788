import { describe, expect, test } from 'vitest';
import {
  baselineForecast,
  dateOfDayNumber,
  dayNumberOf,
  type ForecastInput,
  type ForecastPoint,
  forecastArrivals,
  type MarkedDay,
  type Observation,
  poissonQuantile,
  weekdayOfDayNumber,
} from './forecast.js';

// 2026-01-05 is a Monday; with 60-minute intervals a day has 24 slots.
const START = '2026-01-05';
const SLOTS = 24;

interface Series {
  history: Observation[];
  observedDates: string[];
}

/** `weeks` whole weeks from START, every day observed, arrivals from `arrivalsAt` (0 left out). */
function series(
  weeks: number,
  arrivalsAt: (day: number, weekday: number, slot: number) => number,
  handleSecondsPerContact: (weekday: number, slot: number) => number | null = () => null,
): Series {
  const first = dayNumberOf(START);
  const history: Observation[] = [];
  const observedDates: string[] = [];
  for (let day = first; day < first + 7 * weeks; day++) {
    const date = dateOfDayNumber(day);
    observedDates.push(date);
    for (let slot = 0; slot < SLOTS; slot++) {
      const arrivals = arrivalsAt(day - first, weekdayOfDayNumber(day), slot);
      if (arrivals === 0) continue;
      const perContact = handleSecondsPerContact(weekdayOfDayNumber(day), slot);
      history.push({
        date,
        slot,
        arrivals,
        handled: arrivals,
        handleSeconds: perContact === null ? null : perContact * arrivals,
      });
    }
  }
  return { history, observedDates };
}

function daysAfter(data: Series, count: number, skip = 0): string[] {
  const last = dayNumberOf(data.observedDates.at(-1) as string);
  return Array.from({ length: count }, (_, i) => dateOfDayNumber(last + 1 + skip + i));
}

function input(data: Series, horizon: string[], extra: Partial<ForecastInput> = {}): ForecastInput {
  return { ...data, intervalMinutes: 60, horizon, marked: [], ...extra };
}

function at(points: ForecastPoint[], date: string, slot: number): ForecastPoint {
  const point = points.find((p) => p.date === date && p.slot === slot);
  if (!point) throw new Error(`no forecast for ${date} slot ${slot}`);
  return point;
}

/** Office hours 08:00–18:00 with a late-morning peak; quieter on Fridays, a trickle at the weekend. */
function weekdayPattern(weekday: number, slot: number): number {
  if (weekday === 0 || weekday === 6) return slot >= 10 && slot < 14 ? 2 : 0;
  if (slot < 8 || slot >= 18) return 0;
  const peak = slot === 10 || slot === 11 ? 3 : 1;
  return (weekday === 5 ? 6 : 10) * peak + weekday;
}

describe('the forecast of arrivals', () => {
  test('a flat series forecasts flat', () => {
    const data = series(10, () => 10);
    const forecast = forecastArrivals(input(data, daysAfter(data, 14)));
    expect(forecast.points).toHaveLength(14 * SLOTS);
    for (const point of forecast.points) expect(point.arrivals).toBeCloseTo(10, 9);
    expect(forecast.trendPerWeek).toBeCloseTo(0, 9);
    expect(forecast.weeksUsed).toBe(10);
    expect(forecast.method).toBe('weekday-profile-trend');
  });

  test('a pure weekday and time-of-day pattern is reproduced exactly', () => {
    const data = series(8, (_, weekday, slot) => weekdayPattern(weekday, slot));
    const horizon = daysAfter(data, 7);
    const { points } = forecastArrivals(input(data, horizon));
    for (const point of points) {
      const weekday = weekdayOfDayNumber(dayNumberOf(point.date));
      expect(point.arrivals).toBeCloseTo(weekdayPattern(weekday, point.slot), 9);
    }
  });

  test('a linear trend is followed, and the pattern kept under it', () => {
    // The week grows by 3 % of its first level every week, spread over the days by the pattern.
    const growth = (day: number) => 1 + (0.03 * day) / 7;
    const data = series(12, (day, weekday, slot) => weekdayPattern(weekday, slot) * growth(day));
    const horizon = daysAfter(data, 14);
    const forecast = forecastArrivals(input(data, horizon));
    const first = dayNumberOf(START);
    for (const point of forecast.points) {
      const day = dayNumberOf(point.date);
      const expected = weekdayPattern(weekdayOfDayNumber(day), point.slot) * growth(day - first);
      expect(point.arrivals).toBeCloseTo(expected, 6);
    }
    const weekTotal = Array.from({ length: 7 }, (_, weekday) =>
      Array.from({ length: SLOTS }, (_, slot) => weekdayPattern(weekday, slot)).reduce((a, b) => a + b, 0),
    ).reduce((a, b) => a + b, 0);
    expect(forecast.trendPerWeek).toBeCloseTo(0.03 * weekTotal, 6);
  });

  test('a decline does not forecast fewer than no arrivals', () => {
    const data = series(8, (day) => Math.max(0, 50 - day));
    const forecast = forecastArrivals(input(data, daysAfter(data, 7, 28)));
    expect(forecast.trendPerWeek).toBeLessThan(0);
    for (const point of forecast.points) {
      expect(point.arrivals).toBe(0);
      expect(point.low).toBe(0);
    }
  });

  test('a holiday in the history does not dent the profile', () => {
    const holiday = '2026-02-02'; // a Monday, closed: no arrivals that day
    const data = series(8, (day, weekday, slot) =>
      dateOfDayNumber(dayNumberOf(START) + day) === holiday ? 0 : weekdayPattern(weekday, slot),
    );
    const monday = daysAfter(data, 1); // the history ends on a Sunday
    const marked: MarkedDay[] = [{ date: holiday, kind: 'holiday', label: 'Groundhog day' }];
    const kept = forecastArrivals(input(data, monday, { marked }));
    for (const point of kept.points) expect(point.arrivals).toBeCloseTo(weekdayPattern(1, point.slot), 9);
    // Unmarked, the empty Monday pulls the Mondays down: the test above would notice a leak.
    const dented = forecastArrivals(input(data, monday));
    expect(at(dented.points, monday[0] as string, 10).arrivals).toBeLessThan(weekdayPattern(1, 10) - 0.5);
  });

  test('a holiday in the horizon is 0 when the calendar closes it, else like past open holidays or a Sunday', () => {
    const data = series(8, (_, weekday, slot) => weekdayPattern(weekday, slot));
    const [monday] = daysAfter(data, 1) as [string];
    const marked: MarkedDay[] = [{ date: monday, kind: 'holiday' }];
    const closed = forecastArrivals(input(data, [monday], { marked, openSlots: (date) => date !== monday }));
    for (const point of closed.points) expect(point.arrivals).toBe(0);
    const open = forecastArrivals(input(data, [monday], { marked }));
    for (const point of open.points) expect(point.arrivals).toBeCloseTo(weekdayPattern(0, point.slot), 9);

    // A past open holiday that ran at half a Saturday's rate over the whole day: the next one does the same.
    const pastHoliday = '2026-02-04'; // a Wednesday
    const withHoliday = series(8, (day, weekday, slot) =>
      dateOfDayNumber(dayNumberOf(START) + day) === pastHoliday ? 4 : weekdayPattern(weekday, slot),
    );
    const likePast = forecastArrivals(
      input(withHoliday, [monday], { marked: [...marked, { date: pastHoliday, kind: 'holiday' }] }),
    );
    for (const point of likePast.points) expect(point.arrivals).toBeCloseTo(4, 9);
  });

  test('an event multiplies by its factor, or by what past events of its label did', () => {
    const sale = '2026-02-12'; // a Thursday with twice the usual arrivals
    const data = series(
      8,
      (day, weekday, slot) =>
        (dateOfDayNumber(dayNumberOf(START) + day) === sale ? 2 : 1) * weekdayPattern(weekday, slot),
    );
    const [, tuesday, wednesday, thursday] = daysAfter(data, 4) as [string, string, string, string];
    const marked: MarkedDay[] = [
      { date: sale, kind: 'event', label: 'sale' },
      { date: tuesday, kind: 'event', factor: 1.5, label: 'mailing' },
      { date: wednesday, kind: 'event', label: 'sale' },
      { date: thursday, kind: 'event', label: 'something new' },
    ];
    const { points } = forecastArrivals(input(data, [tuesday, wednesday, thursday], { marked }));
    for (let slot = 0; slot < SLOTS; slot++) {
      expect(at(points, tuesday, slot).arrivals).toBeCloseTo(1.5 * weekdayPattern(2, slot), 9);
      expect(at(points, wednesday, slot).arrivals).toBeCloseTo(2 * weekdayPattern(3, slot), 9);
      // A new label has no past to learn from (and the past sale left the Thursdays as they were).
      expect(at(points, thursday, slot).arrivals).toBeCloseTo(weekdayPattern(4, slot), 9);
    }
  });

  test('closed slots forecast 0', () => {
    const data = series(6, () => 5);
    const horizon = daysAfter(data, 7);
    const openSlots = (date: string, slot: number) =>
      weekdayOfDayNumber(dayNumberOf(date)) !== 0 && slot >= 9 && slot < 17;
    const { points } = forecastArrivals(input(data, horizon, { openSlots }));
    for (const point of points) {
      const open = openSlots(point.date, point.slot);
      expect(point.arrivals).toBeCloseTo(open ? 5 : 0, 9);
      if (!open) expect([point.low, point.high]).toEqual([0, 0]);
    }
  });

  test('a day left out of observedDates is missing, not quiet', () => {
    const full = series(8, () => 6);
    // Monday to Wednesday of the sixth week were not imported.
    const gapWeek = new Set(full.observedDates.slice(35, 38));
    const missing: Series = {
      history: full.history.filter((o) => !gapWeek.has(o.date)),
      observedDates: full.observedDates.filter((date) => !gapWeek.has(date)),
    };
    const horizon = daysAfter(full, 7);
    for (const point of forecastArrivals(input(missing, horizon)).points)
      expect(point.arrivals).toBeCloseTo(6, 9);
    const quiet: Series = { ...missing, observedDates: full.observedDates };
    expect(at(forecastArrivals(input(quiet, horizon)).points, horizon[0] as string, 0).arrivals).toBeLessThan(
      5.9,
    );
  });

  test('a 23-hour and a 25-hour day do not break it: the repeated hour adds up, the skipped one is absent', () => {
    const data = series(6, () => 4);
    const springForward = '2026-01-25';
    const fallBack = '2026-02-01';
    const history = data.history
      .filter((o) => !(o.date === springForward && o.slot === 2))
      .concat([{ date: fallBack, slot: 2, arrivals: 4, handled: 4, handleSeconds: null }]);
    const forecast = forecastArrivals(input({ ...data, history }, daysAfter(data, 7)));
    expect(forecast.points).toHaveLength(7 * SLOTS);
    for (const point of forecast.points) {
      expect(Number.isFinite(point.arrivals)).toBe(true);
      if (point.slot !== 2) expect(point.arrivals).toBeCloseTo(4, 2);
    }
    // Both Sundays sit in slot 2: one with 0 arrivals, one with 8.
    const sunday = forecast.points.find((p) => p.slot === 2 && weekdayOfDayNumber(dayNumberOf(p.date)) === 0);
    expect(sunday?.arrivals).not.toBeCloseTo(4, 3);
  });

  test('a single observed day is taken for every day of the week', () => {
    const tuesday: Series = {
      history: Array.from({ length: SLOTS }, (_, slot) => ({
        date: '2026-03-03',
        slot,
        arrivals: slot,
        handled: slot,
        handleSeconds: null,
      })),
      observedDates: ['2026-03-03'],
    };
    const forecast = forecastArrivals(input(tuesday, ['2026-03-04', '2026-03-08']));
    for (const point of forecast.points) expect(point.arrivals).toBeCloseTo(point.slot, 9);
    expect(forecast.weeksUsed).toBe(1);
  });

  test('an empty history forecasts nothing, without failing', () => {
    const forecast = forecastArrivals(input({ history: [], observedDates: [] }, ['2026-03-02']));
    expect(forecast.points).toHaveLength(SLOTS);
    expect(forecast.points.every((p) => p.arrivals === 0 && p.ahtSeconds === null)).toBe(true);
    expect(forecast.weeksUsed).toBe(0);
  });

  test('impossible input names its field', () => {
    const data = series(1, () => 1);
    expect(() => forecastArrivals(input(data, ['2026-02-30']))).toThrow(/horizon\[0\].*2026-02-30/);
    const badSlot = {
      ...data,
      history: [{ date: START, slot: 24, arrivals: 1, handled: 1, handleSeconds: null }],
    };
    expect(() => forecastArrivals(input(badSlot, []))).toThrow(
      /history\[0\]\.slot: expected an integer 0\.\.23/,
    );
    const negative = {
      ...data,
      history: [{ date: START, slot: 1, arrivals: -1, handled: 0, handleSeconds: null }],
    };
    expect(() => forecastArrivals(input(negative, []))).toThrow(/history\[0\]\.arrivals/);
    expect(() => forecastArrivals({ ...input(data, []), intervalMinutes: 20 as 15 })).toThrow(
      /intervalMinutes/,
    );
    expect(() =>
      forecastArrivals(input(data, [], { marked: [{ date: START, kind: 'event', factor: -2 }] })),
    ).toThrow(/marked\[0\]\.factor/);
  });
});

describe('the forecast of handle time', () => {
  test('is the weighted handle time per contact of the slot, else of the weekday, else of all', () => {
    // 180 s a contact in the morning, 240 s after noon; on Saturdays nothing is measured.
    const data = series(
      8,
      (_, weekday) => (weekday === 0 ? 0 : 50),
      (weekday, slot) => (weekday === 6 ? null : slot < 12 ? 180 : 240),
    );
    const horizon = daysAfter(data, 7);
    const { points } = forecastArrivals(input(data, horizon));
    const monday = horizon[0] as string;
    // Each slot keeps its own value, shrunk a little towards its weekday's 210 s.
    expect(at(points, monday, 9).ahtSeconds).toBeGreaterThan(180);
    expect(at(points, monday, 9).ahtSeconds).toBeLessThan(181);
    expect(at(points, monday, 15).ahtSeconds).toBeLessThan(240);
    expect(at(points, monday, 15).ahtSeconds).toBeGreaterThan(239);
    // Sunday has no contacts: its weekday falls back to the overall mean (half the slots at each value).
    const sunday = horizon[6] as string;
    expect(at(points, sunday, 9).ahtSeconds).toBeCloseTo(210, 6);
    expect(at(points, horizon[5] as string, 9).ahtSeconds).toBeCloseTo(210, 6);

    const unmeasured = series(2, () => 3);
    expect(forecastArrivals(input(unmeasured, daysAfter(unmeasured, 1))).points[0]?.ahtSeconds).toBeNull();
  });

  test('recent weeks count more than old ones', () => {
    const data = series(
      12,
      () => 20,
      () => null,
    );
    const first = dayNumberOf(START);
    const history = data.history.map((o) => ({
      ...o,
      // 300 s a contact in the first 8 weeks, 200 s in the last 4.
      handleSeconds: o.arrivals * (dayNumberOf(o.date) - first < 56 ? 300 : 200),
    }));
    const { points } = forecastArrivals(input({ ...data, history }, daysAfter(data, 1)));
    const aht = points[10]?.ahtSeconds as number;
    // Unweighted the mean would be 267; with a 4-week half-life the last 4 weeks carry over half the weight.
    expect(aht).toBeGreaterThan(200);
    expect(aht).toBeLessThan(250);
  });
});

describe('the prediction band', () => {
  test('holds the forecast and is at least as wide as Poisson', () => {
    const data = series(8, (_, weekday, slot) => weekdayPattern(weekday, slot));
    const { points } = forecastArrivals(input(data, daysAfter(data, 7)));
    for (const point of points) {
      expect(point.low).toBeLessThanOrEqual(point.arrivals);
      expect(point.high).toBeGreaterThanOrEqual(point.arrivals);
      expect(point.low).toBeLessThanOrEqual(poissonQuantile(0.1, point.arrivals));
      expect(point.high).toBeGreaterThanOrEqual(poissonQuantile(0.9, point.arrivals));
    }
  });

  test('widens when the history scatters more than Poisson', () => {
    // Alternating weeks at 0.5× and 1.5× the pattern: far more spread than Poisson around the mean.
    const data = series(
      8,
      (day, weekday, slot) => (Math.floor(day / 7) % 2 ? 1.5 : 0.5) * 10 * weekdayPattern(weekday, slot),
    );
    const { points } = forecastArrivals(input(data, daysAfter(data, 1)));
    const peak = points[10] as ForecastPoint;
    expect(peak.high - peak.low).toBeGreaterThan(
      2 * (poissonQuantile(0.9, peak.arrivals) - poissonQuantile(0.1, peak.arrivals)),
    );
  });

  test('Poisson quantiles match hand-computed values, also past the exact sum', () => {
    expect(poissonQuantile(0.1, 0)).toBe(0);
    expect(poissonQuantile(0.9, 1)).toBe(2); // P(X ≤ 1) = 0.736, P(X ≤ 2) = 0.920
    expect(poissonQuantile(0.1, 10)).toBe(6); // P(X ≤ 5) = 0.067, P(X ≤ 6) = 0.130
    expect(poissonQuantile(0.9, 10)).toBe(14); // P(X ≤ 13) = 0.864, P(X ≤ 14) = 0.917
    expect(poissonQuantile(0.9, 500)).toBe(529);
    expect(poissonQuantile(0.9, 10_000)).toBeGreaterThanOrEqual(10_128);
    expect(poissonQuantile(0.9, 10_000)).toBeLessThanOrEqual(10_129);
  });
});

describe('the naive baselines', () => {
  test('last-4-weeks is the mean of the same weekday and slot over the last four weeks', () => {
    const data = series(6, (day) => Math.floor(day / 7) + 1); // week 1 → 1 a slot, …, week 6 → 6
    const horizon = daysAfter(data, 7);
    const forecast = baselineForecast(input(data, horizon), 'last-4-weeks');
    for (const point of forecast.points) expect(point.arrivals).toBeCloseTo((3 + 4 + 5 + 6) / 4, 12);
    expect(forecast.method).toBe('last-4-weeks');
    expect(forecast.weeksUsed).toBe(4);
    expect(forecast.trendPerWeek).toBe(0);
  });

  test('same-week-last-year takes the day 52 weeks back, and the last four weeks where a year is missing', () => {
    const data = series(54, (day) => (day < 7 ? 100 : 1));
    // 52 weeks after the first week: the first week of the history is a year back.
    const yearOn = Array.from({ length: 7 }, (_, i) => dateOfDayNumber(dayNumberOf(START) + 364 + i));
    // The week after: its year-ago week was never imported.
    const beyond = Array.from({ length: 7 }, (_, i) => dateOfDayNumber(dayNumberOf(START) + 371 + i));
    const notImported = new Set(data.observedDates.slice(7, 14));
    const kept = (date: string) => date < (yearOn[0] as string) && !notImported.has(date);
    const history = data.history.filter((o) => kept(o.date));
    const observedDates = data.observedDates.filter(kept);
    const forecast = baselineForecast(
      input({ history, observedDates }, [...yearOn, ...beyond]),
      'same-week-last-year',
    );
    expect(forecast.method).toBe('same-week-last-year+last-4-weeks');
    for (const point of forecast.points) expect(point.arrivals).toBe(yearOn.includes(point.date) ? 100 : 1);
    const short = series(10, () => 2);
    expect(baselineForecast(input(short, daysAfter(short, 7)), 'same-week-last-year').method).toBe(
      'last-4-weeks',
    );
  });

  test('closed slots are 0 in the baselines too', () => {
    const data = series(4, () => 3);
    const { points } = baselineForecast(
      input(data, daysAfter(data, 1), { openSlots: (_, slot) => slot >= 8 }),
      'last-4-weeks',
    );
    expect(points.map((p) => p.arrivals)).toEqual(
      Array.from({ length: SLOTS }, (_, slot) => (slot >= 8 ? 3 : 0)),
    );
  });
});
