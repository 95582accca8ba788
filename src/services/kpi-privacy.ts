/**
 * Which of an agent's team values could be set against each other to give one colleague's figure.
 *
 * A value shown to an agent is a sum over local days of their team's rows. Each day is split into
 * parts as finely as the query divides it (see `dayDivision`): whole, by every combination of the
 * dimensions, or also by the hour of day. A value is withheld when any day it covers has a part whose
 * rows belong to exactly one colleague. So every value shown is made of parts that each cover no
 * colleague or at least two, and no difference of shown values — over nested ranges, filters, groups
 * or the previous period — can single out a part, hence a colleague.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../core/engine.js';
import { compileOneAgentDays, type DayDivision, oneAgentColumn } from '../core/kpi/compile.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import { localToUtc, periodKey, periodKeyFromEngine } from '../core/kpi/periods.js';
import type { KpiQuery } from '../core/kpi/query.js';

/**
 * How finely the query divides a day: an hour-of-day group (or grain) splits it by hour; a filter or group on
 * any dimension but the team splits it by the dimensions. All dimensions, not just the query's:
 * values over different dimensions can be set against each other too (a topic handled on only one
 * channel, say).
 */
export function dayDivision(query: Pick<KpiQuery, 'by' | 'filters' | 'grain'>): DayDivision {
  if (query.by.includes('hour_of_day') || query.grain === 'hour') return 'hours';
  const divides = (dimension: string) => dimension !== 'team' && dimension !== 'weekday';
  if (query.by.some(divides) || Object.keys(query.filters).some(divides)) return 'dimensions';
  return 'day';
}

/**
 * Per KPI, the local days (`yyyy-MM-dd`) of [from, to) on which a part of the team's rows (see
 * `dayDivision`) covers exactly one agent other than `viewer`.
 */
export async function oneColleagueDays(
  engine: Engine,
  query: KpiQuery,
  kpis: readonly KpiDefinition[],
  range: { from: string; to: string },
  viewer: string,
): Promise<Map<string, Set<string>>> {
  const utc = {
    fromUtc: localToUtc(range.from, query.timezone),
    toUtc: localToUtc(range.to, query.timezone),
  };
  const days = new Map<string, Set<string>>();
  for (const unit of compileOneAgentDays(kpis, query, engine.dialect, utc, viewer, dayDivision(query))) {
    for (const row of await engine.all(unit.sql)) {
      const day = periodKeyFromEngine('day', row.day as number);
      for (const kpi of unit.kpis) {
        if (Number(row[oneAgentColumn(kpi)] ?? 0) !== 1) continue;
        const set = days.get(kpi.id) ?? new Set<string>();
        set.add(day);
        days.set(kpi.id, set);
      }
    }
  }
  return days;
}

const GRAIN_UNIT = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' } as const;

/** What a local day is matched against a group by. */
interface DayFacts {
  /** The day after, `yyyy-MM-dd`. */
  next: string;
  /** ISO weekday, Monday 1. */
  weekday: number;
  /** The key of the period of the query's grain the day falls in; the day itself for hours. */
  period: string;
}

/** Which groups of one KPI over one range cover a withheld day: their periods, and weekdays in them. */
interface CoveredGroups {
  periods: Set<string>;
  periodWeekdays: Set<string>;
}

const NO_PERIOD = '';

/**
 * Whether a group over a range covers one of a KPI's days on which a part covers exactly one
 * colleague (see `oneColleagueDays`): a day is in a group when it overlaps the range, falls in the
 * group's period (with a grain) and on its weekday (when grouped by weekday). An answer has up to
 * tens of thousands of groups and hundreds of such days, so the days are turned once per KPI and
 * range into the periods and weekdays they fall in, and each group is then one lookup.
 */
export class OneColleagueDays {
  private readonly facts = new Map<string, DayFacts>();
  private readonly covered = new Map<string, CoveredGroups>();

  constructor(
    private readonly days: ReadonlyMap<string, ReadonlySet<string>>,
    private readonly query: Pick<KpiQuery, 'grain'>,
  ) {}

  covers(kpiId: string, range: { from: string; to: string }, dims: Record<string, unknown>): boolean {
    const groups = this.coveredGroups(kpiId, range);
    if (!groups) return false;
    const { grain } = this.query;
    const period = !grain
      ? NO_PERIOD
      : grain === 'hour'
        ? String(dims.period ?? '').slice(0, 'yyyy-MM-dd'.length)
        : dims.period;
    if (typeof period !== 'string') return false;
    return dims.weekday == null
      ? groups.periods.has(period)
      : groups.periodWeekdays.has(`${period} ${Number(dims.weekday)}`);
  }

  private coveredGroups(kpiId: string, range: { from: string; to: string }): CoveredGroups | null {
    const days = this.days.get(kpiId);
    if (!days || days.size === 0) return null;
    const key = `${kpiId}\u0000${range.from}\u0000${range.to}`;
    const known = this.covered.get(key);
    if (known) return known;
    const groups: CoveredGroups = { periods: new Set(), periodWeekdays: new Set() };
    for (const day of days) {
      const { next, weekday, period } = this.factsOf(day);
      // Local dates and date-times compare as text; the range end is exclusive.
      if (!(day < range.to && next > range.from)) continue;
      groups.periods.add(period);
      groups.periodWeekdays.add(`${period} ${weekday}`);
    }
    this.covered.set(key, groups);
    return groups;
  }

  private factsOf(day: string): DayFacts {
    const known = this.facts.get(day);
    if (known) return known;
    const { grain } = this.query;
    const start = DateTime.fromISO(day, { zone: 'UTC' });
    const facts: DayFacts = {
      next: start.plus({ days: 1 }).toFormat('yyyy-LL-dd'),
      weekday: start.weekday,
      period: !grain
        ? NO_PERIOD
        : grain === 'hour'
          ? day
          : periodKey(grain, start.startOf(GRAIN_UNIT[grain])),
    };
    this.facts.set(day, facts);
    return facts;
  }
}
