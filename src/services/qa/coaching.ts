/**
 * Coaching and training: coaching sessions with an agent, linked to their reviews, with the actions
 * agreed and a follow-up date; the training needs the reviews show (low ratings with the root cause
 * the reviewer picked, per agent and category); and the training days given, one canonical
 * training_days row each (source servicemeter), beside those imported from elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { type CoachingSessionView, QA_SOURCE, type QaProblem, type TrainingNeed } from './contract.js';
import { splitReviewId } from './reviews.js';

const s = (v: unknown) => (v === null || v === undefined ? null : String(v));

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
function isDay(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return ISO_DAY.test(text) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}
const Day = z.string().refine(isDay, 'must be a date, YYYY-MM-DD');
const Id = z.string().trim().min(1).max(200);

export const COACHING_STATUSES = ['planned', 'held', 'followed_up'] as const;

const CoachingFields = {
  coachId: Id,
  heldOn: Day.nullable(),
  reviewIds: z.array(Id).max(100),
  categories: z.array(Id).max(60),
  notes: z.string().max(10_000).nullable(),
  actions: z
    .array(z.object({ text: z.string().trim().min(1).max(2000), done: z.boolean().default(false) }).strict())
    .max(50),
  followUpOn: Day.nullable(),
  status: z.enum(COACHING_STATUSES),
};

const NewCoachingSession = z
  .object({
    agentId: Id,
    coachId: CoachingFields.coachId.optional(),
    heldOn: CoachingFields.heldOn.default(null),
    reviewIds: CoachingFields.reviewIds.default([]),
    categories: CoachingFields.categories.default([]),
    notes: CoachingFields.notes.default(null),
    actions: CoachingFields.actions.default([]),
    followUpOn: CoachingFields.followUpOn.default(null),
    status: CoachingFields.status.default('planned'),
  })
  .strict();

const CoachingChanges = z.object(CoachingFields).partial().strict();

function invalid(error: z.ZodError): QaProblem {
  return {
    kind: 'invalid',
    issues: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

const problem = (path: string, message: string): QaProblem => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

function parseJson<T>(text: unknown, fallback: T): T {
  try {
    return text === null || text === undefined ? fallback : (JSON.parse(String(text)) as T);
  } catch {
    return fallback;
  }
}

function coachingView(row: Row): CoachingSessionView {
  return {
    id: String(row.id),
    agentId: String(row.agent_id),
    coachId: String(row.coach_id),
    heldOn: s(row.held_on),
    reviewIds: parseJson<string[]>(row.reviews, []),
    categories: parseJson<string[]>(row.categories, []),
    notes: s(row.notes),
    actions: parseJson<{ text: string; done: boolean }[]>(row.actions, []),
    followUpOn: s(row.follow_up_on),
    status: String(row.status) as CoachingSessionView['status'],
    createdAt: isoInstant(row.created_at) ?? '',
    updatedAt: isoInstant(row.updated_at) ?? '',
  };
}

const COACHING_COLUMNS = `id, agent_id, coach_id, CAST(held_on AS VARCHAR) AS held_on, reviews, categories, notes, actions,
  CAST(follow_up_on AS VARCHAR) AS follow_up_on, status, CAST(created_at AS VARCHAR) AS created_at,
  CAST(updated_at AS VARCHAR) AS updated_at`;

export async function listCoachingSessions(
  engine: Engine,
  filter: { agentId?: string } = {},
): Promise<CoachingSessionView[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT ${COACHING_COLUMNS} FROM qa_coaching_sessions ${filter.agentId === undefined ? '' : `WHERE agent_id = ${p(1)}`}
     ORDER BY COALESCE(held_on, follow_up_on) DESC NULLS FIRST, created_at DESC, id`,
    filter.agentId === undefined ? [] : [filter.agentId],
  );
  return rows.map(coachingView);
}

export async function getCoachingSession(engine: Engine, id: string): Promise<CoachingSessionView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT ${COACHING_COLUMNS} FROM qa_coaching_sessions WHERE id = ${p(1)}`, [
    id,
  ]);
  return rows[0] ? coachingView(rows[0]) : null;
}

async function agentExists(engine: Engine, agentId: string): Promise<boolean> {
  const p = engine.dialect.placeholder;
  return (await engine.all(`SELECT id FROM agents WHERE id = ${p(1)}`, [agentId])).length > 0;
}

/** The reviews named must be reviews of the coached agent. */
async function checkReviews(
  engine: Engine,
  agentId: string,
  reviewIds: readonly string[],
): Promise<QaProblem | null> {
  const p = engine.dialect.placeholder;
  for (const [i, reviewId] of reviewIds.entries()) {
    const key = splitReviewId(reviewId);
    const rows =
      key === null
        ? []
        : await engine.all(
            `SELECT agent_id FROM qa_reviews WHERE source = ${p(1)} AND external_id = ${p(2)}`,
            [key.source, key.externalId],
          );
    if (rows.length === 0) return problem(`reviewIds.${i}`, `there is no review ${reviewId}`);
    if (rows[0]?.agent_id !== agentId)
      return problem(`reviewIds.${i}`, `review ${reviewId} is not of ${agentId}`);
  }
  return null;
}

