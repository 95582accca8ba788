import { describe, expect, test } from 'vitest';
import { accuracy, backtest } from './accuracy.js';
import {
  dateOfDayNumber,
  dayNumberOf,
  type ForecastInput,
  type ForecastPoint,
  forecastArrivals,
  type Observation,
  weekdayOfDayNumber,
} from './forecast.js';

const observation = (date: string, slot: number, arrivals: number): Observation => ({
  date,
  slot,
  arrivals,
  handled: arrivals,
  handleSeconds: null,
});
const point = (date: string, slot: number, arrivals: number): ForecastPoint => ({
  date,
  slot,
  arrivals,
  ahtSeconds: null,
  low: arrivals,
  high: arrivals,
});

describe('accuracy', () => {
  test('WAPE and bias on hand numbers', () => {
    const actual = [
      observation('2026-03-02', 0, 10),
      observation('2026-03-02', 1, 20),
      observation('2026-03-02', 2, 0),
    ];
    const forecast = [point('2026-03-02', 0, 12), point('2026-03-02', 1, 15), point('2026-03-02', 2, 1)];
    // |12 − 10| + |15 − 20| + |1 − 0| = 8 of 30; 28 forecast against 30.
    expect(accuracy(actual, forecast)).toEqual({
      wape: 8 / 30,
      bias: -2 / 30,
      n: 3,
      actual: 30,
      forecast: 28,
    });
  });

  test('only the pairs of the actuals count; one the forecast does not name was forecast as 0', () => {
    const actual = [observation('2026-03-02', 0, 10), observation('2026-03-02', 5, 4)];
    const forecast = [point('2026-03-02', 0, 10), point('2026-03-02', 1, 99)];
    expect(accuracy(actual, forecast)).toEqual({
      wape: 4 / 14,
      bias: -4 / 14,
      n: 2,
      actual: 14,
      forecast: 10,
    });
  });

  test('the repeated hour of a 25-hour day is one pair with the sum of its arrivals', () => {
    const actual = [observation('2026-10-25', 2, 3), observation('2026-10-25', 2, 5)];
    expect(accuracy(actual, [point('2026-10-25', 2, 8)])).toEqual({
      wape: 0,
      bias: 0,
      n: 1,
      actual: 8,
      forecast: 8,
    });
  });

  test('zero actuals give no WAPE and no bias', () => {
    const actual = [observation('2026-03-02', 0, 0), observation('2026-03-02', 1, 0)];
    expect(accuracy(actual, [point('2026-03-02', 0, 3)])).toEqual({
      wape: null,
      bias: null,
      n: 2,
      actual: 0,
      forecast: 3,
    });
    expect(accuracy([], [])).toEqual({ wape: null, bias: null, n: 0, actual: 0, forecast: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// A synthetic contact centre: Poisson arrivals around a weekday pattern that grows 1.5 % a week.
// ---------------------------------------------------------------------------------------------------------

function seededRandom(seed: number): () => number {
  // mulberry32
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(mean: number, random: () => number): number {
  // Knuth's product of uniforms, split into steps of 30 so exp(−mean) never underflows.
  let count = 0;
  for (let left = mean; left > 0; left -= 30) {
    const limit = Math.exp(-Math.min(30, left));
    let product = random();
    while (product > limit) {
      count++;
      product *= random();
    }
  }
  return count;
}

/** Expected arrivals per 30-minute slot: office hours on weekdays, a lighter Saturday, Sunday closed. */
function expectedArrivals(weekday: number, slot: number, week: number): number {
  const hour = slot / 2;
  if (weekday === 0 || hour < 8 || hour >= 20 || (weekday === 6 && (hour < 10 || hour >= 16))) return 0;
  const dayLevel = [0, 1.3, 1.1, 1, 1, 0.9, 0.4][weekday] as number;
  const timeOfDay = hour < 12 ? 1.4 : hour < 14 ? 1.1 : hour < 17 ? 1 : 0.6;
  return 12 * dayLevel * timeOfDay * (1 + 0.015 * week);
}

function contactCentre(weeks: number, seed: number, lastDate = '2026-11-29'): Omit<ForecastInput, 'horizon'> {
  const random = seededRandom(seed);
  const last = dayNumberOf(lastDate);
  const first = last - 7 * weeks + 1;
  const history: Observation[] = [];
  const observedDates: string[] = [];
  for (let day = first; day <= last; day++) {
    const date = dateOfDayNumber(day);
    observedDates.push(date);
    const week = Math.floor((day - first) / 7);
    for (let slot = 0; slot < 48; slot++) {
      const arrivals = poisson(expectedArrivals(weekdayOfDayNumber(day), slot, week), random);
      if (arrivals > 0)
        history.push({
          date,
          slot,
          arrivals,
          handled: arrivals,
          handleSeconds: arrivals * (240 + 60 * random()),
        });
    }
  }
  return { history, observedDates, intervalMinutes: 30, marked: [] };
}

describe('the backtest', () => {
  test('holds back the last full weeks, Monday to Sunday, and learns only from before them', () => {
    // The history ends on a Wednesday: that week is still running and stays out.
    const data = contactCentre(20, 7, '2026-12-02');
    const result = backtest(data, 4);
    expect(result.heldBack).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    const observedSlots = 28 * 48;
    expect(result.method.n).toBe(observedSlots);
    const heldBackArrivals = data.history
      .filter((o) => o.date >= '2026-11-02' && o.date <= '2026-11-29')
      .reduce((sum, o) => sum + o.arrivals, 0);
    expect(result.method.actual).toBe(heldBackArrivals);
    expect(result.lastFourWeeks.actual).toBe(heldBackArrivals);
  });

  test('on a growing series with a weekday pattern, the method beats both naive baselines', () => {
    const data = contactCentre(60, 2026);
    const result = backtest(data, 4);
    expect(result.method.wape).not.toBeNull();
    expect(result.method.wape as number).toBeLessThan(result.lastFourWeeks.wape as number);
    expect(result.method.wape as number).toBeLessThan(result.sameWeekLastYear.wape as number);
    // The baselines trail the growth; the method follows it.
    expect(Math.abs(result.method.bias as number)).toBeLessThan(0.03);
    expect(result.lastFourWeeks.bias as number).toBeLessThan(-0.02);
    expect(result.sameWeekLastYear.bias as number).toBeLessThan(-0.3);
  });

  test('with less than a year of history, same-week-last-year is last-4-weeks', () => {
    const result = backtest(contactCentre(20, 11), 2);
    expect(result.sameWeekLastYear).toEqual(result.lastFourWeeks);
  });

  test('the 80 % band holds about 80 % of what came', () => {
    const data = contactCentre(30, 99);
    const cut = '2026-11-02';
    const forecast = forecastArrivals({
      ...data,
      history: data.history.filter((o) => o.date < cut),
      observedDates: data.observedDates.filter((date) => date < cut),
      horizon: data.observedDates.filter((date) => date >= cut),
    });
    const actual = new Map(data.history.map((o) => [`${o.date}#${o.slot}`, o.arrivals]));
    const open = forecast.points.filter((p) => p.arrivals > 0);
    const inside = open.filter((p) => {
      const arrivals = actual.get(`${p.date}#${p.slot}`) ?? 0;
      return arrivals >= p.low && arrivals <= p.high;
    });
    const coverage = inside.length / open.length;
    expect(coverage).toBeGreaterThan(0.75);
    expect(coverage).toBeLessThan(0.95);
  });

  test('refuses a backtest without history or without weeks', () => {
    const data = contactCentre(6, 1);
    expect(() => backtest(data, 0)).toThrow(/weeks: expected a whole number/);
    expect(() => backtest({ ...data, history: [], observedDates: [] }, 2)).toThrow(
      /history: no observed date/,
    );
  });
});
