import type { InferRequestType as RequestOf } from 'hono/client';
import type { QaScale, ScorecardCategory, ScorecardDefinition } from '../../../../src/core/qa/scorecard.js';
import type { QaRootCause } from '../../../../src/core/schema.js';
import type {
  AssignmentStatus,
  AssignmentView,
  ContactRef,
  DisputeStatus,
  DisputeView,
  GoalProgress,
  ReviewInput,
  ReviewSummary,
  ReviewView,
  ScorecardView,
  Transcript,
  TranscriptEntry,
} from '../../../../src/services/qa/contract.js';
import { call, client } from '../../api.js';

/**
 * The quality-review API as the dashboard calls it, through the typed client. The shapes are the
 * capability's shared types, imported as types only: the dashboard bundle carries no schema library.
 */
export type {
  AssignmentStatus,
  AssignmentView,
  ContactRef,
  DisputeStatus,
  DisputeView,
  GoalProgress,
  QaRootCause,
  QaScale,
  ReviewInput,
  ReviewSummary,
  ReviewView,
  ScorecardCategory,
  ScorecardDefinition,
  ScorecardView,
  Transcript,
  TranscriptEntry,
};

/** A review's id in the API and in the dashboard's addresses: `source|external_id`. */
export function contactId(contact: ContactRef): string {
  return `${contact.source}|${contact.externalId}`;
}

/** The review screen's address for a contact, with what the assignment or session fixes. */
export function reviewScreenPath(
  contact: ContactRef,
  extra: { assignment?: string | null; kind?: string | null; session?: string | null } = {},
): string {
  const params = new URLSearchParams({ source: contact.source, id: contact.externalId });
  if (extra.assignment) params.set('assignment', extra.assignment);
  if (extra.kind) params.set('kind', extra.kind);
  if (extra.session) params.set('session', extra.session);
  return `/qa/review?${params.toString()}`;
}

export function reviewDetailPath(reviewId: string): string {
  return `/qa/reviews/${encodeURIComponent(reviewId)}`;
}

export interface ReviewQuery {
  agent?: string;
  reviewer?: string;
  scorecard?: string;
  kind?: string;
  from?: string;
  to?: string;
  disputed?: boolean;
  contactSource?: string;
  contactExternalId?: string;
  limit: number;
  offset: number;
}

/** The reviews query as the API names it: absent filters are left out, numbers sent as text. */
export function reviewSearch(query: ReviewQuery): Record<string, string> {
  const out: Record<string, string> = { limit: String(query.limit), offset: String(query.offset) };
  for (const name of [
    'agent',
    'reviewer',
    'scorecard',
    'kind',
    'from',
    'to',
    'contactSource',
    'contactExternalId',
  ] as const) {
    const value = query[name];
    if (value !== undefined && value !== '') out[name] = value;
  }
  if (query.disputed !== undefined) out.disputed = String(query.disputed);
  return out;
}

const qa = client.api.qa;

/** A review as the API takes it (submitted or kept as a draft). */
export type ReviewSubmission = RequestOf<typeof qa.reviews.$post>['json'];
const init = (signal?: AbortSignal) => ({ init: { signal: signal ?? null } });

export const qaApi = {
  scorecards: (signal?: AbortSignal) => call(qa.scorecards.$get({}, init(signal))),
  scorecard: (id: string, signal?: AbortSignal) =>
    call(qa.scorecards[':id'].$get({ param: { id } }, init(signal))),
  reviews: (query: ReviewQuery, signal?: AbortSignal) =>
    call(qa.reviews.$get({ query: reviewSearch(query) }, init(signal))),
  review: (id: string, signal?: AbortSignal) => call(qa.reviews[':id'].$get({ param: { id } }, init(signal))),
  submit: (input: ReviewSubmission) => call(qa.reviews.$post({ json: input })),
  saveDraft: (input: ReviewSubmission) => call(qa.drafts.$put({ json: input })),
  draft: (contact: ContactRef, signal?: AbortSignal) =>
    call(qa.drafts.$get({ query: { contact: contactId(contact) } }, init(signal))),
  transcript: (contact: ContactRef, signal?: AbortSignal) =>
    call(
      qa.transcript.$get({ query: { source: contact.source, externalId: contact.externalId } }, init(signal)),
    ),
  assignments: (
    query: { reviewer?: string; agent?: string; status?: AssignmentStatus; session?: string },
    signal?: AbortSignal,
  ) => call(qa.assignments.$get({ query }, init(signal))),
  goalProgress: (month: string, signal?: AbortSignal) =>
    call(qa.goals.progress.$get({ query: { month } }, init(signal))),
  disputes: (query: { agent?: string; status?: DisputeStatus; reviewer?: string }, signal?: AbortSignal) =>
    call(qa.disputes.$get({ query }, init(signal))),
  openDispute: (reviewId: string, input: { reason: string; categoryId?: string }) =>
    call(qa.reviews[':id'].disputes.$post({ param: { id: reviewId }, json: input })),
  resolveDispute: (
    disputeId: string,
    input: { accept: boolean; resolution: string; ratings?: ReviewSubmission['ratings'] },
  ) => call(qa.disputes[':id'].resolve.$post({ param: { id: disputeId }, json: input })),
};

