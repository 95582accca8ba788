/**
 * The workforce rebuild: reads the schedules, the agents' status events, the contact events that
 * mark handling, the agents' teams and the teams' calendars, and replaces the three workforce facts
 * tables (workforce_agent_facts, workforce_coverage_facts, workforce_shift_facts) in one
 * transaction. The rules are in src/core/workforce/presence.ts and time-facts.ts; the facts are
 * tables rather than views because presence is a running state over events, which the two engines
 * cannot both derive in SQL.
 *
 * Run after every import that wrote schedules, agent status events, contact events, agents, teams
 * or calendars, at the end of every full rebuild of the facts, and after schedule or settings edits.
 * Everything up to the end of what the data knows (the latest status change or contact event, at
 * most `now`) is rebuilt, or from a given moment on: the facts of a day change as long as its
 * presence may.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CalendarDefinition, expandCalendar } from '../../core/calendar.js';
import { quoteLiteral } from '../../core/dialect.js';
import type { Engine, Row } from '../../core/engine.js';
import { pauses } from '../../core/pauses.js';
import type { ScheduleActivity } from '../../core/schema.js';
import { presenceSpans, type StatusEvent } from '../../core/workforce/presence.js';
import {
  type AgentFactRow,
  type AgentTimeline,
  agentFacts,
  agentPieces,
  type CoverageFactRow,
  coverageFacts,
  type ScheduledBlock,
  type ShiftFactRow,
  type Span,
  shiftFacts,
} from '../../core/workforce/time-facts.js';
import { sqlInstant } from '../audit.js';
import { loadCalendars } from '../rebuild.js';

/** Used when the workforce settings say nothing (src/services/workforce/settings.ts owns them). */
const DEFAULT_GRACE_MINUTES = 5;
const DEFAULT_WRITTEN_REPLY_MINUTES = 5;
/** Channels whose replies are written: each public reply counts `writtenReplyMinutes` of work before it. */
const WRITTEN_CHANNELS = ['email', 'social', 'web_form'];

export interface WorkforceFactsSummary {
  agentRows: number;
  coverageRows: number;
  shiftRows: number;
  seconds: number;
}

const ms = (value: unknown): number => Math.round(Number(value) * 1000);
const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** The two settings the facts depend on, from the stored workforce settings (key 'settings'). */
async function factSettings(engine: Engine): Promise<{ graceMinutes: number; writtenReplyMinutes: number }> {
  const rows = await engine.all("SELECT value FROM workforce_settings WHERE key = 'settings'");
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = rows[0]?.value == null ? {} : JSON.parse(String(rows[0].value));
    if (parsed !== null && typeof parsed === 'object') stored = parsed as Record<string, unknown>;
  } catch {
    // A value that is not JSON is not the settings service's; the defaults apply.
  }
  const minutes = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
  return {
    graceMinutes: minutes(stored.graceMinutes, DEFAULT_GRACE_MINUTES),
    writtenReplyMinutes: minutes(stored.writtenReplyMinutes, DEFAULT_WRITTEN_REPLY_MINUTES),
  };
}

/**
 * Each agent's handling time (see time-facts.ts) as the union of its spans: calls and chats,
 * after-contact work, written replies. Within a contact, in time order: an answer is the answering
 * agent's until the next answer (a transfer) or end; an after-contact-work start is its agent's
 * (else the end's) until the next after-contact-work end, a second start replacing the first; a
 * public reply on a written channel counts `writtenReplyMs` before it. The database pairs the
 * events and joins overlapping or touching spans (a new stretch starts where a span begins after
 * every earlier one of its agent has ended), so only the stretches come back: ten million contacts
 * have tens of millions of spans, but a few agents' working days.
 */
