/**
 * The history a forecast learns from, read from the facts in SQL: arrivals and handle time per local
 * (date, slot) of one channel, in the time zone of the team's calendar. Also the team's calendar
 * itself (opening hours and holidays) and the days marked for the forecast.
 *
 * Arrivals: for phone and chat, the contacts offered to a queue (queued, less short abandons: the
 * `offered` indicator) when the channel has any queue facts, since those are the contacts that need
 * an agent at once; a channel without queue events (a chat tool that reports conversations only)
 * counts the contacts created instead. E-mail and social always count the contacts created. Each is
 * placed at its creation time, as the indicators do.
 *
 * Handle seconds: phone and chat, handle_s + acw_s of the contacts that record a handle time; e-mail
 * and social have no recorded handle time, so each public agent reply counts writtenReplyMinutes.
 */
import { DateTime } from 'luxon';
import type { Engine } from '../../core/engine.js';
import { type OffsetSegment, utcOffsetSegments } from '../../core/kpi/periods.js';
import type { IntervalMinutes, MarkedDay, Observation } from '../../core/workforce/forecast.js';
import { sqlInstant } from '../audit.js';
import type { StaffedChannel } from './contract.js';

export interface TeamCalendar {
  /** Null: no calendar at all, every hour open, in UTC. */
  id: string | null;
  timezone: string;
  /** ISO weekday 1 (Monday) … 7, local 'HH:MM' or 'HH:MM:SS'; '24:00' ends the day; end ≤ start runs overnight. */
  intervals: { weekday: number; start: string; end: string }[];
  holidays: { date: string; name: string | null }[];
}

/** The calendar of the team, else the default calendar, else none (UTC, always open). */
export async function teamCalendar(engine: Engine, teamId: string | null | undefined): Promise<TeamCalendar> {
  const p = engine.dialect.placeholder;
  const rows =
    teamId === null || teamId === undefined
      ? []
      : await engine.all(
          `SELECT c.id, c.timezone FROM teams t JOIN calendars c ON c.id = t.calendar_id WHERE t.id = ${p(1)}`,
          [teamId],
        );
  const found =
    rows[0] ??
    (await engine.all('SELECT id, timezone FROM calendars WHERE is_default ORDER BY id LIMIT 1'))[0];
  if (!found) return { id: null, timezone: 'UTC', intervals: [], holidays: [] };
  const id = String(found.id);
  const intervals = await engine.all(
    `SELECT weekday, CAST(start_time AS VARCHAR) AS start_time, CAST(end_time AS VARCHAR) AS end_time
     FROM calendar_intervals WHERE calendar_id = ${p(1)} ORDER BY weekday, start_time`,
    [id],
  );
  const holidays = await engine.all(
    `SELECT CAST(date AS VARCHAR) AS date, name FROM calendar_holidays WHERE calendar_id = ${p(1)} ORDER BY date`,
    [id],
  );
  return {
    id,
    timezone: String(found.timezone),
    intervals: intervals.map((i) => ({
      weekday: Number(i.weekday),
      start: String(i.start_time),
      end: String(i.end_time),
    })),
    holidays: holidays.map((h) => ({ date: String(h.date), name: h.name === null ? null : String(h.name) })),
  };
}

const secondsOfClock = (text: string) => {
  const [h, m, s] = text.split(':').map(Number);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
};

/** ISO weekday of a local date 'YYYY-MM-DD'. */
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

const previousDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * Whether a slot of a local date is in the opening hours: any part of it open. Holidays and closed
 * marked days are shut; a calendar without intervals (or none) is open around the clock. An overnight
 * interval belongs to the date it starts on, as in the business-hours calendars.
 */
export function openSlotsOf(
  calendar: TeamCalendar,
  intervalMinutes: IntervalMinutes,
  closedDates: ReadonlySet<string>,
): (date: string, slot: number) => boolean {
  const holidays = new Set([...calendar.holidays.map((h) => h.date), ...closedDates]);
  if (calendar.intervals.length === 0) return (date) => !holidays.has(date);
  const spans = calendar.intervals.map((i) => {
    const start = secondsOfClock(i.start);
    let end = secondsOfClock(i.end);
    if (end <= start) end += 86_400;
    return { weekday: i.weekday, start, end };
  });
  const size = intervalMinutes * 60;
  return (date, slot) => {
    const from = slot * size;
    const to = from + size;
    const today = isoWeekday(date);
    const yesterday = previousDate(date);
    return spans.some((span) => {
      if (span.weekday === today && !holidays.has(date) && span.start < to && span.end > from) return true;
      // The part of yesterday's overnight interval that runs into today.
      const yesterdayWeekday = today === 1 ? 7 : today - 1;
      return (
        span.weekday === yesterdayWeekday &&
        !holidays.has(yesterday) &&
        span.end > 86_400 &&
        span.start < to + 86_400 &&
        span.end > from + 86_400
      );
    });
  };
}

/** Local seconds since 1970 of a UTC timestamp column, offset by the zone's segments. */
function localSecondsSql(engine: Engine, time: string, segments: readonly OffsetSegment[]): string {
  const d = engine.dialect;
  const last = segments[segments.length - 1];
  const offset =
    !last || segments.length === 1
      ? String(last?.offsetSeconds ?? 0)
      : `CASE ${segments
          .flatMap((s) =>
            s.untilUtc === null
              ? []
              : [`WHEN ${time} < ${d.timestampLiteral(s.untilUtc)} THEN ${s.offsetSeconds}`],
          )
          .join(' ')} ELSE ${last.offsetSeconds} END`;
  return `(${d.epochSeconds(time)} + ${offset})`;
}

