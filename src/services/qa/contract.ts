/**
 * The quality-review capability's shared types: what the stores, the sampling, the review screen,
 * the calibration and the disputes hand each other, and what the server and the CLI show. Kept
 * apart so that every layer names the same.
 */

import type { ScorecardDefinition, ScorecardStatus } from '../../core/qa/scorecard.js';
import type { Channel, QaReviewKind } from '../../core/schema.js';

/** The source of every review given in servicemeter, in qa_reviews and qa_ratings. */
export const QA_SOURCE = 'servicemeter';

/** Who is asking: the signed-in user, with the agent they are (agents only). */
export interface QaActor {
  userId: string;
  role: 'admin' | 'manager' | 'agent' | 'viewer' | 'finance';
  agentId: string | null;
}

export type QaProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string };

export interface ContactRef {
  source: string;
  externalId: string;
}

export interface ScorecardView {
  id: string;
  name: string;
  status: ScorecardStatus;
  version: number;
  definition: ScorecardDefinition;
  createdAt: string;
  updatedAt: string;
}

export interface ScorecardVersionView {
  version: number;
  definition: ScorecardDefinition;
  createdAt: string;
  createdBy: string | null;
}

/** One rating as stored (qa_ratings) and shown. */
export interface RatingView {
  categoryId: string;
  categoryName: string | null;
  groupId: string | null;
  /** null: not applicable. */
  rating: number | null;
  scaleMin: number;
  scaleMax: number;
  weight: number;
  critical: boolean;
  passMark: number;
  /** (rating − min) ÷ (max − min); null when not applicable. */
  categoryScore: number | null;
  criticalFailed: boolean;
  comment: string | null;
  quote: string | null;
  rootCauses: string[];
}

export interface ReviewView {
  /** `source|external_id`, the id the API uses. */
  id: string;
  source: string;
  externalId: string;
  contact: ContactRef;
  agentId: string;
  reviewerId: string;
  kind: QaReviewKind;
  scorecardId: string | null;
  scorecardVersion: number | null;
  calibrationSessionId: string | null;
  reviewedAt: string;
  /** 0–1, as qa_review_facts computes it; null when every category was not applicable. */
  score: number | null;
  passMark: number;
  passed: boolean;
  criticalFailed: boolean;
  comment: string | null;
  ratings: RatingView[];
  /** Open or last dispute, if any. */
  dispute: DisputeView | null;
}

export interface ReviewSummary {
  id: string;
  contact: ContactRef;
  agentId: string;
  reviewerId: string;
  kind: QaReviewKind;
  scorecardId: string | null;
  reviewedAt: string;
  score: number | null;
  passed: boolean;
  criticalFailed: boolean;
  disputed: boolean;
  channel: Channel | null;
}

/** What a reviewer submits (or saves as a draft). */
export interface ReviewInput {
  contact: ContactRef;
  scorecardId: string;
  /** Defaults to the contact's assignee. */
  agentId?: string | null;
  kind?: QaReviewKind;
  calibrationSessionId?: string | null;
  assignmentId?: string | null;
  comment?: string | null;
  ratings: {
    categoryId: string;
    rating: number | null;
    comment?: string | null;
    quote?: string | null;
    rootCauses?: string[];
  }[];
}

/** One turn of a conversation as the review screen shows it. */
export interface TranscriptEntry {
  eventId: string | null;
  kind: string;
  actor: string | null;
  agentId: string | null;
  occurredAt: string;
  public: boolean | null;
  /** The words, when the source has them. */
  body: string | null;
  /** status, queue, escalation type … for events without words. */
  detail: string | null;
  /** Automatic checks that hit on this turn. */
  checks: { ruleId: string; label: string; detail: string | null }[];
}

export interface Transcript {
  contact: ContactRef & {
    channel: string;
    createdAt: string;
    subject: string | null;
    assigneeId: string | null;
    teamId: string | null;
    topic: string | null;
    status: string | null;
  };
  /** The contact's figures: seconds, counts, the survey answers given about it. */
  figures: {
    frtSeconds: number | null;
    handleSeconds: number | null;
    resolutionSeconds: number | null;
    replies: number | null;
    reopens: number | null;
    escalations: number | null;
    survey: {
      kind: string;
      score: number | null;
      scaleMin: number;
      scaleMax: number;
      comment: string | null;
    }[];
  };
  entries: TranscriptEntry[];
  /** Checks that hit on the contact as a whole (a long gap, no greeting). */
  checks: { ruleId: string; label: string; detail: string | null }[];
}

export const ASSIGNMENT_STATUSES = ['open', 'done', 'skipped'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface AssignmentView {
  id: string;
  ruleId: string | null;
  period: string | null;
  contact: ContactRef;
  agentId: string;
  reviewerId: string;
  scorecardId: string | null;
  kind: QaReviewKind;
  calibrationSessionId: string | null;
  dueAt: string | null;
  status: AssignmentStatus;
  reviewId: string | null;
  createdAt: string;
}

export const DISPUTE_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface DisputeView {
  id: string;
  reviewId: string;
  agentId: string;
  openedBy: string;
  reason: string;
  categoryId: string | null;
  status: DisputeStatus;
  resolvedBy: string | null;
  resolution: string | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
  openedAt: string;
  resolvedAt: string | null;
}

export interface CalibrationSessionView {
  id: string;
  name: string;
  scorecardId: string;
  scorecardVersion: number;
  referenceReviewerId: string | null;
  reviewers: string[];
  contacts: ContactRef[];
  status: 'open' | 'closed';
  dueAt: string | null;
  createdBy: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** A calibration session's comparison, once closed (or for its managers while open). */
export interface CalibrationResult {
  sessionId: string;
  reviews: number;
  /** Per category: percentage agreement over reviewer pairs, Krippendorff's alpha (ordinal). */
  categories: {
    categoryId: string;
    name: string | null;
    pairs: number;
    agreement: number | null;
    alpha: number | null;
  }[];
  overall: { pairs: number; agreement: number | null; alpha: number | null };
  /** Per reviewer: mean absolute distance of their category scores to the reference reviewer's (0–1). */
  reviewers: {
    reviewerId: string;
    reviews: number;
    distanceToReference: number | null;
    meanScore: number | null;
  }[];
}

export interface CoachingSessionView {
  id: string;
  agentId: string;
  coachId: string;
  heldOn: string | null;
  reviewIds: string[];
  categories: string[];
  notes: string | null;
  actions: { text: string; done: boolean }[];
  followUpOn: string | null;
  status: 'planned' | 'held' | 'followed_up';
  createdAt: string;
  updatedAt: string;
}

export interface TrainingNeed {
  agentId: string;
  categoryId: string;
  categoryName: string | null;
  rootCause: string;
  /** Low ratings with this root cause in the period. */
  count: number;
  /** The agent's mean category score in the period, 0–1. */
  categoryScore: number | null;
  lastSeenAt: string;
}

export interface ReviewerDrift {
  reviewerId: string;
  reviews: number;
  meanScore: number;
  /** Mean of the other reviewers on comparable conversations (same scorecard and channel). */
  othersMeanScore: number;
  /** meanScore − othersMeanScore, in score points (0–1). */
  difference: number;
  /** Welch's t-test two-sided p-value; drift is shown at p < 0.05 and |difference| ≥ 0.1. */
  pValue: number | null;
  drifting: boolean;
}

export interface GoalProgress {
  scope: 'all' | 'team' | 'agent';
  scopeId: string;
  agentId: string;
  month: string;
  goal: number;
  reviews: number;
}
