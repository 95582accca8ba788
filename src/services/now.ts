/**
 * What is happening now: the open contacts and those waiting for a first reply, today against the
 * same weekday of the last four weeks, the calls and chats waiting in a queue, the agents' states
 * and today's service level and abandonment, each as of one instant in the team's time zone. The
 * contact lists are read from the facts (as fresh as their last rebuild); the queue and the agents
 * from the canonical events, so they follow every write; and the newest event per source is given
 * so a reader can tell live data from a feed that stopped.
 */
import { quoteLiteral } from '../core/dialect.js';
import type { Engine, Row } from '../core/engine.js';
import { toNumberOrNull } from '../core/engine.js';
import { KpiQuery, type KpiValue } from '../core/kpi/query.js';
import {
  AGENT_STATES,
  type AgentState,
  agentStateNow,
  localDayAndTime,
  type MembershipChange,
  type PauseChange,
  todayAndSameWeekdays,
} from '../core/now.js';
import type { Result } from '../core/result.js';
import { isoInstant, sqlInstant } from './audit.js';
import { type KpiQueryOptions, runKpiQuery } from './kpi.js';

/** How many contacts, queue waits or agents a list names at most; counts cover them all. */
export const NOW_LIST_LIMIT = 20;
/** A queue entry older than this without an answer or abandon is a lost event, not a wait. */
export const QUEUE_WAIT_HORIZON_SECONDS = 24 * 3600;

/** The agent asking: they see their own work only. Null for roles that see the team. */
export interface NowViewer {
  agentId: string;
  teamId: string | null;
}

export interface NowRequest {
  /** The instant the view is of. */
  now: Date;
  /** The time zone whose day "today" is. */
  timezone: string;
  viewer: NowViewer | null;
  /**
   * Whether the lists name the contacts (key, subject, assignee). A viewer reads aggregates only:
   * without it the lists are empty and the counts stay.
   */
  listContacts?: boolean;
  /**
   * Applies the agent scope to the KPI query of today's service level and abandonment (for an
   * agent: their team's whole day, withheld where it would show one colleague's figures).
   */
  scopeKpiQuery?: (query: KpiQuery) => Result<{ query: KpiQuery; options: KpiQueryOptions }, string>;
  signal?: AbortSignal;
}

export interface NowContact {
  key: string;
  source: string;
  externalId: string;
  channel: string;
  subject: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  /** When the wait this list measures began: creation, or the first customer message. */
  since: string;
  waitedSeconds: number;
  /** A customer message still without a first human reply. */
  awaitingReply: boolean;
  /** Has had its first human reply (or its call or chat was answered). */
  replied: boolean;
  /** The channel's first-response deadline (Settings → per-contact thresholds), in `targetHours`. */
  targetSeconds: number | null;
  targetHours: 'business' | 'calendar';
  /** Awaiting a reply longer than its deadline (business hours unless the deadline is in calendar hours). */
  pastTarget: boolean;
}

export interface NowContactList {
  count: number;
  pastTarget: number;
  /** The oldest first, at most NOW_LIST_LIMIT; empty for a reader of aggregates only. */
  oldest: NowContact[];
}

export interface NowDayCount {
  day: string;
  count: number;
}

export interface NowTodayCount {
  today: NowDayCount;
  /** The same weekday of each of the last four weeks, up to the same time of day, latest first. */
  sameWeekdays: NowDayCount[];
  mean: number;
}

export interface NowQueueWait {
  key: string;
  channel: string;
  queue: string | null;
  since: string;
  waitedSeconds: number;
  /** The channel's service-level answer time T. */
  targetSeconds: number | null;
  pastTarget: boolean;
}

export interface NowQueues {
  waiting: number;
  longestWaitSeconds: number | null;
  byChannel: { channel: string; waiting: number; longestWaitSeconds: number }[];
  oldest: NowQueueWait[];
}

export interface NowAgent {
  id: string;
  name: string | null;
  teamId: string | null;
  state: AgentState;
  since: string | null;
  queues: string[];
  reason: string | null;
}

export interface NowAgents {
  /** Counts per state over the agents with status events; null for an agent asking. */
  counts: Record<AgentState, number> | null;
  /** Every agent with status events (the asking agent alone, for an agent), available first. */
  agents: NowAgent[];
}

export interface NowSource {
  source: string;
  kind: 'contacts' | 'agent_status';
  lastEventAt: string;
}

