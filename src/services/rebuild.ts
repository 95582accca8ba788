import { type CalendarDefinition, expandCalendar } from '../core/calendar.js';
import type { Engine } from '../core/engine.js';
import { sourceSummaryStatements } from '../core/kpi/inputs.js';
import { CONTACT_FACT_COLUMNS, SURVEY_FACT_COLUMNS } from '../core/migrations.js';
import { RESOLVED_STATUSES } from '../core/schema.js';
import {
  channelCase,
  DEFAULT_FRT_TARGET_SECONDS,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  DEFAULT_SHORT_ABANDON_SECONDS,
  REOPEN_WINDOW_DAYS,
} from '../core/targets.js';
import { ACCEPTED_RANGE, EARLIEST_DATE, LATEST_MS } from '../core/time-range.js';
import { type RebuildNotice, storeRebuildNotices } from './data-quality.js';

export interface RebuildSummary {
  contacts: number;
  surveys: number;
  calendars: number;
  businessIntervals: number;
  /** Contacts without any calendar: their business-hours durations equal calendar time. */
  contactsWithoutCalendar: number;
  /** Contacts added, removed or with any fact changed; null unless asked for. */
  changedContacts: number | null;
  /**
   * Contacts (with their events and survey answers) and survey rows left out of the facts because a
   * time of theirs is out of range; `examples` names at most 10 rows, each once.
   */
  leftOut: { contacts: number; surveys: number; examples: LeftOutRow[] };
  /** Per duration, the contacts whose value would be negative: left out of its indicators. */
  negativeDurations: { duration: NegativeDuration; contacts: number; examples: string[] }[];
  seconds: number;
}

/** A row the rebuild cannot use, named by its key (`source|external_id`) and the field at fault. */
export interface LeftOutRow {
  kind: 'contact' | 'survey';
  key: string;
  /** `table.column` of the value, e.g. `contact_events.occurred_at`. */
  field: string;
  value: string;
}

/** How many left-out rows and contacts with negative durations a summary names one by one. */
const EXAMPLES_KEPT = 10;
/** How many a data-quality notice names, per source, day and field. */
const NOTICE_EXAMPLES_KEPT = 3;

/** Why a duration would come out negative: the order of the times it is measured between. */
const NEGATIVE_DURATION_CAUSES = {
  frt: 'first response before the first customer message',
  first_resolution: 'resolved before the contact was created',
  full_resolution: 'resolved before the contact was created',
  queue_wait: 'answer or abandon before the queue entry',
  handle: 'call ended before it was answered',
  hold: 'hold ended before it started',
  acw: 'after-contact work ended before it started',
  talk: 'hold longer than the call',
} as const;
export type NegativeDuration = keyof typeof NEGATIVE_DURATION_CAUSES;

export function negativeDurationCause(duration: NegativeDuration): string {
  return NEGATIVE_DURATION_CAUSES[duration];
}

/** The day after the last accepted one: instants from it on are out of range. */
const FIRST_DATE_AFTER_RANGE = new Date(LATEST_MS + 1).toISOString().slice(0, 10);

/** SQL: whether a timestamp (or date) lies outside the accepted range; NULL for NULL. */
export function outOfRangeSql(column: string): string {
  return `(${column} < CAST('${EARLIEST_DATE}' AS TIMESTAMP) OR ${column} >= CAST('${FIRST_DATE_AFTER_RANGE}' AS TIMESTAMP))`;
}
const inRange = (column: string) => `NOT COALESCE(${outOfRangeSql(column)}, FALSE)`;

export interface RebuildOptions {
  /** Count the contacts whose facts changed (keeps a copy of the previous facts meanwhile). */
  countChangedContacts?: boolean;
}

const DAY_MS = 86_400_000;
const resolvedList = RESOLVED_STATUSES.map((s) => `'${s}'`).join(', ');
const columnNames = (columns: readonly string[]) => columns.map((c) => c.split(' ')[0]);

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

async function loadCalendars(engine: Engine): Promise<CalendarDefinition[]> {
  const calendars = await engine.all('SELECT id, timezone FROM calendars ORDER BY id');
  const intervals = await engine.all(
    'SELECT calendar_id, weekday, start_time, end_time FROM calendar_intervals ORDER BY calendar_id, weekday, start_time',
  );
  const holidays = await engine.all(
    'SELECT calendar_id, CAST(date AS VARCHAR) AS date FROM calendar_holidays ORDER BY calendar_id, date',
  );
  return calendars.map((c) => ({
    id: String(c.id),
    timezone: String(c.timezone),
    intervals: intervals
      .filter((i) => i.calendar_id === c.id)
      .map((i) => ({ weekday: Number(i.weekday), start: String(i.start_time), end: String(i.end_time) })),
    holidays: holidays.filter((h) => h.calendar_id === c.id).map((h) => String(h.date)),
  }));
}

