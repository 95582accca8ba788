import type { Context } from 'hono';
import type { Engine } from '../../core/engine.js';
import {
  createAssignment,
  goalProgress,
  listAssignments,
  listGoals,
  setGoal,
  updateAssignment,
} from '../../services/qa/assignments.js';
import {
  calibrationOpen,
  calibrationResult,
  closeCalibrationSession,
  createCalibrationSession,
  getCalibrationSession,
  listCalibrationSessions,
} from '../../services/qa/calibration.js';
import { listCheckRules, runChecks, updateCheckRule } from '../../services/qa/checks.js';
import {
  createCoachingSession,
  listCoachingSessions,
  listTrainingDays,
  recordTrainingDay,
  trainingNeeds,
  updateCoachingSession,
} from '../../services/qa/coaching.js';
import type { ContactRef, QaActor, QaProblem, ReviewView } from '../../services/qa/contract.js';
import { listDisputes, openDispute, resolveDispute } from '../../services/qa/disputes.js';
import { reviewerDrift } from '../../services/qa/drift.js';
import { getDraft, getReview, listReviews, saveDraft, submitReview } from '../../services/qa/reviews.js';
import {
  createSamplingRule,
  deleteSamplingRule,
  drawSample,
  listSamplingRules,
  updateSamplingRule,
} from '../../services/qa/sampling.js';
import {
  createScorecard,
  getScorecard,
  listScorecards,
  listScorecardVersions,
  updateScorecard,
} from '../../services/qa/scorecards.js';
import { transcript } from '../../services/qa/transcript.js';
import type { UserView } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { contactOfKey } from '../surveys/handlers.js';
import * as r from './routes.js';

const DAY_MS = 86_400_000;
/** The span the training needs and the reviewer drift look at when no `from` is given. */
const DEFAULT_RANGE_DAYS = 30;

export function qaProblem(c: Context, error: QaProblem) {
  switch (error.kind) {
    case 'invalid': {
      const issues = error.issues.map((i) => `${i.path}: ${i.message}`);
      return problem(c, 400, issues[0] ?? 'invalid request', { issues });
    }
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'forbidden':
      return problem(c, 403, error.reason);
    case 'conflict':
      return problem(c, 409, error.reason);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown qa problem ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Who asks, as the qa services know them. An agent account without an agent is nobody's agent. */
export function actorOf(user: UserView): QaActor {
  return {
    userId: user.id,
    role: user.role,
    agentId: user.role === 'agent' ? (user.agentId ?? '') : (user.agentId ?? null),
  };
}

const isAgent = (actor: QaActor) => actor.role === 'agent';

/** A calendar day's first instant, UTC. */
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
/** The instant after a calendar day: `to` days are included. */
const dayEnd = (day: string) => new Date(dayStart(day).getTime() + DAY_MS);

/** `from`/`to` days as the services' range: the last DEFAULT_RANGE_DAYS up to now when missing. */
function rangeOf(query: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const to = query.to !== undefined ? dayEnd(query.to) : now;
  const from =
    query.from !== undefined ? dayStart(query.from) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  return { from, to };
}

const keyOf = (contact: ContactRef) => `${contact.source}|${contact.externalId}`;

/** The agent a contact is (last) assigned to, or null when the contact is unknown or unassigned. */
async function assigneeOf(engine: Engine, contact: ContactRef): Promise<string | null | undefined> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT assignee_id FROM contacts WHERE source = ${p(1)} AND external_id = ${p(2)}`,
    [contact.source, contact.externalId],
  );
  if (rows.length === 0) return undefined;
  const assignee = rows[0]?.assignee_id;
  return assignee == null ? null : String(assignee);
}

/** Whether a reviewer has (or had) an assignment of this contact: what opens a colleague's conversation. */
async function assignedTo(engine: Engine, reviewerId: string, contact: ContactRef): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT 1 AS assigned FROM qa_assignments
     WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)} LIMIT 1`,
    [reviewerId, contact.source, contact.externalId],
  );
  return rows.length > 0;
}

