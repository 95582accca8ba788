/**
 * The alert rules: checked field by field before they are kept, read back with their state and
 * last event. Admins and managers manage rules: a manager their own, an admin every one.
 */
import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { toNumberOrNull } from '../../core/engine.js';
import { findKpi } from '../../core/kpi/catalog.js';
import type { KpiDefinition } from '../../core/kpi/define.js';
import { DIMENSIONS } from '../../core/kpi/sources.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import type { Role } from '../users.js';
import {
  ALERT_KINDS,
  type AlertDelivery,
  type AlertEvent,
  type AlertKind,
  type AlertParams,
  type AlertRule,
  type AlertState,
  type AlertsProblem,
  WEBHOOK_FORMATS,
  type WebhookFormat,
} from './contract.js';
import { ensureAlertJob } from './job.js';
import { latestEvents } from './notifications.js';

export const RULES_PER_OWNER = 20;
export const DEFAULT_DEBOUNCE_MINUTES = 10;
const NAME_LIMIT = 100;
const EMAILS_LIMIT = 20;
const WEBHOOKS_LIMIT = 10;
const FILTER_VALUES_LIMIT = 50;

/** Who asks: their id and role. */
export interface AlertActor {
  id: string;
  role: Role;
}

/** A rule as a reader sees it: with what the last evaluation found and the last event. */
export interface AlertRuleView extends AlertRule {
  state: AlertState | null;
  lastEvent: AlertEvent | null;
}

/** A rule as a caller gives it; missing fields take their defaults (a change: the rule's own). */
export interface AlertRuleInput {
  name?: unknown;
  kind?: unknown;
  kpi?: unknown;
  filters?: unknown;
  params?: unknown;
  deliver?: unknown;
  debounceMinutes?: unknown;
  paused?: unknown;
}

type Issue = { path: string; message: string };

export const managesAlerts = (actor: AlertActor) => actor.role === 'admin' || actor.role === 'manager';

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function numberIn(
  issues: Issue[],
  path: string,
  value: unknown,
  min: number,
  max: number,
  options: { integer?: boolean; unit?: string } = {},
): number {
  const unit = options.unit ? ` ${options.unit}` : '';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: `expected a number from ${min} to ${max}${unit}` });
    return min;
  }
  if (options.integer && !Number.isInteger(value)) issues.push({ path, message: 'expected a whole number' });
  else if (value < min || value > max)
    issues.push({ path, message: `must be from ${min} to ${max}${unit}, got ${value}` });
  return value;
}

/** Which indicators a baseline rule can test: shares, scores and NPS have the spread the test needs. */
export function testableAgainstBaseline(kpi: KpiDefinition): boolean {
  return (
    kpi.better !== 'neutral' &&
    (kpi.value.kind === 'ratio' || kpi.value.kind === 'mean' || kpi.value.kind === 'nps')
  );
}