/** Expands every calendar over the span of the data into concrete UTC intervals. */
async function rebuildBusinessIntervals(engine: Engine): Promise<{ calendars: number; intervals: number }> {
  await engine.run('DELETE FROM business_intervals');
  const span = await engine.all(
    `SELECT CAST(min(t) AS VARCHAR) AS lo, CAST(max(t) AS VARCHAR) AS hi FROM (
       SELECT min(created_at) AS t FROM contacts WHERE ${inRange('created_at')}
       UNION ALL SELECT max(created_at) FROM contacts WHERE ${inRange('created_at')}
       UNION ALL SELECT min(occurred_at) FROM contact_events WHERE ${inRange('occurred_at')}
       UNION ALL SELECT max(occurred_at) FROM contact_events WHERE ${inRange('occurred_at')}
       UNION ALL SELECT max(responded_at) FROM survey_responses WHERE ${inRange('responded_at')}) x`,
  );
  const lo = span[0]?.lo;
  const hi = span[0]?.hi;
  const calendars = await loadCalendars(engine);
  if (lo == null || hi == null) return { calendars: calendars.length, intervals: 0 };
  const from = Date.parse(`${String(lo).replace(' ', 'T')}Z`) - 7 * DAY_MS;
  // Open contacts are measured up to now in later work; a year ahead keeps the clock defined.
  const to = Date.parse(`${String(hi).replace(' ', 'T')}Z`) + 366 * DAY_MS;
  let count = 0;
  for (const calendar of calendars) {
    const rows = expandCalendar(calendar, from, to).map((i) => [
      calendar.id,
      isoUtc(i.startMs),
      isoUtc(i.endMs),
      i.cumulativeBeforeSeconds,
    ]);
    await engine.insertRows(
      'business_intervals',
      ['calendar_id', 'start_at', 'end_at', 'cumulative_before_s'],
      rows,
    );
    count += rows.length;
  }
  return { calendars: calendars.length, intervals: count };
}

/**
 * Business seconds from the start of the calendar's expansion to `time`: the cumulative seconds
 * before the interval at or before it, plus the part of that interval already elapsed.
 */
function clockAt(engine: Engine, alias: string, time: string): string {
  const { epochSeconds } = engine.dialect;
  return `CASE WHEN ${time} IS NULL THEN NULL WHEN ${alias}.start_at IS NULL THEN 0 ELSE ${alias}.cumulative_before_s + LEAST(GREATEST(${epochSeconds(time)} - ${epochSeconds(`${alias}.start_at`)}, 0), ${epochSeconds(`${alias}.end_at`)} - ${epochSeconds(`${alias}.start_at`)}) END`;
}

/** The durations measured per contact; each is left out (NULL) where it would be negative. */
const measuredDurations = [
  'frt_s',
  'frt_bh_s',
  'first_resolution_s',
  'first_resolution_bh_s',
  'full_resolution_s',
  'full_resolution_bh_s',
  'queue_wait_s',
  'handle_s',
  'hold_s',
  'acw_s',
] as const;
const nonNegative = (value: string) => `CASE WHEN ${value} >= 0 THEN ${value} END`;

/**
 * The facts of every contact the rebuild can use, plus `negative_durations`: the names (space
 * separated) of the durations left out because they would be negative. Reads `unbuildable_rows`.
 */
