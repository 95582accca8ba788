/**
 * What the dashboard asks for first, computed when the server starts so that the first people to
 * open it after a start find their overview ready. Mirrors the overview page: the default preset
 * up to the end of the data in the team's time zone (`openingPeriod` in src/core/presets.ts, which
 * the dashboard uses too), its totals with the previous period, its weekly series and its tiles'
 * channel lines.
 */

import { OVERVIEW_CHANNEL_KPIS, OVERVIEW_KPIS } from '../core/kpi/overview.js';
import type { KpiQueryInput } from '../core/kpi/query.js';
import { openingPeriod } from '../core/presets.js';
import type { DataStatusView } from '../services/data-status.js';

/** The overview's three queries for the default preset, or none when there is no data. */
export function defaultOverviewQueries(
  status: Pick<DataStatusView, 'to' | 'timezone'>,
  now: Date,
): KpiQueryInput[] {
  if (!status.to) return [];
  const { from, to, timezone } = openingPeriod(status.to, status.timezone, now);
  const base = { kpis: [...OVERVIEW_KPIS], from, to, timezone, filters: {} };
  return [
    { ...base, compare: true },
    { ...base, grain: 'week' },
    { ...base, kpis: [...OVERVIEW_CHANNEL_KPIS], by: ['channel'], compare: true },
  ];
}