export interface NowView {
  asOf: string;
  timezone: string;
  /** `team`: everything the team does; `own`: an agent's own work. */
  scope: 'team' | 'own';
  /** When the facts behind the contact lists and today's figures were last rebuilt. */
  factsRebuiltAt: string | null;
  /** The newest event (contact event, contact creation or agent status change) up to now, per source. */
  sources: NowSource[];
  lastEventAt: string | null;
  contacts: {
    open: NowContactList;
    /** Null for an agent: the unassigned contacts are not theirs. */
    unassigned: NowContactList | null;
    awaitingFirstReply: NowContactList;
  };
  created: NowTodayCount;
  resolved: NowTodayCount;
  queues: NowQueues;
  agents: NowAgents;
  /** Today so far, from the KPI engine (`service_level`, `abandonment_rate`). */
  serviceLevel: KpiValue;
  abandonment: KpiValue;
  /** Why a figure is missing, in English (a KPI query an agent's scope refused). */
  notes: string[];
}

const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const instant = (value: unknown): string => isoInstant(value) ?? '';

/**
 * The business-hours clock of a calendar at `time`: seconds of opening hours before it, as the
 * facts rebuild measures first-response times (`business_intervals` reaches a year past the data).
 */
function businessClock(engine: Engine, alias: string, time: string): string {
  const { epochSeconds } = engine.dialect;
  return `CASE WHEN ${alias}.start_at IS NULL THEN 0 ELSE ${alias}.cumulative_before_s + LEAST(GREATEST(${epochSeconds(time)} - ${epochSeconds(`${alias}.start_at`)}, 0), ${epochSeconds(`${alias}.end_at`)} - ${epochSeconds(`${alias}.start_at`)}) END`;
}

/**
 * The open contacts up to now (the asking agent's own, for an agent), each with its wait for a
 * first reply measured against its deadline, in the hours the deadline is set in.
 */
function openContactsSql(engine: Engine, nowSql: string, viewer: NowViewer | null): string {
  const d = engine.dialect;
  const seconds = (from: string) => `(${d.epochSeconds(nowSql)} - ${d.epochSeconds(from)})`;
  const hoursOf = (team: string) =>
    `(SELECT t.hours FROM targets t WHERE t.metric = 'frt' AND t.channel = f.channel AND ${team})`;
  const own = viewer === null ? '' : ` AND f.assignee_id = ${quoteLiteral(viewer.agentId)}`;
  return `
WITH open_now AS (
  SELECT f.contact_key, f.channel, f.assignee_id, f.created_at, f.first_customer_message_at, f.calendar_id,
    f.frt_target_s,
    f.first_customer_message_at IS NOT NULL AND f.first_reply_at IS NULL AND NOT COALESCE(f.abandoned, FALSE)
      AND f.first_customer_message_at <= ${nowSql} AS awaiting_reply,
    f.first_reply_at IS NOT NULL AS replied,
    COALESCE(${hoursOf('t.team_id = f.team_id')}, ${hoursOf('t.team_id IS NULL')}, 'business') AS target_hours
  FROM contact_facts f
  -- A call or chat the customer left before anyone answered has ended: it is not work open now.
  WHERE f.is_open AND NOT COALESCE(f.abandoned, FALSE) AND f.created_at <= ${nowSql}${own}
),
inbound_clock AS (
  SELECT o.contact_key, ${businessClock(engine, 'k', 'o.first_customer_message_at')} AS f
  FROM (SELECT * FROM open_now WHERE awaiting_reply AND calendar_id IS NOT NULL) o
  ${d.asofLeftJoin({ table: 'business_intervals', alias: 'k', equal: [['o.calendar_id', 'calendar_id']], leftTime: 'o.first_customer_message_at', rightTime: 'start_at' })}
),
now_clock AS (
  SELECT c.calendar_id, ${businessClock(engine, 'k', 'c.t')} AS f
  FROM (SELECT DISTINCT calendar_id, ${nowSql} AS t FROM open_now WHERE awaiting_reply AND calendar_id IS NOT NULL) c
  ${d.asofLeftJoin({ table: 'business_intervals', alias: 'k', equal: [['c.calendar_id', 'calendar_id']], leftTime: 'c.t', rightTime: 'start_at' })}
)
SELECT o.contact_key, o.channel, o.assignee_id, o.created_at, o.first_customer_message_at, o.awaiting_reply, o.replied,
  o.frt_target_s, o.target_hours,
  COALESCE(o.awaiting_reply AND o.frt_target_s IS NOT NULL AND
    CASE WHEN o.target_hours = 'calendar' OR o.calendar_id IS NULL
         THEN ${seconds('o.first_customer_message_at')} ELSE n.f - i.f END > o.frt_target_s, FALSE) AS past_target
FROM open_now o
LEFT JOIN inbound_clock i ON i.contact_key = o.contact_key
LEFT JOIN now_clock n ON n.calendar_id = o.calendar_id`;
}