function contactFactsSql(engine: Engine): string {
  const d = engine.dialect;
  const epoch = d.epochSeconds;
  const seconds = (from: string, to: string) => `(${epoch(to)} - ${epoch(from)})`;
  /** What stops the first-response clock: a public reply by a human agent, or answering a call/chat. */
  const isResponse = (alias: string) =>
    `((${alias}kind = 'agent_reply' AND ${alias}public AND ${alias}actor = 'agent') OR ${alias}kind = 'answer')`;
  const pairedSum = (startKind: string, endKind: string) =>
    `CASE WHEN count(CASE WHEN kind = '${startKind}' THEN 1 END) = count(CASE WHEN kind = '${endKind}' THEN 1 END) AND count(CASE WHEN kind = '${startKind}' THEN 1 END) > 0 THEN sum(CASE WHEN kind = '${endKind}' THEN ${epoch('occurred_at')} END) - sum(CASE WHEN kind = '${startKind}' THEN ${epoch('occurred_at')} END) END`;
  // Targets are looked up once per channel × team combination, not once per contact.
  const targetOf = (column: string, metric: string, fallback: string) =>
    `COALESCE((SELECT t.${column} FROM targets t WHERE t.metric = '${metric}' AND t.channel = k.channel AND t.team_id = k.team_id), (SELECT t.${column} FROM targets t WHERE t.metric = '${metric}' AND t.channel = k.channel AND t.team_id IS NULL), ${fallback})`;
  // The business clock is read once for a narrow list of (contact, calendar, moment) points and
  // pivoted back, rather than joining the wide contact rows five times.
  // A moment equal to an earlier one (the first message at creation, the full resolution at the
  // first) is not looked up again: `sameAs` names the point whose value it takes.
  const clockPoints: { name: string; column: string; sameAs?: { name: string; column: string } }[] = [
    { name: 'created', column: 'created_at' },
    {
      name: 'inbound',
      column: 'first_customer_message_at',
      sameAs: { name: 'created', column: 'created_at' },
    },
    { name: 'reply', column: 'first_reply_at' },
    { name: 'first', column: 'first_resolved_at' },
    { name: 'last', column: 'last_resolved_at', sameAs: { name: 'first', column: 'first_resolved_at' } },
  ];

  return `
WITH usable_calendars AS (
  -- A calendar without opening intervals (or a team pointing at a missing one) falls back to the
  -- default, rather than making every business-hours duration 0.
  SELECT DISTINCT i.calendar_id AS id FROM calendar_intervals i JOIN calendars k ON k.id = i.calendar_id
),
default_calendar AS (
  SELECT min(id) AS id FROM calendars WHERE is_default AND id IN (SELECT id FROM usable_calendars)
),
-- Events at the same time are taken in source order (seq: import run, file, line), never by id.
status_steps AS (
  SELECT contact_key, occurred_at, status,
    status IN (${resolvedList}) AS resolved,
    COALESCE(LAG(status) OVER (PARTITION BY contact_key ORDER BY occurred_at, seq) IN (${resolvedList}), FALSE) AS was_resolved,
    -- Same window order as LAG, so both share one sort; occurred_at is never NULL.
    LEAD(occurred_at) OVER (PARTITION BY contact_key ORDER BY occurred_at, seq) IS NULL AS is_last
  FROM contact_events WHERE kind = 'status_change' AND status IS NOT NULL
),
resolution AS (
  SELECT contact_key,
    min(CASE WHEN resolved AND NOT was_resolved THEN occurred_at END) AS first_resolved_at,
    max(CASE WHEN resolved AND NOT was_resolved THEN occurred_at END) AS latest_resolved_at,
    max(CASE WHEN is_last THEN CASE WHEN resolved THEN 1 ELSE 0 END END) AS ends_resolved
  FROM status_steps GROUP BY contact_key
),
reopens AS (
  SELECT s.contact_key, count(*) AS reopens,
    max(CASE WHEN s.occurred_at <= ${d.addSeconds('r.first_resolved_at', String(REOPEN_WINDOW_DAYS * 86400))} THEN 1 ELSE 0 END) AS within_window
  FROM status_steps s JOIN resolution r ON r.contact_key = s.contact_key
  WHERE s.was_resolved AND NOT s.resolved AND s.occurred_at >= r.first_resolved_at
  GROUP BY s.contact_key
),
events AS (
  SELECT contact_key,
    min(CASE WHEN kind IN ('customer_message', 'queue_enter') THEN occurred_at END) AS inbound_at,
    min(CASE WHEN kind = 'queue_enter' THEN occurred_at END) AS queued_at,
    min(CASE WHEN kind = 'answer' THEN occurred_at END) AS answered_at,
    min(CASE WHEN kind = 'abandon' THEN occurred_at END) AS abandoned_at,
    count(CASE WHEN kind = 'agent_reply' AND public AND actor = 'agent' THEN 1 END) AS public_replies,
    count(CASE WHEN kind = 'answer' THEN 1 END) AS calls,
    count(CASE WHEN kind = 'escalation' THEN 1 END) AS escalations,
    ${d.argMin('escalation_type', "CASE WHEN kind = 'escalation' THEN occurred_at END", 'seq')} AS first_escalation_type,
    ${d.argMin('agent_id', "CASE WHEN kind = 'answer' THEN occurred_at END", 'seq')} AS handled_by_agent_id,
    min(CASE WHEN ${isResponse('')} THEN occurred_at END) AS any_response_at,
    ${d.argMin('agent_id', `CASE WHEN ${isResponse('')} THEN occurred_at END`, 'seq')} AS any_response_agent_id,
    ${pairedSum('answer', 'end')} AS handle_s,
    ${pairedSum('hold_start', 'hold_end')} AS hold_s,
    ${pairedSum('acw_start', 'acw_end')} AS acw_s
  FROM contact_events GROUP BY contact_key
),
-- A contact is reassigned when its assignments name more than one agent or more than one team; a
-- count of distinct names does not depend on the order of assignments made at the same time.
assignment_counts AS (
  SELECT contact_key, count(*) AS assignments,
    count(DISTINCT agent_id) > 1 OR count(DISTINCT team_id) > 1 AS reassigned
  FROM contact_events WHERE kind = 'assignment' GROUP BY contact_key
),
escalation_kinds AS (
  SELECT contact_key, string_agg(escalation_type, '|' ORDER BY escalation_type) AS escalation_types
  FROM (SELECT DISTINCT contact_key, escalation_type FROM contact_events WHERE kind = 'escalation' AND escalation_type IS NOT NULL) x
  GROUP BY contact_key
),
-- Usually the first response follows the first inbound message and the aggregate above has it;
-- only contacts an agent started need a second look for the first response after the customer's.
first_reply_after_outbound AS (
  SELECT e.contact_key, min(e.occurred_at) AS first_reply_at,
    ${d.argMin('e.agent_id', 'e.occurred_at', 'e.seq')} AS first_reply_agent_id
  FROM contact_events e JOIN events v ON v.contact_key = e.contact_key
  WHERE v.any_response_at < v.inbound_at AND ${isResponse('e.')} AND e.occurred_at >= v.inbound_at
  GROUP BY e.contact_key
),
contact_base AS (
  SELECT c.contact_key, c.channel, COALESCE(c.team_id, a.team_id) AS team_id, c.assignee_id, c.topic, c.priority,
    c.customer_id, c.created_at, c.status, c.source_sla_met,
    CASE WHEN tm.calendar_id IN (SELECT id FROM usable_calendars) THEN tm.calendar_id
         ELSE (SELECT id FROM default_calendar) END AS calendar_id
  FROM contacts c
  LEFT JOIN agents a ON a.id = c.assignee_id
  LEFT JOIN teams tm ON tm.id = COALESCE(c.team_id, a.team_id)
  WHERE NOT EXISTS (SELECT 1 FROM unbuildable_rows u WHERE u.kind = 'contact' AND u.key = c.contact_key)
),
contact_targets AS (
  SELECT k.channel, k.team_id,
    ${targetOf('threshold_seconds', 'frt', channelCase('k.channel', DEFAULT_FRT_TARGET_SECONDS))} AS frt_target_s,
    ${targetOf('hours', 'frt', "'business'")} AS frt_hours,
    ${targetOf('threshold_seconds', 'service_level', channelCase('k.channel', DEFAULT_SERVICE_LEVEL_SECONDS))} AS sl_threshold_s,
    ${targetOf('threshold_seconds', 'short_abandon', String(DEFAULT_SHORT_ABANDON_SECONDS))} AS short_abandon_s
  FROM (SELECT DISTINCT channel, team_id FROM contact_base) k
),
base AS (
  SELECT c.contact_key, c.channel, c.team_id, c.assignee_id, c.topic, c.priority, c.customer_id, c.created_at,
    c.calendar_id,
    v.inbound_at AS first_customer_message_at,
    CASE WHEN v.any_response_at >= v.inbound_at THEN v.any_response_at ELSE f.first_reply_at END AS first_reply_at,
    CASE WHEN v.any_response_at >= v.inbound_at THEN v.any_response_agent_id ELSE f.first_reply_agent_id END AS first_reply_agent_id,
    v.public_replies, v.calls, v.escalations, k.escalation_types, v.first_escalation_type,
    v.queued_at, v.answered_at, v.abandoned_at, v.handled_by_agent_id,
    v.handle_s AS raw_handle_s, v.hold_s AS raw_hold_s, v.acw_s AS raw_acw_s,
    r.first_resolved_at,
    CASE WHEN r.ends_resolved = 1 THEN r.latest_resolved_at END AS last_resolved_at,
    CASE WHEN r.ends_resolved IS NOT NULL THEN r.ends_resolved = 0 ELSE COALESCE(c.status, 'new') NOT IN (${resolvedList}) END AS is_open,
    COALESCE(o.reopens, 0) AS reopens, COALESCE(o.within_window, 0) = 1 AS reopened_within_7d,
    tg.frt_target_s, tg.frt_hours, tg.sl_threshold_s, tg.short_abandon_s,
    COALESCE(ac.assignments, 0) AS assignments, ac.reassigned, c.source_sla_met
  FROM contact_base c
  LEFT JOIN contact_targets tg ON tg.channel = c.channel AND tg.team_id IS NOT DISTINCT FROM c.team_id
  LEFT JOIN events v ON v.contact_key = c.contact_key
  LEFT JOIN escalation_kinds k ON k.contact_key = c.contact_key
  LEFT JOIN assignment_counts ac ON ac.contact_key = c.contact_key
  LEFT JOIN first_reply_after_outbound f ON f.contact_key = c.contact_key
  LEFT JOIN resolution r ON r.contact_key = c.contact_key
  LEFT JOIN reopens o ON o.contact_key = c.contact_key
),
clock_points AS (
  ${clockPoints.map(({ name, column, sameAs }) => `SELECT contact_key, calendar_id, '${name}' AS point, ${column} AS t FROM base WHERE calendar_id IS NOT NULL AND ${column} IS NOT NULL${sameAs ? ` AND ${column} IS DISTINCT FROM ${sameAs.column}` : ''}`).join(' UNION ALL ')}
),
clock AS (
  SELECT p.contact_key, p.point, ${clockAt(engine, 'k', 'p.t')} AS f
  FROM clock_points p
  ${d.asofLeftJoin({ table: 'business_intervals', alias: 'k', equal: [['p.calendar_id', 'calendar_id']], leftTime: 'p.t', rightTime: 'start_at' })}
),
clock_by_contact AS (
  SELECT contact_key, ${clockPoints.map(({ name }) => `max(CASE WHEN point = '${name}' THEN f END) AS f_${name}`).join(', ')}
  FROM clock GROUP BY contact_key
),
clocked AS (
  SELECT b.*, ${clockPoints.map(({ name, column, sameAs }) => (sameAs ? `CASE WHEN b.${column} = b.${sameAs.column} THEN k.f_${sameAs.name} ELSE k.f_${name} END AS f_${name}` : `k.f_${name}`)).join(', ')}
  FROM base b LEFT JOIN clock_by_contact k ON k.contact_key = b.contact_key
),
measured AS (
  SELECT b.*,
    ${seconds('b.first_customer_message_at', 'b.first_reply_at')} AS raw_frt_s,
    CASE WHEN b.calendar_id IS NULL THEN ${seconds('b.first_customer_message_at', 'b.first_reply_at')} ELSE b.f_reply - b.f_inbound END AS raw_frt_bh_s,
    ${seconds('b.created_at', 'b.first_resolved_at')} AS raw_first_resolution_s,
    CASE WHEN b.calendar_id IS NULL THEN ${seconds('b.created_at', 'b.first_resolved_at')} ELSE b.f_first - b.f_created END AS raw_first_resolution_bh_s,
    ${seconds('b.created_at', 'b.last_resolved_at')} AS raw_full_resolution_s,
    CASE WHEN b.calendar_id IS NULL THEN ${seconds('b.created_at', 'b.last_resolved_at')} ELSE b.f_last - b.f_created END AS raw_full_resolution_bh_s,
    CASE WHEN b.answered_at IS NOT NULL THEN ${seconds('b.queued_at', 'b.answered_at')}
         WHEN b.abandoned_at IS NOT NULL THEN ${seconds('b.queued_at', 'b.abandoned_at')} END AS raw_queue_wait_s
  FROM clocked b
),
-- A negative duration (an end before its start in the source) is no duration: it is left out of
-- its indicators, and named in negative_durations so the rebuild can count it.
sane AS (
  SELECT m.*, ${measuredDurations.map((column) => `${nonNegative(`raw_${column}`)} AS ${column}`).join(', ')},
    concat_ws(' ', ${Object.keys(NEGATIVE_DURATION_CAUSES)
      .filter((name) => name !== 'talk')
      .map(
        (name) =>
          `CASE WHEN ${measuredDurations
            .filter((column) => column === `${name}_s` || column === `${name}_bh_s`)
            .map((column) => `raw_${column} < 0`)
            .join(' OR ')} THEN '${name}' END`,
      )
      .join(', ')}) AS measured_negative
  FROM measured m
)
SELECT contact_key, channel, team_id, assignee_id, topic, priority, customer_id, created_at, calendar_id,
  first_customer_message_at, first_reply_at, first_reply_agent_id,
  frt_s, frt_bh_s, frt_target_s,
  CASE WHEN frt_s IS NULL OR frt_target_s IS NULL THEN NULL
       WHEN frt_hours = 'calendar' THEN frt_s <= frt_target_s ELSE frt_bh_s <= frt_target_s END AS frt_within_target,
  public_replies,
  CASE WHEN calls > 0 THEN calls ELSE public_replies END AS touches,
  first_resolved_at, last_resolved_at, is_open,
  first_resolution_s, first_resolution_bh_s, full_resolution_s, full_resolution_bh_s,
  reopens, reopened_within_7d, escalations, escalation_types, first_escalation_type,
  queued_at IS NOT NULL AS queued,
  queue_wait_s,
  queued_at IS NOT NULL AND answered_at IS NOT NULL AS answered,
  queued_at IS NOT NULL AND answered_at IS NULL AND abandoned_at IS NOT NULL AS abandoned,
  queued_at IS NOT NULL AND answered_at IS NULL AND abandoned_at IS NOT NULL AND queue_wait_s < short_abandon_s AS short_abandon,
  CASE WHEN sl_threshold_s IS NULL OR queued_at IS NULL THEN NULL ELSE answered_at IS NOT NULL AND queue_wait_s <= sl_threshold_s END AS answered_within_sl,
  CASE WHEN sl_threshold_s IS NULL OR queued_at IS NULL THEN NULL ELSE answered_at IS NULL AND abandoned_at IS NOT NULL AND queue_wait_s > sl_threshold_s END AS abandoned_after_sl,
  sl_threshold_s,
  calls, handled_by_agent_id,
  ${nonNegative('handle_s - COALESCE(hold_s, 0)')} AS talk_s, hold_s, handle_s, acw_s,
  assignments, reassigned, source_sla_met,
  concat_ws(' ', measured_negative, CASE WHEN handle_s - COALESCE(hold_s, 0) < 0 THEN 'talk' END) AS negative_durations
FROM sane`;
}