/**
 * Whether a reviewer has an open assignment of this kind for the contact: what lets an agent review
 * a conversation. One done or of another kind lets them read it, not review it again.
 */
async function openAssignmentOf(
  engine: Engine,
  reviewerId: string,
  contact: ContactRef,
  kind: string,
): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT 1 AS assigned FROM qa_assignments
     WHERE reviewer_id = ${p(1)} AND contact_source = ${p(2)} AND contact_external_id = ${p(3)}
       AND COALESCE(kind, 'review') = ${p(4)} AND status = 'open' LIMIT 1`,
    [reviewerId, contact.source, contact.externalId, kind],
  );
  return rows.length > 0;
}

/** Whether a calibration session is still open: its reviews stay blind until it closes. */
async function sessionOpen(engine: Engine, sessionId: string): Promise<boolean> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(`SELECT status FROM qa_calibration_sessions WHERE id = ${p(1)}`, [sessionId]);
  return rows[0]?.status === 'open';
}

/**
 * Whether the caller may read a review. Its own reviewer always; otherwise a calibration review is
 * blind while its session is open (to everyone but admins) and never reaches the agent it is about;
 * an agent reads only the reviews of themselves and those they gave.
 */
async function mayRead(engine: Engine, actor: QaActor, review: ReviewView): Promise<boolean> {
  if (review.reviewerId === actor.userId) return true;
  if (review.kind === 'calibration') {
    if (isAgent(actor)) return false;
    if (actor.role !== 'admin' && review.calibrationSessionId !== null)
      return !(await sessionOpen(engine, review.calibrationSessionId));
    return true;
  }
  if (isAgent(actor)) return review.agentId === actor.agentId;
  return true;
}

/**
 * Whether an agent may see a conversation: their own, or one assigned to them for review. Admins
 * and managers see every one.
 */
async function maySee(engine: Engine, actor: QaActor, contact: ContactRef): Promise<boolean> {
  if (!isAgent(actor)) return true;
  if ((await assigneeOf(engine, contact)) === actor.agentId) return true;
  return assignedTo(engine, actor.userId, contact);
}

/**
 * A review as the caller may read it: a dispute is between the reviewed agent and the managers, so
 * another agent (a peer reviewer) reads the review without it.
 */
function asReadBy(actor: QaActor, review: ReviewView): ReviewView {
  if (isAgent(actor) && review.agentId !== actor.agentId) return { ...review, dispute: null };
  return review;
}

export function qaRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;
  const caller = (c: Context) => {
    const user = signedIn(c).user;
    return { user, actor: actorOf(user) };
  };
  const noReview = (c: Context, id: string) => problem(c, 404, `no review ${id}`);
  /** Reviews and ratings are what the qa indicators read: kept results of them are stale. */
  const figuresChanged = () => ctx.kpiResults.forget();

  return (
    featureRouter()
      // ─── scorecards ──────────────────────────────────────────────────────
      .openapi(r.listQaScorecards, async (c) => c.json({ scorecards: await listScorecards(engine) }, 200))

      .openapi(r.createQaScorecard, async (c) => {
        const { user } = caller(c);
        const input = c.req.valid('json');
        const created = await createScorecard(engine, input, user.id, now());
        if (!created.ok) return qaProblem(c, created.error);
        // The scorecard is a value of the qa_scorecard dimension from now on.
        figuresChanged();
        await audit(c, user, 'qa.scorecard.create', {
          target: created.data.id,
          detail: { name: created.data.name, status: created.data.status },
        });
        return c.json(created.data, 201);
      })

      .openapi(r.getQaScorecard, async (c) => {
        const { id } = c.req.valid('param');
        const scorecard = await getScorecard(engine, id);
        return scorecard ? c.json(scorecard, 200) : problem(c, 404, `no scorecard ${id}`);
      })

      .openapi(r.updateQaScorecard, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        const updated = await updateScorecard(engine, id, changes, user.id, now());
        if (!updated.ok) return qaProblem(c, updated.error);
        figuresChanged();
        await audit(c, user, 'qa.scorecard.update', {
          target: id,
          detail: { changed: Object.keys(changes), version: updated.data.version },
        });
        return c.json(updated.data, 200);
      })

      .openapi(r.listQaScorecardVersions, async (c) => {
        const { id } = c.req.valid('param');
        const versions = await listScorecardVersions(engine, id);
        return versions ? c.json({ versions }, 200) : problem(c, 404, `no scorecard ${id}`);
      })

      // ─── reviews ─────────────────────────────────────────────────────────
      .openapi(r.listQaReviews, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        const reviewerId = query.reviewer === 'me' ? actor.userId : query.reviewer;
        if (isAgent(actor)) {
          // An agent lists the reviews of themselves, or those they gave: nothing else exists for them.
          const ownReviews = reviewerId === actor.userId;
          if (!ownReviews && reviewerId !== undefined)
            return problem(c, 403, 'agents see only the reviews they gave or of themselves');
          if (!ownReviews && query.agent !== undefined && query.agent !== actor.agentId)
            return problem(c, 403, 'agents see only the reviews they gave or of themselves');
        }
        if ((query.contactSource === undefined) !== (query.contactExternalId === undefined))
          return problem(c, 400, 'contactSource and contactExternalId go together', {
            issues: ['contactExternalId: give both contactSource and contactExternalId, or neither'],
          });
        const agentForced = isAgent(actor) && reviewerId !== actor.userId;
        const page = await listReviews(engine, {
          ...(agentForced
            ? { agentIds: [actor.agentId ?? ''] }
            : query.agent !== undefined
              ? { agentIds: [query.agent] }
              : {}),
          ...(reviewerId !== undefined ? { reviewerId } : {}),
          ...(query.contactSource !== undefined && query.contactExternalId !== undefined
            ? { contact: { source: query.contactSource, externalId: query.contactExternalId } }
            : {}),
          ...(query.scorecard !== undefined ? { scorecardId: query.scorecard } : {}),
          ...(query.kind !== undefined ? { kind: query.kind } : {}),
          ...(query.from !== undefined ? { from: dayStart(query.from) } : {}),
          ...(query.to !== undefined ? { to: dayEnd(query.to) } : {}),
          ...(query.disputed !== undefined ? { disputed: query.disputed } : {}),
          // The same blind rule as mayRead, in the query so that the total counts only what is shown:
          // an agent never sees another's calibration review, a manager not while its session is open.
          ...(isAgent(actor)
            ? { hideOthersCalibrationOf: actor.userId }
            : actor.role !== 'admin'
              ? { hideOthersOpenCalibrationOf: actor.userId }
              : {}),
          limit: query.limit,
          offset: query.offset,
        });
        return c.json({ reviews: page.reviews, total: page.total }, 200);
      })

      .openapi(r.submitQaReview, async (c) => {
        const { user, actor } = caller(c);
        const input = c.req.valid('json');
        if (isAgent(actor)) {
          const kind = input.kind ?? 'review';
          const own = (await assigneeOf(engine, input.contact)) === actor.agentId;
          const selfReview = kind === 'self' && own;
          // Another's conversation only with an open assignment of this kind; the service checks the rest.
          if (
            !selfReview &&
            (kind === 'self' || !(await openAssignmentOf(engine, actor.userId, input.contact, kind)))
          )
            return problem(
              c,
              own ? 403 : 404,
              own
                ? 'an agent reviews their own conversation as kind self'
                : `no conversation ${keyOf(input.contact)} assigned to you`,
            );
        }
        const submitted = await submitReview(engine, actor, input, now());
        if (!submitted.ok) return qaProblem(c, submitted.error);
        figuresChanged();
        await audit(c, user, 'qa.review.submit', {
          target: submitted.data.id,
          detail: {
            contact: keyOf(submitted.data.contact),
            agent: submitted.data.agentId,
            kind: submitted.data.kind,
            scorecard: submitted.data.scorecardId,
            score: submitted.data.score,
          },
        });
        return c.json(submitted.data, 201);
      })

      .openapi(r.getQaReview, async (c) => {
        const { actor } = caller(c);
        const { id } = c.req.valid('param');
        const review = await getReview(engine, id);
        if (!review || !(await mayRead(engine, actor, review))) return noReview(c, id);
        return c.json(asReadBy(actor, review), 200);
      })

      .openapi(r.openQaDispute, async (c) => {
        const { actor } = caller(c);
        const { id } = c.req.valid('param');
        const request = c.req.valid('json');
        const review = await getReview(engine, id);
        // A colleague's review does not exist for an agent, not even to be refused.
        if (!review || !(await mayRead(engine, actor, review))) return noReview(c, id);
        const opened = await openDispute(
          engine,
          actor,
          id,
          {
            reason: request.reason,
            ...(request.categoryId !== undefined ? { categoryId: request.categoryId } : {}),
          },
          now(),
        );
        if (!opened.ok) return qaProblem(c, opened.error);
        figuresChanged();
        return c.json(opened.data, 201);
      })

      .openapi(r.saveQaDraft, async (c) => {
        const { actor } = caller(c);
        const input = c.req.valid('json');
        if (!(await maySee(engine, actor, input.contact)))
          return problem(c, 404, `no conversation ${keyOf(input.contact)} assigned to you`);
        const saved = await saveDraft(engine, actor, input, now());
        if (!saved.ok) return qaProblem(c, saved.error);
        return c.json(saved.data, 200);
      })

      .openapi(r.getQaDraft, async (c) => {
        const { actor } = caller(c);
        const { contact } = c.req.valid('query');
        // Drafts are the caller's own: no one else's is ever read.
        return c.json({ draft: await getDraft(engine, actor, contactOfKey(contact)) }, 200);
      })

      // ─── transcript ──────────────────────────────────────────────────────
      .openapi(r.getQaTranscript, async (c) => {
        const { actor } = caller(c);
        const contact = c.req.valid('query');
        const missing = () => problem(c, 404, `no conversation ${keyOf(contact)}`);
        if (!(await maySee(engine, actor, contact))) return missing();
        const found = await transcript(engine, contact, {
          agentId: isAgent(actor) ? (actor.agentId ?? '') : null,
        });
        return found ? c.json(found, 200) : missing();
      })

      // ─── assignments ─────────────────────────────────────────────────────
      .openapi(r.listQaAssignments, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        const reviewerId = query.reviewer === 'me' ? actor.userId : query.reviewer;
        if (isAgent(actor) && reviewerId !== undefined && reviewerId !== actor.userId)
          return problem(c, 403, 'agents see only their own assignments');
        const page = await listAssignments(engine, {
          ...(isAgent(actor) ? { reviewerId: actor.userId } : reviewerId !== undefined ? { reviewerId } : {}),
          ...(query.agent !== undefined ? { agentId: query.agent } : {}),
          ...(query.status !== undefined ? { status: query.status } : {}),
          ...(query.session !== undefined ? { calibrationSessionId: query.session } : {}),
          limit: query.limit,
          offset: query.offset,
        });
        return c.json(page, 200);
      })

      .openapi(r.createQaAssignment, async (c) => {
        const { user } = caller(c);
        const input = c.req.valid('json');
        const created = await createAssignment(
          engine,
          {
            contact: input.contact,
            reviewerId: input.reviewerId,
            ...(input.scorecardId !== undefined ? { scorecardId: input.scorecardId } : {}),
            ...(input.dueAt !== undefined
              ? { dueAt: input.dueAt === null ? null : new Date(input.dueAt) }
              : {}),
            ...(input.kind !== undefined ? { kind: input.kind } : {}),
          },
          now(),
        );
        if (!created.ok) return qaProblem(c, created.error);
        await audit(c, user, 'qa.assignment.create', {
          target: created.data.id,
          detail: { contact: keyOf(input.contact), reviewer: input.reviewerId },
        });
        return c.json(created.data, 201);
      })

      .openapi(r.updateQaAssignment, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        const updated = await updateAssignment(
          engine,
          id,
          {
            ...(changes.status !== undefined ? { status: changes.status } : {}),
            ...(changes.reviewerId !== undefined ? { reviewerId: changes.reviewerId } : {}),
            ...(changes.dueAt !== undefined
              ? { dueAt: changes.dueAt === null ? null : new Date(changes.dueAt) }
              : {}),
          },
          now(),
        );
        if (!updated.ok) return qaProblem(c, updated.error);
        await audit(c, user, 'qa.assignment.update', {
          target: id,
          detail: { changed: Object.keys(changes) },
        });
        return c.json(updated.data, 200);
      })

      // ─── sampling ────────────────────────────────────────────────────────
      .openapi(r.listQaSamplingRules, async (c) => c.json({ rules: await listSamplingRules(engine) }, 200))

      .openapi(r.createQaSamplingRule, async (c) => {
        const { user } = caller(c);
        const created = await createSamplingRule(engine, c.req.valid('json'), now());
        if (!created.ok) return qaProblem(c, created.error);
        await audit(c, user, 'qa.sampling.create', {
          target: created.data.id,
          detail: { name: created.data.name },
        });
        return c.json(created.data, 201);
      })

      .openapi(r.updateQaSamplingRule, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        const updated = await updateSamplingRule(engine, id, changes, now());
        if (!updated.ok) return qaProblem(c, updated.error);
        await audit(c, user, 'qa.sampling.update', { target: id, detail: { changed: Object.keys(changes) } });
        return c.json(updated.data, 200);
      })

      .openapi(r.deleteQaSamplingRule, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const deleted = await deleteSamplingRule(engine, id);
        if (!deleted.ok) return qaProblem(c, deleted.error);
        await audit(c, user, 'qa.sampling.delete', { target: id });
        return c.json({ deleted: id }, 200);
      })

      .openapi(r.drawQaSample, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const request = c.req.valid('json');
        const drawn = await drawSample(engine, id, {
          now: now(),
          ...(request.period !== undefined ? { period: request.period } : {}),
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
          ...(request.dryRun !== undefined ? { dryRun: request.dryRun } : {}),
        });
        if (!drawn.ok) return qaProblem(c, drawn.error);
        if (!request.dryRun)
          await audit(c, user, 'qa.sampling.draw', {
            target: id,
            detail: { period: drawn.data.period, drawn: drawn.data.drawn.length, seed: request.seed ?? null },
          });
        return c.json(drawn.data, 200);
      })

      // ─── goals ───────────────────────────────────────────────────────────
      .openapi(r.listQaGoals, async (c) => c.json({ goals: await listGoals(engine) }, 200))

      .openapi(r.putQaGoal, async (c) => {
        const { user } = caller(c);
        const goal = c.req.valid('json');
        const scopeId = goal.scope === 'all' ? '' : goal.scopeId;
        const set = await setGoal(engine, { ...goal, scopeId }, now());
        if (!set.ok) return qaProblem(c, set.error);
        await audit(c, user, 'qa.goal.set', { target: `${goal.scope}:${scopeId}`, detail: goal });
        return c.json({ scope: goal.scope, scopeId, reviewsPerMonth: goal.reviewsPerMonth }, 200);
      })

      .openapi(r.getQaGoalProgress, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        if (isAgent(actor) && query.agent !== undefined && query.agent !== actor.agentId)
          return problem(c, 403, 'agents see only their own goal');
        const agentId = isAgent(actor) ? actor.agentId : query.agent;
        const progress = (await goalProgress(engine, query.month)).filter(
          (p) => agentId === undefined || p.agentId === agentId,
        );
        return c.json({ progress }, 200);
      })

      // ─── calibration ─────────────────────────────────────────────────────
      .openapi(r.listQaCalibrations, async (c) =>
        c.json({ sessions: await listCalibrationSessions(engine) }, 200),
      )

      .openapi(r.createQaCalibration, async (c) => {
        const { user } = caller(c);
        const input = c.req.valid('json');
        const created = await createCalibrationSession(
          engine,
          {
            name: input.name,
            scorecardId: input.scorecardId,
            reviewers: input.reviewers,
            contacts: input.contacts,
            ...(input.referenceReviewerId !== undefined
              ? { referenceReviewerId: input.referenceReviewerId }
              : {}),
            ...(input.dueAt !== undefined
              ? { dueAt: input.dueAt === null ? null : new Date(input.dueAt) }
              : {}),
          },
          user.id,
          now(),
        );
        if (!created.ok) return qaProblem(c, created.error);
        await audit(c, user, 'qa.calibration.create', {
          target: created.data.id,
          detail: { name: input.name, reviewers: input.reviewers.length, contacts: input.contacts.length },
        });
        return c.json(created.data, 201);
      })

      .openapi(r.getQaCalibration, async (c) => {
        const { id } = c.req.valid('param');
        const session = await getCalibrationSession(engine, id);
        return session ? c.json(session, 200) : problem(c, 404, `no calibration session ${id}`);
      })

      .openapi(r.closeQaCalibration, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const closed = await closeCalibrationSession(engine, id, now());
        if (!closed.ok) return qaProblem(c, closed.error);
        figuresChanged();
        await audit(c, user, 'qa.calibration.close', { target: id });
        return c.json(closed.data, 200);
      })

      .openapi(r.getQaCalibrationResult, async (c) => {
        const { actor } = caller(c);
        const { id } = c.req.valid('param');
        // The result compares reviewers: while the session is open it would unblind them.
        if (actor.role !== 'admin' && (await calibrationOpen(engine, id)))
          return problem(
            c,
            409,
            `calibration session ${id} is open: its results show once it is closed, so that its reviewers rate blind`,
          );
        const result = await calibrationResult(engine, id);
        return result ? c.json(result, 200) : problem(c, 404, `no calibration session ${id}`);
      })

      // ─── disputes ────────────────────────────────────────────────────────
      .openapi(r.listQaDisputes, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        if (isAgent(actor) && query.agent !== undefined && query.agent !== actor.agentId)
          return problem(c, 403, 'agents see only their own disputes');
        const disputes = await listDisputes(engine, {
          ...(isAgent(actor)
            ? { agentId: actor.agentId ?? '' }
            : query.agent !== undefined
              ? { agentId: query.agent }
              : {}),
          ...(query.status !== undefined ? { status: query.status } : {}),
          ...(query.reviewer !== undefined ? { reviewerId: query.reviewer } : {}),
        });
        return c.json({ disputes }, 200);
      })

      .openapi(r.resolveQaDispute, async (c) => {
        const { actor } = caller(c);
        const { id } = c.req.valid('param');
        const request = c.req.valid('json');
        const resolved = await resolveDispute(
          engine,
          actor,
          id,
          {
            accept: request.accept,
            resolution: request.resolution,
            ...(request.ratings !== undefined ? { ratings: request.ratings } : {}),
          },
          now(),
        );
        if (!resolved.ok) return qaProblem(c, resolved.error);
        figuresChanged();
        return c.json(resolved.data, 200);
      })

      // ─── coaching and training ───────────────────────────────────────────
      .openapi(r.listQaCoaching, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        if (isAgent(actor) && query.agent !== undefined && query.agent !== actor.agentId)
          return problem(c, 403, 'agents see only their own coaching');
        const agentId = isAgent(actor) ? (actor.agentId ?? '') : query.agent;
        const sessions = await listCoachingSessions(engine, agentId !== undefined ? { agentId } : {});
        return c.json({ sessions }, 200);
      })

      .openapi(r.createQaCoaching, async (c) => {
        const { user } = caller(c);
        const created = await createCoachingSession(engine, c.req.valid('json'), user.id, now());
        if (!created.ok) return qaProblem(c, created.error);
        await audit(c, user, 'qa.coaching.create', {
          target: created.data.id,
          detail: { agent: created.data.agentId },
        });
        return c.json(created.data, 201);
      })

      .openapi(r.updateQaCoaching, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        const updated = await updateCoachingSession(engine, id, changes, now());
        if (!updated.ok) return qaProblem(c, updated.error);
        await audit(c, user, 'qa.coaching.update', { target: id, detail: { changed: Object.keys(changes) } });
        return c.json(updated.data, 200);
      })

      .openapi(r.listQaTrainingNeeds, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        if (isAgent(actor) && query.agent !== undefined && query.agent !== actor.agentId)
          return problem(c, 403, 'agents see only their own training needs');
        const agentId = isAgent(actor) ? (actor.agentId ?? '') : query.agent;
        const needs = await trainingNeeds(engine, {
          ...rangeOf(query, now()),
          ...(agentId !== undefined ? { agentId } : {}),
        });
        return c.json({ needs }, 200);
      })

      .openapi(r.listQaTrainingDays, async (c) => {
        const { actor } = caller(c);
        const query = c.req.valid('query');
        if (isAgent(actor) && query.agent !== undefined && query.agent !== actor.agentId)
          return problem(c, 403, 'agents see only their own training days');
        const agentId = isAgent(actor) ? (actor.agentId ?? '') : query.agent;
        const days = await listTrainingDays(engine, {
          ...(agentId !== undefined ? { agentId } : {}),
          ...(query.from !== undefined ? { from: query.from } : {}),
          ...(query.to !== undefined ? { to: query.to } : {}),
        });
        return c.json({ days }, 200);
      })

      .openapi(r.recordQaTrainingDay, async (c) => {
        const { user } = caller(c);
        const input = c.req.valid('json');
        const recorded = await recordTrainingDay(engine, input, now());
        if (!recorded.ok) return qaProblem(c, recorded.error);
        figuresChanged();
        await audit(c, user, 'qa.training.record', {
          target: recorded.data.externalId,
          detail: { agent: input.agentId, day: input.day },
        });
        return c.json(recorded.data, 201);
      })

      // ─── automatic checks ────────────────────────────────────────────────
      .openapi(r.listQaChecks, async (c) => c.json({ rules: await listCheckRules(engine) }, 200))

      .openapi(r.runQaChecks, async (c) => {
        const { user } = caller(c);
        const request = c.req.valid('json');
        const ran = await runChecks(
          engine,
          request.contactKeys !== undefined ? { contactKeys: request.contactKeys } : 'all',
          now(),
        );
        figuresChanged();
        await audit(c, user, 'qa.checks.run', {
          detail: { contacts: request.contactKeys?.length ?? 'all', ...ran },
        });
        return c.json(ran, 200);
      })

      .openapi(r.updateQaCheck, async (c) => {
        const { user } = caller(c);
        const { id } = c.req.valid('param');
        const changes = c.req.valid('json');
        const updated = await updateCheckRule(engine, id, changes, now());
        if (!updated.ok) return qaProblem(c, updated.error);
        // An enabled or disabled rule changes what qa_check_hit_rate counts.
        figuresChanged();
        await audit(c, user, 'qa.check.update', { target: id, detail: { changed: Object.keys(changes) } });
        return c.json(updated.data, 200);
      })

      // ─── reviewer drift ──────────────────────────────────────────────────
      .openapi(r.getQaReviewerDrift, async (c) => {
        const query = c.req.valid('query');
        return c.json({ reviewers: await reviewerDrift(engine, rangeOf(query, now())) }, 200);
      })
  );
}
