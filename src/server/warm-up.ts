/**
 * What the dashboard asks for first, computed when the server starts so that the first people to
 * open it after a start find their overview ready. Mirrors the overview page: the default preset
 * (the last 90 days up to the end of the data, see `resolveRange` and `presetAnchor` in
 * web/src/filters.ts), its totals with the previous period and its weekly series, in the default
 * calendar's time zone — where a team's browsers usually are.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../core/engine.js';
import { OVERVIEW_KPIS } from '../core/kpi/overview.js';
import type { KpiQueryInput } from '../core/kpi/query.js';
import type { DataStatusView } from '../services/data-status.js';

const DEFAULT_PRESET_DAYS = 90;

export async function defaultTimeZone(engine: Engine): Promise<string> {
  const rows = await engine.all('SELECT min(timezone) AS timezone FROM calendars WHERE is_default');
  const zone = rows[0]?.timezone;
  return zone == null ? 'UTC' : String(zone);
}

/** The overview's two queries for the default preset, or none when there is no data. */
export function defaultOverviewQueries(
  status: Pick<DataStatusView, 'to'>,
  timezone: string,
  now: Date,
): KpiQueryInput[] {
  if (!status.to) return [];
  const tomorrow = DateTime.fromJSDate(now, { zone: timezone }).plus({ days: 1 }).toISODate();
  const dataEnd = DateTime.fromISO(status.to.slice(0, 10), { zone: 'UTC' }).plus({ days: 1 }).toISODate();
  if (!tomorrow || !dataEnd) return [];
  const to = [dataEnd, tomorrow].sort()[0] as string;
  const from = DateTime.fromISO(to, { zone: 'UTC' })
    .minus({ days: DEFAULT_PRESET_DAYS })
    .toISODate() as string;
  const base = { kpis: [...OVERVIEW_KPIS], from, to, timezone, filters: {} };
  return [
    { ...base, compare: true },
    { ...base, grain: 'week' },
  ];
}
