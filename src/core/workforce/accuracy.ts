/**
 * How far a forecast was off, and a backtest that shows whether the forecast is worth trusting: the
 * last full weeks of the history are held back, forecast from what came before by the method and by two
 * naive baselines, and each is scored against what happened.
 */
import {
  baselineForecast,
  dateOfDayNumber,
  type ForecastInput,
  type ForecastPoint,
  forecastArrivals,
  type Observation,
  readHistory,
  weekdayOfDayNumber,
} from './forecast.js';

export interface Accuracy {
  wape: number | null;
  bias: number | null;
  /** Distinct (date, slot) pairs scored. */
  n: number;
  actual: number;
  forecast: number;
}

export interface Backtest {
  method: Accuracy;
  lastFourWeeks: Accuracy;
  sameWeekLastYear: Accuracy;
  heldBack: { from: string; to: string };
}

const keyOf = (date: string, slot: number): string => `${date}#${slot}`;

/** WAPE = Σ|f − a| ÷ Σa; bias = (Σf − Σa) ÷ Σa; over the (date, slot) pairs present in actual. */
export function accuracy(actual: Observation[], forecast: ForecastPoint[]): Accuracy {
  const forecastByKey = new Map<string, number>();
  for (const point of forecast) forecastByKey.set(keyOf(point.date, point.slot), point.arrivals);
  // The repeated hour of a 25-hour day arrives as the same pair twice: one actual value.
  const actualByKey = new Map<string, number>();
  for (const observation of actual) {
    const key = keyOf(observation.date, observation.slot);
    actualByKey.set(key, (actualByKey.get(key) ?? 0) + observation.arrivals);
  }
  let actualSum = 0;
  let forecastSum = 0;
  let absoluteError = 0;
  for (const [key, arrivals] of actualByKey) {
    // A pair the forecast does not name was forecast as nothing.
    const forecastArrivals = forecastByKey.get(key) ?? 0;
    actualSum += arrivals;
    forecastSum += forecastArrivals;
    absoluteError += Math.abs(forecastArrivals - arrivals);
  }
  return {
    wape: actualSum > 0 ? absoluteError / actualSum : null,
    bias: actualSum > 0 ? (forecastSum - actualSum) / actualSum : null,
    n: actualByKey.size,
    actual: actualSum,
    forecast: forecastSum,
  };
}

/**
 * Holds back the last `weeks` full weeks of the history, forecasts them from what came before with the
 * method and each baseline, and returns the three accuracies.
 *
 * A full week runs Monday to Sunday, so the held-back weeks end on the last Sunday the history reaches;
 * days after it (a week in progress) are neither forecast nor learnt from. Every slot of an observed
 * held-back day is scored, a quiet one as 0 arrivals; days the history does not cover are not scored.
 * Holidays and events stay marked: the method may use them, the naive baselines do not.
 */
export function backtest(input: Omit<ForecastInput, 'horizon'>, weeks: number): Backtest {
  if (!Number.isInteger(weeks) || weeks < 1)
    throw new RangeError(`weeks: expected a whole number of weeks >= 1, got ${weeks}`);
  const history = readHistory(input);
  if (history.lastDay === null) throw new RangeError('history: no observed date to hold back');
  const lastSunday = history.lastDay - weekdayOfDayNumber(history.lastDay);
  const firstHeldBack = lastSunday - 7 * weeks + 1;
  const from = dateOfDayNumber(firstHeldBack);
  const to = dateOfDayNumber(lastSunday);

  const training: ForecastInput = {
    ...input,
    history: input.history.filter((observation) => observation.date < from),
    observedDates: input.observedDates.filter((date) => date < from),
    horizon: Array.from({ length: 7 * weeks }, (_, i) => dateOfDayNumber(firstHeldBack + i)),
  };
  const actual: Observation[] = [];
  for (let day = firstHeldBack; day <= lastSunday; day++) {
    const record = history.days.get(day);
    if (!record) continue;
    const date = dateOfDayNumber(day);
    for (let slot = 0; slot < history.slotsPerDay; slot++)
      actual.push({
        date,
        slot,
        arrivals: record.arrivals[slot] as number,
        handleSeconds:
          (record.measuredHandled[slot] as number) > 0 ? (record.handleSeconds[slot] as number) : null,
        handled: record.measuredHandled[slot] as number,
      });
  }
  return {
    method: accuracy(actual, forecastArrivals(training).points),
    lastFourWeeks: accuracy(actual, baselineForecast(training, 'last-4-weeks').points),
    sameWeekLastYear: accuracy(actual, baselineForecast(training, 'same-week-last-year').points),
    heldBack: { from, to },
  };
}
