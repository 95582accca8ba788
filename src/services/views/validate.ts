/**
 * The checks a saved view and a dashboard share: a view is a saved request, so everything in it must
 * be a request the KPI engine and the dashboard would accept, and an agent may not keep one aimed at
 * a colleague.
 */
import { findKpi } from '../../core/kpi/catalog.js';
import { DIMENSIONS } from '../../core/kpi/sources.js';
import { RELATIVE_PRESETS } from '../../core/presets.js';
import type { Role } from '../users.js';
import { VIEW_GRAINS, type ViewFilters, type ViewGrain, type ViewPeriod } from './contract.js';

export interface ViewsUser {
  id: string;
  role: Role;
  /** The agent an agent user is; limits the agent filters they may save. */
  agentId?: string | null;
}

export type Issue = { path: string; message: string };

export const NAME_MAX = 120;
export const FILTER_VALUES_MAX = 100;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function validDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function validTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function checkName(value: unknown, issues: Issue[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ path: 'name', message: 'a name is required' });
    return '';
  }
  const name = value.trim();
  if (name.length > NAME_MAX) issues.push({ path: 'name', message: `at most ${NAME_MAX} characters` });
  return name;
}

export function checkShared(value: unknown, issues: Issue[], path = 'shared'): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') issues.push({ path, message: 'true or false' });
  return value === true;
}

export function checkPeriod(value: unknown, path: string, issues: Issue[]): ViewPeriod {
  if (!isRecord(value)) {
    issues.push({ path, message: 'a preset ({preset}) or a range of dates ({from, to})' });
    return { preset: 'last30' };
  }
  if ('preset' in value) {
    if (!(RELATIVE_PRESETS as readonly unknown[]).includes(value.preset))
      issues.push({ path: `${path}.preset`, message: `one of ${RELATIVE_PRESETS.join(', ')}` });
    return { preset: String(value.preset) };
  }
  const { from, to } = value;
  if (!validDay(from)) issues.push({ path: `${path}.from`, message: 'a date YYYY-MM-DD' });
  if (!validDay(to)) issues.push({ path: `${path}.to`, message: 'a date YYYY-MM-DD (exclusive)' });
  if (validDay(from) && validDay(to) && from >= to)
    issues.push({ path: `${path}.to`, message: 'must be after from (to is exclusive)' });
  return { from: String(from), to: String(to) };
}

export function checkTimeZone(value: unknown, path: string, issues: Issue[]): string {
  if (!validTimeZone(value)) {
    issues.push({ path, message: 'an IANA time zone such as Europe/Amsterdam' });
    return 'UTC';
  }
  return value;
}

export function checkGrain(value: unknown, path: string, issues: Issue[]): ViewGrain | null {
  if (value === undefined || value === null) return null;
  if (!(VIEW_GRAINS as readonly unknown[]).includes(value)) {
    issues.push({ path, message: `one of ${VIEW_GRAINS.join(', ')}, or null` });
    return null;
  }
  return value as ViewGrain;
}

export function checkKpi(value: unknown, path: string, issues: Issue[]): string {
  if (typeof value !== 'string' || !findKpi(value)) {
    issues.push({ path, message: `unknown indicator ${JSON.stringify(value)}` });
    return String(value);
  }
  return value;
}

/**
 * Filters by the KPI engine's dimensions. An agent may filter by agent only on themselves, as in a
 * KPI query: a saved view is a request they would otherwise make by hand.
 */
export function checkFilters(value: unknown, path: string, user: ViewsUser, issues: Issue[]): ViewFilters {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    issues.push({ path, message: 'an object of dimension → list of values' });
    return {};
  }
  const filters: ViewFilters = {};
  for (const [dimension, values] of Object.entries(value)) {
    const at = `${path}.${dimension}`;
    if (!(DIMENSIONS as readonly string[]).includes(dimension)) {
      issues.push({ path: at, message: `unknown dimension; one of ${DIMENSIONS.join(', ')}` });
      continue;
    }
    if (!Array.isArray(values) || values.length === 0 || values.length > FILTER_VALUES_MAX) {
      issues.push({ path: at, message: `a list of 1 to ${FILTER_VALUES_MAX} values` });
      continue;
    }
    if (!values.every((v) => typeof v === 'string' && v !== '' && v.length <= 200)) {
      issues.push({ path: at, message: 'each value a non-empty text of at most 200 characters' });
      continue;
    }
    if (dimension === 'agent' && user.role === 'agent' && values.some((v) => v !== user.agentId)) {
      issues.push({ path: at, message: 'agents can filter only on themselves' });
      continue;
    }
    filters[dimension] = [...new Set(values as string[])];
  }
  return filters;
}