/** Plans or records a coaching session; the coach is `by` unless named. */
export async function createCoachingSession(
  engine: Engine,
  input: unknown,
  by: string | null,
  now: Date,
): Promise<Result<CoachingSessionView, QaProblem>> {
  const parsed = NewCoachingSession.safeParse(input);
  if (!parsed.success) return err(invalid(parsed.error));
  const session = parsed.data;
  const coachId = session.coachId ?? by;
  if (coachId === null) return err(problem('coachId', 'is required'));
  if (!(await agentExists(engine, session.agentId)))
    return err(problem('agentId', `there is no agent ${session.agentId}`));
  const reviews = await checkReviews(engine, session.agentId, session.reviewIds);
  if (reviews) return err(reviews);
  const id = randomBytes(6).toString('hex');
  const p = engine.dialect.placeholder;
  const at = sqlInstant(now);
  await engine.run(
    `INSERT INTO qa_coaching_sessions (id, agent_id, coach_id, held_on, reviews, categories, notes, actions, follow_up_on,
       status, created_at, updated_at)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS DATE), ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, CAST(${p(9)} AS DATE),
       ${p(10)}, CAST(${p(11)} AS TIMESTAMP), CAST(${p(11)} AS TIMESTAMP))`,
    [
      id,
      session.agentId,
      coachId,
      session.heldOn,
      JSON.stringify(session.reviewIds),
      JSON.stringify(session.categories),
      session.notes,
      JSON.stringify(session.actions),
      session.followUpOn,
      session.status,
      at,
    ],
  );
  return ok((await getCoachingSession(engine, id)) as CoachingSessionView);
}

/** Changes a session: the fields given replace the current ones (the actions as a whole). */
export async function updateCoachingSession(
  engine: Engine,
  id: string,
  input: unknown,
  now: Date,
): Promise<Result<CoachingSessionView, QaProblem>> {
  const parsed = CoachingChanges.safeParse(input);
  if (!parsed.success) return err(invalid(parsed.error));
  const current = await getCoachingSession(engine, id);
  if (current === null) return err({ kind: 'not_found', what: `coaching session ${id}` });
  const next = { ...current, ...parsed.data };
  if (parsed.data.reviewIds !== undefined) {
    const reviews = await checkReviews(engine, current.agentId, parsed.data.reviewIds);
    if (reviews) return err(reviews);
  }
  const p = engine.dialect.placeholder;
  await engine.run(
    `UPDATE qa_coaching_sessions SET coach_id = ${p(1)}, held_on = CAST(${p(2)} AS DATE), reviews = ${p(3)},
       categories = ${p(4)}, notes = ${p(5)}, actions = ${p(6)}, follow_up_on = CAST(${p(7)} AS DATE), status = ${p(8)},
       updated_at = CAST(${p(9)} AS TIMESTAMP) WHERE id = ${p(10)}`,
    [
      next.coachId,
      next.heldOn,
      JSON.stringify(next.reviewIds),
      JSON.stringify(next.categories),
      next.notes,
      JSON.stringify(next.actions),
      next.followUpOn,
      next.status,
      sqlInstant(now),
      id,
    ],
  );
  return ok((await getCoachingSession(engine, id)) as CoachingSessionView);
}

/** A category score below this (or a failed critical category) is a low rating. */
const LOW_SCORE = 0.5;

/**
 * What the reviews of the range say each agent should be trained in: their low ratings with the
 * root causes the reviewers picked, per agent, category and root cause, the most frequent first,
 * with the agent's mean score in the category over the range. Calibration reviews are left out.
 */