function surveyFactsSql(engine: Engine): string {
  const d = engine.dialect;
  // Of the replies at the same moment, the last in source order is the last replier. A bot's
  // reply is never credited, even when the source gives the bot an agent id.
  const lastReplier = d.asofLeftJoin({
    table: `(SELECT contact_key, occurred_at, ${d.argMax('agent_id', 'seq')} AS agent_id FROM contact_events
      WHERE agent_id IS NOT NULL AND ((kind = 'agent_reply' AND public AND actor = 'agent') OR kind = 'answer') GROUP BY contact_key, occurred_at)`,
    alias: 'r',
    equal: [['s.contact_key', 'contact_key']],
    leftTime: 'COALESCE(s.sent_at, s.responded_at)',
    rightTime: 'occurred_at',
  });
  // "Positive" = above the midpoint of the scale: 4–5 on 1–5, 3 on 1–3, 2 on 1–2, 5–7 on 1–7.
  const aboveMidpoint = 's.score > (s.scale_min + s.scale_max) / 2.0';
  return `
SELECT s.source || '|' || s.external_id AS survey_key, s.contact_key, s.kind, s.scale_min, s.scale_max, s.score,
  s.score IS NOT NULL AS answered,
  CASE WHEN s.score IS NULL THEN NULL ELSE ${aboveMidpoint} END AS top_box,
  CASE WHEN s.score IS NULL OR s.kind <> 'nps' THEN NULL ELSE s.score >= 9 END AS promoter,
  CASE WHEN s.score IS NULL OR s.kind <> 'nps' THEN NULL ELSE s.score <= 6 END AS detractor,
  s.dimension, s.language, f.channel,
  COALESCE(f.team_id, a.team_id) AS team_id,
  s.agent_id AS credited_agent_id, f.topic, f.priority, s.sent_at, s.responded_at,
  COALESCE(s.responded_at, s.sent_at) AS counted_at,
  r.agent_id AS last_replier_id, f.handled_by_agent_id, f.assignee_id
FROM survey_responses s
LEFT JOIN contact_facts f ON f.contact_key = s.contact_key
LEFT JOIN agents a ON a.id = s.agent_id
${lastReplier}
WHERE ${inRange('s.sent_at')} AND ${inRange('s.responded_at')}
  -- A contact left out is left out whole, survey answers included, as \`servicemeter repair\` puts it aside.
  AND NOT EXISTS (SELECT 1 FROM unbuildable_rows u WHERE u.kind = 'contact' AND u.key = s.contact_key)`;
}