export interface ChannelHistory {
  timezone: string;
  calendar: TeamCalendar;
  observations: Observation[];
  /** Every local date from the first to the last contact of the channel (none: empty). */
  observedDates: string[];
  /** Whether arrivals are the contacts offered to a queue (else the contacts created). */
  arrivals: 'offered' | 'created';
}

const dateOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

/**
 * The arrivals and handle time of `channel` per local (date, slot) from `from` to `to` (UTC), in the
 * team's calendar zone, grouped in SQL. `teamId` narrows to one team's contacts.
 */
export async function channelHistory(
  engine: Engine,
  query: {
    channel: StaffedChannel;
    intervalMinutes: IntervalMinutes;
    from: Date;
    to: Date;
    teamId?: string | null;
    writtenReplyMinutes: number;
  },
): Promise<ChannelHistory> {
  const calendar = await teamCalendar(engine, query.teamId);
  const p = engine.dialect.placeholder;
  const params: unknown[] = [query.channel, sqlInstant(query.from), sqlInstant(query.to)];
  const team = query.teamId ? ` AND team_id = ${p(params.push(query.teamId))}` : '';
  const where = `channel = ${p(1)} AND created_at >= CAST(${p(2)} AS TIMESTAMP) AND created_at < CAST(${p(3)} AS TIMESTAMP)${team}`;
  const queuedChannel = query.channel === 'phone' || query.channel === 'chat';
  const queued =
    queuedChannel &&
    Number(
      (await engine.all(`SELECT count(*) AS n FROM contact_facts WHERE ${where} AND queued`, params))[0]?.n ??
        0,
    ) > 0;
  const segments = utcOffsetSegments(calendar.timezone, sqlInstant(query.from), sqlInstant(query.to));
  const local = localSecondsSql(engine, 'created_at', segments);
  const size = query.intervalMinutes * 60;
  const handle = queuedChannel
    ? { seconds: 'COALESCE(handle_s, 0) + COALESCE(acw_s, 0)', measured: 'handle_s IS NOT NULL' }
    : {
        seconds: `COALESCE(public_replies, 0) * ${Number(query.writtenReplyMinutes) * 60}`,
        measured: 'COALESCE(public_replies, 0) > 0',
      };
  const rows = await engine.all(
    `SELECT day, slot, count(*) AS arrivals,
       sum(CASE WHEN ${handle.measured} THEN ${handle.seconds} END) AS handle_seconds,
       count(CASE WHEN ${handle.measured} THEN 1 END) AS handled
     FROM (
       SELECT CAST(floor(${local} / 86400) AS BIGINT) AS day,
         CAST(floor((${local} - floor(${local} / 86400) * 86400) / ${size}) AS BIGINT) AS slot,
         handle_s, acw_s, public_replies
       FROM contact_facts
       WHERE ${where}${queued ? ' AND queued AND NOT COALESCE(short_abandon, FALSE)' : ''}
     ) x
     GROUP BY day, slot ORDER BY day, slot`,
    params,
  );
  const observations: Observation[] = rows.map((r) => ({
    date: dateOfDay(Number(r.day)),
    slot: Number(r.slot),
    arrivals: Number(r.arrivals),
    handleSeconds: Number(r.handled) > 0 ? Number(r.handle_seconds) : null,
    handled: Number(r.handled),
  }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  const observedDates: string[] = [];
  if (first && last)
    for (let day = Number(first.day); day <= Number(last.day); day++) observedDates.push(dateOfDay(day));
  return {
    timezone: calendar.timezone,
    calendar,
    observations,
    observedDates,
    arrivals: queued ? 'offered' : 'created',
  };
}

/**
 * The days the forecast treats apart: the calendar's holidays (closed) and the days the team marked
 * for this channel or for all (closed days as holidays, events with their factor).
 */
export async function markedDaysFor(
  engine: Engine,
  calendar: TeamCalendar,
  channel: StaffedChannel,
): Promise<{ marked: MarkedDay[]; closed: Set<string> }> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT CAST(day AS VARCHAR) AS day, kind, factor, label FROM workforce_marked_days
     WHERE channel IS NULL OR channel = ${p(1)} ORDER BY day`,
    [channel],
  );
  const marked: MarkedDay[] = calendar.holidays.map((h) => ({
    date: h.date,
    kind: 'holiday',
    ...(h.name === null ? {} : { label: h.name }),
  }));
  const closed = new Set<string>();
  for (const r of rows) {
    const date = String(r.day);
    if (r.kind === 'closed') {
      closed.add(date);
      marked.push({ date, kind: 'holiday', label: String(r.label ?? '') });
    } else
      marked.push({
        date,
        kind: 'event',
        ...(r.factor === null || r.factor === undefined ? {} : { factor: Number(r.factor) }),
        ...(r.label ? { label: String(r.label) } : {}),
      });
  }
  return { marked, closed };
}

/** The UTC instant a local wall-clock time of the zone stands for (the earlier one when it occurs twice). */
export function localInstant(zone: string, date: string, minutesOfDay: number): Date {
  if (minutesOfDay >= 24 * 60) return localInstant(zone, addDays(date, 1), minutesOfDay - 24 * 60);
  const clock = `${String(Math.floor(minutesOfDay / 60)).padStart(2, '0')}:${String(minutesOfDay % 60).padStart(2, '0')}`;
  return DateTime.fromISO(`${date}T${clock}`, { zone }).toJSDate();
}

/** The local date of an instant in the zone. */
export function localDateOf(zone: string, at: Date): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-LL-dd');
}

/** The Monday (local date) of the week `date` lies in. */
export function mondayOf(date: string): string {
  const weekday = isoWeekday(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) - (weekday - 1) * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
