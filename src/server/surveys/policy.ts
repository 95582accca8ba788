import { everyRole, type Policies, roles } from '../access.js';

/**
 * Admins and managers run surveys; everyone signed in may read what a survey asks. Answers carry
 * comments and name contacts: like contact lists, not for viewers, and an agent gets only the
 * answers credited to them (handlers.ts). Erasure and the team-wide survey settings are an admin's.
 */
export const SURVEYS_POLICIES: Policies = {
  listSurveys: everyRole,
  createSurvey: roles('admin', 'manager'),
  listSurveyAnswers: roles('admin', 'manager', 'agent'),
  getSurveyConfig: roles('admin'),
  putSurveyConfig: roles('admin'),
  eraseSurveyCustomer: roles('admin'),
  getSurvey: everyRole,
  updateSurvey: roles('admin', 'manager'),
  listSurveyVersions: everyRole,
  getSurveyVersion: everyRole,
  createSurveyLink: roles('admin', 'manager'),
  getSurveyQr: roles('admin', 'manager'),
  getSurveyPoster: roles('admin', 'manager'),
  getSurveyWidget: roles('admin', 'manager'),
  listSurveyInvitations: roles('admin', 'manager'),
  runSurveyWave: roles('admin', 'manager'),
  listSurveyWaves: roles('admin', 'manager'),
};
