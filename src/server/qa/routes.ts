/**
 * Quality reviews: scorecards and their versions, reviews with their ratings and drafts, the
 * transcript beside them, assignments and the sampling rules that make them, goals, calibration
 * sessions, disputes, coaching and training, the automatic checks and reviewer drift. Who may call
 * each is in ./policy.ts; what an agent sees inside an operation is narrowed in ./handlers.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import {
  QaAssignment,
  QaAssignmentCreate,
  QaAssignmentList,
  QaAssignmentsQuery,
  QaAssignmentUpdate,
  QaCalibration,
  QaCalibrationCreate,
  QaCalibrationList,
  QaCalibrationResult,
  QaCheckRule,
  QaCheckRuleList,
  QaCheckRuleUpdate,
  QaChecksRan,
  QaChecksRun,
  QaCoaching,
  QaCoachingCreate,
  QaCoachingList,
  QaCoachingQuery,
  QaCoachingUpdate,
  QaDeleted,
  QaDispute,
  QaDisputeList,
  QaDisputeOpen,
  QaDisputeResolve,
  QaDisputesQuery,
  QaDraft,
  QaDraftQuery,
  QaDraftSaved,
  QaDraw,
  QaDrawRequest,
  QaDrift,
  QaDriftQuery,
  QaGoal,
  QaGoalInput,
  QaGoalList,
  QaGoalProgressList,
  QaGoalProgressQuery,
  QaIdParam,
  QaRangeQuery,
  QaReview,
  QaReviewInput,
  QaReviewList,
  QaReviewsQuery,
  QaSamplingRule,
  QaSamplingRuleInput,
  QaSamplingRuleList,
  QaScorecard,
  QaScorecardCreate,
  QaScorecardList,
  QaScorecardUpdate,
  QaScorecardVersions,
  QaTrainingDay,
  QaTrainingDayInput,
  QaTrainingDays,
  QaTrainingNeeds,
  QaTranscript,
  QaTranscriptQuery,
} from './schemas.js';

const tags = ['qa'];

export const listQaScorecards = createRoute({
  operationId: 'listQaScorecards',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/scorecards',
  summary: 'The quality scorecards: their categories, scales, weights and where they apply',
  responses: { 200: json(QaScorecardList, 'Scorecards'), ...authed },
});

export const createQaScorecard = createRoute({
  operationId: 'createQaScorecard',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/scorecards',
  summary: 'Add a scorecard: categories with a scale, weight, critical flag and pass mark',
  request: { body: body(QaScorecardCreate) },
  responses: { 201: json(QaScorecard, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaScorecard = createRoute({
  operationId: 'getQaScorecard',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/scorecards/{id}',
  summary: 'A scorecard with its current definition',
  request: { params: QaIdParam },
  responses: { 200: json(QaScorecard, 'Scorecard'), ...problems(401, 403, 404) },
});

export const updateQaScorecard = createRoute({
  operationId: 'updateQaScorecard',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/qa/scorecards/{id}',
  summary: 'Change a scorecard; a changed definition becomes the next version',
  request: { params: QaIdParam, body: body(QaScorecardUpdate) },
  responses: { 200: json(QaScorecard, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaScorecardVersions = createRoute({
  operationId: 'listQaScorecardVersions',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/scorecards/{id}/versions',
  summary: "A scorecard's versions, oldest first",
  request: { params: QaIdParam },
  responses: { 200: json(QaScorecardVersions, 'Versions'), ...problems(401, 403, 404) },
});

export const listQaReviews = createRoute({
  operationId: 'listQaReviews',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/reviews',
  summary: 'Reviews, newest first, filtered, a page at a time',
  description:
    'An agent gets only the reviews of themselves and those they gave (peer and self reviews). `reviewer=me` is the caller. `from` and `to` are UTC days of the review, both included.',
  request: { query: QaReviewsQuery },
  responses: { 200: json(QaReviewList, 'Reviews'), ...problems(400, 401, 403) },
});

export const submitQaReview = createRoute({
  operationId: 'submitQaReview',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/reviews',
  summary: 'Submit a review of a conversation against a scorecard',
  description:
    'The same reviewer submitting again for the same contact, kind and calibration session replaces their review. An agent may review only a conversation assigned to them, or their own (kind self).',
  request: { body: body(QaReviewInput) },
  responses: { 201: json(QaReview, 'Submitted'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaReview = createRoute({
  operationId: 'getQaReview',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/reviews/{id}',
  summary: 'A review with its ratings, comments and dispute',
  description:
    "The id is `encodeURIComponent('source|external_id')`. An agent reads only reviews of themselves and those they gave; any other answers 404.",
  request: { params: QaIdParam },
  responses: { 200: json(QaReview, 'Review'), ...problems(401, 403, 404) },
});

export const openQaDispute = createRoute({
  operationId: 'openQaDispute',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/reviews/{id}/disputes',
  summary: 'Dispute a review of oneself, with a reason',
  request: { params: QaIdParam, body: body(QaDisputeOpen) },
  responses: { 201: json(QaDispute, 'Opened'), ...problems(400, 401, 403, 404, 409) },
});

export const saveQaDraft = createRoute({
  operationId: 'saveQaDraft',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/qa/drafts',
  summary: "Keep the caller's unfinished review of a conversation",
  request: { body: body(QaReviewInput) },
  responses: { 200: json(QaDraftSaved, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaDraft = createRoute({
  operationId: 'getQaDraft',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/drafts',
  summary: "The caller's unfinished review of a conversation, if any",
  request: { query: QaDraftQuery },
  responses: { 200: json(QaDraft, 'Draft'), ...problems(400, 401, 403) },
});

export const getQaTranscript = createRoute({
  operationId: 'getQaTranscript',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/transcript',
  summary: "A conversation's turns in time order with its figures and the automatic checks that hit",
  description:
    'An agent reads only conversations assigned to them for review and their own; any other answers 404.',
  request: { query: QaTranscriptQuery },
  responses: { 200: json(QaTranscript, 'Transcript'), ...problems(400, 401, 403, 404) },
});

export const listQaAssignments = createRoute({
  operationId: 'listQaAssignments',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/assignments',
  summary: 'Review assignments: who reviews which conversation, by when',
  description: '`reviewer=me` is the caller; an agent always gets only their own.',
  request: { query: QaAssignmentsQuery },
  responses: { 200: json(QaAssignmentList, 'Assignments'), ...problems(400, 401, 403) },
});

export const createQaAssignment = createRoute({
  operationId: 'createQaAssignment',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/assignments',
  summary: 'Assign a conversation to a reviewer',
  request: { body: body(QaAssignmentCreate) },
  responses: { 201: json(QaAssignment, 'Assigned'), ...problems(400, 401, 403, 404, 409) },
});

export const updateQaAssignment = createRoute({
  operationId: 'updateQaAssignment',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/qa/assignments/{id}',
  summary: 'Reassign, reschedule, skip or reopen an assignment',
  request: { params: QaIdParam, body: body(QaAssignmentUpdate) },
  responses: { 200: json(QaAssignment, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaSamplingRules = createRoute({
  operationId: 'listQaSamplingRules',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/sampling-rules',
  summary: 'The sampling rules that draw conversations for review',
  responses: { 200: json(QaSamplingRuleList, 'Rules'), ...authed },
});

export const createQaSamplingRule = createRoute({
  operationId: 'createQaSamplingRule',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/sampling-rules',
  summary: 'Add a sampling rule',
  request: { body: body(QaSamplingRuleInput) },
  responses: { 201: json(QaSamplingRule, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const updateQaSamplingRule = createRoute({
  operationId: 'updateQaSamplingRule',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/qa/sampling-rules/{id}',
  summary: 'Change a sampling rule (the fields given)',
  request: { params: QaIdParam, body: body(QaSamplingRuleInput) },
  responses: { 200: json(QaSamplingRule, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const deleteQaSamplingRule = createRoute({
  operationId: 'deleteQaSamplingRule',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/qa/sampling-rules/{id}',
  summary: 'Remove a sampling rule; what it assigned stays',
  request: { params: QaIdParam },
  responses: { 200: json(QaDeleted, 'Removed'), ...problems(400, 401, 403, 404, 409) },
});

export const drawQaSample = createRoute({
  operationId: 'drawQaSample',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/sampling-rules/{id}/draw',
  summary: "Draw a period's sample of a rule now (or show it, dryRun)",
  description:
    'The same seed over the same data draws the same conversations; a conversation once assigned or reviewed is never drawn again.',
  request: { params: QaIdParam, body: body(QaDrawRequest) },
  responses: { 200: json(QaDraw, 'Drawn'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaGoals = createRoute({
  operationId: 'listQaGoals',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/goals',
  summary: 'Review goals: reviews per agent per month, for everyone, a team or an agent',
  responses: { 200: json(QaGoalList, 'Goals'), ...authed },
});

export const putQaGoal = createRoute({
  operationId: 'putQaGoal',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/qa/goals',
  summary: 'Set a review goal',
  request: { body: body(QaGoalInput) },
  responses: { 200: json(QaGoal, 'Set'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaGoalProgress = createRoute({
  operationId: 'getQaGoalProgress',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/goals/progress',
  summary: "Each agent's reviews in a month against their goal",
  description: 'An agent gets only their own.',
  request: { query: QaGoalProgressQuery },
  responses: { 200: json(QaGoalProgressList, 'Progress'), ...problems(400, 401, 403) },
});

export const listQaCalibrations = createRoute({
  operationId: 'listQaCalibrations',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/calibrations',
  summary: 'Calibration sessions',
  responses: { 200: json(QaCalibrationList, 'Sessions'), ...authed },
});

export const createQaCalibration = createRoute({
  operationId: 'createQaCalibration',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/calibrations',
  summary: 'Start a calibration session: the same conversations before several reviewers, blind',
  request: { body: body(QaCalibrationCreate) },
  responses: { 201: json(QaCalibration, 'Started'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaCalibration = createRoute({
  operationId: 'getQaCalibration',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/calibrations/{id}',
  summary: 'A calibration session',
  request: { params: QaIdParam },
  responses: { 200: json(QaCalibration, 'Session'), ...problems(401, 403, 404) },
});

export const closeQaCalibration = createRoute({
  operationId: 'closeQaCalibration',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/calibrations/{id}/close',
  summary: 'Close a calibration session: no more reviews, the comparison is shown',
  request: { params: QaIdParam },
  responses: { 200: json(QaCalibration, 'Closed'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaCalibrationResult = createRoute({
  operationId: 'getQaCalibrationResult',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/calibrations/{id}/result',
  summary: "A calibration session's agreement per category and each reviewer's distance to the reference",
  description: 'Refused (409) while the session is open, except for admins: the reviewers rate blind.',
  request: { params: QaIdParam },
  responses: { 200: json(QaCalibrationResult, 'Result'), ...problems(401, 403, 404, 409) },
});

export const listQaDisputes = createRoute({
  operationId: 'listQaDisputes',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/disputes',
  summary: 'Disputes of reviews, newest first',
  description: 'An agent gets only their own.',
  request: { query: QaDisputesQuery },
  responses: { 200: json(QaDisputeList, 'Disputes'), ...problems(400, 401, 403) },
});

export const resolveQaDispute = createRoute({
  operationId: 'resolveQaDispute',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/disputes/{id}/resolve',
  summary: 'Accept (with changed ratings) or reject a dispute',
  description:
    'Neither the disputing agent nor, unless an admin, the reviewer who gave the review may resolve it.',
  request: { params: QaIdParam, body: body(QaDisputeResolve) },
  responses: { 200: json(QaDispute, 'Resolved'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaCoaching = createRoute({
  operationId: 'listQaCoaching',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/coaching',
  summary: 'Coaching sessions with their agreed actions and follow-up',
  description: 'An agent gets only their own.',
  request: { query: QaCoachingQuery },
  responses: { 200: json(QaCoachingList, 'Sessions'), ...problems(400, 401, 403) },
});

export const createQaCoaching = createRoute({
  operationId: 'createQaCoaching',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/coaching',
  summary: 'Plan or record a coaching session',
  request: { body: body(QaCoachingCreate) },
  responses: { 201: json(QaCoaching, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const updateQaCoaching = createRoute({
  operationId: 'updateQaCoaching',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/qa/coaching/{id}',
  summary: 'Change a coaching session (the fields given)',
  request: { params: QaIdParam, body: body(QaCoachingUpdate) },
  responses: { 200: json(QaCoaching, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaTrainingNeeds = createRoute({
  operationId: 'listQaTrainingNeeds',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/training-needs',
  summary: 'Training needs per agent and category, from the root causes picked on low ratings',
  description: 'An agent gets only their own.',
  request: { query: QaRangeQuery },
  responses: { 200: json(QaTrainingNeeds, 'Needs'), ...problems(400, 401, 403) },
});

export const listQaTrainingDays = createRoute({
  operationId: 'listQaTrainingDays',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/training-days',
  summary: 'Training days recorded per agent',
  description: 'An agent gets only their own.',
  request: { query: QaRangeQuery },
  responses: { 200: json(QaTrainingDays, 'Days'), ...problems(400, 401, 403) },
});

export const recordQaTrainingDay = createRoute({
  operationId: 'recordQaTrainingDay',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/training-days',
  summary: 'Record a training day of an agent',
  request: { body: body(QaTrainingDayInput) },
  responses: { 201: json(QaTrainingDay, 'Recorded'), ...problems(400, 401, 403, 404, 409) },
});

export const listQaChecks = createRoute({
  operationId: 'listQaChecks',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/checks',
  summary: 'The automatic checks run on every conversation, with their settings',
  responses: { 200: json(QaCheckRuleList, 'Checks'), ...authed },
});

export const runQaChecks = createRoute({
  operationId: 'runQaChecks',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/qa/checks/run',
  summary: 'Check conversations again with the current rules',
  request: { body: body(QaChecksRun) },
  responses: { 200: json(QaChecksRan, 'Checked'), ...problems(400, 401, 403) },
});

export const updateQaCheck = createRoute({
  operationId: 'updateQaCheck',
  security: SIGNED_IN,
  tags,
  method: 'patch',
  path: '/api/qa/checks/{id}',
  summary: 'Turn a check on or off, rename it or change its settings',
  request: { params: QaIdParam, body: body(QaCheckRuleUpdate) },
  responses: { 200: json(QaCheckRule, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const getQaReviewerDrift = createRoute({
  operationId: 'getQaReviewerDrift',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/qa/drift',
  summary: "Reviewers whose scores differ clearly from the others' on comparable conversations",
  request: { query: QaDriftQuery },
  responses: { 200: json(QaDrift, 'Drift'), ...problems(400, 401, 403) },
});
