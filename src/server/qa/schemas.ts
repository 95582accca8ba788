import { z } from '@hono/zod-openapi';
import { localDateProblem, localDateTimeProblem } from '../../core/date-range.js';
import { SamplingRule } from '../../core/qa/sampling.js';
import { SCORECARD_STATUSES, ScorecardDefinition } from '../../core/qa/scorecard.js';
import { CHANNELS, QA_REVIEW_KINDS, QA_ROOT_CAUSES } from '../../core/schema.js';
import { ASSIGNMENT_STATUSES, DISPUTE_STATUSES } from '../../services/qa/contract.js';
import { calendarDate, instant } from '../schemas.js';

export const QaReviewKind = z.enum(QA_REVIEW_KINDS).openapi('QaReviewKind');
export const QaScorecardStatus = z.enum(SCORECARD_STATUSES).openapi('QaScorecardStatus');
export const QaAssignmentStatus = z.enum(ASSIGNMENT_STATUSES).openapi('QaAssignmentStatus');
export const QaDisputeStatus = z.enum(DISPUTE_STATUSES).openapi('QaDisputeStatus');
export const QaRootCause = z.enum(QA_ROOT_CAUSES).openapi('QaRootCause');

const id = z.string().trim().min(1).max(200);

const MOMENT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d{1,3})?(Z|[+-](\d{2}):(\d{2}))$/;
/** An instant a caller gives: ISO 8601 with `Z` or an offset, within the accepted date range. */
const moment = z
  .string()
  .superRefine((text, context) => {
    const parts = MOMENT.exec(text);
    if (!parts) {
      context.addIssue({ code: 'custom', message: 'expected YYYY-MM-DDTHH:MM[:SS]Z or with an offset' });
      return;
    }
    const [, local = '', zone, hours, minutes] = parts;
    const reason =
      localDateTimeProblem(local) ??
      (zone !== 'Z' && (Number(hours) > 14 || Number(minutes) > 59) ? `offset ${zone} does not exist` : null);
    if (reason !== null) context.addIssue({ code: 'custom', message: reason });
  })
  .openapi({ example: '2026-03-09T17:00:00Z', format: 'date-time' });
const contactPart = z.string().trim().min(1).max(500);
const text = (max: number) => z.string().max(max);
const limit = z.coerce.number().int().min(1).max(500).default(50);
const offset = z.coerce.number().int().min(0).max(1_000_000).default(0);
/** A query flag: `true` or `false`. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
  .openapi({ example: '2026-11' });

export const QaContact = z
  .object({ source: contactPart, externalId: contactPart })
  .openapi('QaContact', { description: 'A contact: its source and its id there' });

// ─── scorecards ─────────────────────────────────────────────────────────────

export const QaScorecard = z
  .object({
    id: z.string(),
    name: z.string(),
    status: QaScorecardStatus,
    /** The current version: a changed definition is the next one. */
    version: z.number().int(),
    definition: ScorecardDefinition,
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('QaScorecard');

export const QaScorecardList = z.object({ scorecards: z.array(QaScorecard) }).openapi('QaScorecardList');

export const QaScorecardCreate = z
  .object({
    /** Lower-case letters, digits and `-`; made from the name when missing. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'lower-case letters, digits and -, at most 60')
      .optional(),
    definition: ScorecardDefinition,
    status: QaScorecardStatus.optional(),
  })
  .openapi('QaScorecardCreate');

export const QaScorecardUpdate = z
  .object({
    /** A changed definition makes the next version; reviews keep the version they were given with. */
    definition: ScorecardDefinition.optional(),
    status: QaScorecardStatus.optional(),
  })
  .openapi('QaScorecardUpdate');

export const QaScorecardVersions = z
  .object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        definition: ScorecardDefinition,
        createdAt: instant,
        createdBy: z.string().nullable(),
      }),
    ),
  })
  .openapi('QaScorecardVersions');

