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
import { rebuildBusinessFacts } from './business/facts.js';
import { type RebuildNotice, storeRebuildNotices } from './data-quality.js';
import { factsVersion } from './facts-version.js';
import { rebuildWorkforceFacts } from './workforce/facts.js';

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
  /** Whose facts were computed: every contact's and survey row's, or those of the rows an import touched. */
  scope: 'all' | 'touched';
  /** How many contacts and survey rows had their facts computed (all of them in a full rebuild). */
  rebuilt: { contacts: number; surveys: number };
  /** What changed, for answers kept from the facts. */
  change: FactsChange;
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
const columnNames = (columns: readonly string[]) => columns.map((c) => c.split(' ')[0] ?? c);

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export async function loadCalendars(engine: Engine): Promise<CalendarDefinition[]> {
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

/**
 * Expands every calendar over the span of the data into concrete UTC intervals. `keepEqualRows`
 * compares the expansion with the stored intervals and writes only from the first row that differs:
 * live events move the end of the span a little at a time, and rewriting a year of intervals per
 * calendar for each batch cost more than the facts of the batch.
 */
async function rebuildBusinessIntervals(
  engine: Engine,
  keepEqualRows = false,
): Promise<{ calendars: number; intervals: number }> {
  if (!keepEqualRows) await engine.run('DELETE FROM business_intervals');
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
  if (lo == null || hi == null) {
    if (keepEqualRows) await engine.run('DELETE FROM business_intervals');
    return { calendars: calendars.length, intervals: 0 };
  }
  const from = Date.parse(`${String(lo).replace(' ', 'T')}Z`) - 7 * DAY_MS;
  // Open contacts are measured up to now in later work; a year ahead keeps the clock defined.
  const to = Date.parse(`${String(hi).replace(' ', 'T')}Z`) + 366 * DAY_MS;
  if (keepEqualRows) {
    const ids = calendars.map((c) => c.id);
    const p = engine.dialect.placeholder;
    const stale =
      ids.length === 0 ? '' : ` WHERE calendar_id NOT IN (${ids.map((_, i) => p(i + 1)).join(', ')})`;
    await engine.run(`DELETE FROM business_intervals${stale}`, ids);
  }
  let count = 0;
  for (const calendar of calendars) {
    const expanded = expandCalendar(calendar, from, to);
    const kept = keepEqualRows ? await keepStoredPrefix(engine, calendar.id, expanded) : 0;
    const rows = expanded
      .slice(kept)
      .map((i) => [calendar.id, isoUtc(i.startMs), isoUtc(i.endMs), i.cumulativeBeforeSeconds]);
    await engine.insertRows(
      'business_intervals',
      ['calendar_id', 'start_at', 'end_at', 'cumulative_before_s'],
      rows,
    );
    count += expanded.length;
  }
  return { calendars: calendars.length, intervals: count };
}

/**
 * Keeps the stored intervals of a calendar that equal the start of `expanded` and deletes the rest;
 * returns how many were kept. Compared in whole milliseconds, as they were written.
 */
async function keepStoredPrefix(
  engine: Engine,
  calendarId: string,
  expanded: readonly { startMs: number; endMs: number; cumulativeBeforeSeconds: number }[],
): Promise<number> {
  const { epochSeconds, placeholder } = engine.dialect;
  const stored = await engine.all(
    `SELECT ${epochSeconds('start_at')} AS start_s, ${epochSeconds('end_at')} AS end_s, cumulative_before_s
     FROM business_intervals WHERE calendar_id = ${placeholder(1)} ORDER BY start_at`,
    [calendarId],
  );
  let kept = 0;
  while (kept < stored.length && kept < expanded.length) {
    const row = stored[kept];
    const wanted = expanded[kept];
    if (
      row === undefined ||
      wanted === undefined ||
      Math.round(Number(row.start_s) * 1000) !== wanted.startMs ||
      Math.round(Number(row.end_s) * 1000) !== wanted.endMs ||
      Number(row.cumulative_before_s) !== wanted.cumulativeBeforeSeconds
    ) {
      break;
    }
    kept++;
  }
  if (kept < stored.length) {
    const firstDiffering = stored[kept];
    await engine.run(
      `DELETE FROM business_intervals WHERE calendar_id = ${placeholder(1)} AND ${epochSeconds('start_at')} >= ${placeholder(2)}`,
      [calendarId, Number(firstDiffering?.start_s)],
    );
  }
  return kept;
}

/**
 * Business seconds from the start of the calendar's expansion to `time`: the cumulative seconds
 * before the interval at or before it, plus the part of that interval already elapsed.
 */
function clockAt(engine: Engine, alias: string, time: string): string {
  const { epochSeconds } = engine.dialect;
  return `CASE WHEN ${time} IS NULL THEN NULL WHEN ${alias}.start_at IS NULL THEN 0 ELSE ${alias}.cumulative_before_s + LEAST(GREATEST(${epochSeconds(time)} - ${epochSeconds(`${alias}.start_at`)}, 0), ${epochSeconds(`${alias}.end_at`)} - ${epochSeconds(`${alias}.start_at`)}) END`;
}

/**
 * Aggregate SQL over a contact's events: the seconds between its `startKind` and `endKind` events
 * (a call's handle time, its holds, its after-contact work), when each start has its end.
 */
function pairedSeconds(engine: Engine, startKind: string, endKind: string): string {
  const epoch = engine.dialect.epochSeconds;
  const count = (kind: string) => `count(CASE WHEN kind = '${kind}' THEN 1 END)`;
  return `CASE WHEN ${count(startKind)} = ${count(endKind)} AND ${count(startKind)} > 0 THEN sum(CASE WHEN kind = '${endKind}' THEN ${epoch('occurred_at')} END) - sum(CASE WHEN kind = '${startKind}' THEN ${epoch('occurred_at')} END) END`;
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
 * Where the facts of some rows only are computed from: a subquery of their contact keys, and a
 * table with (at least) all the events of those contacts, read once from `contact_events` instead
 * of once per aggregate.
 */
interface FactsScope {
  contacts: string;
  events: string;
}

/**
 * The facts of every contact the rebuild can use, plus `negative_durations`: the names (space
 * separated) of the durations left out because they would be negative. Reads `unbuildable_rows`.
 * `only` limits them to some contacts.
 */
function contactFactsSql(engine: Engine, only?: FactsScope): string {
  const d = engine.dialect;
  const contactEvents = only?.events ?? 'contact_events';
  // Limited before the joins, not after them.
  const contacts = only ? `(SELECT * FROM contacts WHERE contact_key IN (${only.contacts}))` : 'contacts';
  const epoch = d.epochSeconds;
  const seconds = (from: string, to: string) => `(${epoch(to)} - ${epoch(from)})`;
  /** What stops the first-response clock: a public reply by a human agent, or answering a call/chat. */
  const isResponse = (alias: string) =>
    `((${alias}kind = 'agent_reply' AND ${alias}public AND ${alias}actor = 'agent') OR ${alias}kind = 'answer')`;
  const pairedSum = (startKind: string, endKind: string) => pairedSeconds(engine, startKind, endKind);
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
  FROM ${contactEvents} WHERE kind = 'status_change' AND status IS NOT NULL
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
  FROM ${contactEvents} GROUP BY contact_key
),
-- A contact is reassigned when its assignments name more than one agent or more than one team; a
-- count of distinct names does not depend on the order of assignments made at the same time.
assignment_counts AS (
  SELECT contact_key, count(*) AS assignments,
    count(DISTINCT agent_id) > 1 OR count(DISTINCT team_id) > 1 AS reassigned
  FROM ${contactEvents} WHERE kind = 'assignment' GROUP BY contact_key
),
escalation_kinds AS (
  SELECT contact_key, string_agg(escalation_type, '|' ORDER BY escalation_type) AS escalation_types
  FROM (SELECT DISTINCT contact_key, escalation_type FROM ${contactEvents} WHERE kind = 'escalation' AND escalation_type IS NOT NULL) x
  GROUP BY contact_key
),
-- Usually the first response follows the first inbound message and the aggregate above has it;
-- only contacts an agent started need a second look for the first response after the customer's.
first_reply_after_outbound AS (
  SELECT e.contact_key, min(e.occurred_at) AS first_reply_at,
    ${d.argMin('e.agent_id', 'e.occurred_at', 'e.seq')} AS first_reply_agent_id
  FROM ${contactEvents} e JOIN events v ON v.contact_key = e.contact_key
  WHERE v.any_response_at < v.inbound_at AND ${isResponse('e.')} AND e.occurred_at >= v.inbound_at
  GROUP BY e.contact_key
),
contact_base AS (
  SELECT c.contact_key, c.channel, COALESCE(c.team_id, a.team_id) AS team_id, c.assignee_id, c.topic, c.priority,
    c.customer_id, c.created_at, c.status, c.source_sla_met,
    CASE WHEN tm.calendar_id IN (SELECT id FROM usable_calendars) THEN tm.calendar_id
         ELSE (SELECT id FROM default_calendar) END AS calendar_id
  FROM ${contacts} c
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
-- The interval at or before each point, found by calendar and UTC day in a hash join: each
-- interval is listed under every day from its start to the next interval's start, and a
-- calendar's last interval, which has no next one (an always-open calendar is one interval), is
-- joined apart. An as-of join sorted every point for this, a third of the statement at a million
-- contacts.
interval_days AS (
  SELECT k.calendar_id, CAST(r.d AS DATE) AS day, k.start_at, k.end_at, k.cumulative_before_s, k.next_start_at
  FROM (SELECT * FROM (SELECT calendar_id, start_at, end_at, cumulative_before_s,
      lead(start_at) OVER (PARTITION BY calendar_id ORDER BY start_at) AS next_start_at
    FROM business_intervals) i WHERE next_start_at IS NOT NULL) k
  CROSS JOIN LATERAL generate_series(date_trunc('day', k.start_at), date_trunc('day', k.next_start_at), INTERVAL '1 day') AS r(d)
),
last_intervals AS (
  SELECT calendar_id, start_at, end_at, cumulative_before_s FROM (SELECT calendar_id, start_at, end_at, cumulative_before_s,
      row_number() OVER (PARTITION BY calendar_id ORDER BY start_at DESC) AS n
    FROM business_intervals) i WHERE n = 1
),
clock AS (
  SELECT c.contact_key, c.point, ${clockAt(engine, 'c', 'c.t')} AS f
  FROM (SELECT p.contact_key, p.point, p.t, COALESCE(k.start_at, l.start_at) AS start_at,
      COALESCE(k.end_at, l.end_at) AS end_at, COALESCE(k.cumulative_before_s, l.cumulative_before_s) AS cumulative_before_s
    FROM clock_points p
    LEFT JOIN interval_days k ON k.calendar_id = p.calendar_id AND k.day = CAST(p.t AS DATE)
      AND p.t >= k.start_at AND p.t < k.next_start_at
    LEFT JOIN last_intervals l ON l.calendar_id = p.calendar_id AND p.t >= l.start_at) c
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

/**
 * The facts of every survey row the rebuild can use; `only` limits them to some rows: `surveys`
 * is a subquery of their survey keys, `events` holds the events of their contacts.
 */
function surveyFactsSql(engine: Engine, only?: { surveys: string; events: string }): string {
  const d = engine.dialect;
  // Limited before the joins: the as-of join would otherwise go through every survey row. The rows
  // are read twice below, so the few asked for are picked out of all of them once.
  const picked = only
    ? `WITH picked_surveys AS MATERIALIZED (SELECT * FROM survey_responses WHERE source || '|' || external_id IN (${only.surveys}))
`
    : '';
  const surveys = only ? 'picked_surveys' : 'survey_responses';
  // Of the replies at the same moment, the last in source order is the last replier. A bot's
  // reply is never credited, even when the source gives the bot an agent id.
  const lastReplier = d.asofLeftJoin({
    table: `(SELECT contact_key, occurred_at, ${d.argMax('agent_id', 'seq')} AS agent_id FROM ${only?.events ?? 'contact_events'}
      WHERE agent_id IS NOT NULL AND ((kind = 'agent_reply' AND public AND actor = 'agent') OR kind = 'answer') GROUP BY contact_key, occurred_at)`,
    alias: 'r',
    equal: [['l.contact_key', 'contact_key']],
    leftTime: 'COALESCE(l.sent_at, l.responded_at)',
    rightTime: 'occurred_at',
  });
  // "Positive" = above the midpoint of the scale: 4–5 on 1–5, 3 on 1–3, 2 on 1–2, 5–7 on 1–7.
  const aboveMidpoint = 's.score > (s.scale_min + s.scale_max) / 2.0';
  // The last replier is found for the survey rows' keys and times alone, then joined by the key
  // (unique): an as-of join sorts what it carries, and the whole rows cost a third of the statement.
  return `
${picked}SELECT s.source || '|' || s.external_id AS survey_key, s.contact_key, s.kind, s.scale_min, s.scale_max, s.score,
  s.score IS NOT NULL AS answered,
  CASE WHEN s.score IS NULL THEN NULL ELSE ${aboveMidpoint} END AS top_box,
  CASE WHEN s.score IS NULL OR s.kind <> 'nps' THEN NULL ELSE s.score >= 9 END AS promoter,
  CASE WHEN s.score IS NULL OR s.kind <> 'nps' THEN NULL ELSE s.score <= 6 END AS detractor,
  s.dimension, s.language, f.channel,
  COALESCE(f.team_id, a.team_id) AS team_id,
  s.agent_id AS credited_agent_id, f.topic, f.priority, s.sent_at, s.responded_at,
  COALESCE(s.responded_at, s.sent_at) AS counted_at,
  s.survey_id, s.question_id, COALESCE(s.source_label, s.via) AS survey_source, s.location,
  lr.agent_id AS last_replier_id, f.handled_by_agent_id, f.assignee_id
FROM ${surveys} s
LEFT JOIN contact_facts f ON f.contact_key = s.contact_key
LEFT JOIN agents a ON a.id = s.agent_id
LEFT JOIN (
  SELECT l.source, l.external_id, r.agent_id FROM ${surveys} l
  ${lastReplier}
) lr ON lr.source = s.source AND lr.external_id = s.external_id
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
  await analyzeTemporary(engine, 'unbuildable_rows');
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
 * SQL from `facts` (rows of `contact_key`, `created_at` and `negative_durations` of every contact
 * in the facts): only the examples reach the Node heap.
 */
async function countNegativeDurations(
  engine: Engine,
  facts: string,
): Promise<{
  summary: RebuildSummary['negativeDurations'];
  notices: RebuildNotice[];
}> {
  const durations = Object.keys(NEGATIVE_DURATION_CAUSES) as NegativeDuration[];
  await engine.run('DROP TABLE IF EXISTS negative_contacts');
  await engine.run(
    `CREATE TEMP TABLE negative_contacts AS
     SELECT DISTINCT r.contact_key, c.source, CAST(CAST(r.created_at AS DATE) AS VARCHAR) AS day,
       ' ' || r.negative_durations || ' ' AS durations
     FROM ${facts} r JOIN contacts c ON c.contact_key = r.contact_key
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
 * The negative durations of every contact in the facts, as `contactFactsSql` names them, told from
 * the facts themselves where they show (an end before its start, a measured wait left out) and
 * from the events of calls otherwise: the facts keep no trace of an unpaired or negative handle,
 * hold or after-contact work. Lets a rebuild of a few contacts count them all again cheaply.
 */
function negativeDurationsInFactsSql(engine: Engine): string {
  const pairs = [
    ['handle', 'answer', 'end'],
    ['hold', 'hold_start', 'hold_end'],
    ['acw', 'acw_start', 'acw_end'],
  ] as const;
  const negativePair = (start: string, end: string) => `${pairedSeconds(engine, start, end)} < 0`;
  const named: Record<NegativeDuration, string> = {
    frt: 'f.first_reply_at < f.first_customer_message_at',
    first_resolution: 'f.first_resolved_at < f.created_at',
    full_resolution: 'f.last_resolved_at < f.created_at',
    queue_wait: '(f.answered OR f.abandoned) AND f.queue_wait_s IS NULL',
    handle: 'p.handle',
    hold: 'p.hold',
    acw: 'p.acw',
    talk: 'f.handle_s - COALESCE(f.hold_s, 0) < 0',
  };
  const kinds = pairs.flatMap(([, start, end]) => [`'${start}'`, `'${end}'`]).join(', ');
  return `SELECT f.contact_key, f.created_at,
      concat_ws(' ', ${Object.entries(named)
        .map(([name, condition]) => `CASE WHEN ${condition} THEN '${name}' END`)
        .join(', ')}) AS negative_durations
    FROM contact_facts f LEFT JOIN (
      SELECT contact_key, ${pairs.map(([name, start, end]) => `${negativePair(start, end)} AS ${name}`).join(', ')}
      FROM contact_events WHERE kind IN (${kinds}) GROUP BY contact_key
    ) p ON p.contact_key = f.contact_key`;
}

/**
 * What a rebuild changed, for whoever keeps answers computed from the facts (the server's KPI
 * results): an answer kept under `before` that reads none of it still holds under `after`.
 */
export interface FactsChange {
  /** `facts_state.rebuilt_at` (as text) before the rebuild, null before the first. */
  before: string | null;
  /** `facts_state.rebuilt_at` after it. */
  after: string;
  /** Any fact may have changed (a full rebuild): nothing kept holds. */
  everything: boolean;
  /**
   * The whole UTC days (ISO instants, `to` exclusive) from the earliest to the latest time, old or
   * new, that puts a changed contact or survey row into a period: created, first message, first
   * reply, first and last resolution, survey sent, answered and counted. Null when none changed.
   */
  days: { from: string; to: string } | null;
  /**
   * Where the open backlog may differ, in whole UTC days: from the earliest creation of a changed
   * contact that is or was counted open, to its latest resolution; `to` is null when one is open
   * now (it counts on every later period end). Null when no such contact changed.
   */
  backlog: { from: string; to: string | null } | null;
  /** A dimension (channel, team, agent, topic, priority, escalation type, the survey ones) gained or lost a value. */
  filterValues: boolean;
  /** Agents' rows changed: an agent's team, their scope and their team comparisons may differ. */
  agents: boolean;
  /** The inputs some source records changed (which indicators have none). */
  inputs: boolean;
  /** The number of contacts without a business-hours calendar changed. */
  withoutCalendar: boolean;
}

/** The rows an import wrote, by key: whose facts a rebuild of the touched rows computes again. */
export interface TouchedRows {
  /**
   * Contacts (`source|external_id`) written, or with events written: those of the events' new
   * contact and, for an event that moved, of its old one.
   */
  contacts: readonly string[];
  /** Survey rows (`source|external_id`) written. */
  surveys?: readonly string[];
  /** Agents (ids) written: the facts of their contacts and survey answers name their team. */
  agents?: readonly string[];
}

/** The facts columns that put a contact or survey row into a period. */
const CONTACT_TIMES = [
  'created_at',
  'first_customer_message_at',
  'first_reply_at',
  'first_resolved_at',
  'last_resolved_at',
];
const SURVEY_TIMES = ['sent_at', 'responded_at', 'counted_at'];

/** The dimensions a KPI query filters and groups by, and the facts columns holding their values. */
const DIMENSION_COLUMNS = [
  { dimension: 'channel', contact: 'channel', survey: 'channel' },
  { dimension: 'team', contact: 'team_id', survey: 'team_id' },
  { dimension: 'agent', contact: 'assignee_id', survey: 'agent_id' },
  { dimension: 'topic', contact: 'topic', survey: 'topic' },
  { dimension: 'priority', contact: 'priority', survey: 'priority' },
  { dimension: 'escalation_type', contact: 'first_escalation_type', survey: null },
  { dimension: 'survey_dimension', contact: null, survey: 'dimension' },
  { dimension: 'survey', contact: null, survey: 'survey_id' },
  { dimension: 'survey_question', contact: null, survey: 'question_id' },
  { dimension: 'survey_source', contact: null, survey: 'survey_source' },
  { dimension: 'survey_location', contact: null, survey: 'location' },
] as const;

/** Beyond this many values to look up, a change of the filter values is assumed rather than checked. */
const VALUES_CHECKED = 32;

const SURVEY_AGENT =
  'COALESCE(credited_agent_id, last_replier_id, handled_by_agent_id, assignee_id) AS agent_id';

async function recordedInputs(engine: Engine): Promise<string> {
  const rows = await engine.all('SELECT source, input FROM source_inputs ORDER BY source, input');
  return JSON.stringify(rows.map((r) => [r.source, r.input]));
}

/** Midnight UTC of the day of a timestamp as text (`yyyy-MM-dd HH:mm:ss…`), `days` later. */
function dayStart(timestamp: string, days = 0): string {
  return new Date(Date.parse(`${timestamp.slice(0, 10)}T00:00:00Z`) + days * DAY_MS).toISOString();
}

/**
 * What every rebuild ends with: the per-source summaries a KPI query reads (of `sources` only, a
 * subquery of source names, when given), the counts of the summary, and `facts_state` with the
 * span of the facts.
 */
async function finishRebuild(engine: Engine, sources?: string) {
  // What a KPI query reads to know whether anything in its selection can carry an input.
  for (const statement of sourceSummaryStatements(sources)) await engine.run(statement);
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
    withoutCalendar: Number(row.without_calendar ?? 0),
    after: (await factsVersion(engine)) ?? '',
  };
}

/**
 * PostgreSQL settings for the rebuild's transaction. The facts statements have hundreds of
 * expressions and, on tables with statistics, a plan cost high enough for the server to compile
 * them to machine code with full optimisation: seconds of compiling for a statement that runs in
 * a fraction of one, whatever the number of contacts.
 */
async function prepareRebuild(engine: Engine): Promise<void> {
  if (engine.kind === 'postgres') await engine.run('SET LOCAL jit = off');
}

/**
 * On PostgreSQL, statistics for temporary tables the rebuild made (`table`: names, comma separated):
 * autovacuum never visits them, and the planner would take each for a nearly empty table.
 */
async function analyzeTemporary(engine: Engine, table: string): Promise<void> {
  if (engine.kind === 'postgres') await engine.run(`ANALYZE ${table}`);
}

/**
 * Derives per-contact and per-survey facts from the canonical tables, replacing the previous ones
 * in one transaction. Run whenever calendars or targets change, and by `servicemeter rebuild`;
 * an import rebuilds only what it touched (`rebuildTouchedFacts`).
 */
export async function rebuildFacts(engine: Engine, options: RebuildOptions = {}): Promise<RebuildSummary> {
  const started = performance.now();
  return engine.transaction(async () => {
    await prepareRebuild(engine);
    const before = await factsVersion(engine);
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
    const negativeDurations = await countNegativeDurations(engine, 'rebuilt_contact_facts');
    await engine.run('DROP TABLE rebuilt_contact_facts');
    await storeRebuildNotices(engine, [...leftOut.notices, ...negativeDurations.notices]);
    let changedContacts: number | null = null;
    if (options.countChangedContacts) {
      const changed = await engine.all(
        `SELECT count(*) AS n FROM contact_facts n FULL OUTER JOIN previous_contact_facts p ON p.contact_key = n.contact_key
         WHERE ${factsDiffer(contactColumns, 'contact_key')}`,
      );
      changedContacts = Number(changed[0]?.n ?? 0);
      await engine.run('DROP TABLE previous_contact_facts');
    }
    await engine.run('DELETE FROM survey_facts');
    const surveyColumns = columnNames(SURVEY_FACT_COLUMNS);
    const select = surveyColumns.map((c) => (c === 'agent_id' ? SURVEY_AGENT : c));
    await engine.run(
      `INSERT INTO survey_facts (${surveyColumns.join(', ')}) SELECT ${select.join(', ')} FROM (${surveyFactsSql(engine)}) x`,
    );
    // The team's time reads the calendars and teams too; a full rebuild is where their changes land.
    await rebuildWorkforceFacts(engine, new Date());
    // The business facts read the contact facts and the agents' teams, rebuilt above.
    await rebuildBusinessFacts(engine, new Date());
    const finished = await finishRebuild(engine);
    return {
      contacts: finished.contacts,
      surveys: finished.surveys,
      calendars: business.calendars,
      businessIntervals: business.intervals,
      contactsWithoutCalendar: finished.withoutCalendar,
      changedContacts,
      leftOut: leftOut.summary,
      negativeDurations: negativeDurations.summary,
      scope: 'all',
      rebuilt: { contacts: finished.contacts, surveys: finished.surveys },
      change: {
        before,
        after: finished.after,
        everything: true,
        days: null,
        backlog: null,
        filterValues: true,
        agents: true,
        inputs: true,
        withoutCalendar: true,
      },
      seconds: (performance.now() - started) / 1000,
    };
  });
}

/** SQL: the new row `n` and the previous row `p` (joined on `key`) are not the same facts. */
function factsDiffer(columns: readonly string[], key: string): string {
  const differs = columns.filter((c) => c !== key).map((c) => `n.${c} IS DISTINCT FROM p.${c}`);
  return `n.${key} IS NULL OR p.${key} IS NULL OR ${differs.join(' OR ')}`;
}

/**
 * Notes the touched rows in temporary tables: `touched_contacts` (contact keys: those given and
 * the contacts of the agents given that have no team of their own) and `touched_surveys` (survey
 * key and contact key of the rows given, of the touched contacts' survey rows and of those credited
 * to the agents given).
 */
async function noteTouchedRows(engine: Engine, touched: TouchedRows): Promise<void> {
  const given = [
    { table: 'given_contacts', column: 'contact_key', keys: touched.contacts },
    { table: 'given_surveys', column: 'survey_key', keys: touched.surveys ?? [] },
    { table: 'given_agents', column: 'id', keys: touched.agents ?? [] },
  ];
  for (const { table, column, keys } of given) {
    await engine.run(`DROP TABLE IF EXISTS ${table}`);
    await engine.run(`CREATE TEMP TABLE ${table} (${column} VARCHAR)`);
    await engine.insertRows(
      table,
      [column],
      [...new Set(keys)].map((key) => [key]),
    );
  }
  await engine.run('DROP TABLE IF EXISTS touched_contacts');
  await engine.run(
    `CREATE TEMP TABLE touched_contacts AS
     SELECT contact_key FROM given_contacts
     -- A contact with a team of its own takes nothing from its agent's row (see contact_base).
     UNION SELECT contact_key FROM contacts WHERE team_id IS NULL AND assignee_id IN (SELECT id FROM given_agents)`,
  );
  await engine.run('DROP TABLE IF EXISTS touched_surveys');
  await engine.run(
    `CREATE TEMP TABLE touched_surveys AS
     SELECT s.source || '|' || s.external_id AS survey_key, s.contact_key FROM survey_responses s
     WHERE s.contact_key IN (SELECT contact_key FROM touched_contacts)
       OR s.agent_id IN (SELECT id FROM given_agents)
       OR s.source || '|' || s.external_id IN (SELECT survey_key FROM given_surveys)
     -- A row given that is no longer stored loses its facts.
     UNION SELECT survey_key, contact_key FROM survey_facts WHERE survey_key IN (SELECT survey_key FROM given_surveys)`,
  );
  await analyzeTemporary(engine, 'touched_contacts, touched_surveys');
}

/**
 * The sources whose summaries (`source_inputs`, `source_activity`) the touched rows can change, as a
 * subquery, or undefined for all of them. A source's summary reads only rows of that source, and an
 * event's source is part of its contact's key. Only touched rows still stored name their source:
 * when one is gone, or a contact key could split into source and id in more than one way, every
 * source is summarised again.
 */
async function touchedSources(engine: Engine): Promise<string | undefined> {
  const [unsure] = await engine.all(
    `SELECT count(*) AS n FROM (
       SELECT contact_key FROM touched_contacts WHERE contact_key NOT IN (SELECT contact_key FROM contacts)
         OR contact_key LIKE '%|%|%'
       UNION ALL SELECT survey_key FROM touched_surveys
       WHERE survey_key NOT IN (SELECT source || '|' || external_id FROM survey_responses)) x`,
  );
  if (Number(unsure?.n ?? 0) > 0) return undefined;
  await engine.run('DROP TABLE IF EXISTS touched_sources');
  await engine.run(
    `CREATE TEMP TABLE touched_sources AS
     SELECT source FROM contacts WHERE contact_key IN (SELECT contact_key FROM touched_contacts)
     UNION SELECT source FROM touched_events
     UNION SELECT s.source FROM survey_responses s
     WHERE s.source || '|' || s.external_id IN (SELECT survey_key FROM touched_surveys)`,
  );
  return 'SELECT source FROM touched_sources';
}

const TOUCHED_TABLES = [
  'touched_sources',
  'given_contacts',
  'given_surveys',
  'given_agents',
  'touched_contacts',
  'touched_surveys',
  'touched_events',
  'previous_contact_facts',
  'previous_survey_facts',
  'changed_contacts',
  'changed_surveys',
  'changed_contact_rows',
  'changed_survey_rows',
];

/**
 * Whether a dimension gained or lost a value: a value that only the old or only the new versions
 * of the changed rows have, and no unchanged row has either.
 */
async function filterValuesChanged(engine: Engine): Promise<boolean> {
  const values = DIMENSION_COLUMNS.flatMap(({ dimension, contact, survey }) => [
    ...(contact
      ? [`SELECT '${dimension}' AS dimension, ${contact} AS v, version FROM changed_contact_rows`]
      : []),
    ...(survey ? [`SELECT '${dimension}', ${survey}, version FROM changed_survey_rows`] : []),
  ]);
  const oneSided = await engine.all(
    `SELECT dimension, v FROM (${values.join(' UNION ALL ')}) x
     GROUP BY dimension, v HAVING min(version) = max(version) LIMIT ${VALUES_CHECKED + 1}`,
  );
  if (oneSided.length > VALUES_CHECKED) return true;
  const p = engine.dialect.placeholder;
  for (const row of oneSided) {
    const spec = DIMENSION_COLUMNS.find((d) => d.dimension === row.dimension);
    const value = row.v == null ? null : String(row.v);
    const match = (column: string) => (value === null ? `${column} IS NULL` : `${column} = ${p(1)}`);
    const lookups = [
      spec?.contact
        ? `SELECT 1 AS x FROM contact_facts WHERE ${match(spec.contact)} AND contact_key NOT IN (SELECT contact_key FROM changed_contacts)`
        : null,
      spec?.survey
        ? `SELECT 1 AS x FROM survey_facts WHERE ${match(spec.survey)} AND survey_key NOT IN (SELECT survey_key FROM changed_surveys)`
        : null,
    ];
    let kept = false;
    for (const lookup of lookups) {
      if (lookup === null || kept) continue;
      kept = (await engine.all(`${lookup} LIMIT 1`, value === null ? [] : [value])).length > 0;
    }
    if (!kept) return true;
  }
  return false;
}

/**
 * The change a rebuild of the touched rows made, from the previous facts of the touched rows
 * (`previous_contact_facts`, `previous_survey_facts`) and their new ones; also the count of
 * contacts whose facts changed.
 */
async function describeTouchedChange(
  engine: Engine,
  versions: { before: string | null; after: string },
  inputsChanged: boolean,
  agentsWritten: boolean,
): Promise<{ change: FactsChange; changedContacts: number }> {
  const contactColumns = columnNames(CONTACT_FACT_COLUMNS);
  const surveyColumns = columnNames(SURVEY_FACT_COLUMNS);
  await engine.run(
    `CREATE TEMP TABLE changed_contacts AS SELECT COALESCE(n.contact_key, p.contact_key) AS contact_key
     FROM (SELECT * FROM contact_facts WHERE contact_key IN (SELECT contact_key FROM touched_contacts)) n
     FULL OUTER JOIN previous_contact_facts p ON p.contact_key = n.contact_key
     WHERE ${factsDiffer(contactColumns, 'contact_key')}`,
  );
  await engine.run(
    `CREATE TEMP TABLE changed_surveys AS SELECT COALESCE(n.survey_key, p.survey_key) AS survey_key
     FROM (SELECT * FROM survey_facts WHERE survey_key IN (SELECT survey_key FROM touched_surveys)) n
     FULL OUTER JOIN previous_survey_facts p ON p.survey_key = n.survey_key
     WHERE ${factsDiffer(surveyColumns, 'survey_key')}`,
  );
  const rowsOf = (table: string, changed: string, key: string, columns: string) =>
    `SELECT 'old' AS version, ${columns} FROM previous_${table} WHERE ${key} IN (SELECT ${key} FROM ${changed})
     UNION ALL SELECT 'new', ${columns} FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${changed})`;
  const dimensions = (side: 'contact' | 'survey') =>
    DIMENSION_COLUMNS.flatMap((d) => (d[side] ? [d[side]] : []));
  await engine.run(
    `CREATE TEMP TABLE changed_contact_rows AS ${rowsOf('contact_facts', 'changed_contacts', 'contact_key', [...new Set([...CONTACT_TIMES, ...dimensions('contact'), 'is_open', 'calendar_id'])].join(', '))}`,
  );
  await engine.run(
    `CREATE TEMP TABLE changed_survey_rows AS ${rowsOf('survey_facts', 'changed_surveys', 'survey_key', [...new Set([...SURVEY_TIMES, ...dimensions('survey')])].join(', '))}`,
  );
  const times = [
    ...CONTACT_TIMES.map((c) => `SELECT ${c} AS t FROM changed_contact_rows`),
    ...SURVEY_TIMES.map((c) => `SELECT ${c} FROM changed_survey_rows`),
  ];
  const [span] = await engine.all(
    `SELECT CAST(min(t) AS VARCHAR) AS lo, CAST(max(t) AS VARCHAR) AS hi FROM (${times.join(' UNION ALL ')}) x`,
  );
  const [backlog] = await engine.all(
    `SELECT CAST(min(created_at) AS VARCHAR) AS lo, CAST(max(last_resolved_at) AS VARCHAR) AS hi,
       max(CASE WHEN is_open THEN 1 ELSE 0 END) AS open
     FROM changed_contact_rows WHERE last_resolved_at IS NOT NULL OR is_open`,
  );
  const [counted] = await engine.all(
    `SELECT (SELECT count(*) FROM changed_contacts) AS contacts,
       (SELECT count(*) FROM changed_contact_rows WHERE version = 'new' AND calendar_id IS NULL)
       - (SELECT count(*) FROM changed_contact_rows WHERE version = 'old' AND calendar_id IS NULL) AS without_calendar`,
  );
  const lo = span?.lo == null ? null : String(span.lo);
  const hi = span?.hi == null ? null : String(span.hi);
  const backlogFrom = backlog?.lo == null ? null : String(backlog.lo);
  return {
    changedContacts: Number(counted?.contacts ?? 0),
    change: {
      ...versions,
      everything: false,
      days: lo === null || hi === null ? null : { from: dayStart(lo), to: dayStart(hi, 1) },
      backlog:
        backlogFrom === null
          ? null
          : {
              from: dayStart(backlogFrom),
              to: Number(backlog?.open) === 1 || backlog?.hi == null ? null : dayStart(String(backlog.hi), 1),
            },
      filterValues: await filterValuesChanged(engine),
      agents: agentsWritten,
      inputs: inputsChanged,
      withoutCalendar: Number(counted?.without_calendar ?? 0) !== 0,
    },
  };
}

/**
 * Rebuilds the facts of the rows an import touched — the contacts, their survey rows, the survey
 * rows written, the contacts and survey rows of the agents written — and what every rebuild keeps
 * about all of them (per-source summaries, rebuild notices, the facts span), in one transaction.
 * The facts come out as a full rebuild would make them; calendars and targets must not have
 * changed (their changes rebuild everything). The summary's `change` says what changed.
 */
export async function rebuildTouchedFacts(
  engine: Engine,
  touched: TouchedRows,
  options: RebuildOptions = {},
): Promise<RebuildSummary> {
  const started = performance.now();
  return engine.transaction(async () => {
    await prepareRebuild(engine);
    const before = await factsVersion(engine);
    const inputsBefore = await recordedInputs(engine);
    // Both are cheap next to the facts: each reads a few columns, and only what is out of range
    // or comes from calls goes further.
    const leftOut = await findUnbuildableRows(engine);
    // Calendars are not changed by an import, so most intervals stay as they are.
    const business = await rebuildBusinessIntervals(engine, true);
    await noteTouchedRows(engine, touched);
    const onlyContacts = 'SELECT contact_key FROM touched_contacts';
    const onlySurveys = 'SELECT survey_key FROM touched_surveys';
    // One read of the events for every aggregate below.
    await engine.run(
      `CREATE TEMP TABLE touched_events AS SELECT * FROM contact_events
       WHERE contact_key IN (${onlyContacts} UNION SELECT contact_key FROM touched_surveys)`,
    );
    await analyzeTemporary(engine, 'touched_events');
    const contactColumns = columnNames(CONTACT_FACT_COLUMNS).join(', ');
    await engine.run(
      `CREATE TEMP TABLE previous_contact_facts AS SELECT * FROM contact_facts WHERE contact_key IN (${onlyContacts})`,
    );
    await engine.run(`DELETE FROM contact_facts WHERE contact_key IN (${onlyContacts})`);
    await engine.run(
      `INSERT INTO contact_facts (${contactColumns}) SELECT ${contactColumns} FROM (${contactFactsSql(engine, { contacts: onlyContacts, events: 'touched_events' })}) x`,
    );
    const surveyColumns = columnNames(SURVEY_FACT_COLUMNS);
    await engine.run(
      `CREATE TEMP TABLE previous_survey_facts AS SELECT * FROM survey_facts WHERE survey_key IN (${onlySurveys})`,
    );
    await engine.run(`DELETE FROM survey_facts WHERE survey_key IN (${onlySurveys})`);
    await engine.run(
      `INSERT INTO survey_facts (${surveyColumns.join(', ')}) SELECT ${surveyColumns.map((c) => (c === 'agent_id' ? SURVEY_AGENT : c)).join(', ')} FROM (${surveyFactsSql(engine, { surveys: onlySurveys, events: 'touched_events' })}) x`,
    );
    const negativeDurations = await countNegativeDurations(
      engine,
      `(${negativeDurationsInFactsSql(engine)})`,
    );
    await storeRebuildNotices(engine, [...leftOut.notices, ...negativeDurations.notices]);
    const finished = await finishRebuild(engine, await touchedSources(engine));
    const { change, changedContacts } = await describeTouchedChange(
      engine,
      { before, after: finished.after },
      (await recordedInputs(engine)) !== inputsBefore,
      (touched.agents ?? []).length > 0,
    );
    const [rebuilt] = await engine.all(
      'SELECT (SELECT count(*) FROM touched_contacts) AS contacts, (SELECT count(*) FROM touched_surveys) AS surveys',
    );
    for (const table of TOUCHED_TABLES) await engine.run(`DROP TABLE IF EXISTS ${table}`);
    return {
      contacts: finished.contacts,
      surveys: finished.surveys,
      calendars: business.calendars,
      businessIntervals: business.intervals,
      contactsWithoutCalendar: finished.withoutCalendar,
      changedContacts: options.countChangedContacts ? changedContacts : null,
      leftOut: leftOut.summary,
      negativeDurations: negativeDurations.summary,
      scope: 'touched',
      rebuilt: { contacts: Number(rebuilt?.contacts ?? 0), surveys: Number(rebuilt?.surveys ?? 0) },
      change,
      seconds: (performance.now() - started) / 1000,
    };
  });
}
