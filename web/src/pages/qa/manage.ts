import type { Channel } from '../../../../src/core/schema.js';
import type { Role } from '../../api.js';

/**
 * What the quality coach's pages share: who may see which page, the sampling rule's definition as
 * the editor holds it, and the small conversions the forms need. Pure, so it is tested without a
 * browser.
 */

/** The management pages under /qa/… and who sees them; the server refuses the others the same. */
export const QA_MANAGE_PAGES = [
  'quality',
  'scorecards',
  'sampling',
  'calibration',
  'coaching',
  'checks',
] as const;
export type QaManagePage = (typeof QA_MANAGE_PAGES)[number];

export function canSeeQaPage(role: Role, page: QaManagePage): boolean {
  if (role === 'admin' || role === 'manager') return true;
  // An agent has their own coaching and training needs; a viewer the indicators, nothing that names a review.
  if (role === 'agent') return page === 'coaching';
  return page === 'quality';
}

export function canManageQa(role: Role): boolean {
  return role === 'admin' || role === 'manager';
}

/** A sampling rule as the editor holds it (the definition docs/qa.md describes). */
export interface SamplingRuleDefinition {
  name: string;
  schedule: 'daily' | 'weekly';
  perAgent: number;
  stratifyByChannel: boolean;
  filters: SamplingFilters;
  scorecardId?: string;
  reviewers: string[];
  dueDays: number;
  selfReview: boolean;
  seed?: string;
}

export interface SamplingFilters {
  channels?: Channel[];
  teams?: string[];
  agents?: string[];
  lowCsat?: boolean;
  reopened?: boolean;
  escalated?: boolean;
  longHandle?: { minSeconds: number };
  topics?: string[];
  tags?: string[];
  newAgentDays?: number;
  checks?: string[];
}

export const SAMPLING_FLAGS = ['lowCsat', 'reopened', 'escalated'] as const;

export function emptySamplingRule(name: string): SamplingRuleDefinition {
  return {
    name,
    schedule: 'weekly',
    perAgent: 5,
    stratifyByChannel: true,
    filters: {},
    reviewers: [],
    dueDays: 7,
    selfReview: false,
  };
}

/**
 * A stored rule's definition read back into the editor's shape: what the server keeps is a record
 * the sampling service checked, so anything missing takes the editor's default.
 */
export function samplingRuleOf(
  definition: Record<string, unknown>,
  fallbackName: string,
): SamplingRuleDefinition {
  const base = emptySamplingRule(fallbackName);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  const whole = (v: unknown, otherwise: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : otherwise;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const filters = (
    typeof definition.filters === 'object' && definition.filters !== null ? definition.filters : {}
  ) as SamplingFilters;
  const scorecardId = text(definition.scorecardId);
  const seed = text(definition.seed);
  return {
    name: text(definition.name) ?? base.name,
    schedule: definition.schedule === 'daily' ? 'daily' : 'weekly',
    perAgent: whole(definition.perAgent, base.perAgent),
    stratifyByChannel: definition.stratifyByChannel !== false,
    filters,
    reviewers: strings(definition.reviewers),
    dueDays: whole(definition.dueDays, base.dueDays),
    selfReview: definition.selfReview === true,
    ...(scorecardId ? { scorecardId } : {}),
    ...(seed ? { seed } : {}),
  };
}

/** Drops empty filters, so a saved rule says only what narrows the draw. */
export function cleanFilters(filters: SamplingFilters): SamplingFilters {
  const out: SamplingFilters = {};
  for (const key of ['channels', 'teams', 'agents', 'topics', 'tags', 'checks'] as const) {
    const list = filters[key];
    if (list && list.length > 0) (out as Record<string, unknown>)[key] = list;
  }
  for (const key of SAMPLING_FLAGS) if (filters[key]) out[key] = true;
  if (filters.longHandle && filters.longHandle.minSeconds > 0) out.longHandle = filters.longHandle;
  if (filters.newAgentDays && filters.newAgentDays > 0) out.newAgentDays = filters.newAgentDays;
  return out;
}

/** Ids typed in a field, separated by commas, spaces or lines; repeats left out. */
export function idsOf(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
}

/**
 * Contacts pasted for a calibration session: one a line, `source|id`, `source<tab>id` or
 * `source,id` (a spreadsheet's two columns). Lines that name no contact are returned by number.
 */
export function contactsOf(text: string): {
  contacts: { source: string; externalId: string }[];
  invalidLines: number[];
} {
  const contacts: { source: string; externalId: string }[] = [];
  const invalidLines: number[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = /^([^|\t,]+)[|\t,](.+)$/.exec(line);
    const source = match?.[1]?.trim();
    const externalId = match?.[2]?.trim();
    if (!source || !externalId) {
      invalidLines.push(index + 1);
      return;
    }
    const key = `${source}|${externalId}`;
    if (seen.has(key)) return;
    seen.add(key);
    contacts.push({ source, externalId });
  });
  return { contacts, invalidLines };
}

/** The calendar day `days` before `day` (YYYY-MM-DD, or an instant on that day), for a default period. */
export function daysBefore(day: string, days: number): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM` of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/**
 * A check rule's settings as the form edits them: numbers as number fields, lists as one item a
 * line, lists per language as one text area per language. Anything else is kept as it is.
 */
export type SettingField =
  | { key: string; kind: 'number'; value: number }
  | { key: string; kind: 'boolean'; value: boolean }
  | { key: string; kind: 'text'; value: string }
  | { key: string; kind: 'list'; value: string[] }
  | { key: string; kind: 'perLanguage'; value: Record<string, string[]> };

export function settingFields(settings: Record<string, unknown>): SettingField[] {
  const fields: SettingField[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === 'number') fields.push({ key, kind: 'number', value });
    else if (typeof value === 'boolean') fields.push({ key, kind: 'boolean', value });
    else if (typeof value === 'string') fields.push({ key, kind: 'text', value });
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      fields.push({ key, kind: 'list', value });
    else if (
      typeof value === 'object' &&
      value !== null &&
      Object.values(value).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
    )
      fields.push({ key, kind: 'perLanguage', value: value as Record<string, string[]> });
  }
  return fields;
}

/** `maxGapHours` → `max gap hours`: a setting's name when the dashboard has none of its own. */
export function settingName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/**
 * The indicators counted over reviews, and what their drill-down adds to the reviews list's
 * filters; the others (coverage, check hits) count conversations and drill down to the contacts.
 */
const REVIEW_DRILLS: Record<string, Record<string, string>> = {
  qa_score: {},
  qa_category_score: {},
  qa_reviews: {},
  qa_pass_rate: {},
  qa_critical_fail_rate: {},
  qa_dispute_rate: { disputed: 'true' },
};

/**
 * The reviews list (/qa/reviews) behind a review indicator's number: its period as calendar days,
 * and the one agent when a single one is filtered; null for an indicator that is not over reviews.
 */
export function reviewDrillHref(
  kpi: string,
  range: { from: string; to: string } | null,
  dimensions: Readonly<Record<string, readonly string[] | undefined>> = {},
): string | null {
  const extra = REVIEW_DRILLS[kpi];
  if (!extra) return null;
  const params = new URLSearchParams();
  const [agent, ...more] = dimensions.agent ?? [];
  if (agent && more.length === 0) params.set('agent', agent);
  if (range) {
    params.set('from', range.from.slice(0, 10));
    params.set('to', range.to.slice(0, 10));
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `/qa/reviews?${params.toString()}`;
}
