/**
 * The columns a drill-down list of contacts can be sorted by. Without imports, so that the
 * dashboard's bundle takes the server's own list.
 */
export const CONTACT_SORTS = [
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
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
