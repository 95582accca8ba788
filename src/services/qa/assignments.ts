/**
 * Review assignments and review goals. An assignment puts one contact before one reviewer, by a
 * sampling rule, a calibration session or a manager's hand; it is open until the review is
 * submitted (done) or a manager skips it. A goal is the number of reviews each agent should get a
 * month, set for everyone, a team or one agent; the most specific goal applies.
 */
import { randomUUID } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { QA_REVIEW_KINDS, type QaReviewKind } from '../../core/schema.js';
import { isoInstant, sqlInstant } from '../audit.js';
import {
  ASSIGNMENT_STATUSES,
  type AssignmentStatus,
  type AssignmentView,
  type ContactRef,
  type GoalProgress,
  QA_SOURCE,
  type QaProblem,
} from './contract.js';

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

const ASSIGNMENT_COLUMNS = `id, rule_id, period, contact_source, contact_external_id, agent_id, reviewer_id, scorecard_id,
  kind, calibration_session_id, CAST(due_at AS VARCHAR) AS due_at, status, review_external_id,
  CAST(created_at AS VARCHAR) AS created_at`;

function assignmentView(row: Row): AssignmentView {
  const reviewExternalId = s(row.review_external_id);
  return {
    id: String(row.id),
    ruleId: s(row.rule_id),
    period: s(row.period),
    contact: { source: String(row.contact_source), externalId: String(row.contact_external_id) },
    agentId: String(row.agent_id),
    reviewerId: String(row.reviewer_id),
    scorecardId: s(row.scorecard_id),
    kind: (s(row.kind) ?? 'review') as QaReviewKind,
    calibrationSessionId: s(row.calibration_session_id),
    dueAt: isoInstant(row.due_at),
    status: String(row.status) as AssignmentStatus,
    reviewId: reviewExternalId === null ? null : `${QA_SOURCE}|${reviewExternalId}`,
    createdAt: isoInstant(row.created_at) ?? '',
  };
}

const invalid = (path: string, message: string): QaProblem => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

/** An assignment as written; sampling and calibration write theirs through here too. */
export interface NewAssignment {
  ruleId?: string | null;
  period?: string | null;
  contact: ContactRef;
  agentId: string;
  reviewerId: string;
  scorecardId?: string | null;
  kind: QaReviewKind;
  calibrationSessionId?: string | null;
  dueAt?: Date | null;
}

/** Writes open assignments (in the caller's transaction, if any) and returns their ids in order. */
export async function insertAssignments(
  engine: Engine,
  assignments: readonly NewAssignment[],
  now: Date,
): Promise<string[]> {
  const ids = assignments.map(() => randomUUID());
  if (assignments.length === 0) return ids;
  const at = sqlInstant(now);
  const p = engine.dialect.placeholder;
  // One statement per row: the timestamps are cast from text the same way on both engines.
  for (const [i, a] of assignments.entries())
    await engine.run(
      `INSERT INTO qa_assignments (id, rule_id, period, contact_source, contact_external_id, agent_id, reviewer_id,
         scorecard_id, kind, calibration_session_id, due_at, status, review_external_id, created_at, updated_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)},
         CAST(${p(11)} AS TIMESTAMP), 'open', NULL, CAST(${p(12)} AS TIMESTAMP), CAST(${p(12)} AS TIMESTAMP))`,
      [
        ids[i],
        a.ruleId ?? null,
        a.period ?? null,
        a.contact.source,
        a.contact.externalId,
        a.agentId,
        a.reviewerId,
        a.scorecardId ?? null,
        a.kind,
        a.calibrationSessionId ?? null,
        a.dueAt ? sqlInstant(a.dueAt) : null,
        at,
      ],
    );
  return ids;
}

