/**
 * Sampling rules as data (qa_sampling_rules) and the draw against the database: the contacts of a
 * period that the rule's filters let through and that nobody was assigned or reviewed before
 * become open assignments, N per agent, shared among the reviewers (core/qa/sampling.ts decides).
 * A rule draws its period once: a second draw of the same period only tops up what is missing.
 */
import { randomBytes } from 'node:crypto';
import type { ZodError } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import {
  planDraw,
  type SamplingCandidate,
  type SamplingPeriod,
  type SamplingReviewer,
  SamplingRule,
  samplingPeriod,
} from '../../core/qa/sampling.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Channel } from '../../core/schema.js';
import { isTimeZone } from '../../core/time-zone.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { getAssignment, insertAssignments, type NewAssignment } from './assignments.js';
import type { AssignmentView, QaProblem } from './contract.js';
import { removeSamplingJobs, syncSamplingJob } from './sampling-jobs.js';

export interface SamplingRuleView {
  id: string;
  name: string;
  enabled: boolean;
  definition: SamplingRule;
  createdAt: string;
  updatedAt: string;
  lastRunAt: string | null;
  /** What the last draw did: its period and counts, or why it drew nothing. */
  lastOutcome: Record<string, unknown> | null;
}

export interface DrawOutcome {
  ruleId: string;
  period: string;
  drawn: AssignmentView[];
  /** Contacts of the period the filters let through that may still be drawn. */
  candidates: number;
  /** Contacts the filters let through that were assigned or reviewed before: never drawn again. */
  alreadyReviewed: number;
}

const RULE_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const DAY_MS = 86_400_000;

function invalid(prefix: string, error: ZodError): QaProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({
      path: [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.'),
      message: issue.message,
    })),
  };
}

const problem = (path: string, message: string): QaProblem => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

function parseOutcome(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function ruleView(row: Row): SamplingRuleView {
  return {
    id: String(row.id),
    name: String(row.name),
    enabled: row.enabled === true,
    definition: SamplingRule.parse(JSON.parse(String(row.definition))),
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
    lastRunAt: isoInstant(row.last_run_at),
    lastOutcome: parseOutcome(row.last_outcome),
  };
}

const RULE_COLUMNS = `id, name, definition, enabled, CAST(created_at AS VARCHAR) AS created_at,
  CAST(updated_at AS VARCHAR) AS updated_at, CAST(last_run_at AS VARCHAR) AS last_run_at, last_outcome`;

export async function listSamplingRules(engine: Engine): Promise<SamplingRuleView[]> {
  const rows = await engine.all(`SELECT ${RULE_COLUMNS} FROM qa_sampling_rules ORDER BY name, id`);
  return rows.map(ruleView);
}

export async function getSamplingRule(engine: Engine, id: string): Promise<SamplingRuleView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${RULE_COLUMNS} FROM qa_sampling_rules WHERE id = ${p(1)}`, [id]);
  return rows[0] ? ruleView(rows[0]) : null;
}

/** `{ id?, enabled?, ...rule }` split into its parts; the rule is checked by the caller. */
function splitInput(
  input: unknown,
): Result<{ id?: unknown; enabled?: unknown; rule: Record<string, unknown> }, QaProblem> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return err(problem('', 'must be an object'));
  const { id, enabled, ...rule } = input as Record<string, unknown>;
  return ok({ id, enabled, rule });
}

async function checkReferences(engine: Engine, rule: SamplingRule): Promise<QaProblem | null> {
  if (rule.scorecardId === null) return null;
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT id FROM qa_scorecards WHERE id = ${p(1)}`, [rule.scorecardId]);
  return rows.length === 0 ? problem('scorecardId', `there is no scorecard ${rule.scorecardId}`) : null;
}

/**
 * Creates a rule from `{ id?, enabled?, name, schedule, perAgent, filters, reviewers, … }`, with
 * the job that draws by it (sampling-jobs.ts; paused while the rule is disabled).
 */
