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

/** Whether a local day falls in a group: in its range, its period (with a grain) and its weekday. */
function dayInGroup(
  day: string,
  range: { from: string; to: string },
  query: Pick<KpiQuery, 'grain'>,
  dims: Record<string, unknown>,
): boolean {
  const start = DateTime.fromISO(day, { zone: 'UTC' });
  const next = start.plus({ days: 1 }).toFormat('yyyy-LL-dd');
  // Local dates and date-times compare as text; the range end is exclusive.
  if (!(day < range.to && next > range.from)) return false;
  if (query.grain === 'hour') {
    if (!String(dims.period ?? '').startsWith(day)) return false;
  } else if (query.grain && periodKey(query.grain, start.startOf(GRAIN_UNIT[query.grain])) !== dims.period) {
    return false;
  }
  if (dims.weekday != null && start.weekday !== Number(dims.weekday)) return false;
  return true;
}

/** Whether a group over `range` covers one of `days` (see `oneColleagueDays`). */
export function coversOneColleagueDay(
  days: ReadonlySet<string> | undefined,
  range: { from: string; to: string },
  query: Pick<KpiQuery, 'grain'>,
  dims: Record<string, unknown>,
): boolean {
  if (!days) return false;
  for (const day of days) if (dayInGroup(day, range, query, dims)) return true;
  return false;
}