function checkedParams(issues: Issue[], kind: AlertKind, raw: unknown): AlertParams {
  if (!isObject(raw)) {
    issues.push({ path: 'params', message: `expected the parameters of a ${kind} rule` });
    return defaultParams(kind);
  }
  if (raw.kind !== undefined && raw.kind !== kind)
    issues.push({
      path: 'params.kind',
      message: `must be the rule's kind '${kind}', got '${String(raw.kind)}'`,
    });
  const p = (name: string) => `params.${name}`;
  const given = { ...defaultParams(kind), ...raw } as Record<string, unknown>;
  switch (kind) {
    case 'threshold': {
      if (given.comparison !== 'below' && given.comparison !== 'above')
        issues.push({ path: p('comparison'), message: "expected 'below' or 'above'" });
      return {
        kind,
        comparison: given.comparison === 'above' ? 'above' : 'below',
        value: numberIn(issues, p('value'), given.value, -1e12, 1e12),
        windowHours: numberIn(issues, p('windowHours'), given.windowHours, 1, 2160, {
          integer: true,
          unit: 'hours',
        }),
        minN: numberIn(issues, p('minN'), given.minN, 0, 1_000_000, { integer: true }),
      };
    }
    case 'baseline': {
      const baselineId = given.baselineId;
      if (baselineId !== null && (typeof baselineId !== 'string' || baselineId.trim() === ''))
        issues.push({ path: p('baselineId'), message: 'expected the id of a kept baseline, or null' });
      return {
        kind,
        baselineId: typeof baselineId === 'string' ? baselineId.trim() : null,
        windowHours: numberIn(issues, p('windowHours'), given.windowHours, 1, 2160, {
          integer: true,
          unit: 'hours',
        }),
        minN: numberIn(issues, p('minN'), given.minN, 0, 1_000_000, { integer: true }),
        confidence: numberIn(issues, p('confidence'), given.confidence, 0.8, 0.999),
      };
    }
    case 'anomaly': {
      if (given.metric !== 'volume' && given.metric !== 'abandonment')
        issues.push({ path: p('metric'), message: "expected 'volume' or 'abandonment'" });
      return {
        kind,
        metric: given.metric === 'abandonment' ? 'abandonment' : 'volume',
        weeks: numberIn(issues, p('weeks'), given.weeks, 1, 12, { integer: true, unit: 'weeks' }),
        sensitivity: numberIn(issues, p('sensitivity'), given.sensitivity, 1, 10),
        minExpected: numberIn(issues, p('minExpected'), given.minExpected, 0, 100_000),
      };
    }
    case 'frt_at_risk':
      return {
        kind,
        minutesBefore: numberIn(issues, p('minutesBefore'), given.minutesBefore, 1, 1440, {
          integer: true,
          unit: 'minutes',
        }),
        minContacts: numberIn(issues, p('minContacts'), given.minContacts, 1, 100_000, { integer: true }),
      };
    case 'source_silent': {
      if (typeof given.source !== 'string' || given.source.trim() === '')
        issues.push({ path: p('source'), message: 'expected the webhook source' });
      return {
        kind,
        source: typeof given.source === 'string' ? given.source.trim() : '',
        silentMinutes: numberIn(issues, p('silentMinutes'), given.silentMinutes, 5, 10_080, {
          integer: true,
          unit: 'minutes',
        }),
      };
    }
    case 'job_failed': {
      const jobId = given.jobId;
      if (jobId !== null && (typeof jobId !== 'string' || jobId.trim() === ''))
        issues.push({ path: p('jobId'), message: 'expected the id of a job, or null for any job' });
      return { kind, jobId: typeof jobId === 'string' ? jobId.trim() : null };
    }
  }
}

/** The parameters a rule of the kind starts from. */
export function defaultParams(kind: AlertKind): AlertParams {
  switch (kind) {
    case 'threshold':
      return { kind, comparison: 'below', value: 0, windowHours: 168, minN: 30 };
    case 'baseline':
      return { kind, baselineId: null, windowHours: 168, minN: 30, confidence: 0.95 };
    case 'anomaly':
      return { kind, metric: 'volume', weeks: 4, sensitivity: 3, minExpected: 5 };
    case 'frt_at_risk':
      return { kind, minutesBefore: 15, minContacts: 1 };
    case 'source_silent':
      return { kind, source: '', silentMinutes: 60 };
    case 'job_failed':
      return { kind, jobId: null };
  }
}

function checkedFilters(issues: Issue[], raw: unknown): Partial<Record<string, string[]>> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    issues.push({ path: 'filters', message: 'expected dimension → list of values' });
    return {};
  }
  const out: Partial<Record<string, string[]>> = {};
  for (const [dimension, values] of Object.entries(raw)) {
    const path = `filters.${dimension}`;
    if (!(DIMENSIONS as readonly string[]).includes(dimension)) {
      issues.push({ path, message: `not a dimension (known: ${DIMENSIONS.join(', ')})` });
      continue;
    }
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.length > FILTER_VALUES_LIMIT ||
      values.some((v) => typeof v !== 'string' || v.trim() === '' || v.length > 200)
    ) {
      issues.push({ path, message: `expected 1 to ${FILTER_VALUES_LIMIT} values, each 1 to 200 characters` });
      continue;
    }
    out[dimension] = [...new Set(values.map((v: string) => v.trim()))];
  }
  return out;
}

