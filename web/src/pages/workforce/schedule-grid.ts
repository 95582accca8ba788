import type { ScheduleActivity, ScheduleBlock } from './api.js';

/**
 * Weeks, wall clocks and the schedule's week grid: pure, so the grid's layout across midnight and
 * clock changes is tested without a browser. Wall clocks are the team calendar's time zone, written
 * `YYYY-MM-DDTHH:MM`; instants are ISO 8601 UTC as the API sends them.
 */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The Monday of the ISO week that holds `day`. */
export function mondayOf(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  return addDays(day, 1 - weekday);
}

/** The seven local dates of the week that starts on `monday`. */
export function weekDays(monday: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function isDay(text: string | null | undefined): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();
function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(zone, format);
  }
  return format;
}

/** The wall clock of `zone` at an instant, as milliseconds of that clock read as UTC. */
function wallMs(zone: string, instantMs: number): number {
  const parts = Object.fromEntries(
    wallFormat(zone)
      .formatToParts(new Date(instantMs))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
}

/** An instant as the wall clock of `zone`: `YYYY-MM-DDTHH:MM`. */
export function localClock(instant: string, zone: string): string {
  return new Date(wallMs(zone, Date.parse(instant))).toISOString().slice(0, 16);
}

/**
 * A wall clock of `zone` (`YYYY-MM-DDTHH:MM`) as an ISO instant. A time the clock passes twice
 * (autumn) is the earlier instant; a time it skips (spring) moves forward by the change, as the
 * business-hours calendars read them.
 */
export function instantOf(local: string, zone: string): string {
  const asUtc = Date.parse(`${local}:00Z`);
  const offsetAt = (ms: number) => wallMs(zone, ms) - ms;
  const early = asUtc - Math.max(offsetAt(asUtc - DAY_MS / 2), offsetAt(asUtc + DAY_MS / 2));
  const late = asUtc - Math.min(offsetAt(asUtc - DAY_MS / 2), offsetAt(asUtc + DAY_MS / 2));
  for (const candidate of [early, late]) {
    if (wallMs(zone, candidate) === asUtc) return new Date(candidate).toISOString();
  }
  // In the gap the clock jumps over this time: the change's instant is where it lands, the first
  // instant whose wall clock is past the asked one (found to the second).
  let before = early;
  let after = late;
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (wallMs(zone, middle) > asUtc) after = middle;
    else before = middle;
  }
  return new Date(after).toISOString();
}

