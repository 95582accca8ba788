import { findKpi } from './catalog.js';
import { SOURCES } from './sources.js';

/**
 * The tiles of the dashboard's overview, in reading order: volume, speed, quality (the customers' and
 * the reviewers'), phone, effort.
 * Here rather than in the dashboard so that the API benchmark asks for exactly what the page does.
 */
export const OVERVIEW_KPIS: readonly string[] = [
  'contacts_created',
  'contacts_resolved',
  'backlog_open',
  'frt',
  'frt_within_target',
  'resolution_time',
  'fcr_rate',
  'reopen_rate',
  'csat',
  'nps',
  'ces',
  'qa_score',
  'abandonment_rate',
  'service_level',
  'asa',
  'aht',
  'escalation_rate',
];

/**
 * Tiles that also show each channel: indicators whose target differs by channel (first response,
 * service level) or whose channels differ in scale by orders of magnitude (a first reply by chat in
 * seconds, by e-mail in hours), so that one combined figure moves with the channel mix more than
 * with the service. Any other tile shows its channels too when its change is a mix effect
 * (src/core/kpi/mix.ts), and so does any tile whose KPI has a target per channel.
 */
export const PER_CHANNEL_KPIS: readonly string[] = [
  'frt',
  'frt_within_target',
  'resolution_time',
  'service_level',
  'asa',
  'aht',
];

/**
 * The overview's indicators that it also asks by channel, for its tiles' channel lines: those whose
 * source has a channel. The server warms this query with the other two (src/server/warm-up.ts).
 */
export const OVERVIEW_CHANNEL_KPIS: readonly string[] = OVERVIEW_KPIS.filter((id) => {
  const kpi = findKpi(id);
  return kpi !== undefined && 'channel' in SOURCES[kpi.source].dimensions;
});