export const QaIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(1100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

// ─── reviews ────────────────────────────────────────────────────────────────

export const QaDispute = z
  .object({
    id: z.string(),
    /** `source|external_id` of the review. */
    reviewId: z.string(),
    agentId: z.string(),
    openedBy: z.string(),
    reason: z.string(),
    categoryId: z.string().nullable(),
    status: QaDisputeStatus,
    resolvedBy: z.string().nullable(),
    resolution: z.string().nullable(),
    scoreBefore: z.number().nullable(),
    scoreAfter: z.number().nullable(),
    openedAt: instant,
    resolvedAt: instant.nullable(),
  })
  .openapi('QaDispute');

export const QaRating = z
  .object({
    categoryId: z.string(),
    categoryName: z.string().nullable(),
    groupId: z.string().nullable(),
    /** The point picked; null: not applicable. */
    rating: z.number().nullable(),
    scaleMin: z.number(),
    scaleMax: z.number(),
    weight: z.number(),
    critical: z.boolean(),
    passMark: z.number(),
    /** (rating − min) ÷ (max − min); null when not applicable. */
    categoryScore: z.number().nullable(),
    criticalFailed: z.boolean(),
    comment: z.string().nullable(),
    quote: z.string().nullable(),
    rootCauses: z.array(z.string()),
  })
  .openapi('QaRating');

export const QaReview = z
  .object({
    /** `source|external_id`; in a path, URL-encoded. */
    id: z.string(),
    source: z.string(),
    externalId: z.string(),
    contact: QaContact,
    agentId: z.string(),
    reviewerId: z.string(),
    kind: QaReviewKind,
    scorecardId: z.string().nullable(),
    scorecardVersion: z.number().int().nullable(),
    calibrationSessionId: z.string().nullable(),
    reviewedAt: instant,
    /** 0–1 as the review facts compute it; null when every category was not applicable. */
    score: z.number().nullable(),
    passMark: z.number(),
    passed: z.boolean(),
    criticalFailed: z.boolean(),
    /** The reviewer's comment on the whole review. */
    comment: z.string().nullable(),
    ratings: z.array(QaRating),
    /** The open or last dispute. */
    dispute: QaDispute.nullable(),
  })
  .openapi('QaReview');

export const QaReviewSummary = z
  .object({
    id: z.string(),
    contact: QaContact,
    agentId: z.string(),
    reviewerId: z.string(),
    kind: QaReviewKind,
    scorecardId: z.string().nullable(),
    reviewedAt: instant,
    score: z.number().nullable(),
    passed: z.boolean(),
    criticalFailed: z.boolean(),
    disputed: z.boolean(),
    channel: z.enum(CHANNELS).nullable(),
  })
  .openapi('QaReviewSummary');

export const QaReviewList = z
  .object({ reviews: z.array(QaReviewSummary), total: z.number().int() })
  .openapi('QaReviewList');

export const QaReviewsQuery = z.object({
  agent: id.optional(),
  /** A reviewer's user id, or `me`. */
  reviewer: id.optional(),
  scorecard: id.optional(),
  kind: QaReviewKind.optional(),
  /** First day of the review, UTC. */
  from: calendarDate.optional(),
  /** Last day, included. */
  to: calendarDate.optional(),
  disputed: flag.optional(),
  contactSource: contactPart.optional(),
  contactExternalId: contactPart.optional(),
  limit,
  offset,
});

const RatingInput = z.object({
  categoryId: z.string().min(1).max(40),
  /** The point picked on the category's scale; null: not applicable. */
  rating: z.number().min(0).max(100).nullable(),
  comment: text(5000).nullable().optional(),
  /** Words quoted from the transcript. */
  quote: text(5000).nullable().optional(),
  rootCauses: z.array(QaRootCause).max(QA_ROOT_CAUSES.length).optional(),
});

export const QaReviewInput = z
  .object({
    contact: QaContact,
    scorecardId: id,
    /** Defaults to the contact's assignee. */
    agentId: id.nullable().optional(),
    kind: QaReviewKind.optional(),
    calibrationSessionId: id.nullable().optional(),
    assignmentId: id.nullable().optional(),
    comment: text(10_000).nullable().optional(),
    ratings: z.array(RatingInput).max(60),
  })
  .openapi('QaReviewInput');

export const QaDraftSaved = z.object({ savedAt: instant }).openapi('QaDraftSaved');

export const QaDraftQuery = z.object({
  /** `source|external_id` of the contact. */
  contact: z.string().trim().min(3).max(1001).regex(/\|/, 'source|external_id'),
});

/** A draft as kept: what was saved, checked against the scorecard only on submitting. */
const DraftShown = QaReviewInput.extend({
  ratings: z.array(RatingInput.extend({ rootCauses: z.array(z.string()).optional() })),
});

export const QaDraft = z.object({ draft: DraftShown.nullable() }).openapi('QaDraft');

// ─── transcript ─────────────────────────────────────────────────────────────

const QaCheckHit = z.object({ ruleId: z.string(), label: z.string(), detail: z.string().nullable() });

export const QaTranscriptQuery = z.object({ source: contactPart, externalId: contactPart });

export const QaTranscript = z
  .object({
    contact: QaContact.extend({
      channel: z.string(),
      createdAt: instant,
      subject: z.string().nullable(),
      assigneeId: z.string().nullable(),
      teamId: z.string().nullable(),
      topic: z.string().nullable(),
      status: z.string().nullable(),
    }),
    figures: z.object({
      frtSeconds: z.number().nullable(),
      handleSeconds: z.number().nullable(),
      resolutionSeconds: z.number().nullable(),
      replies: z.number().nullable(),
      reopens: z.number().nullable(),
      escalations: z.number().nullable(),
      survey: z.array(
        z.object({
          kind: z.string(),
          score: z.number().nullable(),
          scaleMin: z.number(),
          scaleMax: z.number(),
          comment: z.string().nullable(),
        }),
      ),
    }),
    entries: z.array(
      z.object({
        eventId: z.string().nullable(),
        kind: z.string(),
        actor: z.string().nullable(),
        agentId: z.string().nullable(),
        occurredAt: instant,
        public: z.boolean().nullable(),
        body: z.string().nullable(),
        detail: z.string().nullable(),
        checks: z.array(QaCheckHit),
      }),
    ),
    checks: z.array(QaCheckHit),
  })
  .openapi('QaTranscript');

// ─── assignments ────────────────────────────────────────────────────────────

export const QaAssignment = z
  .object({
    id: z.string(),
    ruleId: z.string().nullable(),
    period: z.string().nullable(),
    contact: QaContact,
    agentId: z.string(),
    reviewerId: z.string(),
    scorecardId: z.string().nullable(),
    kind: QaReviewKind,
    calibrationSessionId: z.string().nullable(),
    dueAt: instant.nullable(),
    status: QaAssignmentStatus,
    reviewId: z.string().nullable(),
    createdAt: instant,
  })
  .openapi('QaAssignment');

export const QaAssignmentList = z
  .object({ assignments: z.array(QaAssignment), total: z.number().int() })
  .openapi('QaAssignmentList');

export const QaAssignmentsQuery = z.object({
  /** A reviewer's user id, or `me`. */
  reviewer: id.optional(),
  agent: id.optional(),
  status: QaAssignmentStatus.optional(),
  /** A calibration session. */
  session: id.optional(),
  limit,
  offset,
});

export const QaAssignmentCreate = z
  .object({
    contact: QaContact,
    reviewerId: id,
    scorecardId: id.optional(),
    dueAt: moment.nullable().optional(),
    kind: QaReviewKind.optional(),
  })
  .openapi('QaAssignmentCreate');

export const QaAssignmentUpdate = z
  .object({
    status: QaAssignmentStatus.optional(),
    reviewerId: id.optional(),
    dueAt: moment.nullable().optional(),
  })
  .openapi('QaAssignmentUpdate');

// ─── sampling ───────────────────────────────────────────────────────────────

/** A day `YYYY-MM-DD` or an ISO week `YYYY-Www`. */
const period = z
  .string()
  .superRefine((text, context) => {
    const week = /^(\d{4})-W(\d{2})$/.exec(text);
    const reason = week
      ? Number(week[2]) >= 1 && Number(week[2]) <= 53
        ? null
        : `week ${week[2]} does not exist`
      : localDateProblem(text);
    if (reason !== null)
      context.addIssue({ code: 'custom', message: `${reason} (or YYYY-Www, an ISO week)` });
  })
  .openapi({ example: '2026-W10' });

/** A sampling rule as given: checked field by field by the service, which names the field at fault. */
const RuleDefinition = z.record(z.string(), z.unknown()).openapi({
  description:
    'id?, enabled?, name, schedule (daily|weekly), perAgent, stratifyByChannel, filters, scorecardId, reviewers, dueDays, selfReview, seed; on a change, the fields given',
});

export const QaSamplingRule = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    definition: SamplingRule,
    createdAt: instant,
    updatedAt: instant,
    lastRunAt: instant.nullable(),
    /** What the last draw did: its period and counts, or why it drew nothing. */
    lastOutcome: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('QaSamplingRule');

export const QaSamplingRuleList = z.object({ rules: z.array(QaSamplingRule) }).openapi('QaSamplingRuleList');

export const QaSamplingRuleInput = RuleDefinition.openapi('QaSamplingRuleInput');

export const QaDrawRequest = z
  .object({
    /** `YYYY-MM-DD` (a day) or `YYYY-Www` (an ISO week); the previous full one when missing. */
    period: period.optional(),
    seed: z.string().trim().min(1).max(200).optional(),
    /** Show what would be drawn without assigning it. */
    dryRun: z.boolean().optional(),
  })
  .openapi('QaDrawRequest');

export const QaDraw = z
  .object({
    ruleId: z.string(),
    period: z.string(),
    drawn: z.array(QaAssignment),
    /** Contacts that matched the rule in the period. */
    candidates: z.number().int(),
    /** Of those, already assigned or reviewed: never drawn again. */
    alreadyReviewed: z.number().int(),
  })
  .openapi('QaDraw');

export const QaDeleted = z.object({ deleted: z.string() }).openapi('QaDeleted');

// ─── goals ──────────────────────────────────────────────────────────────────

const GoalScope = z.enum(['all', 'team', 'agent']);

export const QaGoal = z
  .object({
    scope: GoalScope,
    /** The team's or agent's id; empty for `all`. */
    scopeId: z.string(),
    reviewsPerMonth: z.number().int(),
  })
  .openapi('QaGoal');

export const QaGoalInput = z
  .object({
    scope: GoalScope,
    scopeId: z.string().trim().max(200).default(''),
    reviewsPerMonth: z.number().int().min(0).max(10_000),
  })
  .openapi('QaGoalInput');

export const QaGoalList = z.object({ goals: z.array(QaGoal) }).openapi('QaGoalList');

export const QaGoalProgressQuery = z.object({ month, agent: id.optional() });

export const QaGoalProgressList = z
  .object({
    progress: z.array(
      z.object({
        scope: GoalScope,
        scopeId: z.string(),
        agentId: z.string(),
        month: z.string(),
        goal: z.number().int(),
        reviews: z.number().int(),
      }),
    ),
  })
  .openapi('QaGoalProgressList');

// ─── calibration ────────────────────────────────────────────────────────────

export const QaCalibration = z
  .object({
    id: z.string(),
    name: z.string(),
    scorecardId: z.string(),
    scorecardVersion: z.number().int(),
    referenceReviewerId: z.string().nullable(),
    reviewers: z.array(z.string()),
    contacts: z.array(QaContact),
    status: z.enum(['open', 'closed']),
    dueAt: instant.nullable(),
    createdBy: z.string().nullable(),
    createdAt: instant,
    closedAt: instant.nullable(),
  })
  .openapi('QaCalibration');

export const QaCalibrationList = z.object({ sessions: z.array(QaCalibration) }).openapi('QaCalibrationList');

export const QaCalibrationCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    scorecardId: id,
    reviewers: z.array(id).min(2).max(50),
    contacts: z.array(QaContact).min(1).max(200),
    referenceReviewerId: id.nullable().optional(),
    dueAt: moment.nullable().optional(),
  })
  .openapi('QaCalibrationCreate');