export async function createSamplingRule(
  engine: Engine,
  input: unknown,
  now: Date,
): Promise<Result<SamplingRuleView, QaProblem>> {
  const parts = splitInput(input);
  if (!parts.ok) return parts;
  const id = parts.data.id ?? randomBytes(5).toString('hex');
  if (typeof id !== 'string' || !RULE_ID.test(id))
    return err(problem('id', 'lower-case letters, digits, - and _, at most 40'));
  const enabled = parts.data.enabled ?? true;
  if (typeof enabled !== 'boolean') return err(problem('enabled', 'must be true or false'));
  const rule = SamplingRule.safeParse(parts.data.rule);
  if (!rule.success) return err(invalid('', rule.error));
  const missing = await checkReferences(engine, rule.data);
  if (missing) return err(missing);
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  const created = await engine.transaction(async () => {
    const existing = await engine.all(`SELECT id FROM qa_sampling_rules WHERE id = ${p(1)}`, [id]);
    if (existing.length > 0) return false;
    await engine.run(
      `INSERT INTO qa_sampling_rules (id, name, definition, enabled, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, CAST(${p(5)} AS TIMESTAMP), CAST(${p(5)} AS TIMESTAMP))`,
      [id, rule.data.name, JSON.stringify(rule.data), enabled, at],
    );
    await syncSamplingJob(engine, { id, name: rule.data.name, enabled, schedule: rule.data.schedule }, now);
    return true;
  });
  if (!created) return err({ kind: 'conflict', reason: `a sampling rule with id ${id} exists` });
  return ok((await getSamplingRule(engine, id)) as SamplingRuleView);
}

/**
 * Changes a rule: the fields given replace the current ones (`filters` as a whole). Its job follows
 * the name, the schedule and the enabled flag.
 */
export async function updateSamplingRule(
  engine: Engine,
  id: string,
  input: unknown,
  now: Date,
): Promise<Result<SamplingRuleView, QaProblem>> {
  const parts = splitInput(input);
  if (!parts.ok) return parts;
  if (parts.data.id !== undefined && parts.data.id !== id) return err(problem('id', 'cannot be changed'));
  const enabled = parts.data.enabled;
  if (enabled !== undefined && typeof enabled !== 'boolean')
    return err(problem('enabled', 'must be true or false'));
  const current = await getSamplingRule(engine, id);
  if (current === null) return err({ kind: 'not_found', what: `sampling rule ${id}` });
  const rule = SamplingRule.safeParse({ ...current.definition, ...parts.data.rule });
  if (!rule.success) return err(invalid('', rule.error));
  const missing = await checkReferences(engine, rule.data);
  if (missing) return err(missing);
  const p = engine.dialect.placeholder;
  const nowEnabled = enabled ?? current.enabled;
  await engine.transaction(async () => {
    await engine.run(
      `UPDATE qa_sampling_rules SET name = ${p(1)}, definition = ${p(2)}, enabled = ${p(3)},
         updated_at = CAST(${p(4)} AS TIMESTAMP) WHERE id = ${p(5)}`,
      [rule.data.name, JSON.stringify(rule.data), nowEnabled, sqlInstant(now), id],
    );
    await syncSamplingJob(
      engine,
      { id, name: rule.data.name, enabled: nowEnabled, schedule: rule.data.schedule },
      now,
    );
  });
  return ok((await getSamplingRule(engine, id)) as SamplingRuleView);
}

/**
 * Deletes a rule and the jobs that draw by it (refused while one runs); the assignments it drew
 * stay (and keep their contacts from being drawn again).
 */
export async function deleteSamplingRule(
  engine: Engine,
  id: string,
): Promise<Result<{ id: string }, QaProblem>> {
  const p = engine.dialect.placeholder;
  return engine.transaction(async (): Promise<Result<{ id: string }, QaProblem>> => {
    const rows = await engine.all(`SELECT id FROM qa_sampling_rules WHERE id = ${p(1)}`, [id]);
    if (rows.length === 0) return err({ kind: 'not_found', what: `sampling rule ${id}` });
    const jobsRemoved = await removeSamplingJobs(engine, id);
    if (!jobsRemoved.ok) return jobsRemoved;
    await engine.run(`DELETE FROM qa_sampling_rules WHERE id = ${p(1)}`, [id]);
    return ok({ id });
  });
}