export function checkedDelivery(issues: Issue[], raw: unknown): AlertDelivery {
  if (raw === undefined || raw === null) return { emails: [], webhooks: [] };
  if (!isObject(raw)) {
    issues.push({ path: 'deliver', message: 'expected { emails, webhooks }' });
    return { emails: [], webhooks: [] };
  }
  const emails: string[] = [];
  const rawEmails = raw.emails ?? [];
  if (!Array.isArray(rawEmails))
    issues.push({ path: 'deliver.emails', message: 'expected a list of addresses' });
  else {
    if (rawEmails.length > EMAILS_LIMIT)
      issues.push({ path: 'deliver.emails', message: `at most ${EMAILS_LIMIT} addresses` });
    rawEmails.forEach((address, i) => {
      const text = typeof address === 'string' ? address.trim().toLowerCase() : '';
      if (text.length > 254 || !EMAIL.test(text))
        issues.push({ path: `deliver.emails.${i}`, message: `not an e-mail address: '${String(address)}'` });
      else if (!emails.includes(text)) emails.push(text);
    });
  }
  const webhooks: { url: string; format: WebhookFormat }[] = [];
  const rawHooks = raw.webhooks ?? [];
  if (!Array.isArray(rawHooks))
    issues.push({ path: 'deliver.webhooks', message: 'expected a list of { url, format }' });
  else {
    if (rawHooks.length > WEBHOOKS_LIMIT)
      issues.push({ path: 'deliver.webhooks', message: `at most ${WEBHOOKS_LIMIT} webhooks` });
    rawHooks.forEach((hook, i) => {
      const path = `deliver.webhooks.${i}`;
      if (!isObject(hook)) {
        issues.push({ path, message: 'expected { url, format }' });
        return;
      }
      const url = typeof hook.url === 'string' ? hook.url.trim() : '';
      let parsed: URL | null = null;
      try {
        parsed = new URL(url);
      } catch {
        parsed = null;
      }
      if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || url.length > 2000)
        issues.push({
          path: `${path}.url`,
          message: `expected an http:// or https:// address, got '${url}'`,
        });
      const format = hook.format ?? 'json';
      if (!(WEBHOOK_FORMATS as readonly unknown[]).includes(format))
        issues.push({ path: `${path}.format`, message: `expected one of ${WEBHOOK_FORMATS.join(', ')}` });
      else if (parsed) webhooks.push({ url, format: format as WebhookFormat });
    });
  }
  return { emails, webhooks };
}