/** The UTC day of today, for a notice about a row whose own day is out of range. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Notes in the temporary table `unbuildable_rows` the contacts and survey rows with a time outside
 * the accepted range: date arithmetic on them (business-hours calendars over ten thousand years)
 * would fail the whole rebuild, so they are left out and named instead. A contact is left out with
 * its events and survey answers, as `servicemeter repair` puts it aside. Counted in SQL: a source
 * can have millions of such rows, and only the few examples reach the Node heap.
 */
async function findUnbuildableRows(
  engine: Engine,
): Promise<{ summary: RebuildSummary['leftOut']; notices: RebuildNotice[] }> {
  const createdDay = `CASE WHEN ${inRange('c.created_at')} THEN CAST(CAST(c.created_at AS DATE) AS VARCHAR) END`;
  const surveyTime = (column: string) =>
    `SELECT 'survey' AS kind, s.source || '|' || s.external_id AS key, s.source, 'survey_responses.${column}' AS field,
       CAST(s.${column} AS VARCHAR) AS value, ${createdDay} AS day
     FROM survey_responses s LEFT JOIN contacts c ON c.contact_key = s.contact_key WHERE ${outOfRangeSql(`s.${column}`)}`;
  await engine.run('DROP TABLE IF EXISTS unbuildable_rows');
  await engine.run(
    `CREATE TEMP TABLE unbuildable_rows AS
     SELECT 'contact' AS kind, c.contact_key AS key, c.source, 'contacts.created_at' AS field,
       CAST(c.created_at AS VARCHAR) AS value, CAST(NULL AS VARCHAR) AS day
     FROM contacts c WHERE ${outOfRangeSql('c.created_at')}
     UNION ALL
     SELECT 'contact', c.contact_key, c.source, 'contact_events.occurred_at', CAST(e.occurred_at AS VARCHAR), ${createdDay}
     FROM contact_events e JOIN contacts c ON c.contact_key = e.contact_key WHERE ${outOfRangeSql('e.occurred_at')}
     UNION ALL ${surveyTime('sent_at')}
     UNION ALL ${surveyTime('responded_at')}`,
  );
  // One line per row left out and field at fault, with its earliest value at fault.
  const perKey =
    'SELECT kind, key, source, field, day, min(value) AS value FROM unbuildable_rows GROUP BY kind, key, source, field, day';
  const counted = await engine.all(
    `SELECT (SELECT count(DISTINCT key) FROM unbuildable_rows WHERE kind = 'contact') AS contacts,
       (SELECT count(DISTINCT key) FROM unbuildable_rows WHERE kind = 'survey') AS surveys`,
  );
  const examples = await engine.all(
    `SELECT kind, key, field, value FROM (
       SELECT kind, key, field, value, row_number() OVER (PARTITION BY kind, key ORDER BY field, value) AS n
       FROM (${perKey}) p) x
     WHERE n = 1 ORDER BY kind, key LIMIT ${EXAMPLES_KEPT}`,
  );
  const grouped = await engine.all(
    `SELECT kind, source, field, day, key, value, rows_left_out FROM (
       SELECT p.*, row_number() OVER (PARTITION BY kind, source, field, day ORDER BY key) AS n,
         count(*) OVER (PARTITION BY kind, source, field, day) AS rows_left_out
       FROM (${perKey}) p) x
     WHERE n <= ${NOTICE_EXAMPLES_KEPT} ORDER BY kind, source, field, day, n`,
  );
  const notices = new Map<string, RebuildNotice>();
  for (const row of grouped) {
    const kind = String(row.kind) as LeftOutRow['kind'];
    const field = String(row.field);
    const id = JSON.stringify([kind, row.source, field, row.day]);
    const notice = notices.get(id) ?? {
      source: String(row.source),
      code: 'out_of_range_time' as const,
      message: `${field} outside ${ACCEPTED_RANGE}: ${kind === 'contact' ? 'contact left out of the facts with its events and survey answers' : 'survey row left out of the facts'} (\`servicemeter repair\` puts ${kind === 'contact' ? 'the contact' : 'the row'} aside)`,
      day: row.day == null ? today() : String(row.day),
      contacts: Number(row.rows_left_out),
      examples: [],
    };
    notices.set(id, notice);
    notice.examples.push(`${String(row.key)} (${field} ${String(row.value)})`);
  }
  return {
    summary: {
      contacts: Number(counted[0]?.contacts ?? 0),
      surveys: Number(counted[0]?.surveys ?? 0),
      examples: examples.map((r) => ({
        kind: String(r.kind) as LeftOutRow['kind'],
        key: String(r.key),
        field: String(r.field),
        value: String(r.value),
      })),
    },
    notices: [...notices.values()],
  };
}

