import type { QUEUE_MODELS, StaffingInterval, StaffingTarget, StaffingWeek, WhatIf } from './api.js';
import { weekDays } from './schedule-grid.js';

/**
 * The staffing week as the heatmap lays it out: rows are the times of day, columns the seven days
 * of the week, each cell one interval. Pure, so the layout, the marks and the what-if's reading of
 * the form are tested without a browser.
 */

export type StaffingTone = StaffingInterval['staffing'] | 'none';

/**
 * Each state has a colour and a mark of its own, so it reads without telling colours apart:
 * blue/orange (the pair colour-blind readers separate best) for over/under, the mark in the text.
 */
export const TONE_MARK: Record<StaffingTone, string> = {
  under: '▼',
  ok: '✓',
  over: '▲',
  closed: '',
  none: '',
};

export interface HeatCell {
  /** Local date and wall-clock time of the slot. */
  day: string;
  time: string;
  interval: StaffingInterval | null;
  tone: StaffingTone;
}

export interface HeatRow {
  time: string;
  cells: HeatCell[];
}

export interface HeatDay {
  day: string;
  requiredHours: number;
  scheduledHours: number;
  under: number;
  over: number;
  forecastArrivals: number;
}

export interface Heatmap {
  days: string[];
  rows: HeatRow[];
  totals: HeatDay[];
}

/**
 * The week's intervals by local day and time. Rows run from the first to the last time of day that
 * is open on some day (every row when nothing is open), so a night the team is closed all week does
 * not fill the page. The repeated hour of an autumn clock change keeps its first interval.
 */
export function staffingHeatmap(
  week: Pick<StaffingWeek, 'weekStart' | 'intervalMinutes' | 'intervals'>,
): Heatmap {
  const days = weekDays(week.weekStart.slice(0, 10));
  const bySlot = new Map<string, StaffingInterval>();
  const times = new Set<string>();
  const openTimes = new Set<string>();
  for (const interval of week.intervals) {
    const day = interval.local.slice(0, 10);
    const time = interval.local.slice(11, 16);
    const key = `${day}T${time}`;
    if (!bySlot.has(key)) bySlot.set(key, interval);
    times.add(time);
    if (interval.open) openTimes.add(time);
  }
  let sorted = [...times].sort();
  if (openTimes.size > 0) {
    const open = [...openTimes].sort();
    const first = open[0] ?? '';
    const last = open[open.length - 1] ?? '';
    sorted = sorted.filter((t) => t >= first && t <= last);
  }
  const hours = week.intervalMinutes / 60;
  const totals: HeatDay[] = days.map((day) => ({
    day,
    requiredHours: 0,
    scheduledHours: 0,
    under: 0,
    over: 0,
    forecastArrivals: 0,
  }));
  for (const interval of bySlot.values()) {
    const total = totals[days.indexOf(interval.local.slice(0, 10))];
    if (!total) continue;
    total.requiredHours += interval.requiredScheduled * hours;
    total.scheduledHours += interval.scheduled * hours;
    total.forecastArrivals += interval.forecastArrivals;
    if (interval.staffing === 'under') total.under += 1;
    if (interval.staffing === 'over') total.over += 1;
  }
  const rows = sorted.map((time) => ({
    time,
    cells: days.map((day): HeatCell => {
      const interval = bySlot.get(`${day}T${time}`) ?? null;
      return { day, time, interval, tone: interval ? interval.staffing : 'none' };
    }),
  }));
  return { days, rows, totals };
}

/** Agents in a cell, as few characters as a narrow cell holds: whole numbers, else one decimal. */
export function agentsText(n: number | null, format: (n: number, digits: number) => string): string {
  if (n === null) return '–';
  return format(n, Number.isInteger(n) ? 0 : 1);
}

/** The what-if panel's fields as typed (empty: not changed). */
export interface WhatIfForm {
  volumePercent: string;
  handleTimePercent: string;
  patienceSeconds: string;
  /** `80/20`: the share in percent and the seconds. */
  serviceLevel: string;
  /** Percent of paid time. */
  shrinkagePercent: string;
  model: '' | (typeof QUEUE_MODELS)[number];
}

export const EMPTY_WHAT_IF: WhatIfForm = {
  volumePercent: '',
  handleTimePercent: '',
  patienceSeconds: '',
  serviceLevel: '',
  shrinkagePercent: '',
  model: '',
};

export type WhatIfField = Exclude<keyof WhatIfForm, 'model'>;

/** `80/20` (or `80 / 20`, `80%/20s`) as a service-level target; null when it is not one. */
export function parseServiceLevel(text: string): Extract<StaffingTarget, { kind: 'service-level' }> | null {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*%?\s*\/\s*(\d+)\s*s?\s*$/.exec(text);
  if (!match) return null;
  const percent = Number((match[1] ?? '').replace(',', '.'));
  const seconds = Number(match[2]);
  if (!(percent > 0 && percent < 100) || !(seconds > 0)) return null;
  return { kind: 'service-level', share: percent / 100, seconds };
}

function numberOf(text: string): number | null {
  const value = Number(text.trim().replace(',', '.').replace('−', '-'));
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * The what-if as the API takes it, and the fields that do not read as their kind; a field left
 * empty changes nothing, one that does not read is left out rather than guessed.
 */
export function whatIfOf(form: WhatIfForm): { whatIf: WhatIf; invalid: WhatIfField[] } {
  const whatIf: WhatIf = {};
  const invalid: WhatIfField[] = [];
  const read = (field: WhatIfField, accept: (n: number) => boolean, apply: (n: number) => void) => {
    if (form[field].trim() === '') return;
    const n = numberOf(form[field]);
    if (n === null || !accept(n)) invalid.push(field);
    else apply(n);
  };
  read(
    'volumePercent',
    (n) => n >= -90 && n <= 500,
    (n) => {
      if (n !== 0) whatIf.volumePercent = n;
    },
  );
  read(
    'handleTimePercent',
    (n) => n >= -90 && n <= 500,
    (n) => {
      if (n !== 0) whatIf.handleTimePercent = n;
    },
  );
  read(
    'patienceSeconds',
    (n) => n > 0 && n <= 86_400,
    (n) => {
      whatIf.patienceSeconds = n;
    },
  );
  read(
    'shrinkagePercent',
    (n) => n >= 0 && n < 100,
    (n) => {
      whatIf.shrinkage = n / 100;
    },
  );
  if (form.serviceLevel.trim() !== '') {
    const target = parseServiceLevel(form.serviceLevel);
    if (target) whatIf.target = target;
    else invalid.push('serviceLevel');
  }
  if (form.model) whatIf.model = form.model;
  return { whatIf, invalid };
}