export async function handlingSpans(
  engine: Engine,
  nowSql: string,
  writtenReplyMs: number,
): Promise<Map<string, Span[]>> {
  const { epochSeconds } = engine.dialect;
  const inMs = (seconds: string) => `round(${seconds} * 1000)`;
  const paired = (kinds: string) =>
    `SELECT e.kind, e.agent_id, ${epochSeconds('e.occurred_at')} AS t,
       lag(e.kind) OVER w AS before_kind, lag(e.agent_id) OVER w AS before_agent,
       ${epochSeconds('lag(e.occurred_at) OVER w')} AS before_t
     FROM contact_events e
     WHERE e.kind IN (${kinds}) AND e.occurred_at <= ${nowSql}
     WINDOW w AS (PARTITION BY e.contact_key ORDER BY e.occurred_at, e.seq)`;
  const stretches = await engine.all(
    `WITH pieces AS (
       SELECT before_agent AS agent_id, ${inMs('before_t')} AS start_ms, ${inMs('t')} AS end_ms
       FROM (${paired("'answer', 'end'")}) talk
       WHERE before_kind = 'answer' AND before_agent <> ''
       UNION ALL
       SELECT COALESCE(before_agent, agent_id), ${inMs('before_t')}, ${inMs('t')}
       FROM (${paired("'acw_start', 'acw_end'")}) wrap_up
       WHERE kind = 'acw_end' AND before_kind = 'acw_start' AND COALESCE(before_agent, agent_id) <> ''
       UNION ALL
       SELECT e.agent_id, ${inMs(epochSeconds('e.occurred_at'))} - ${writtenReplyMs}, ${inMs(epochSeconds('e.occurred_at'))}
       FROM contact_events e JOIN contacts c ON c.contact_key = e.contact_key
       WHERE e.kind = 'agent_reply' AND e.public AND e.actor = 'agent' AND e.agent_id <> ''
         AND c.channel IN (${WRITTEN_CHANNELS.map((c) => `'${c}'`).join(', ')}) AND e.occurred_at <= ${nowSql}
     ),
     -- One sort: each piece with how far its agent's pieces so far reach and where the next
     -- begins. A piece is the last of its stretch when the next begins after that reach (touching
     -- joins); the stretch then ends at the reach and began where the previous last piece's next
     -- one began. Numbering the stretches instead took a second sort of every piece.
     ends AS (
       SELECT agent_id, start_ms, end_ms,
         lead(start_ms) OVER (PARTITION BY agent_id ORDER BY start_ms, end_ms) AS next_start,
         max(end_ms) OVER (PARTITION BY agent_id ORDER BY start_ms, end_ms ROWS UNBOUNDED PRECEDING) AS reach,
         first_value(start_ms) OVER (PARTITION BY agent_id ORDER BY start_ms, end_ms) AS first_start
       FROM pieces WHERE end_ms > start_ms
     )
     SELECT agent_id,
       COALESCE(lag(next_start) OVER (PARTITION BY agent_id ORDER BY start_ms, end_ms), first_start) AS start_ms,
       reach AS end_ms
     FROM ends WHERE next_start IS NULL OR next_start > reach`,
  );
  const spans = new Map<string, Span[]>();
  for (const s of stretches) {
    const agent = String(s.agent_id);
    const list = spans.get(agent) ?? [];
    list.push({ startMs: Number(s.start_ms), endMs: Number(s.end_ms) });
    spans.set(agent, list);
  }
  return spans;
}

function grouped<T>(
  rows: readonly Row[],
  key: (row: Row) => string,
  value: (row: Row) => T,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k) ?? [];
    list.push(value(row));
    out.set(k, list);
  }
  return out;
}

/**
 * The calendar each team's opening hours come from, as the contact facts choose it: the team's own
 * when it has opening intervals, else the default calendar with intervals, else none (always open).
 * Key '' is agents without a team.
 */
async function teamCalendars(
  engine: Engine,
): Promise<{ calendars: CalendarDefinition[]; ofTeam: Map<string, string | null> }> {
  const calendars = (await loadCalendars(engine)).filter((c) => c.intervals.length > 0);
  const usable = new Set(calendars.map((c) => c.id));
  const defaultRows = await engine.all('SELECT id FROM calendars WHERE is_default ORDER BY id');
  const fallback = defaultRows.map((r) => String(r.id)).find((id) => usable.has(id)) ?? null;
  const teams = await engine.all('SELECT id, calendar_id FROM teams');
  const ofTeam = new Map<string, string | null>([['', fallback]]);
  for (const t of teams) {
    const own = text(t.calendar_id);
    ofTeam.set(String(t.id), own !== null && usable.has(own) ? own : fallback);
  }
  return { calendars, ofTeam };
}

const toTimestamp = (epochMs: number) => sqlInstant(new Date(epochMs));

/** Rows per INSERT statement: large enough that statements cost little next to the rows. */
const ROWS_PER_INSERT = 2000;

function sqlValue(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return quoteLiteral(value);
}

function csvValue(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Inserts the facts. Half a year of a team is a hundred thousand rows: DuckDB reads them from a
 * CSV file of the process's temporary folder many times faster than from statements (which took
 * most of the rebuild); other engines take literal VALUES lists.
 */