async function contactLists(
  engine: Engine,
  nowSql: string,
  viewer: NowViewer | null,
  named: boolean,
): Promise<NowView['contacts']> {
  const d = engine.dialect;
  const list = async (where: string, sinceColumn: string): Promise<NowContactList> => {
    const rows = await engine.all(
      `WITH open_contacts AS (${openContactsSql(engine, nowSql, viewer)}),
       listed AS (SELECT *, ${sinceColumn} AS since FROM open_contacts WHERE ${where})
       SELECT l.contact_key, CAST(l.since AS VARCHAR) AS since, CAST(l.created_at AS VARCHAR) AS created_at,
         l.channel, l.assignee_id, a.name AS assignee_name, c.source, c.external_id, c.subject,
         l.awaiting_reply, l.replied, l.past_target, l.frt_target_s, l.target_hours,
         ${d.epochSeconds(nowSql)} - ${d.epochSeconds('l.since')} AS waited_s,
         (SELECT count(*) FROM listed) AS total,
         (SELECT count(*) FROM listed WHERE past_target) AS past_total
       FROM listed l
       JOIN contacts c ON c.contact_key = l.contact_key
       LEFT JOIN agents a ON a.id = l.assignee_id
       ORDER BY l.since, l.contact_key
       LIMIT ${named ? NOW_LIST_LIMIT : 1}`,
    );
    // An empty list has no row to carry the counts, and then both are 0.
    return {
      count: Number(rows[0]?.total ?? 0),
      pastTarget: Number(rows[0]?.past_total ?? 0),
      oldest: (named ? rows : []).map(
        (r): NowContact => ({
          key: String(r.contact_key),
          source: String(r.source),
          externalId: String(r.external_id),
          channel: String(r.channel),
          subject: str(r.subject),
          assigneeId: str(r.assignee_id),
          assigneeName: str(r.assignee_name),
          createdAt: instant(r.created_at),
          since: instant(r.since),
          waitedSeconds: Math.max(0, Number(r.waited_s)),
          awaitingReply: r.awaiting_reply === true,
          replied: r.replied === true,
          targetSeconds: toNumberOrNull(r.frt_target_s),
          targetHours: r.target_hours === 'calendar' ? 'calendar' : 'business',
          pastTarget: r.past_target === true,
        }),
      ),
    };
  };
  const [open, unassigned, awaitingFirstReply] = await Promise.all([
    list('TRUE', 'created_at'),
    viewer === null ? list('assignee_id IS NULL', 'created_at') : Promise.resolve(null),
    list('awaiting_reply', 'first_customer_message_at'),
  ]);
  return { open, unassigned, awaitingFirstReply };
}

/** Contacts created and first resolved in each window, in one statement. */
async function dayCounts(
  engine: Engine,
  now: Date,
  timezone: string,
  viewer: NowViewer | null,
): Promise<{ created: NowTodayCount; resolved: NowTodayCount }> {
  const d = engine.dialect;
  const windows = todayAndSameWeekdays(now, timezone);
  const own = viewer === null ? '' : ` AND assignee_id = ${quoteLiteral(viewer.agentId)}`;
  const between = (column: string, w: { fromUtc: string; toUtc: string }) =>
    `${column} >= ${d.timestampLiteral(w.fromUtc)} AND ${column} < ${d.timestampLiteral(w.toUtc)}`;
  const earliest = windows[windows.length - 1]?.fromUtc ?? '';
  const columns = windows.flatMap((w, i) => [
    `count(CASE WHEN ${between('created_at', w)} THEN 1 END) AS created_${i}`,
    `count(CASE WHEN ${between('first_resolved_at', w)} THEN 1 END) AS resolved_${i}`,
  ]);
  const rows = await engine.all(
    `SELECT ${columns.join(', ')} FROM contact_facts
     WHERE (created_at >= ${d.timestampLiteral(earliest)} OR first_resolved_at >= ${d.timestampLiteral(earliest)})${own}`,
  );
  const row: Row = rows[0] ?? {};
  const counted = (prefix: string): NowTodayCount => {
    const days = windows.map((w, i) => ({ day: w.day, count: Number(row[`${prefix}_${i}`] ?? 0) }));
    const [today, ...sameWeekdays] = days as [NowDayCount, ...NowDayCount[]];
    const mean = sameWeekdays.reduce((sum, x) => sum + x.count, 0) / Math.max(1, sameWeekdays.length);
    return { today, sameWeekdays, mean };
  };
  return { created: counted('created'), resolved: counted('resolved') };
}