/**
 * Counts the contacts with negative durations, per duration and per source and day of creation, in
 * SQL from the temporary table `rebuilt_contact_facts`: only the examples reach the Node heap.
 */
async function countNegativeDurations(engine: Engine): Promise<{
  summary: RebuildSummary['negativeDurations'];
  notices: RebuildNotice[];
}> {
  const durations = Object.keys(NEGATIVE_DURATION_CAUSES) as NegativeDuration[];
  await engine.run('DROP TABLE IF EXISTS negative_contacts');
  await engine.run(
    `CREATE TEMP TABLE negative_contacts AS
     SELECT DISTINCT r.contact_key, c.source, CAST(CAST(r.created_at AS DATE) AS VARCHAR) AS day,
       ' ' || r.negative_durations || ' ' AS durations
     FROM rebuilt_contact_facts r JOIN contacts c ON c.contact_key = r.contact_key
     WHERE r.negative_durations <> ''`,
  );
  const perDuration = durations
    .map(
      (duration, rank) =>
        `SELECT ${rank} AS rank, '${duration}' AS duration, contact_key, source, day FROM negative_contacts WHERE durations LIKE '% ${duration} %'`,
    )
    .join(' UNION ALL ');
  const totals = await engine.all(
    `SELECT duration, contact_key, contacts FROM (
       SELECT rank, duration, contact_key, row_number() OVER (PARTITION BY rank ORDER BY contact_key) AS n,
         count(*) OVER (PARTITION BY rank) AS contacts
       FROM (${perDuration}) d) x
     WHERE n <= ${EXAMPLES_KEPT} ORDER BY rank, n`,
  );
  const grouped = await engine.all(
    `SELECT duration, source, day, contact_key, contacts FROM (
       SELECT rank, duration, source, day, contact_key,
         row_number() OVER (PARTITION BY rank, source, day ORDER BY contact_key) AS n,
         count(*) OVER (PARTITION BY rank, source, day) AS contacts
       FROM (${perDuration}) d) x
     WHERE n <= ${NOTICE_EXAMPLES_KEPT} ORDER BY source, day, rank, n`,
  );
  await engine.run('DROP TABLE negative_contacts');
  const summary = new Map<NegativeDuration, RebuildSummary['negativeDurations'][number]>();
  for (const row of totals) {
    const duration = String(row.duration) as NegativeDuration;
    const total = summary.get(duration) ?? { duration, contacts: Number(row.contacts), examples: [] };
    summary.set(duration, total);
    total.examples.push(String(row.contact_key));
  }
  const notices = new Map<string, RebuildNotice>();
  for (const row of grouped) {
    const duration = String(row.duration) as NegativeDuration;
    const id = JSON.stringify([row.source, row.day, duration]);
    const notice = notices.get(id) ?? {
      source: String(row.source),
      code: 'negative_duration' as const,
      message: `${duration} time would be negative (${NEGATIVE_DURATION_CAUSES[duration]}): left out of its indicators`,
      day: String(row.day).slice(0, 10),
      contacts: Number(row.contacts),
      examples: [],
    };
    notices.set(id, notice);
    notice.examples.push(String(row.contact_key));
  }
  return { summary: [...summary.values()], notices: [...notices.values()] };
}