const Agreement = { pairs: z.number().int(), agreement: z.number().nullable(), alpha: z.number().nullable() };

export const QaCalibrationResult = z
  .object({
    sessionId: z.string(),
    reviews: z.number().int(),
    /** Per category: percentage agreement over reviewer pairs and Krippendorff's alpha (ordinal). */
    categories: z.array(z.object({ categoryId: z.string(), name: z.string().nullable(), ...Agreement })),
    overall: z.object(Agreement),
    reviewers: z.array(
      z.object({
        reviewerId: z.string(),
        reviews: z.number().int(),
        /** Mean absolute difference of their category scores to the reference reviewer's, 0–1. */
        distanceToReference: z.number().nullable(),
        meanScore: z.number().nullable(),
      }),
    ),
  })
  .openapi('QaCalibrationResult');

// ─── disputes ───────────────────────────────────────────────────────────────

export const QaDisputeList = z.object({ disputes: z.array(QaDispute) }).openapi('QaDisputeList');

export const QaDisputesQuery = z.object({
  agent: id.optional(),
  status: QaDisputeStatus.optional(),
  reviewer: id.optional(),
});

export const QaDisputeOpen = z
  .object({
    reason: z.string().trim().min(1).max(5000),
    /** The category disputed; the whole review when missing. */
    categoryId: z.string().min(1).max(40).optional(),
  })
  .openapi('QaDisputeOpen');

