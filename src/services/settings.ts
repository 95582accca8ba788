/**
 * What an admin changes from the dashboard: business-hours calendars, the calendar of each team,
 * the per-contact thresholds the facts are measured against (the canonical targets table: the
 * first-response deadline, the service-level answer time, the short-abandon limit) and the KPI
 * targets, goals for an indicator drawn as target lines (a first-response KPI target is a goal for
 * the median, not a deadline). Calendars and thresholds change the facts, so saving them rebuilds
 * the facts in the same transaction.
 */
import { type CalendarDefinition, validateCalendar } from '../core/calendar.js';
import type { Engine } from '../core/engine.js';
import { findKpi } from '../core/kpi/catalog.js';
import { err, ok, type Result } from '../core/result.js';
import type { Channel } from '../core/schema.js';
import {
  DEFAULT_FRT_TARGET_SECONDS,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  DEFAULT_SHORT_ABANDON_SECONDS,
} from '../core/targets.js';
import { type RebuildSummary, rebuildFacts } from './rebuild.js';
import { replaceTargetRows } from './targets/targets.js';

export interface CalendarView {
  id: string;
  name: string | null;
  timezone: string;
  isDefault: boolean;
  intervals: { weekday: number; start: string; end: string }[];
  holidays: { date: string; name: string | null }[];
}

export interface ThresholdView {
  metric: 'frt' | 'service_level' | 'short_abandon';
  channel: Channel;
  teamId: string | null;
  seconds: number;
  hours: 'business' | 'calendar' | null;
}

export interface KpiTargetView {
  kpi: string;
  channel: Channel | null;
  value: number;
}

export interface SettingsView {
  calendars: CalendarView[];
  teams: { id: string; name: string | null; calendarId: string | null }[];
  thresholds: ThresholdView[];
  targets: KpiTargetView[];
  defaults: {
    frt: Record<string, number | null>;
    serviceLevel: Record<string, number | null>;
    shortAbandon: number;
  };
}

export interface SettingsChangeView {
  settings: SettingsView;
  rebuild: RebuildSummary | null;
}

