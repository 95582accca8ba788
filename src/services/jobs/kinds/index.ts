import { eraseParams, type JobKinds, jobKinds } from '../kind.js';
import { alertEvaluationJob } from './alert-evaluation.js';
import { qaSamplingJob } from './qa-sampling.js';
import { rebuildJob } from './rebuild.js';
import { reportDeliveriesJob } from './report-deliveries.js';
import { surveyPostContactJob } from './survey-post-contact.js';
import { surveyRemindersJob } from './survey-reminders.js';
import { surveyWaveJob } from './survey-wave.js';
import { syncZendeskJob } from './sync-zendesk.js';
import { wordsAnalysisJob } from './words-analysis.js';

/** Every kind of job the server runs. A new kind is one file in this folder and one line here. */
export const JOB_KINDS: JobKinds = jobKinds([
  eraseParams(syncZendeskJob),
  eraseParams(rebuildJob),
  eraseParams(surveyPostContactJob),
  eraseParams(surveyRemindersJob),
  eraseParams(surveyWaveJob),
  eraseParams(qaSamplingJob),
  eraseParams(alertEvaluationJob),
  eraseParams(reportDeliveriesJob),
  eraseParams(wordsAnalysisJob),
]);