/** The agent who handled a contact (its assignee), or null when there is no such contact. */
export async function contactAgent(
  engine: Engine,
  contact: ContactRef,
): Promise<{ agentId: string | null } | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT assignee_id FROM contacts WHERE source = ${p(1)} AND external_id = ${p(2)}`,
    [contact.source, contact.externalId],
  );
  const row = rows[0];
  return row === undefined ? null : { agentId: s(row.assignee_id) };
}

/** The agent a user is, if any: an agent never reviews their own contact outside self-review. */
async function agentOfUser(engine: Engine, userId: string): Promise<string | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT agent_id FROM users WHERE id = ${p(1)}`, [userId]);
  return s(rows[0]?.agent_id);
}

/** Whether `reviewerId` may be given a `kind` assignment on a contact of `agentId`. */
async function reviewerProblem(
  engine: Engine,
  reviewerId: string,
  agentId: string,
  kind: QaReviewKind,
): Promise<QaProblem | null> {
  const own = reviewerId === agentId || (await agentOfUser(engine, reviewerId)) === agentId;
  if (kind === 'self' && !own) return invalid('reviewerId', 'a self-review goes to the agent of the contact');
  if (kind !== 'self' && own)
    return invalid('reviewerId', 'an agent does not review their own contact outside self-review');
  return null;
}

export async function getAssignment(engine: Engine, id: string): Promise<AssignmentView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${ASSIGNMENT_COLUMNS} FROM qa_assignments WHERE id = ${p(1)}`, [id]);
  return rows[0] ? assignmentView(rows[0]) : null;
}

export interface AssignmentFilter {
  reviewerId?: string;
  agentId?: string;
  status?: AssignmentStatus;
  calibrationSessionId?: string;
  limit: number;
  offset: number;
}

/** Assignments, the soonest due first (no due date last), then the oldest. */
export async function listAssignments(
  engine: Engine,
  filter: AssignmentFilter,
): Promise<{ assignments: AssignmentView[]; total: number }> {
  const p = engine.dialect.placeholder;
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = ${p(params.length)}`);
  };
  add('reviewer_id', filter.reviewerId);
  add('agent_id', filter.agentId);
  add('status', filter.status);
  add('calibration_session_id', filter.calibrationSessionId);
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const total = await engine.all(`SELECT count(*) AS n FROM qa_assignments ${clause}`, params);
  const rows = await engine.all(
    `SELECT ${ASSIGNMENT_COLUMNS} FROM qa_assignments ${clause}
     ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, created_at, contact_source, contact_external_id, id
     LIMIT ${Math.max(0, Math.floor(filter.limit))} OFFSET ${Math.max(0, Math.floor(filter.offset))}`,
    params,
  );
  return { assignments: rows.map(assignmentView), total: Number(total[0]?.n ?? 0) };
}

/**
 * Puts one contact before a reviewer by hand (a reviewer picking from a drill-down list, a manager
 * handing one out). The agent is the contact's assignee; one open assignment per contact, reviewer
 * and kind.
 */
export async function createAssignment(
  engine: Engine,
  input: {
    contact: ContactRef;
    reviewerId: string;
    scorecardId?: string | null;
    dueAt?: Date | null;
    kind?: QaReviewKind;
  },
  now: Date,
): Promise<Result<AssignmentView, QaProblem>> {
  const kind = input.kind ?? 'review';
  if (!(QA_REVIEW_KINDS as readonly string[]).includes(kind))
    return err(invalid('kind', `must be one of ${QA_REVIEW_KINDS.join(', ')}`));
  if (kind === 'calibration')
    return err(invalid('kind', 'calibration assignments are made by a calibration session'));
  if (input.reviewerId.trim() === '') return err(invalid('reviewerId', 'is required'));
  if (input.dueAt && Number.isNaN(input.dueAt.getTime())) return err(invalid('dueAt', 'is not a date'));
  const contact = await contactAgent(engine, input.contact);
  if (contact === null)
    return err({ kind: 'not_found', what: `contact ${input.contact.source}|${input.contact.externalId}` });
  if (contact.agentId === null)
    return err(invalid('contact', 'the contact has no assignee: there is no agent to review'));
  const refused = await reviewerProblem(engine, input.reviewerId, contact.agentId, kind);
  if (refused) return err(refused);
  const p = engine.dialect.placeholder;
  const id = await engine.transaction(async () => {
    const open = await engine.all(
      `SELECT id FROM qa_assignments WHERE contact_source = ${p(1)} AND contact_external_id = ${p(2)}
         AND reviewer_id = ${p(3)} AND COALESCE(kind, 'review') = ${p(4)} AND status = 'open'`,
      [input.contact.source, input.contact.externalId, input.reviewerId, kind],
    );
    if (open.length > 0) return null;
    const [created] = await insertAssignments(
      engine,
      [
        {
          contact: input.contact,
          agentId: contact.agentId as string,
          reviewerId: input.reviewerId,
          scorecardId: input.scorecardId ?? null,
          kind,
          dueAt: input.dueAt ?? null,
        },
      ],
      now,
    );
    return created as string;
  });
  if (id === null)
    return err({ kind: 'conflict', reason: `${input.reviewerId} already has this contact open for review` });
  return ok((await getAssignment(engine, id)) as AssignmentView);
}