async function insertFacts(
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (engine.kind === 'duckdb') {
    const dir = await mkdtemp(join(tmpdir(), 'servicemeter-workforce-'));
    try {
      const path = join(dir, `${table}.csv`);
      const lines: string[] = [];
      const pause = pauses();
      for (const row of rows) {
        lines.push(row.map(csvValue).join(','));
        // The clock is read every thousand lines, not every line.
        if (lines.length % 1000 === 0) await pause();
      }
      await writeFile(path, `${lines.join('\n')}\n`);
      const types = columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
      // Empty unquoted fields are NULL; a quoted empty string stays a string.
      await engine.run(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM read_csv(${quoteLiteral(path)}, header = false, columns = {${types}}, nullstr = '', quote = '"', escape = '"')`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const values = rows
      .slice(i, i + ROWS_PER_INSERT)
      .map((row) => `(${row.map(sqlValue).join(', ')})`)
      .join(',\n');
    await engine.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
  }
}

/** Which facts to write again: all of them, or those from a moment on (see `rebuildWorkforceFacts`). */
export interface WorkforceRebuildScope {
  /**
   * Only the pieces, coverage and shifts starting at or after this instant (rounded down to its
   * quarter hour) are replaced. For an import that brought contacts and their events alone: their
   * handling cannot change what came before the earliest of them, and a live server's small
   * imports then rewrite minutes, not months.
   */
  from?: Date;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** Data whose newest event is at most this old is current: its states last until now. */
const CURRENT_DATA_MS = 24 * 3_600_000;

/**
 * The end of what the data knows. Data that is current (its latest status change or contact event
 * within a day of `now`, as on a live server) runs until `now`: an agent who logged in an hour ago
 * and has been quiet since is still there. Older data ends at its latest event: a queue log that
 * ends with agents logged in does not keep them available until today.
 */
async function knownUntil(engine: Engine, nowMs: number, nowSql: string): Promise<number> {
  const { epochSeconds } = engine.dialect;
  const [row] = await engine.all(
    `SELECT ${epochSeconds(`(SELECT max(occurred_at) FROM agent_status_events WHERE occurred_at <= ${nowSql})`)} AS presence,
       ${epochSeconds(`(SELECT max(occurred_at) FROM contact_events WHERE occurred_at <= ${nowSql})`)} AS events`,
  );
  const latest = [row?.presence, row?.events].filter((v) => v !== null && v !== undefined).map((v) => ms(v));
  if (latest.length === 0) return nowMs;
  const newest = Math.max(...latest);
  return newest >= nowMs - CURRENT_DATA_MS ? nowMs : newest;
}

/** Rebuilds the workforce facts up to what the data knows, at most `now` (see the module comment). */
export async function rebuildWorkforceFacts(
  engine: Engine,
  now: Date,
  scope: WorkforceRebuildScope = {},
): Promise<WorkforceFactsSummary> {
  const started = performance.now();
  const askedNowSql = engine.dialect.timestampLiteral(sqlInstant(now));
  const nowMs = await knownUntil(engine, now.getTime(), askedNowSql);
  const nowSql = engine.dialect.timestampLiteral(sqlInstant(new Date(nowMs)));
  const fromMs =
    scope.from === undefined ? null : Math.floor(scope.from.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const { epochSeconds } = engine.dialect;
  const settings = await factSettings(engine);
  const [agents, scheduleRows, statusRows, handling, calendars] = await Promise.all([
    engine.all('SELECT id, team_id FROM agents'),
    engine.all(
      `SELECT source, external_id, agent_id, activity, ${epochSeconds('starts_at')} AS s, ${epochSeconds('ends_at')} AS e
       FROM schedules WHERE starts_at < ${nowSql}`,
    ),
    engine.all(
      `SELECT agent_id, external_id, status, queue, channel, reason, ${epochSeconds('occurred_at')} AS t
       FROM agent_status_events WHERE occurred_at <= ${nowSql}`,
    ),
    handlingSpans(engine, nowSql, settings.writtenReplyMinutes * 60_000),
    teamCalendars(engine),
  ]);
  const teamOf = new Map(agents.map((a) => [String(a.id), text(a.team_id)]));
  const blocksOf = grouped(
    scheduleRows,
    (r) => String(r.agent_id),
    (r): ScheduledBlock => ({
      id: `${r.source}|${r.external_id}`,
      startMs: ms(r.s),
      endMs: ms(r.e),
      activity: String(r.activity) as ScheduleActivity,
    }),
  );
  const eventsOf = grouped(
    statusRows,
    (r) => String(r.agent_id),
    (r): StatusEvent => ({
      externalId: String(r.external_id),
      status: String(r.status) as StatusEvent['status'],
      at: ms(r.t),
      queue: text(r.queue) || null,
      channel: text(r.channel) || null,
      reason: text(r.reason),
    }),
  );
  const agentIds = [...new Set([...blocksOf.keys(), ...eventsOf.keys(), ...handling.keys()])].sort();

  const agentRows: AgentFactRow[] = [];
  const shiftRows: ShiftFactRow[] = [];
  const piecesOfTeam = new Map<string, ReturnType<typeof agentPieces>[]>();
  let earliest = nowMs;
  // The agents of 40,000 demo contacts held the thread for 0.4 s in one go: a serving server now
  // answers between agents.
  const pause = pauses();
  for (const agentId of agentIds) {
    await pause();
    const timeline: AgentTimeline = {
      agentId,
      teamId: teamOf.get(agentId) ?? null,
      blocks: blocksOf.get(agentId) ?? [],
      presence: presenceSpans(eventsOf.get(agentId) ?? [], nowMs),
      handling: handling.get(agentId) ?? [],
    };
    const pieces = agentPieces(timeline, nowMs);
    if (pieces[0]) earliest = Math.min(earliest, pieces[0].startMs);
    agentRows.push(...agentFacts(timeline, nowMs, pieces));
    shiftRows.push(...shiftFacts(timeline, { graceMinutes: settings.graceMinutes, nowMs }));
    const team = timeline.teamId ?? '';
    piecesOfTeam.set(team, [...(piecesOfTeam.get(team) ?? []), pieces]);
  }

  const expanded = new Map<string, Span[]>();
  for (const calendar of calendars.calendars)
    expanded.set(
      calendar.id,
      expandCalendar(calendar, earliest, nowMs).map((i) => ({ startMs: i.startMs, endMs: i.endMs })),
    );
  const coverageRows: CoverageFactRow[] = [];
  for (const [team, pieces] of piecesOfTeam) {
    const calendarId = calendars.ofTeam.has(team) ? calendars.ofTeam.get(team) : calendars.ofTeam.get('');
    const open = calendarId ? (expanded.get(calendarId) ?? null) : null;
    coverageRows.push(...coverageFacts(team === '' ? null : team, pieces, open, nowMs));
  }

  const fromSql = fromMs === null ? null : engine.dialect.timestampLiteral(sqlInstant(new Date(fromMs)));
  const kept = <T>(rows: T[], startOf: (row: T) => number) =>
    fromMs === null ? rows : rows.filter((row) => startOf(row) >= fromMs);
  const writtenAgentRows = kept(agentRows, (r) => r.intervalStartMs);
  const writtenCoverageRows = kept(coverageRows, (r) => r.intervalStartMs);
  const writtenShiftRows = kept(shiftRows, (r) => r.shiftStartMs);
  await engine.transaction(async () => {
    const since = (column: string) => (fromSql === null ? '' : ` WHERE ${column} >= ${fromSql}`);
    await engine.run(`DELETE FROM workforce_agent_facts${since('interval_start')}`);
    await engine.run(`DELETE FROM workforce_coverage_facts${since('interval_start')}`);
    await engine.run(`DELETE FROM workforce_shift_facts${since('shift_start')}`);
    await insertFacts(
      engine,
      'workforce_agent_facts',
      [
        'agent_id',
        'team_id',
        'interval_start',
        'activity',
        'channel',
        'scheduled',
        'paid',
        'on_contacts',
        'state',
        'pause_reason',
        'available',
        'handling',
        'adhered',
        'shrinkage_reason',
        'minutes',
      ],
      writtenAgentRows.map((r) => [
        r.agentId,
        r.teamId,
        toTimestamp(r.intervalStartMs),
        r.activity,
        r.channel,
        r.scheduled,
        r.paid,
        r.onContacts,
        r.state,
        r.pauseReason,
        r.available,
        r.handling,
        r.adhered,
        r.shrinkageReason,
        r.minutes,
      ]),
    );
    await insertFacts(
      engine,
      'workforce_coverage_facts',
      ['team_id', 'channel', 'interval_start', 'covered', 'scheduled_agents', 'available_agents', 'minutes'],
      writtenCoverageRows.map((r) => [
        r.teamId,
        r.channel,
        toTimestamp(r.intervalStartMs),
        r.covered,
        r.scheduledAgents,
        r.availableAgents,
        r.minutes,
      ]),
    );
    await insertFacts(
      engine,
      'workforce_shift_facts',
      [
        'agent_id',
        'team_id',
        'channel',
        'shift_start',
        'shift_end',
        'first_available_at',
        'late',
        'missed',
        'late_minutes',
      ],
      writtenShiftRows.map((r) => [
        r.agentId,
        r.teamId,
        r.channel,
        toTimestamp(r.shiftStartMs),
        toTimestamp(r.shiftEndMs),
        r.firstAvailableMs === null ? null : toTimestamp(r.firstAvailableMs),
        r.late,
        r.missed,
        r.lateMinutes,
      ]),
    );
  });
  return {
    agentRows: writtenAgentRows.length,
    coverageRows: writtenCoverageRows.length,
    shiftRows: writtenShiftRows.length,
    seconds: (performance.now() - started) / 1000,
  };
}
