import { err, ok } from '../../../core/result.js';
import type { SurveyView } from '../../surveys/contract.js';
import {
  emptyTally,
  mailSetup,
  type Retries,
  readRetries,
  runReminders,
} from '../../surveys/distribution.js';
import { getSurvey, listSurveys } from '../../surveys/store.js';
import { retryHeldBackWaveMails } from '../../surveys/waves.js';
import type { JobKind, Json } from '../kind.js';
import { surveyParams } from './survey-params.js';

export interface SurveyRemindersParams {
  /** One survey; without it, every active survey. */
  surveyId?: string;
}

/**
 * Sends the one reminder of unanswered survey mails (services/surveys/distribution.ts), and tries
 * again the first mails of waves a passing trouble held back: meant to run often, e.g. hourly.
 */
export const surveyRemindersJob: JobKind<SurveyRemindersParams> = {
  kind: 'survey-reminders',
  fields: [{ name: 'surveyId', required: false }],
  describe: (params) =>
    params.surveyId
      ? `Remind unanswered mails of survey ${params.surveyId}`
      : 'Remind unanswered survey mails',
  validate(params) {
    const checked = surveyParams(params, {}, false);
    if (!checked.ok) return checked;
    return ok(checked.data.surveyId ? { surveyId: checked.data.surveyId } : {});
  },
  async run({ engine, params, cursor, saveCursor, mail, now, signal, progress }) {
    let surveys: SurveyView[];
    if (params.surveyId) {
      const survey = await getSurvey(engine, params.surveyId);
      if (survey === null) return err({ message: `there is no survey ${params.surveyId}` });
      surveys = survey.status === 'active' ? [survey] : [];
    } else {
      const active = (await listSurveys(engine)).filter((s) => s.status === 'active');
      surveys = (await Promise.all(active.map((s) => getSurvey(engine, s.id)))).filter(
        (s): s is SurveyView => s !== null,
      );
    }
    if (surveys.length === 0) return ok({ sent: 0, note: 'no active survey' });
    const setup = await mailSetup(engine, mail);
    if (!setup.ok) return err({ message: setup.error });
    const stored = (typeof cursor === 'object' && cursor !== null ? cursor : {}) as { waves?: unknown };
    let reminderRetries = readRetries(cursor);
    const waveRetries: Retries = readRetries({ retries: stored.waves });
    const save = () => saveCursor({ retries: reminderRetries, waves: waveRetries } as unknown as Json);
    progress({ message: `reminding unanswered mails of ${surveys.length} survey(s)` });
    const waveTally = emptyTally();
    const waiting = await retryHeldBackWaveMails(
      engine,
      setup.data,
      surveys,
      waveRetries,
      waveTally,
      now(),
      signal,
    );
    // Forgotten once sent, bounced or given up, so the cursor does not grow.
    for (const id of Object.keys(waveRetries)) if (!waiting.includes(id)) delete waveRetries[id];
    await save();
    const reminded = await runReminders(
      engine,
      setup.data,
      surveys,
      reminderRetries,
      async (retries) => {
        reminderRetries = retries;
        await save();
      },
      now(),
      signal,
    );
    return ok({
      reminded: reminded.tally.sent,
      bounced: reminded.tally.bounced,
      deferred: reminded.tally.deferred,
      gaveUp: reminded.tally.gaveUp,
      unsubscribed: reminded.unsubscribed,
      waveMailsSent: waveTally.sent,
      waveMailsBounced: waveTally.bounced + waveTally.gaveUp,
    });
  },
};