/** The team time zone: the default calendar's, else UTC. */
export async function teamTimeZone(engine: Engine): Promise<string> {
  const rows = await engine.all('SELECT min(timezone) AS zone FROM calendars WHERE is_default');
  const zone = rows[0]?.zone;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

interface Candidate extends SamplingCandidate {
  source: string;
  externalId: string;
  createdAtMs: number;
  taken: boolean;
}

/** The contacts of the period with an assignee that the rule's filters let through, by contact key. */
async function periodCandidates(
  engine: Engine,
  rule: SamplingRule,
  period: SamplingPeriod,
): Promise<Candidate[]> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [sqlInstant(period.from), sqlInstant(period.to)];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return p(params.length);
  };
  const inList = (column: string, values: readonly string[]) => {
    if (values.length > 0) where.push(`${column} IN (${values.map(param).join(', ')})`);
  };
  const f = rule.filters;
  inList('f.channel', f.channels);
  inList('f.team_id', f.teams);
  inList('f.assignee_id', f.agents);
  inList('f.topic', f.topics);
  if (f.tags.length > 0)
    where.push(
      `(${f.tags.map((tag) => `('|' || COALESCE(c.tags, '') || '|') LIKE ${param(`%|${tag}|%`)}`).join(' OR ')})`,
    );
  if (f.lowCsat)
    // The contact's main CSAT question answered below the top box (a dimension is a sub-question).
    where.push(`EXISTS (SELECT 1 FROM survey_facts s WHERE s.contact_key = f.contact_key AND s.kind = 'csat'
      AND s.answered AND s.dimension IS NULL AND s.top_box = FALSE)`);
  if (f.reopened) where.push('COALESCE(f.reopens, 0) > 0');
  if (f.escalated) where.push('COALESCE(f.escalations, 0) > 0');
  if (f.longHandle)
    where.push(`COALESCE(f.handle_s, f.full_resolution_s) >= ${param(f.longHandle.minSeconds)}`);
  if (f.checks.length > 0)
    where.push(
      `EXISTS (SELECT 1 FROM qa_check_hits h WHERE h.contact_key = f.contact_key AND h.rule_id IN (${f.checks.map(param).join(', ')}))`,
    );
  const rows = await engine.all(
    `SELECT f.contact_key, c.source, c.external_id, f.assignee_id, f.channel, CAST(f.created_at AS VARCHAR) AS created_at,
       (f.contact_key IN (SELECT contact_source || '|' || contact_external_id FROM qa_assignments)
        OR f.contact_key IN (SELECT contact_source || '|' || contact_external_id FROM qa_reviews)) AS taken
     FROM contact_facts f JOIN contacts c ON c.contact_key = f.contact_key
     WHERE f.assignee_id IS NOT NULL AND f.created_at >= CAST(${p(1)} AS TIMESTAMP) AND f.created_at < CAST(${p(2)} AS TIMESTAMP)
       ${where.map((w) => `AND ${w}`).join(' ')}
     ORDER BY f.contact_key`,
    params,
  );
  let candidates = rows.map(
    (r): Candidate => ({
      contactKey: String(r.contact_key),
      source: String(r.source),
      externalId: String(r.external_id),
      agentId: String(r.assignee_id),
      channel: String(r.channel) as Channel,
      createdAtMs: Date.parse(isoInstant(r.created_at) ?? ''),
      taken: r.taken === true,
    }),
  );
  if (f.newAgentDays !== null) {
    const days = f.newAgentDays;
    const firsts = await engine.all(
      `SELECT assignee_id, CAST(min(created_at) AS VARCHAR) AS first_at FROM contact_facts
       WHERE assignee_id IS NOT NULL GROUP BY assignee_id`,
    );
    const first = new Map(
      firsts.map((r) => [String(r.assignee_id), Date.parse(isoInstant(r.first_at) ?? '')]),
    );
    candidates = candidates.filter((c) => c.createdAtMs < (first.get(c.agentId) ?? 0) + days * DAY_MS);
  }
  return candidates;
}