/** The rule the input describes on top of `base`, or every issue with it. */
async function checkedRule(
  engine: Engine,
  input: AlertRuleInput,
  base: AlertRule | null,
): Promise<Result<Omit<AlertRule, 'id' | 'ownerId' | 'createdAt' | 'updatedAt'>, AlertsProblem>> {
  const issues: Issue[] = [];
  const nameRaw = input.name ?? base?.name;
  const name = typeof nameRaw === 'string' ? nameRaw.trim() : '';
  if (name === '') issues.push({ path: 'name', message: 'is required' });
  else if (name.length > NAME_LIMIT)
    issues.push({ path: 'name', message: `at most ${NAME_LIMIT} characters` });

  const kindRaw = input.kind ?? base?.kind ?? (isObject(input.params) ? input.params.kind : undefined);
  if (!(ALERT_KINDS as readonly unknown[]).includes(kindRaw)) {
    issues.push({ path: 'kind', message: `expected one of ${ALERT_KINDS.join(', ')}` });
    return err({ kind: 'invalid', issues });
  }
  const kind = kindRaw as AlertKind;
  const sameKind = base?.kind === kind;
  const params = checkedParams(
    issues,
    kind,
    input.params ?? (sameKind ? base?.params : undefined) ?? defaultParams(kind),
  );

  const kpiRaw = input.kpi !== undefined ? input.kpi : sameKind ? base?.kpi : null;
  let kpi: string | null = null;
  if (kind === 'threshold' || kind === 'baseline') {
    const definition = typeof kpiRaw === 'string' ? findKpi(kpiRaw) : undefined;
    if (!definition)
      issues.push({ path: 'kpi', message: `expected the id of an indicator, got '${String(kpiRaw)}'` });
    else if (kind === 'baseline' && !testableAgainstBaseline(definition))
      issues.push({
        path: 'kpi',
        message: `${definition.id} cannot be tested against a baseline (a share, a score or NPS that is better higher or lower): use a threshold rule`,
      });
    else kpi = definition.id;
  } else if (kpiRaw !== null && kpiRaw !== undefined)
    issues.push({ path: 'kpi', message: `a ${kind} rule watches no indicator: leave it out` });

  const filters = checkedFilters(issues, input.filters !== undefined ? input.filters : base?.filters);
  const deliver = checkedDelivery(issues, input.deliver !== undefined ? input.deliver : base?.deliver);
  const debounceMinutes = numberIn(
    issues,
    'debounceMinutes',
    input.debounceMinutes ?? base?.debounceMinutes ?? DEFAULT_DEBOUNCE_MINUTES,
    0,
    1440,
    { integer: true, unit: 'minutes' },
  );
  const pausedRaw = input.paused ?? base?.paused ?? false;
  if (typeof pausedRaw !== 'boolean') issues.push({ path: 'paused', message: 'expected true or false' });

  const p = engine.dialect.placeholder;
  if (params.kind === 'baseline' && params.baselineId !== null && issues.length === 0) {
    const rows = await engine.all(`SELECT kpi_id FROM kpi_baselines WHERE id = ${p(1)}`, [params.baselineId]);
    if (rows.length === 0)
      issues.push({ path: 'params.baselineId', message: `no baseline '${params.baselineId}'` });
    else if (String(rows[0]?.kpi_id) !== kpi)
      issues.push({
        path: 'params.baselineId',
        message: `baseline '${params.baselineId}' is of ${String(rows[0]?.kpi_id)}, not ${kpi}`,
      });
  }
  if (params.kind === 'source_silent' && params.source !== '') {
    const rows = await engine.all(`SELECT id FROM webhook_sources WHERE id = ${p(1)} OR source = ${p(1)}`, [
      params.source,
    ]);
    if (rows.length === 0)
      issues.push({ path: 'params.source', message: `no webhook source '${params.source}'` });
  }
  if (params.kind === 'job_failed' && params.jobId !== null) {
    const rows = await engine.all(`SELECT id FROM jobs WHERE id = ${p(1)}`, [params.jobId]);
    if (rows.length === 0) issues.push({ path: 'params.jobId', message: `no job '${params.jobId}'` });
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  return ok({ name, kind, kpi, filters, params, deliver, debounceMinutes, paused: pausedRaw === true });
}

const parse = (text: unknown): unknown => {
  if (text === null || text === undefined) return null;
  try {
    return JSON.parse(String(text));
  } catch {
    return null;
  }
};

export function ruleOf(row: Row): AlertRule {
  const stored = (parse(row.params) ?? {}) as Record<string, unknown>;
  const { debounceMinutes, ...params } = stored;
  const deliver = (parse(row.deliver) ?? {}) as Partial<AlertDelivery>;
  return {
    id: String(row.id),
    name: String(row.name),
    ownerId: String(row.owner_id),
    kind: String(row.kind) as AlertKind,
    kpi: row.kpi_id === null || row.kpi_id === undefined ? null : String(row.kpi_id),
    filters: (parse(row.filters) ?? {}) as Partial<Record<string, string[]>>,
    params: params as unknown as AlertParams,
    deliver: { emails: deliver.emails ?? [], webhooks: deliver.webhooks ?? [] },
    debounceMinutes: typeof debounceMinutes === 'number' ? debounceMinutes : DEFAULT_DEBOUNCE_MINUTES,
    paused: row.paused === true,
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

export function stateOf(row: Row): AlertState {
  return {
    ruleId: String(row.rule_id),
    firing: row.firing === true,
    since: isoInstant(row.since),
    lastValue: toNumberOrNull(row.last_value),
    lastN: toNumberOrNull(row.last_n),
    lastEvaluatedAt: isoInstant(row.last_evaluated_at),
  };
}

export async function allRules(engine: Engine): Promise<AlertRule[]> {
  const rows = await engine.all('SELECT * FROM alert_rules ORDER BY name, id');
  return rows.map(ruleOf);
}

async function withStateAndEvent(engine: Engine, rules: AlertRule[]): Promise<AlertRuleView[]> {
  if (rules.length === 0) return [];
  const states = new Map(
    (await engine.all('SELECT * FROM alert_states')).map((row) => [String(row.rule_id), stateOf(row)]),
  );
  const events = await latestEvents(engine);
  return rules.map((rule) => ({
    ...rule,
    state: states.get(rule.id) ?? null,
    lastEvent: events.get(rule.id) ?? null,
  }));
}

/** The rules the actor manages: an admin every rule, a manager their own. */
export async function listRules(
  engine: Engine,
  actor: AlertActor,
): Promise<Result<AlertRuleView[], AlertsProblem>> {
  if (!managesAlerts(actor))
    return err({ kind: 'forbidden', reason: 'only admins and managers manage alerts' });
  const rules = (await allRules(engine)).filter(
    (rule) => actor.role === 'admin' || rule.ownerId === actor.id,
  );
  return ok(await withStateAndEvent(engine, rules));
}

/** A rule the actor manages, found by id or by name. */
export async function findRule(
  engine: Engine,
  actor: AlertActor,
  idOrName: string,
): Promise<Result<AlertRuleView, AlertsProblem>> {
  if (!managesAlerts(actor))
    return err({ kind: 'forbidden', reason: 'only admins and managers manage alerts' });
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT * FROM alert_rules WHERE id = ${p(1)} OR name = ${p(1)} ORDER BY id`,
    [idOrName],
  );
  const rule = rows.map(ruleOf).find((r) => r.id === idOrName) ?? rows.map(ruleOf)[0];
  if (!rule) return err({ kind: 'not_found', what: `alert rule '${idOrName}'` });
  if (actor.role !== 'admin' && rule.ownerId !== actor.id)
    return err({ kind: 'forbidden', reason: 'a manager manages only their own alert rules' });
  const [view] = await withStateAndEvent(engine, [rule]);
  return ok(view as AlertRuleView);
}

async function nameTaken(engine: Engine, name: string, exceptId: string | null): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT id FROM alert_rules WHERE LOWER(name) = LOWER(${p(1)})`, [name]);
  return rows.some((row) => String(row.id) !== exceptId);
}

function storedParams(rule: Pick<AlertRule, 'params' | 'debounceMinutes'>): string {
  return JSON.stringify({ ...rule.params, debounceMinutes: rule.debounceMinutes });
}

export async function createRule(
  engine: Engine,
  actor: AlertActor,
  input: AlertRuleInput,
  now = new Date(),
): Promise<Result<AlertRuleView, AlertsProblem>> {
  if (!managesAlerts(actor))
    return err({ kind: 'forbidden', reason: 'only admins and managers manage alerts' });
  const checked = await checkedRule(engine, input, null);
  if (!checked.ok) return checked;
  const rule = checked.data;
  const id = `alert-${randomBytes(5).toString('hex')}`;
  const p = engine.dialect.placeholder;
  const refused = await engine.transaction(async (): Promise<AlertsProblem | null> => {
    if (await nameTaken(engine, rule.name, null))
      return { kind: 'conflict', reason: `an alert rule is already named '${rule.name}'` };
    const owned = await engine.all(`SELECT COUNT(*) AS n FROM alert_rules WHERE owner_id = ${p(1)}`, [
      actor.id,
    ]);
    if (Number(owned[0]?.n ?? 0) >= RULES_PER_OWNER)
      return {
        kind: 'conflict',
        reason: `at most ${RULES_PER_OWNER} alert rules per person: remove one first`,
      };
    await engine.run(
      `INSERT INTO alert_rules (id, name, owner_id, kind, kpi_id, filters, params, deliver, paused, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, CAST(${p(10)} AS TIMESTAMP), CAST(${p(10)} AS TIMESTAMP))`,
      [
        id,
        rule.name,
        actor.id,
        rule.kind,
        rule.kpi,
        JSON.stringify(rule.filters),
        storedParams(rule),
        JSON.stringify(rule.deliver),
        rule.paused,
        sqlInstant(now),
      ],
    );
    return null;
  });
  if (refused) return err(refused);
  await ensureAlertJob(engine, now);
  return findRule(engine, { id: actor.id, role: 'admin' }, id);
}

export async function updateRule(
  engine: Engine,
  actor: AlertActor,
  id: string,
  input: AlertRuleInput,
  now = new Date(),
): Promise<Result<AlertRuleView, AlertsProblem>> {
  const found = await findRule(engine, actor, id);
  if (!found.ok) return found;
  const checked = await checkedRule(engine, input, found.data);
  if (!checked.ok) return checked;
  const rule = checked.data;
  const p = engine.dialect.placeholder;
  const refused = await engine.transaction(async (): Promise<AlertsProblem | null> => {
    if (await nameTaken(engine, rule.name, found.data.id))
      return { kind: 'conflict', reason: `an alert rule is already named '${rule.name}'` };
    await engine.run(
      `UPDATE alert_rules SET name = ${p(1)}, kind = ${p(2)}, kpi_id = ${p(3)}, filters = ${p(4)}, params = ${p(5)}, deliver = ${p(6)}, paused = ${p(7)}, updated_at = CAST(${p(8)} AS TIMESTAMP) WHERE id = ${p(9)}`,
      [
        rule.name,
        rule.kind,
        rule.kpi,
        JSON.stringify(rule.filters),
        storedParams(rule),
        JSON.stringify(rule.deliver),
        rule.paused,
        sqlInstant(now),
        found.data.id,
      ],
    );
    // What the rule watches changed: its old verdict no longer says anything about the new one.
    const watches = (r: Pick<AlertRule, 'kind' | 'kpi' | 'filters' | 'params'>) =>
      JSON.stringify([r.kind, r.kpi, r.filters, r.params]);
    if (watches(rule) !== watches(found.data))
      await engine.run(`DELETE FROM alert_states WHERE rule_id = ${p(1)}`, [found.data.id]);
    return null;
  });
  if (refused) return err(refused);
  return findRule(engine, { id: actor.id, role: 'admin' }, found.data.id);
}

/** Removes a rule and its state; its events stay in the notification list. */
export async function removeRule(
  engine: Engine,
  actor: AlertActor,
  id: string,
): Promise<Result<{ id: string; removed: true }, AlertsProblem>> {
  const found = await findRule(engine, actor, id);
  if (!found.ok) return found;
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM alert_states WHERE rule_id = ${p(1)}`, [found.data.id]);
    await engine.run(`DELETE FROM alert_rules WHERE id = ${p(1)}`, [found.data.id]);
  });
  return ok({ id: found.data.id, removed: true });
}
