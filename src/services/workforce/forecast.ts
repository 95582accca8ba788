/**
 * The forecast of a channel as the dashboard and the command line show it: the actual arrivals of the
 * last weeks and the forecast from the current week on, per interval of the team calendar's local
 * day, with the forecast's accuracy on the last four full weeks held back (WAPE and bias, beside the
 * naive same-week-last-year and last-4-weeks baselines).
 *
 * The forecast learns only from the days before the week it starts in, so the current week's actual
 * arrivals can be set against a forecast that did not see them. Queued channels (phone, chat) are
 * forecast in the opening hours only; written ones (e-mail, social) around the clock, since
 * messages arrive whether the team is in or not.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../../core/engine.js';
import { backtest } from '../../core/workforce/accuracy.js';
import {
  type Forecast,
  type ForecastInput,
  forecastArrivals,
  type IntervalMinutes,
  type Observation,
} from '../../core/workforce/forecast.js';
import type { ForecastView, StaffedChannel, WorkforceSettings } from './contract.js';
import {
  addDays,
  type ChannelHistory,
  channelHistory,
  localDateOf,
  localInstant,
  markedDaysFor,
  mondayOf,
  openSlotsOf,
  teamCalendar,
} from './series.js';
import { getWorkforceSettings } from './settings.js';

/** Days of history read before the first forecast day: the profile's 26 weeks, last year's same week and its events. */
const HISTORY_DAYS = 58 * 7;
/** Full weeks held back to measure the accuracy. */
const HELD_BACK_WEEKS = 4;

export const isQueuedChannel = (channel: StaffedChannel) => channel === 'phone' || channel === 'chat';

export interface ChannelForecast {
  forecast: Forecast;
  /** Every observation read, the training ones and those after (up to `until`). */
  history: ChannelHistory;
  /** What the forecast learnt from (no horizon), for a backtest. */
  training: Omit<ForecastInput, 'horizon'>;
  /** Opening hours with holidays and closed days shut. */
  open: (date: string, slot: number) => boolean;
}

/**
 * Forecasts `horizon` (local dates) from the history before the local date `learnUntil`, reading
 * the observations up to the instant `readUntil`.
 */
export async function channelForecast(
  engine: Engine,
  query: {
    channel: StaffedChannel;
    intervalMinutes: IntervalMinutes;
    teamId?: string | null;
    horizon: string[];
    learnUntil: string;
    readUntil: Date;
    settings: WorkforceSettings;
  },
): Promise<ChannelForecast> {
  const calendar = await teamCalendar(engine, query.teamId);
  const from = localInstant(calendar.timezone, addDays(query.learnUntil, -HISTORY_DAYS), 0);
  const history = await channelHistory(engine, {
    channel: query.channel,
    intervalMinutes: query.intervalMinutes,
    from,
    to: query.readUntil,
    teamId: query.teamId ?? null,
    writtenReplyMinutes: query.settings.writtenReplyMinutes,
  });
  const { marked, closed } = await markedDaysFor(engine, calendar, query.channel);
  const open = openSlotsOf(calendar, query.intervalMinutes, closed);
  const training: Omit<ForecastInput, 'horizon'> = {
    history: history.observations.filter((o) => o.date < query.learnUntil),
    observedDates: history.observedDates.filter((date) => date < query.learnUntil),
    intervalMinutes: query.intervalMinutes,
    marked,
    ...(isQueuedChannel(query.channel) ? { openSlots: open } : {}),
  };
  const forecast = forecastArrivals({ ...training, horizon: query.horizon });
  return { forecast, history, training, open };
}

export interface LocalSlot {
  date: string;
  slot: number;
  /** 'YYYY-MM-DDTHH:MM', the wall clock. */
  local: string;
  start: Date;
}

/**
 * The slots of local dates, in order. A slot whose wall-clock start does not exist (the hour skipped
 * in spring) is left out; the hour repeated in autumn is one slot, holding both hours' arrivals.
 */