/**
 * Derives per-contact and per-survey facts from the canonical tables, replacing the previous ones
 * in one transaction. Run after every import and whenever calendars or targets change.
 */
export async function rebuildFacts(engine: Engine, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const started = performance.now();
  return engine.transaction(async () => {
    const leftOut = await findUnbuildableRows(engine);
    const business = await rebuildBusinessIntervals(engine);
    const contactColumns = columnNames(CONTACT_FACT_COLUMNS);
    if (options.countChangedContacts) {
      await engine.run('DROP TABLE IF EXISTS previous_contact_facts');
      await engine.run('CREATE TEMP TABLE previous_contact_facts AS SELECT * FROM contact_facts');
    }
    await engine.run('DELETE FROM contact_facts');
    await engine.run('DROP TABLE IF EXISTS rebuilt_contact_facts');
    await engine.run(`CREATE TEMP TABLE rebuilt_contact_facts AS ${contactFactsSql(engine)}`);
    await engine.run(
      `INSERT INTO contact_facts (${contactColumns.join(', ')}) SELECT ${contactColumns.join(', ')} FROM rebuilt_contact_facts`,
    );
    const negativeDurations = await countNegativeDurations(engine);
    await engine.run('DROP TABLE rebuilt_contact_facts');
    await storeRebuildNotices(engine, [...leftOut.notices, ...negativeDurations.notices]);
    let changedContacts: number | null = null;
    if (options.countChangedContacts) {
      const differs = contactColumns
        .filter((c) => c !== 'contact_key')
        .map((c) => `n.${c} IS DISTINCT FROM p.${c}`)
        .join(' OR ');
      const changed = await engine.all(
        `SELECT count(*) AS n FROM contact_facts n FULL OUTER JOIN previous_contact_facts p ON p.contact_key = n.contact_key
         WHERE n.contact_key IS NULL OR p.contact_key IS NULL OR ${differs}`,
      );
      changedContacts = Number(changed[0]?.n ?? 0);
      await engine.run('DROP TABLE previous_contact_facts');
    }
    await engine.run('DELETE FROM survey_facts');
    const surveyColumns = columnNames(SURVEY_FACT_COLUMNS);
    const select = surveyColumns.map((c) =>
      c === 'agent_id'
        ? 'COALESCE(credited_agent_id, last_replier_id, handled_by_agent_id, assignee_id) AS agent_id'
        : c,
    );
    await engine.run(
      `INSERT INTO survey_facts (${surveyColumns.join(', ')}) SELECT ${select.join(', ')} FROM (${surveyFactsSql(engine)}) x`,
    );
    // What a KPI query reads to know whether anything in its selection can carry an input.
    for (const statement of sourceSummaryStatements()) await engine.run(statement);
    const counts = await engine.all(
      `SELECT (SELECT count(*) FROM contact_facts) AS contacts, (SELECT count(*) FROM survey_facts) AS surveys,
        (SELECT count(*) FROM contact_facts WHERE calendar_id IS NULL) AS without_calendar`,
    );
    const row = counts[0] ?? {};
    await engine.run('DELETE FROM facts_state');
    await engine.run(
      // The span covers every timestamp that puts a row into a period, so the default query range
      // leaves no resolution or survey answer out.
      `INSERT INTO facts_state SELECT CURRENT_TIMESTAMP, (SELECT count(*) FROM contact_facts), min(t), max(t) FROM (
         SELECT created_at AS t FROM contact_facts UNION ALL SELECT last_resolved_at FROM contact_facts
         UNION ALL SELECT first_resolved_at FROM contact_facts
         UNION ALL SELECT counted_at FROM survey_facts UNION ALL SELECT sent_at FROM survey_facts) x`,
    );
    return {
      contacts: Number(row.contacts ?? 0),
      surveys: Number(row.surveys ?? 0),
      calendars: business.calendars,
      businessIntervals: business.intervals,
      contactsWithoutCalendar: Number(row.without_calendar ?? 0),
      changedContacts,
      leftOut: leftOut.summary,
      negativeDurations: negativeDurations.summary,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