/** Minutes of the wall clock since its day's midnight. */
export function minutesOfDay(local: string): number {
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

/** One block's piece within one day of the grid, placed as shares of the day. */
export interface GridPiece {
  block: ScheduleBlock;
  /** Wall clocks of the whole block, for its label. */
  startsLocal: string;
  endsLocal: string;
  /** 0–1 of the day where the piece starts, and its width. */
  offset: number;
  width: number;
  /** The block began on an earlier day or goes on after this one. */
  continuedFrom: boolean;
  continuesAfter: boolean;
}

export interface GridRow {
  agentId: string;
  agentName: string;
  /** Seven lists of pieces, Monday first, each in the order the pieces start. */
  days: GridPiece[][];
  /** Minutes scheduled on contact activities in the week (phone, chat, e-mail, social). */
  contactMinutes: number;
}

export const CONTACT_ACTIVITIES: readonly ScheduleActivity[] = ['phone', 'chat', 'email', 'social'];

/**
 * The week grid: one row per agent (the agents given, then any other agent with blocks, by name),
 * each block cut at the local midnights it crosses so a night shift shows on both days.
 */
export function scheduleGrid(
  blocks: readonly ScheduleBlock[],
  monday: string,
  zone: string,
  agents: readonly { id: string; name: string | null }[] = [],
): GridRow[] {
  const days = weekDays(monday);
  const rows = new Map<string, GridRow>();
  const rowOf = (agentId: string, name: string | null) => {
    let row = rows.get(agentId);
    if (!row) {
      row = { agentId, agentName: name ?? agentId, days: days.map(() => []), contactMinutes: 0 };
      rows.set(agentId, row);
    }
    return row;
  };
  for (const agent of agents) rowOf(agent.id, agent.name);
  const dayStart = (i: number) => Date.parse(`${days[i] ?? monday}T00:00:00Z`);
  for (const block of blocks) {
    const startsLocal = localClock(block.startsAt, zone);
    const endsLocal = localClock(block.endsAt, zone);
    const from = Date.parse(`${startsLocal}:00Z`);
    const to = Date.parse(`${endsLocal}:00Z`);
    if (!(to > from)) continue;
    const row = rowOf(block.agentId, block.agentName);
    if (CONTACT_ACTIVITIES.includes(block.activity)) {
      const inWeek = Math.min(to, dayStart(6) + DAY_MS) - Math.max(from, dayStart(0));
      // Instants, not wall clocks: an hour the clock repeats is worked and counted twice.
      if (inWeek > 0) row.contactMinutes += (Date.parse(block.endsAt) - Date.parse(block.startsAt)) / 60_000;
    }
    for (let i = 0; i < 7; i++) {
      const start = dayStart(i);
      const end = start + DAY_MS;
      if (to <= start || from >= end) continue;
      const pieceFrom = Math.max(from, start);
      const pieceTo = Math.min(to, end);
      row.days[i]?.push({
        block,
        startsLocal,
        endsLocal,
        offset: (pieceFrom - start) / DAY_MS,
        width: (pieceTo - pieceFrom) / DAY_MS,
        continuedFrom: from < start,
        continuesAfter: to > end,
      });
    }
  }
  for (const row of rows.values()) for (const day of row.days) day.sort((a, b) => a.offset - b.offset);
  const given = new Set(agents.map((a) => a.id));
  const listed = [...rows.values()];
  return [
    ...listed.filter((r) => given.has(r.agentId)),
    ...listed.filter((r) => !given.has(r.agentId)).sort((a, b) => a.agentName.localeCompare(b.agentName)),
  ];
}

/** What the block dialog edits: a local day and two wall-clock times. */
export interface BlockForm {
  agentId: string;
  day: string;
  start: string;
  end: string;
  activity: ScheduleActivity;
  note: string;
}

export type BlockFormProblem = 'agent' | 'day' | 'start' | 'end';

/**
 * The dialog's fields as the API's input. An end at or before the start is the next day's (a night
 * shift, 22:00–06:00); 00:00 as the end is midnight after the day.
 */
export function blockInputOf(
  form: BlockForm,
  zone: string,
):
  | {
      ok: true;
      input: {
        agentId: string;
        startsAt: string;
        endsAt: string;
        activity: ScheduleActivity;
        note: string | null;
      };
    }
  | { ok: false; problems: BlockFormProblem[] } {
  const problems: BlockFormProblem[] = [];
  const time = /^([01]\d|2[0-3]):[0-5]\d$/;
  if (!form.agentId.trim()) problems.push('agent');
  if (!isDay(form.day)) problems.push('day');
  if (!time.test(form.start)) problems.push('start');
  if (!time.test(form.end) || (time.test(form.start) && form.end === form.start)) problems.push('end');
  if (problems.length > 0) return { ok: false, problems };
  const endDay = form.end <= form.start ? addDays(form.day, 1) : form.day;
  const note = form.note.trim();
  return {
    ok: true,
    input: {
      agentId: form.agentId.trim(),
      startsAt: instantOf(`${form.day}T${form.start}`, zone),
      endsAt: instantOf(`${endDay}T${form.end}`, zone),
      activity: form.activity,
      note: note ? note : null,
    },
  };
}

/** A stored block back in the dialog's fields. */
export function blockFormOf(block: ScheduleBlock, zone: string): BlockForm {
  const starts = localClock(block.startsAt, zone);
  const ends = localClock(block.endsAt, zone);
  return {
    agentId: block.agentId,
    day: starts.slice(0, 10),
    start: starts.slice(11, 16),
    end: ends.slice(11, 16),
    activity: block.activity,
    note: block.note ?? '',
  };
}
