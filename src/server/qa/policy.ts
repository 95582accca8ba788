import { everyRole, type Policies, roles } from '../access.js';

const staff = roles('admin', 'manager');
const staffAndAgents = roles('admin', 'manager', 'agent');

/**
 * Admins and managers run quality reviews. An agent reads the reviews of themselves and those they
 * were given to do, reviews what is assigned to them (or their own conversations), disputes their
 * own reviews and sees their own coaching, training and goals: handlers.ts narrows each to them.
 * A viewer sees the figures only, and what a review checks: the scorecards and the automatic checks.
 */
export const QA_POLICIES: Policies = {
  listQaScorecards: everyRole,
  createQaScorecard: staff,
  getQaScorecard: everyRole,
  updateQaScorecard: staff,
  listQaScorecardVersions: staff,
  listQaReviews: staffAndAgents,
  submitQaReview: staffAndAgents,
  getQaReview: staffAndAgents,
  openQaDispute: staffAndAgents,
  saveQaDraft: staffAndAgents,
  getQaDraft: staffAndAgents,
  getQaTranscript: staffAndAgents,
  listQaAssignments: staffAndAgents,
  createQaAssignment: staff,
  updateQaAssignment: staff,
  listQaSamplingRules: staff,
  createQaSamplingRule: staff,
  updateQaSamplingRule: staff,
  deleteQaSamplingRule: staff,
  drawQaSample: staff,
  listQaGoals: staff,
  putQaGoal: staff,
  getQaGoalProgress: staffAndAgents,
  listQaCalibrations: staff,
  createQaCalibration: staff,
  getQaCalibration: staff,
  closeQaCalibration: staff,
  getQaCalibrationResult: staff,
  listQaDisputes: staffAndAgents,
  resolveQaDispute: staff,
  listQaCoaching: staffAndAgents,
  createQaCoaching: staff,
  updateQaCoaching: staff,
  listQaTrainingNeeds: staffAndAgents,
  listQaTrainingDays: staffAndAgents,
  recordQaTrainingDay: staff,
  listQaChecks: everyRole,
  runQaChecks: staff,
  updateQaCheck: staff,
  getQaReviewerDrift: staff,
};