/**
 * Contacts whose latest queue entry (within the last day) has no answer, abandon or end at or after
 * it, up to now. For an agent: their team's contacts nobody else is assigned to, which are work
 * nobody has done yet, or those assigned to them.
 */
async function queueWaits(
  engine: Engine,
  nowSql: string,
  viewer: NowViewer | null,
  named: boolean,
): Promise<NowQueues> {
  const d = engine.dialect;
  const horizon = d.addSeconds(nowSql, String(-QUEUE_WAIT_HORIZON_SECONDS));
  const scoped =
    viewer === null
      ? ''
      : ` AND (c.assignee_id = ${quoteLiteral(viewer.agentId)}${
          viewer.teamId === null
            ? ''
            : ` OR (c.assignee_id IS NULL AND c.team_id = ${quoteLiteral(viewer.teamId)})`
        })`;
  const rows = await engine.all(
    `WITH entries AS (
       SELECT contact_key, max(occurred_at) AS entered_at
       FROM contact_events
       WHERE kind = 'queue_enter' AND occurred_at <= ${nowSql} AND occurred_at > ${horizon}
       GROUP BY contact_key
     ),
     waiting AS (
       SELECT q.contact_key, q.entered_at, c.channel,
         (SELECT min(e.queue) FROM contact_events e WHERE e.contact_key = q.contact_key AND e.kind = 'queue_enter' AND e.occurred_at = q.entered_at) AS queue,
         f.sl_threshold_s
       FROM entries q
       JOIN contacts c ON c.contact_key = q.contact_key
       LEFT JOIN contact_facts f ON f.contact_key = q.contact_key
       WHERE NOT EXISTS (
         SELECT 1 FROM contact_events e
         WHERE e.contact_key = q.contact_key AND e.kind IN ('answer', 'abandon', 'end')
           AND e.occurred_at >= q.entered_at AND e.occurred_at <= ${nowSql}
       )${scoped}
     )
     SELECT contact_key, CAST(entered_at AS VARCHAR) AS entered_at, channel, queue, sl_threshold_s,
       ${d.epochSeconds(nowSql)} - ${d.epochSeconds('entered_at')} AS waited_s
     FROM waiting ORDER BY entered_at, contact_key`,
  );
  const waits = rows.map((r): NowQueueWait => {
    const waitedSeconds = Math.max(0, Number(r.waited_s));
    const targetSeconds = toNumberOrNull(r.sl_threshold_s);
    return {
      key: String(r.contact_key),
      channel: String(r.channel),
      queue: str(r.queue),
      since: instant(r.entered_at),
      waitedSeconds,
      targetSeconds,
      pastTarget: targetSeconds !== null && waitedSeconds > targetSeconds,
    };
  });
  const byChannel = new Map<string, { channel: string; waiting: number; longestWaitSeconds: number }>();
  for (const wait of waits) {
    const entry = byChannel.get(wait.channel) ?? { channel: wait.channel, waiting: 0, longestWaitSeconds: 0 };
    entry.waiting++;
    entry.longestWaitSeconds = Math.max(entry.longestWaitSeconds, wait.waitedSeconds);
    byChannel.set(wait.channel, entry);
  }
  return {
    waiting: waits.length,
    longestWaitSeconds: waits.length === 0 ? null : Math.max(...waits.map((w) => w.waitedSeconds)),
    byChannel: [...byChannel.values()].sort((a, b) => a.channel.localeCompare(b.channel)),
    oldest: named ? waits.slice(0, NOW_LIST_LIMIT) : [],
  };
}