/** Skips, reopens or hands over an assignment, or moves its due date. */
export async function updateAssignment(
  engine: Engine,
  id: string,
  changes: { status?: AssignmentStatus; reviewerId?: string; dueAt?: Date | null },
  now: Date,
): Promise<Result<AssignmentView, QaProblem>> {
  if (changes.status !== undefined && !(ASSIGNMENT_STATUSES as readonly string[]).includes(changes.status))
    return err(invalid('status', `must be one of ${ASSIGNMENT_STATUSES.join(', ')}`));
  if (changes.reviewerId !== undefined && changes.reviewerId.trim() === '')
    return err(invalid('reviewerId', 'must be a user id'));
  if (changes.dueAt && Number.isNaN(changes.dueAt.getTime())) return err(invalid('dueAt', 'is not a date'));
  const current = await getAssignment(engine, id);
  if (current === null) return err({ kind: 'not_found', what: `assignment ${id}` });
  if (changes.reviewerId !== undefined) {
    const refused = await reviewerProblem(engine, changes.reviewerId, current.agentId, current.kind);
    if (refused) return err(refused);
  }
  const p = engine.dialect.placeholder;
  await engine.run(
    `UPDATE qa_assignments SET status = ${p(1)}, reviewer_id = ${p(2)}, due_at = CAST(${p(3)} AS TIMESTAMP),
       updated_at = CAST(${p(4)} AS TIMESTAMP) WHERE id = ${p(5)}`,
    [
      changes.status ?? current.status,
      changes.reviewerId ?? current.reviewerId,
      changes.dueAt === undefined
        ? current.dueAt === null
          ? null
          : sqlInstant(new Date(current.dueAt))
        : changes.dueAt === null
          ? null
          : sqlInstant(changes.dueAt),
      sqlInstant(now),
      id,
    ],
  );
  return ok((await getAssignment(engine, id)) as AssignmentView);
}

// ---------------------------------------------------------------------------------------------
// Goals

export const GOAL_SCOPES = ['all', 'team', 'agent'] as const;
export type GoalScope = (typeof GOAL_SCOPES)[number];

export interface GoalView {
  scope: GoalScope;
  /** The team or agent id; empty for all. */
  scopeId: string;
  reviewsPerMonth: number;
  updatedAt: string;
}