/** Per agent and channel, the contacts handled in the period: what the picks are spread by. */
async function handledPerChannel(
  engine: Engine,
  period: SamplingPeriod,
): Promise<Map<string, Map<Channel, number>>> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT assignee_id, channel, count(*) AS n FROM contact_facts
     WHERE assignee_id IS NOT NULL AND created_at >= CAST(${p(1)} AS TIMESTAMP) AND created_at < CAST(${p(2)} AS TIMESTAMP)
     GROUP BY assignee_id, channel`,
    [sqlInstant(period.from), sqlInstant(period.to)],
  );
  const handled = new Map<string, Map<Channel, number>>();
  for (const r of rows) {
    const agent = String(r.assignee_id);
    const channels = handled.get(agent) ?? new Map<Channel, number>();
    channels.set(String(r.channel) as Channel, Number(r.n));
    handled.set(agent, channels);
  }
  return handled;
}

async function reviewers(engine: Engine, rule: SamplingRule): Promise<SamplingReviewer[]> {
  if (rule.reviewers.length === 0) return [];
  const p = engine.dialect.placeholder;
  const users = await engine.all(
    `SELECT id, agent_id FROM users WHERE id IN (${rule.reviewers.map((_, i) => p(i + 1)).join(', ')})`,
    rule.reviewers,
  );
  const agentOf = new Map(users.map((u) => [String(u.id), u.agent_id === null ? null : String(u.agent_id)]));
  const open = await engine.all(
    `SELECT reviewer_id, count(*) AS n FROM qa_assignments WHERE status = 'open'
       AND reviewer_id IN (${rule.reviewers.map((_, i) => p(i + 1)).join(', ')}) GROUP BY reviewer_id`,
    rule.reviewers,
  );
  const openOf = new Map(open.map((r) => [String(r.reviewer_id), Number(r.n)]));
  return rule.reviewers.map((userId) => ({
    userId,
    agentId: agentOf.get(userId) ?? null,
    open: openOf.get(userId) ?? 0,
  }));
}

/** With self-review, the (enabled) user who is each agent. */
async function selfReviewers(engine: Engine): Promise<Map<string, string>> {
  const rows = await engine.all(
    'SELECT agent_id, min(id) AS id FROM users WHERE agent_id IS NOT NULL AND COALESCE(disabled, FALSE) = FALSE GROUP BY agent_id',
  );
  return new Map(rows.map((r) => [String(r.agent_id), String(r.id)]));
}

/**
 * Draws the rule's period (the last full day or week in the team time zone, unless named): writes
 * the picks as open assignments, unless `dryRun`, and notes the outcome on the rule.
 */
export async function drawSample(
  engine: Engine,
  ruleId: string,
  options: { period?: string; now: Date; seed?: string; dryRun?: boolean },
): Promise<Result<DrawOutcome, QaProblem>> {
  const rule = await getSamplingRule(engine, ruleId);
  if (rule === null) return err({ kind: 'not_found', what: `sampling rule ${ruleId}` });
  if (!rule.enabled) return err({ kind: 'conflict', reason: `sampling rule ${ruleId} is disabled` });
  const definition = rule.definition;
  const period = samplingPeriod(definition.schedule, options.now, await teamTimeZone(engine), options.period);
  if (period === null) return err(problem('period', 'must be a day (2026-03-02) or an ISO week (2026-W10)'));
  const p = engine.dialect.placeholder;
  const work = async (): Promise<DrawOutcome> => {
    const all = await periodCandidates(engine, definition, period);
    const free = all.filter((c) => !c.taken);
    const drawnBefore = await engine.all(
      `SELECT agent_id, count(*) AS n FROM qa_assignments WHERE rule_id = ${p(1)} AND period = ${p(2)} GROUP BY agent_id`,
      [ruleId, period.period],
    );
    const before = new Map(drawnBefore.map((r) => [String(r.agent_id), Number(r.n)]));
    const wanted = new Map<string, number>();
    for (const c of free)
      wanted.set(c.agentId, Math.max(0, definition.perAgent - (before.get(c.agentId) ?? 0)));
    const plan = planDraw({
      candidates: free,
      wanted,
      handled: await handledPerChannel(engine, period),
      stratifyByChannel: definition.stratifyByChannel,
      seed: options.seed ?? definition.seed ?? `${ruleId}:${period.period}`,
      reviewers: await reviewers(engine, definition),
      selfReviewers: definition.selfReview ? await selfReviewers(engine) : null,
    });
    const dueAt =
      definition.dueDays === null ? null : new Date(options.now.getTime() + definition.dueDays * DAY_MS);
    const assignments: NewAssignment[] = plan.picks.map(({ candidate, reviewerId }) => ({
      ruleId,
      period: period.period,
      contact: { source: candidate.source, externalId: candidate.externalId },
      agentId: candidate.agentId,
      reviewerId,
      scorecardId: definition.scorecardId,
      kind: definition.selfReview ? 'self' : 'review',
      dueAt,
    }));
    let drawn: AssignmentView[];
    if (options.dryRun) {
      drawn = assignments.map((a) => ({
        id: '',
        ruleId,
        period: period.period,
        contact: a.contact,
        agentId: a.agentId,
        reviewerId: a.reviewerId,
        scorecardId: a.scorecardId ?? null,
        kind: a.kind,
        calibrationSessionId: null,
        dueAt: dueAt === null ? null : isoInstant(sqlInstant(dueAt)),
        status: 'open',
        reviewId: null,
        createdAt: isoInstant(sqlInstant(options.now)) ?? '',
      }));
    } else {
      const ids = await insertAssignments(engine, assignments, options.now);
      drawn = [];
      for (const id of ids) drawn.push((await getAssignment(engine, id)) as AssignmentView);
    }
    const outcome: DrawOutcome = {
      ruleId,
      period: period.period,
      drawn,
      candidates: free.length,
      alreadyReviewed: all.length - free.length,
    };
    if (!options.dryRun)
      await engine.run(
        `UPDATE qa_sampling_rules SET last_run_at = CAST(${p(1)} AS TIMESTAMP), last_outcome = ${p(2)} WHERE id = ${p(3)}`,
        [
          sqlInstant(options.now),
          JSON.stringify({
            period: period.period,
            drawn: drawn.length,
            candidates: outcome.candidates,
            alreadyReviewed: outcome.alreadyReviewed,
            unassigned: plan.unassigned,
          }),
          ruleId,
        ],
      );
    return outcome;
  };
  // The candidates are read and the picks written in one transaction: two draws never pick the same contact.
  return ok(options.dryRun ? await work() : await engine.transaction(work));
}