/** Each agent's latest log-in or log-out per queue and latest pause change, up to now. */
async function agentStates(engine: Engine, nowSql: string, viewer: NowViewer | null): Promise<NowAgents> {
  const d = engine.dialect;
  const own = viewer === null ? '' : ` AND s.agent_id = ${quoteLiteral(viewer.agentId)}`;
  // Agents who left (active false) are not on duty, whatever their last event said.
  const current = `s.occurred_at <= ${nowSql}${own} AND NOT EXISTS (SELECT 1 FROM agents x WHERE x.id = s.agent_id AND x.active = FALSE)`;
  // One statement, so one snapshot: read apart, an import landing between the reads could list an
  // agent whose log-in the membership read had not seen yet, and show them offline.
  const rows = await engine.all(
    `WITH current_changes AS (SELECT s.* FROM agent_status_events s WHERE ${current})
     SELECT 'membership' AS part, agent_id, queue, ${d.argMax('status', 'occurred_at')} AS status,
       CAST(NULL AS VARCHAR) AS reason, CAST(max(occurred_at) AS VARCHAR) AS at,
       CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS team_id
     FROM current_changes WHERE status IN ('login', 'logout', 'add_member', 'remove_member')
     GROUP BY agent_id, queue
     UNION ALL
     SELECT 'pause', agent_id, CAST(NULL AS VARCHAR), ${d.argMax('status', 'occurred_at')},
       ${d.argMax('reason', 'occurred_at')}, CAST(max(occurred_at) AS VARCHAR), NULL, NULL
     FROM current_changes WHERE status IN ('pause', 'unpause')
     GROUP BY agent_id
     UNION ALL
     SELECT DISTINCT 'agent', c.agent_id, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR),
       CAST(NULL AS VARCHAR), a.name, a.team_id
     FROM current_changes c LEFT JOIN agents a ON a.id = c.agent_id`,
  );
  const memberships = rows.filter((r) => r.part === 'membership');
  const pauses = rows.filter((r) => r.part === 'pause');
  const agents = rows.filter((r) => r.part === 'agent');
  const changesOf = new Map<string, MembershipChange[]>();
  for (const r of memberships) {
    const id = String(r.agent_id);
    const list = changesOf.get(id) ?? [];
    list.push({
      queue: str(r.queue),
      joined: r.status === 'login' || r.status === 'add_member',
      at: instant(r.at),
    });
    changesOf.set(id, list);
  }
  const pauseOf = new Map<string, PauseChange>(
    pauses.map((r) => [
      String(r.agent_id),
      {
        paused: r.status === 'pause',
        at: instant(r.at),
        reason: r.status === 'pause' ? str(r.reason) : null,
      },
    ]),
  );
  const order = (state: AgentState) => AGENT_STATES.indexOf(state);
  const list = agents
    .map((r): NowAgent => {
      const id = String(r.agent_id);
      return {
        id,
        name: str(r.name),
        teamId: str(r.team_id),
        ...agentStateNow(changesOf.get(id) ?? [], pauseOf.get(id) ?? null),
      };
    })
    .sort((a, b) => order(a.state) - order(b.state) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  if (viewer !== null) return { counts: null, agents: list };
  const counts = { available: 0, paused: 0, offline: 0 };
  for (const agent of list) counts[agent.state]++;
  return { counts, agents: list };
}

/**
 * The newest event up to now per source: contact events and contact creations, and agent status
 * changes (for an agent, their own), so that "now" can say how old its news is.
 */
async function sourceFreshness(
  engine: Engine,
  nowSql: string,
  viewer: NowViewer | null,
): Promise<NowSource[]> {
  const own = viewer === null ? '' : ` AND agent_id = ${quoteLiteral(viewer.agentId)}`;
  const rows = await engine.all(
    `SELECT source, kind, CAST(max(t) AS VARCHAR) AS at FROM (
       SELECT source, 'contacts' AS kind, max(occurred_at) AS t FROM contact_events WHERE occurred_at <= ${nowSql} GROUP BY source
       UNION ALL SELECT source, 'contacts' AS kind, max(created_at) AS t FROM contacts WHERE created_at <= ${nowSql} GROUP BY source
       UNION ALL SELECT source, 'agent_status' AS kind, max(occurred_at) AS t FROM agent_status_events WHERE occurred_at <= ${nowSql}${own} GROUP BY source
     ) x GROUP BY source, kind ORDER BY kind, source`,
  );
  return rows.map((r) => ({
    source: String(r.source),
    kind: r.kind === 'agent_status' ? 'agent_status' : 'contacts',
    lastEventAt: instant(r.at),
  }));
}

const NO_VALUE: KpiValue = { value: null, n: 0 };

/**
 * Today's service level and abandonment rate so far, from the KPI engine so that they are the
 * documented indicators. An agent's query goes through their scope (their team's whole day, values
 * that would single out a colleague withheld); a query the scope refuses is withheld with its reason.
 */
async function todayKpis(
  engine: Engine,
  request: NowRequest,
): Promise<{ serviceLevel: KpiValue; abandonment: KpiValue; notes: string[] }> {
  const { today, tomorrow, time } = localDayAndTime(request.now, request.timezone);
  const query = KpiQuery.parse({
    kpis: ['service_level', 'abandonment_rate'],
    from: today,
    // An agent's team figures are counted over whole days; the day has no later rows yet.
    to: request.viewer === null ? time : tomorrow,
    timezone: request.timezone,
  });
  let scoped: { query: KpiQuery; options: KpiQueryOptions } = { query, options: {} };
  if (request.viewer !== null) {
    const refused = { value: null, n: 0, withheld: true };
    const result = request.scopeKpiQuery?.(query);
    if (!result?.ok)
      return {
        serviceLevel: refused,
        abandonment: refused,
        notes: [result ? result.error : 'no scope for an agent’s team figures'],
      };
    scoped = result.data;
  }
  const answer = await runKpiQuery(engine, scoped.query, {
    ...scoped.options,
    withoutQualityNotices: true,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (!answer.ok) throw new Error(`today's service level: ${JSON.stringify(answer.error)}`);
  const row = answer.data.rows[0] ?? {};
  const kpiOf = (id: string) => {
    const value = row[id];
    return value !== null && typeof value === 'object' ? (value as KpiValue) : NO_VALUE;
  };
  return {
    serviceLevel: kpiOf('service_level'),
    abandonment: kpiOf('abandonment_rate'),
    notes: [],
  };
}

export async function nowView(engine: Engine, request: NowRequest): Promise<NowView> {
  const nowSql = engine.dialect.timestampLiteral(sqlInstant(request.now));
  const { viewer } = request;
  const named = request.listContacts ?? true;
  const [state, sources, contacts, days, queues, agents, kpis] = await Promise.all([
    engine.all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state'),
    sourceFreshness(engine, nowSql, viewer),
    contactLists(engine, nowSql, viewer, named),
    dayCounts(engine, request.now, request.timezone, viewer),
    queueWaits(engine, nowSql, viewer, named),
    agentStates(engine, nowSql, viewer),
    todayKpis(engine, request),
  ]);
  const lastEventAt = sources.reduce<string | null>(
    (found, s) => (found === null || Date.parse(s.lastEventAt) > Date.parse(found) ? s.lastEventAt : found),
    null,
  );
  return {
    asOf: request.now.toISOString(),
    timezone: request.timezone,
    scope: viewer === null ? 'team' : 'own',
    factsRebuiltAt: isoInstant(state[0]?.at),
    sources,
    lastEventAt,
    contacts,
    created: days.created,
    resolved: days.resolved,
    queues,
    agents,
    serviceLevel: kpis.serviceLevel,
    abandonment: kpis.abandonment,
    notes: kpis.notes,
  };
}

/**
 * What changes when anything the view reads changes: the facts' rebuild, the imports, the agent
 * status events and the newest contact event. Cheap enough to read every few seconds; a stream
 * recomputes the view only when it differs.
 */
export async function nowChangeMarker(engine: Engine): Promise<string> {
  const rows = await engine.all(
    `SELECT CAST((SELECT max(rebuilt_at) FROM facts_state) AS VARCHAR) AS rebuilt,
       CAST((SELECT max(imported_at) FROM import_log) AS VARCHAR) AS imported,
       (SELECT count(*) FROM agent_status_events) AS statuses,
       CAST((SELECT max(occurred_at) FROM agent_status_events) AS VARCHAR) AS status_at,
       (SELECT count(*) FROM contact_events) AS events,
       (SELECT max(seq) FROM contact_events) AS event_seq`,
    [],
    { quick: true },
  );
  return JSON.stringify(rows[0] ?? {});
}