export function localSlots(
  zone: string,
  dates: readonly string[],
  intervalMinutes: IntervalMinutes,
): LocalSlot[] {
  const slots: LocalSlot[] = [];
  const perDay = (24 * 60) / intervalMinutes;
  for (const date of dates)
    for (let slot = 0; slot < perDay; slot++) {
      const minutes = slot * intervalMinutes;
      const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const start = localInstant(zone, date, minutes);
      if (DateTime.fromJSDate(start, { zone }).toFormat('HH:mm') !== clock) continue;
      slots.push({ date, slot, local: `${date}T${clock}`, start });
    }
  return slots;
}

const accuracyOf = (a: { wape: number | null; bias: number | null }) => ({ wape: a.wape, bias: a.bias });

export async function forecastView(
  engine: Engine,
  query: {
    channel: StaffedChannel;
    intervalMinutes?: IntervalMinutes;
    weeksBack?: number;
    weeksAhead?: number;
    teamId?: string | null;
    now: Date;
  },
): Promise<ForecastView> {
  const settings = await getWorkforceSettings(engine);
  const intervalMinutes = query.intervalMinutes ?? settings.intervalMinutes;
  const weeksBack = Math.max(0, Math.floor(query.weeksBack ?? 4));
  const weeksAhead = Math.max(1, Math.floor(query.weeksAhead ?? 2));
  const calendar = await teamCalendar(engine, query.teamId);
  const zone = calendar.timezone;
  const weekStart = mondayOf(localDateOf(zone, query.now));
  const horizon = Array.from({ length: 7 * weeksAhead }, (_, i) => addDays(weekStart, i));
  const { forecast, history, training } = await channelForecast(engine, {
    channel: query.channel,
    intervalMinutes,
    teamId: query.teamId ?? null,
    horizon,
    learnUntil: weekStart,
    readUntil: query.now,
    settings,
  });

  const actualByKey = new Map<string, Observation>();
  for (const o of history.observations) {
    const key = `${o.date}#${o.slot}`;
    const known = actualByKey.get(key);
    if (!known) actualByKey.set(key, { ...o });
    else {
      known.arrivals += o.arrivals;
      known.handled += o.handled;
      known.handleSeconds =
        known.handleSeconds === null && o.handleSeconds === null
          ? null
          : (known.handleSeconds ?? 0) + (o.handleSeconds ?? 0);
    }
  }
  const forecastByKey = new Map(forecast.points.map((p) => [`${p.date}#${p.slot}`, p]));
  const firstObserved = history.observedDates[0] ?? null;
  const dates = Array.from({ length: 7 * (weeksBack + weeksAhead) }, (_, i) =>
    addDays(weekStart, i - 7 * weeksBack),
  );
  const series = localSlots(zone, dates, intervalMinutes).map((s) => {
    const key = `${s.date}#${s.slot}`;
    const actual = actualByKey.get(key);
    const point = forecastByKey.get(key);
    const observed = firstObserved !== null && s.date >= firstObserved && s.start < query.now;
    const actualAht =
      actual && actual.handled > 0 && actual.handleSeconds !== null
        ? actual.handleSeconds / actual.handled
        : null;
    return {
      start: s.start.toISOString(),
      local: s.local,
      actual: observed ? (actual?.arrivals ?? 0) : null,
      forecast: point ? point.arrivals : null,
      low: point ? point.low : null,
      high: point ? point.high : null,
      ahtSeconds: point ? point.ahtSeconds : actualAht,
    };
  });

  let accuracy: ForecastView['accuracy'] = {
    heldBack: null,
    method: { wape: null, bias: null },
    lastFourWeeks: { wape: null, bias: null },
    sameWeekLastYear: { wape: null, bias: null },
  };
  if (training.observedDates.length > 0) {
    const tested = backtest(training, HELD_BACK_WEEKS);
    accuracy = {
      heldBack: tested.heldBack,
      method: accuracyOf(tested.method),
      lastFourWeeks: accuracyOf(tested.lastFourWeeks),
      sameWeekLastYear: accuracyOf(tested.sameWeekLastYear),
    };
  }
  return {
    channel: query.channel,
    timezone: zone,
    intervalMinutes,
    method: forecast.method,
    series,
    accuracy,
  };
}