export type SettingsError =
  | { kind: 'invalid'; issues: string[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'in_use'; detail: string };

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
/** `09:00:00` → `09:00`: the form the settings are edited in. */
const clock = (v: unknown) => String(v).replace(/^(\d\d:\d\d):00$/, '$1');

export async function kpiTargets(engine: Engine): Promise<KpiTargetView[]> {
  const rows = await engine.all(
    // The settings page edits the targets for everyone or one channel from always; targets for a
    // team or an agent, or from a date, are the targets editor's (services/targets).
    'SELECT kpi_id, channel, value FROM kpi_targets WHERE team_id IS NULL AND agent_id IS NULL AND valid_from IS NULL ORDER BY kpi_id, channel NULLS FIRST',
  );
  return rows.map((r) => ({
    kpi: String(r.kpi_id),
    channel: s(r.channel) as Channel | null,
    value: Number(r.value),
  }));
}

export async function getSettings(engine: Engine): Promise<SettingsView> {
  const calendars = await engine.all('SELECT * FROM calendars ORDER BY id');
  const intervals = await engine.all(
    'SELECT calendar_id, weekday, start_time, end_time FROM calendar_intervals ORDER BY calendar_id, weekday, start_time',
  );
  const holidays = await engine.all(
    'SELECT calendar_id, CAST(date AS VARCHAR) AS date, name FROM calendar_holidays ORDER BY calendar_id, date',
  );
  const teams = await engine.all('SELECT id, name, calendar_id FROM teams ORDER BY id');
  const thresholds = await engine.all(
    'SELECT metric, channel, team_id, threshold_seconds, hours FROM targets ORDER BY metric, channel, team_id NULLS FIRST',
  );
  return {
    calendars: calendars.map((c) => ({
      id: String(c.id),
      name: s(c.name),
      timezone: String(c.timezone),
      isDefault: c.is_default === true,
      intervals: intervals
        .filter((i) => i.calendar_id === c.id)
        .map((i) => ({ weekday: Number(i.weekday), start: clock(i.start_time), end: clock(i.end_time) })),
      holidays: holidays
        .filter((h) => h.calendar_id === c.id)
        .map((h) => ({ date: String(h.date), name: s(h.name) })),
    })),
    teams: teams.map((t) => ({ id: String(t.id), name: s(t.name), calendarId: s(t.calendar_id) })),
    thresholds: thresholds.map((t) => ({
      metric: String(t.metric) as ThresholdView['metric'],
      channel: String(t.channel) as Channel,
      teamId: s(t.team_id),
      seconds: Number(t.threshold_seconds),
      hours: s(t.hours) as ThresholdView['hours'],
    })),
    targets: await kpiTargets(engine),
    defaults: {
      frt: { ...DEFAULT_FRT_TARGET_SECONDS },
      serviceLevel: { ...DEFAULT_SERVICE_LEVEL_SECONDS },
      shortAbandon: DEFAULT_SHORT_ABANDON_SECONDS,
    },
  };
}

async function changed(engine: Engine, rebuild: RebuildSummary | null): Promise<SettingsChangeView> {
  return { settings: await getSettings(engine), rebuild };
}

/** Creates or replaces a calendar with its intervals and holidays, then rebuilds the facts. */
export async function putCalendar(
  engine: Engine,
  calendar: CalendarView,
): Promise<Result<SettingsChangeView, SettingsError>> {
  const definition: CalendarDefinition = {
    id: calendar.id,
    timezone: calendar.timezone,
    intervals: calendar.intervals,
    holidays: calendar.holidays.map((h) => h.date),
  };
  const issues = validateCalendar(definition);
  const dates = calendar.holidays.map((h) => h.date);
  if (new Set(dates).size !== dates.length) issues.push('holidays: a date is listed twice');
  const starts = calendar.intervals.map((i) => `${i.weekday} ${i.start}`);
  if (new Set(starts).size !== starts.length) issues.push('intervals: two intervals start at the same time');
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const p = engine.dialect.placeholder;
  const rebuild = await engine.transaction(async () => {
    for (const table of ['calendar_intervals', 'calendar_holidays'])
      await engine.run(`DELETE FROM ${table} WHERE calendar_id = ${p(1)}`, [calendar.id]);
    await engine.run(`DELETE FROM calendars WHERE id = ${p(1)}`, [calendar.id]);
    // One default calendar: making this one the default takes it from the others.
    if (calendar.isDefault) await engine.run('UPDATE calendars SET is_default = FALSE WHERE is_default');
    await engine.insertRows(
      'calendars',
      ['id', 'name', 'timezone', 'is_default'],
      [[calendar.id, calendar.name, calendar.timezone, calendar.isDefault]],
    );
    await engine.insertRows(
      'calendar_intervals',
      ['calendar_id', 'weekday', 'start_time', 'end_time'],
      calendar.intervals.map((i) => [calendar.id, i.weekday, i.start, i.end]),
    );
    if (calendar.holidays.length > 0) {
      await engine.run(
        `INSERT INTO calendar_holidays (calendar_id, date, name) VALUES ${calendar.holidays
          .map((_, i) => `(${p(3 * i + 1)}, CAST(${p(3 * i + 2)} AS DATE), ${p(3 * i + 3)})`)
          .join(', ')}`,
        calendar.holidays.flatMap((h) => [calendar.id, h.date, h.name]),
      );
    }
    return rebuildFacts(engine);
  });
  return ok(await changed(engine, rebuild));
}

export async function deleteCalendar(
  engine: Engine,
  id: string,
): Promise<Result<SettingsChangeView, SettingsError>> {
  const p = engine.dialect.placeholder;
  const found = await engine.all(`SELECT id FROM calendars WHERE id = ${p(1)}`, [id]);
  if (found.length === 0) return err({ kind: 'not_found', what: `calendar ${id}` });
  const users = await engine.all(`SELECT id FROM teams WHERE calendar_id = ${p(1)} ORDER BY id`, [id]);
  if (users.length > 0)
    return err({
      kind: 'in_use',
      detail: `calendar ${id} is the calendar of team ${users.map((u) => String(u.id)).join(', ')}; give the team another calendar first`,
    });
  const rebuild = await engine.transaction(async () => {
    for (const table of ['calendar_intervals', 'calendar_holidays'])
      await engine.run(`DELETE FROM ${table} WHERE calendar_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM calendars WHERE id = ${p(1)}`, [id]);
    return rebuildFacts(engine);
  });
  return ok(await changed(engine, rebuild));
}

export async function setTeamCalendar(
  engine: Engine,
  teamId: string,
  calendarId: string | null,
): Promise<Result<SettingsChangeView, SettingsError>> {
  const p = engine.dialect.placeholder;
  const team = await engine.all(`SELECT id FROM teams WHERE id = ${p(1)}`, [teamId]);
  if (team.length === 0) return err({ kind: 'not_found', what: `team ${teamId}` });
  if (calendarId !== null) {
    const calendar = await engine.all(`SELECT id FROM calendars WHERE id = ${p(1)}`, [calendarId]);
    if (calendar.length === 0)
      return err({ kind: 'invalid', issues: [`calendarId: no calendar ${calendarId}`] });
  }
  const rebuild = await engine.transaction(async () => {
    await engine.run(`UPDATE teams SET calendar_id = ${p(1)} WHERE id = ${p(2)}`, [calendarId, teamId]);
    return rebuildFacts(engine);
  });
  return ok(await changed(engine, rebuild));
}

/** What each metric of the targets table is called where an admin sets it. */
const THRESHOLD_NAMES: Record<ThresholdView['metric'], string> = {
  frt: 'first-response deadline',
  service_level: 'service-level answer time',
  short_abandon: 'short-abandon limit',
};

/** The API's limit for a threshold or a duration target: no service target is longer. */
export const MAX_TARGET_SECONDS = 365 * 86_400;

/** Replaces every threshold, then rebuilds the facts (targets are applied per contact). */
export async function putThresholds(
  engine: Engine,
  thresholds: ThresholdView[],
): Promise<Result<SettingsChangeView, SettingsError>> {
  const issues: string[] = [];
  const firstRow = new Map<string, number>();
  for (const [i, t] of thresholds.entries()) {
    const name = `${THRESHOLD_NAMES[t.metric]} for ${t.channel}, ${t.teamId === null ? 'all teams' : `team ${t.teamId}`}`;
    if (!Number.isFinite(t.seconds) || t.seconds < 0 || t.seconds > MAX_TARGET_SECONDS)
      issues.push(
        `thresholds.${i}.seconds: the ${name} is a time in seconds from 0 to ${MAX_TARGET_SECONDS} (a year)`,
      );
    const key = `${t.metric}/${t.channel}/${t.teamId ?? ''}`;
    const earlier = firstRow.get(key);
    if (earlier !== undefined)
      issues.push(`thresholds.${i}: the ${name} is already set in thresholds.${earlier}`);
    else firstRow.set(key, i);
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  const rebuild = await engine.transaction(async () => {
    await engine.run('DELETE FROM targets');
    await engine.insertRows(
      'targets',
      ['metric', 'channel', 'team_id', 'threshold_seconds', 'hours'],
      thresholds.map((t) => [t.metric, t.channel, t.teamId, t.seconds, t.hours]),
    );
    return rebuildFacts(engine);
  });
  return ok(await changed(engine, rebuild));
}

/**
 * Replaces the KPI targets for everyone or one channel from always; the dated ones and those of a
 * team or agent stay. They only draw lines and colour tiles: no rebuild.
 */
export async function putKpiTargets(
  engine: Engine,
  targets: KpiTargetView[],
  now = new Date(),
  userId: string | null = null,
): Promise<Result<SettingsChangeView, SettingsError>> {
  const issues: string[] = [];
  const keys = new Map<string, number>();
  for (const [i, t] of targets.entries()) {
    const kpi = findKpi(t.kpi);
    const field = `targets.${i}.value`;
    if (!kpi) issues.push(`targets.${i}.kpi: unknown KPI ${t.kpi}`);
    else if (!Number.isFinite(t.value)) issues.push(`${field}: a number is needed`);
    else if (kpi.format === 'percent' && (t.value < 0 || t.value > 1))
      issues.push(
        `${field}: ${t.kpi} is a share; its target is a fraction from 0 to 1 (0.85 for 85 %), not ${t.value}`,
      );
    else if (kpi.format === 'nps' && (t.value < -100 || t.value > 100))
      issues.push(`${field}: an NPS target is from -100 to 100, not ${t.value}`);
    else if (kpi.format === 'duration' && (t.value < 0 || t.value > MAX_TARGET_SECONDS))
      issues.push(
        `${field}: ${t.kpi} is a duration; its target is in seconds from 0 to ${MAX_TARGET_SECONDS} (a year), not ${t.value}`,
      );
    else if (kpi.format === 'count' && t.value < 0)
      issues.push(`${field}: ${t.kpi} is a count; its target must not be negative, not ${t.value}`);
    const key = `${t.kpi}/${t.channel ?? ''}`;
    if (keys.has(key))
      issues.push(
        `targets.${i}: ${t.kpi} for ${t.channel ?? 'all channels'} is already set in targets.${keys.get(key)}`,
      );
    else keys.set(key, i);
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  await engine.transaction(() =>
    replaceTargetRows(
      engine,
      (t) => t.team === null && t.agent === null && t.validFrom === null,
      targets.map((t) => ({ ...t, team: null, agent: null, validFrom: null })),
      userId,
      now,
    ),
  );
  return ok(await changed(engine, null));
}