/** Sets a goal (0 removes it: the next less specific goal applies again). */
export async function setGoal(
  engine: Engine,
  goal: { scope: GoalScope; scopeId: string; reviewsPerMonth: number },
  now: Date,
): Promise<Result<GoalView | null, QaProblem>> {
  if (!(GOAL_SCOPES as readonly string[]).includes(goal.scope))
    return err(invalid('scope', `must be one of ${GOAL_SCOPES.join(', ')}`));
  const scopeId = goal.scope === 'all' ? '' : goal.scopeId.trim();
  if (goal.scope !== 'all' && scopeId === '')
    return err(invalid('scopeId', `names the ${goal.scope} the goal is for`));
  if (!Number.isInteger(goal.reviewsPerMonth) || goal.reviewsPerMonth < 0 || goal.reviewsPerMonth > 10_000)
    return err(invalid('reviewsPerMonth', 'must be a whole number from 0 to 10000'));
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    await engine.run(`DELETE FROM qa_goals WHERE scope = ${p(1)} AND scope_id = ${p(2)}`, [
      goal.scope,
      scopeId,
    ]);
    if (goal.reviewsPerMonth > 0)
      await engine.run(
        `INSERT INTO qa_goals (scope, scope_id, reviews_per_month, updated_at)
         VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS TIMESTAMP))`,
        [goal.scope, scopeId, goal.reviewsPerMonth, sqlInstant(now)],
      );
  });
  if (goal.reviewsPerMonth === 0) return ok(null);
  return ok({
    scope: goal.scope,
    scopeId,
    reviewsPerMonth: goal.reviewsPerMonth,
    updatedAt: isoInstant(sqlInstant(now)) ?? '',
  });
}

export async function listGoals(engine: Engine): Promise<GoalView[]> {
  const rows = await engine.all(
    `SELECT scope, scope_id, reviews_per_month, CAST(updated_at AS VARCHAR) AS updated_at FROM qa_goals
     ORDER BY CASE scope WHEN 'all' THEN 0 WHEN 'team' THEN 1 ELSE 2 END, scope_id`,
  );
  return rows.map((r) => ({
    scope: String(r.scope) as GoalScope,
    scopeId: String(r.scope_id ?? ''),
    reviewsPerMonth: Number(r.reviews_per_month),
    updatedAt: isoInstant(r.updated_at) ?? '',
  }));
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Per agent with a goal: the goal that applies (agent, else team, else all) and the reviews of
 * them submitted in the month (UTC). Only reviews proper count: an agent's self-reviews would let
 * them meet their own goal, and calibration reviews measure the reviewers. Agents who left are shown only
 * when they were reviewed in the month.
 */
export async function goalProgress(engine: Engine, month: string): Promise<GoalProgress[]> {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`goalProgress: month ${month} is not YYYY-MM`);
  const from = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  const to = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
  const p = engine.dialect.placeholder;
  const goals = await listGoals(engine);
  if (goals.length === 0) return [];
  const counts = await engine.all(
    `SELECT agent_id, count(*) AS n FROM qa_reviews
     WHERE COALESCE(kind, 'review') = 'review'
       AND reviewed_at >= CAST(${p(1)} AS TIMESTAMP) AND reviewed_at < CAST(${p(2)} AS TIMESTAMP)
     GROUP BY agent_id`,
    [sqlInstant(from), sqlInstant(to)],
  );
  const reviews = new Map(counts.map((r) => [String(r.agent_id), Number(r.n)]));
  const agents = await engine.all('SELECT id, team_id, active FROM agents ORDER BY id');
  const known = new Map(
    agents.map((a) => [String(a.id), { teamId: s(a.team_id), active: a.active !== false }]),
  );
  for (const agentId of reviews.keys())
    if (!known.has(agentId)) known.set(agentId, { teamId: null, active: false });
  const goalOf = (scope: GoalScope, scopeId: string) =>
    goals.find((g) => g.scope === scope && g.scopeId === scopeId);
  const progress: GoalProgress[] = [];
  for (const [agentId, agent] of [...known.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const count = reviews.get(agentId) ?? 0;
    if (!agent.active && count === 0) continue;
    const goal =
      goalOf('agent', agentId) ??
      (agent.teamId === null ? undefined : goalOf('team', agent.teamId)) ??
      goalOf('all', '');
    if (goal === undefined) continue;
    progress.push({
      scope: goal.scope,
      scopeId: goal.scopeId,
      agentId,
      month,
      goal: goal.reviewsPerMonth,
      reviews: count,
    });
  }
  return progress;
}