export async function trainingNeeds(
  engine: Engine,
  range: { from: Date; to: Date; agentId?: string },
): Promise<TrainingNeed[]> {
  const p = engine.dialect.placeholder;
  const params: unknown[] = [sqlInstant(range.from), sqlInstant(range.to)];
  if (range.agentId !== undefined) params.push(range.agentId);
  const rows = await engine.all(
    `SELECT agent_id, category_id, category_name, category_score, critical_failed, root_causes,
       CAST(reviewed_at AS VARCHAR) AS reviewed_at
     FROM qa_rating_facts
     WHERE kind <> 'calibration' AND reviewed_at >= CAST(${p(1)} AS TIMESTAMP) AND reviewed_at < CAST(${p(2)} AS TIMESTAMP)
       ${range.agentId === undefined ? '' : `AND agent_id = ${p(3)}`}`,
    params,
  );
  const scores = new Map<string, { sum: number; count: number }>();
  const needs = new Map<string, TrainingNeed>();
  for (const row of rows) {
    const agentId = String(row.agent_id);
    const categoryId = String(row.category_id);
    const categoryKey = `${agentId}\u0000${categoryId}`;
    const score = row.category_score === null ? null : Number(row.category_score);
    if (score !== null) {
      const mean = scores.get(categoryKey) ?? { sum: 0, count: 0 };
      scores.set(categoryKey, { sum: mean.sum + score, count: mean.count + 1 });
    }
    const low = row.critical_failed === true || (score !== null && score < LOW_SCORE);
    if (!low) continue;
    const reviewedAt = isoInstant(row.reviewed_at) ?? '';
    for (const rootCause of new Set(
      String(row.root_causes ?? '')
        .split('|')
        .filter(Boolean),
    )) {
      const key = `${categoryKey}\u0000${rootCause}`;
      const need = needs.get(key) ?? {
        agentId,
        categoryId,
        categoryName: s(row.category_name),
        rootCause,
        count: 0,
        categoryScore: null,
        lastSeenAt: reviewedAt,
      };
      need.count++;
      if (reviewedAt > need.lastSeenAt) need.lastSeenAt = reviewedAt;
      needs.set(key, need);
    }
  }
  return [...needs.values()]
    .map((need) => {
      const mean = scores.get(`${need.agentId}\u0000${need.categoryId}`);
      return { ...need, categoryScore: mean && mean.count > 0 ? mean.sum / mean.count : null };
    })
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.agentId.localeCompare(b.agentId) ||
        a.categoryId.localeCompare(b.categoryId) ||
        a.rootCause.localeCompare(b.rootCause),
    );
}

export interface TrainingDayView {
  source: string;
  externalId: string;
  agentId: string;
  day: string;
  /** Hours trained; null is a whole day. */
  hours: number | null;
  topic: string | null;
  categoryId: string | null;
  note: string | null;
}

const MAX_DAYS_AHEAD = 366;

/** Records a day (or part of one) of training for an agent; planned training may be up to a year ahead. */
export async function recordTrainingDay(
  engine: Engine,
  input: {
    agentId: string;
    day: string;
    hours?: number | null;
    topic?: string | null;
    categoryId?: string | null;
    note?: string | null;
  },
  now: Date,
): Promise<Result<TrainingDayView, QaProblem>> {
  if (!isDay(input.day)) return err(problem('day', 'must be a date, YYYY-MM-DD'));
  if (Date.parse(`${input.day}T00:00:00Z`) > now.getTime() + MAX_DAYS_AHEAD * 86_400_000)
    return err(problem('day', 'is more than a year ahead'));
  const hours = input.hours ?? null;
  if (hours !== null && !(Number.isFinite(hours) && hours > 0 && hours <= 24))
    return err(problem('hours', 'must be more than 0 and at most 24'));
  for (const field of ['topic', 'categoryId', 'note'] as const) {
    const value = input[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length > 2000))
      return err(problem(field, 'must be text of at most 2000 characters'));
  }
  if (!(await agentExists(engine, input.agentId)))
    return err(problem('agentId', `there is no agent ${input.agentId}`));
  const view: TrainingDayView = {
    source: QA_SOURCE,
    externalId: randomBytes(6).toString('hex'),
    agentId: input.agentId,
    day: input.day,
    hours,
    topic: input.topic?.trim() || null,
    categoryId: input.categoryId?.trim() || null,
    note: input.note?.trim() || null,
  };
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO training_days (source, external_id, agent_id, day, hours, topic, category_id, note)
     VALUES (${p(1)}, ${p(2)}, ${p(3)}, CAST(${p(4)} AS DATE), ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)})`,
    [
      view.source,
      view.externalId,
      view.agentId,
      view.day,
      view.hours,
      view.topic,
      view.categoryId,
      view.note,
    ],
  );
  return ok(view);
}

/** Training days, imported and recorded alike, the latest first. */
export async function listTrainingDays(
  engine: Engine,
  filter: { agentId?: string; from?: string | Date; to?: string | Date } = {},
): Promise<TrainingDayView[]> {
  const p = engine.dialect.placeholder;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.agentId !== undefined) {
    params.push(filter.agentId);
    where.push(`agent_id = ${p(params.length)}`);
  }
  for (const [bound, op] of [
    [filter.from, '>='],
    [filter.to, '<='],
  ] as const) {
    if (bound === undefined) continue;
    const day = bound instanceof Date ? bound.toISOString().slice(0, 10) : bound;
    if (!isDay(day)) throw new Error(`listTrainingDays: ${day} is not a date, YYYY-MM-DD`);
    params.push(day);
    where.push(`day ${op} CAST(${p(params.length)} AS DATE)`);
  }
  const rows = await engine.all(
    `SELECT source, external_id, agent_id, CAST(day AS VARCHAR) AS day, hours, topic, category_id, note FROM training_days
     ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
     ORDER BY day DESC, agent_id, source, external_id`,
    params,
  );
  return rows.map((r) => ({
    source: String(r.source),
    externalId: String(r.external_id),
    agentId: String(r.agent_id),
    day: String(r.day),
    hours: r.hours === null ? null : Number(r.hours),
    topic: s(r.topic),
    categoryId: s(r.category_id),
    note: s(r.note),
  }));
}
