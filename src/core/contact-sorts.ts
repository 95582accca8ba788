/**
 * The columns a drill-down list of contacts can be sorted by. Without imports, so that the
 * dashboard's bundle takes the server's own list.
 *
 * `time` is the column that places a row in the KPI's periods (creation, first resolution, the
 * survey answer…), the default. Durations sort in the list's hours setting, team and assignee by
 * their names, priority from urgent to low: always the order of what the list shows.
 */
export const CONTACT_SORTS = [
  'time',
  'created_at',
  'first_reply_at',
  'frt_s',
  'first_resolved_at',
  'first_resolution_s',
  'last_resolved_at',
  'queue_wait_s',
  'handle_s',
  'reopens',
  'escalations',
  'channel',
  'team_id',
  'assignee_id',
  'topic',
  'priority',
  'value',
  'in_numerator',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

/** Durations kept in calendar and in business hours: the sort follows the hours the list shows. */
export const BUSINESS_HOURS_SORTS: Partial<Record<ContactSort, string>> = {
  frt_s: 'frt_bh_s',
  first_resolution_s: 'first_resolution_bh_s',
};