// The quality coach's management calls: scorecards, sampling rules, goals, calibration, coaching,
// training, automatic checks and reviewer drift. Request bodies are the server's, not restated.
type InferRequestType<T> = import('hono/client').InferRequestType<T>;
type InferResponseType<T, S extends 200> = import('hono/client').InferResponseType<T, S>;
type JsonOf<T> = T extends { json: infer J } ? J : never;
type ScorecardSaveInput = JsonOf<InferRequestType<typeof qa.scorecards.$post>>;
type ScorecardChanges = JsonOf<InferRequestType<(typeof qa.scorecards)[':id']['$patch']>>;
export type SamplingRuleInput = JsonOf<InferRequestType<(typeof qa)['sampling-rules']['$post']>>;
export type CalibrationInput = JsonOf<InferRequestType<typeof qa.calibrations.$post>>;
export type CoachingInput = JsonOf<InferRequestType<typeof qa.coaching.$post>>;
export type CoachingChanges = JsonOf<InferRequestType<(typeof qa.coaching)[':id']['$patch']>>;
export type TrainingDayInput = JsonOf<InferRequestType<(typeof qa)['training-days']['$post']>>;
export type CheckRuleChanges = JsonOf<InferRequestType<(typeof qa.checks)[':id']['$patch']>>;
export type SamplingRuleView = InferResponseType<(typeof qa)['sampling-rules']['$get'], 200>['rules'][number];
export type SampleDraw = InferResponseType<(typeof qa)['sampling-rules'][':id']['draw']['$post'], 200>;
export type CalibrationSessionView = InferResponseType<(typeof qa.calibrations)[':id']['$get'], 200>;
export type CoachingSessionView = InferResponseType<typeof qa.coaching.$get, 200>['sessions'][number];
export type CheckRuleView = InferResponseType<typeof qa.checks.$get, 200>['rules'][number];
export type ReviewerDriftView = InferResponseType<typeof qa.drift.$get, 200>['reviewers'][number];

const byId = (id: string) => ({ param: { id } });

export const qaManageApi = {
  createScorecard: (input: ScorecardSaveInput) => call(qa.scorecards.$post({ json: input })),
  updateScorecard: (id: string, changes: ScorecardChanges) =>
    call(qa.scorecards[':id'].$patch({ ...byId(id), json: changes })),
  scorecardVersions: (id: string, signal?: AbortSignal) =>
    call(qa.scorecards[':id'].versions.$get(byId(id), init(signal))),
  samplingRules: (signal?: AbortSignal) => call(qa['sampling-rules'].$get({}, init(signal))),
  createSamplingRule: (input: SamplingRuleInput) => call(qa['sampling-rules'].$post({ json: input })),
  updateSamplingRule: (id: string, input: SamplingRuleInput) =>
    call(qa['sampling-rules'][':id'].$patch({ ...byId(id), json: input })),
  deleteSamplingRule: (id: string) => call(qa['sampling-rules'][':id'].$delete(byId(id))),
  drawSample: (id: string, input: { period?: string; seed?: string; dryRun?: boolean }) =>
    call(qa['sampling-rules'][':id'].draw.$post({ ...byId(id), json: input })),
  goals: (signal?: AbortSignal) => call(qa.goals.$get({}, init(signal))),
  putGoal: (goal: { scope: 'all' | 'team' | 'agent'; scopeId: string; reviewsPerMonth: number }) =>
    call(qa.goals.$put({ json: goal })),
  calibrations: (signal?: AbortSignal) => call(qa.calibrations.$get({}, init(signal))),
  calibration: (id: string, signal?: AbortSignal) =>
    call(qa.calibrations[':id'].$get(byId(id), init(signal))),
  createCalibration: (input: CalibrationInput) => call(qa.calibrations.$post({ json: input })),
  closeCalibration: (id: string) => call(qa.calibrations[':id'].close.$post(byId(id))),
  calibrationResult: (id: string, signal?: AbortSignal) =>
    call(qa.calibrations[':id'].result.$get(byId(id), init(signal))),
  coaching: (query: { agent?: string }, signal?: AbortSignal) =>
    call(qa.coaching.$get({ query }, init(signal))),
  createCoaching: (input: CoachingInput) => call(qa.coaching.$post({ json: input })),
  updateCoaching: (id: string, changes: CoachingChanges) =>
    call(qa.coaching[':id'].$patch({ ...byId(id), json: changes })),
  trainingNeeds: (query: { from?: string; to?: string; agent?: string }, signal?: AbortSignal) =>
    call(qa['training-needs'].$get({ query }, init(signal))),
  trainingDays: (query: { agent?: string; from?: string; to?: string }, signal?: AbortSignal) =>
    call(qa['training-days'].$get({ query }, init(signal))),
  recordTrainingDay: (input: TrainingDayInput) => call(qa['training-days'].$post({ json: input })),
  checks: (signal?: AbortSignal) => call(qa.checks.$get({}, init(signal))),
  updateCheck: (id: string, changes: CheckRuleChanges) =>
    call(qa.checks[':id'].$patch({ ...byId(id), json: changes })),
  runChecks: () => call(qa.checks.run.$post({ json: {} })),
  drift: (query: { from?: string; to?: string }, signal?: AbortSignal) =>
    call(qa.drift.$get({ query }, init(signal))),
};