export const QaDisputeResolve = z
  .object({
    accept: z.boolean(),
    resolution: z.string().trim().min(1).max(5000),
    /** On accepting: the changed ratings (the others are kept). */
    ratings: z.array(RatingInput).max(60).optional(),
  })
  .openapi('QaDisputeResolve');

// ─── coaching and training ──────────────────────────────────────────────────

const COACHING_STATUSES = ['planned', 'held', 'followed_up'] as const;
const Action = z.object({ text: z.string().trim().min(1).max(2000), done: z.boolean().default(false) });

export const QaCoaching = z
  .object({
    id: z.string(),
    agentId: z.string(),
    coachId: z.string(),
    heldOn: z.string().nullable(),
    reviewIds: z.array(z.string()),
    categories: z.array(z.string()),
    notes: z.string().nullable(),
    actions: z.array(z.object({ text: z.string(), done: z.boolean() })),
    followUpOn: z.string().nullable(),
    status: z.enum(COACHING_STATUSES),
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('QaCoaching');

export const QaCoachingList = z.object({ sessions: z.array(QaCoaching) }).openapi('QaCoachingList');

export const QaCoachingQuery = z.object({ agent: id.optional() });

const coachingFields = {
  heldOn: calendarDate.nullable().optional(),
  reviewIds: z.array(z.string().min(3).max(1100)).max(100).optional(),
  categories: z.array(z.string().min(1).max(40)).max(60).optional(),
  notes: text(20_000).nullable().optional(),
  actions: z.array(Action).max(50).optional(),
  followUpOn: calendarDate.nullable().optional(),
  status: z.enum(COACHING_STATUSES).optional(),
};

export const QaCoachingCreate = z.object({ agentId: id, ...coachingFields }).openapi('QaCoachingCreate');

export const QaCoachingUpdate = z.object(coachingFields).openapi('QaCoachingUpdate');

export const QaRangeQuery = z.object({
  /** First day, UTC; 30 days before `to` when missing. */
  from: calendarDate.optional(),
  /** Last day, included; today when missing. */
  to: calendarDate.optional(),
  agent: id.optional(),
});

export const QaTrainingNeeds = z
  .object({
    needs: z.array(
      z.object({
        agentId: z.string(),
        categoryId: z.string(),
        categoryName: z.string().nullable(),
        rootCause: z.string(),
        /** Low ratings with this root cause in the period. */
        count: z.number().int(),
        categoryScore: z.number().nullable(),
        lastSeenAt: instant,
      }),
    ),
  })
  .openapi('QaTrainingNeeds');

export const QaTrainingDay = z
  .object({
    source: z.string(),
    externalId: z.string(),
    agentId: z.string(),
    day: z.string(),
    hours: z.number().nullable(),
    topic: z.string().nullable(),
    categoryId: z.string().nullable(),
    note: z.string().nullable(),
  })
  .openapi('QaTrainingDay');

export const QaTrainingDays = z.object({ days: z.array(QaTrainingDay) }).openapi('QaTrainingDays');

export const QaTrainingDayInput = z
  .object({
    agentId: id,
    day: calendarDate,
    hours: z.number().min(0).max(24).optional(),
    topic: z.string().trim().min(1).max(500).optional(),
    categoryId: z.string().min(1).max(40).optional(),
    note: text(5000).optional(),
  })
  .openapi('QaTrainingDayInput');

// ─── automatic checks ───────────────────────────────────────────────────────

export const QaCheckRule = z
  .object({
    id: z.string(),
    kind: z.string(),
    label: z.string(),
    /** What the rule checks, as documented for its kind. */
    description: z.string(),
    enabled: z.boolean(),
    /** Phrase lists per language, thresholds: as the rule's kind documents. */
    settings: z.record(z.string(), z.unknown()),
    updatedAt: instant.nullable(),
  })
  .openapi('QaCheckRule');

export const QaCheckRuleList = z.object({ rules: z.array(QaCheckRule) }).openapi('QaCheckRuleList');

export const QaCheckRuleUpdate = z
  .object({
    enabled: z.boolean().optional(),
    label: z.string().trim().min(1).max(200).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('QaCheckRuleUpdate');

export const QaChecksRun = z
  .object({
    /** `source|external_id` of the contacts to check again; every contact when missing. */
    contactKeys: z.array(z.string().min(3).max(1001)).max(10_000).optional(),
  })
  .openapi('QaChecksRun');

export const QaChecksRan = z
  .object({ checked: z.number().int(), hits: z.number().int() })
  .openapi('QaChecksRan');

// ─── reviewer drift ─────────────────────────────────────────────────────────

export const QaDriftQuery = z.object({ from: calendarDate.optional(), to: calendarDate.optional() });

export const QaDrift = z
  .object({
    reviewers: z.array(
      z.object({
        reviewerId: z.string(),
        reviews: z.number().int(),
        meanScore: z.number(),
        /** Mean of the other reviewers on comparable conversations (same scorecard and channel). */
        othersMeanScore: z.number(),
        difference: z.number(),
        /** Welch's t-test, two-sided. */
        pValue: z.number().nullable(),
        /** Shown at p < 0.05 and |difference| ≥ 0.1. */
        drifting: z.boolean(),
      }),
    ),
  })
  .openapi('QaDrift');
