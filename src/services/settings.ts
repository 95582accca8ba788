/**
 * What an admin changes from the dashboard: business-hours calendars, the calendar of each team,
 * the per-channel thresholds the facts are measured against (the canonical targets table) and the
 * KPI targets drawn as target lines. Calendars and thresholds change the facts, so saving them
 * rebuilds the facts in the same transaction.
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
import { sqlInstant } from './audit.js';
import { type RebuildSummary, rebuildFacts } from './rebuild.js';

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
    'SELECT kpi_id, channel, value FROM kpi_targets ORDER BY kpi_id, channel NULLS FIRST',
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

/** Replaces every threshold, then rebuilds the facts (targets are applied per contact). */
export async function putThresholds(
  engine: Engine,
  thresholds: ThresholdView[],
): Promise<Result<SettingsChangeView, SettingsError>> {
  const keys = thresholds.map((t) => `${t.metric}/${t.channel}/${t.teamId ?? ''}`);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (twice.length > 0)
    return err({ kind: 'invalid', issues: twice.map((k) => `thresholds: ${k} is listed twice`) });
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

/** Replaces every KPI target. They only draw lines and colour tiles: no rebuild. */
export async function putKpiTargets(
  engine: Engine,
  targets: KpiTargetView[],
  now = new Date(),
): Promise<Result<SettingsChangeView, SettingsError>> {
  const issues: string[] = [];
  const keys = new Set<string>();
  for (const [i, t] of targets.entries()) {
    const kpi = findKpi(t.kpi);
    if (!kpi) issues.push(`targets.${i}.kpi: unknown KPI ${t.kpi}`);
    else if (kpi.format === 'percent' && (t.value < 0 || t.value > 1))
      issues.push(`targets.${i}.value: ${t.kpi} is a share, its target is a fraction between 0 and 1`);
    else if (kpi.format === 'nps' && (t.value < -100 || t.value > 100))
      issues.push(`targets.${i}.value: NPS targets are between -100 and 100`);
    else if ((kpi.format === 'duration' || kpi.format === 'count') && t.value < 0)
      issues.push(`targets.${i}.value: must not be negative`);
    const key = `${t.kpi}/${t.channel ?? ''}`;
    if (keys.has(key)) issues.push(`targets.${i}: ${key} is listed twice`);
    keys.add(key);
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  await engine.transaction(async () => {
    await engine.run('DELETE FROM kpi_targets');
    const at = sqlInstant(now);
    await engine.insertRows(
      'kpi_targets',
      ['kpi_id', 'channel', 'value', 'updated_at'],
      targets.map((t) => [t.kpi, t.channel, t.value, at]),
    );
  });
  return ok(await changed(engine, null));
}
