/**
 * The tiles of the dashboard's overview, in reading order: volume, speed, quality, phone, effort.
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
  'abandonment_rate',
  'service_level',
  'asa',
  'aht',
  'escalation_rate',
];
