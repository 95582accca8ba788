import { err, ok } from '../../../core/result.js';
import { mailSetup } from '../../surveys/distribution.js';
import { getSurvey } from '../../surveys/store.js';
import { readWaveCursor, runWave } from '../../surveys/waves.js';
import type { JobKind, Json } from '../kind.js';
import { surveyParams } from './survey-params.js';

export interface SurveyWaveParams {
  surveyId: string;
  /** Draw the sample with this seed (a whole number) instead of a random one: to draw a wave again. */
  seed?: number;
}

/**
 * Sends a relationship survey's wave (services/surveys/waves.ts): scheduled by the wave rules'
 * cron in their time zone, or run now. A run cut off resumes the same wave.
 */
export const surveyWaveJob: JobKind<SurveyWaveParams> = {
  kind: 'survey-wave',
  fields: [
    { name: 'surveyId', required: true },
    { name: 'seed', required: false },
  ],
  describe: (params) => `Send a wave of survey ${params.surveyId}`,
  validate(params) {
    const checked = surveyParams(
      params,
      {
        seed: (value) =>
          typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31
            ? null
            : 'must be a whole number from 0 to 2147483647',
      },
      true,
    );
    if (!checked.ok) return checked;
    const { surveyId, seed } = checked.data;
    return ok({ surveyId: surveyId as string, ...(typeof seed === 'number' ? { seed } : {}) });
  },
  async run({ engine, params, cursor, saveCursor, mail, now, signal, progress }) {
    const survey = await getSurvey(engine, params.surveyId);
    if (survey === null) return err({ message: `there is no survey ${params.surveyId}` });
    if (survey.status !== 'active')
      return err({ message: `survey ${survey.id} is ${survey.status}; a wave is sent of an active survey` });
    const setup = await mailSetup(engine, mail);
    if (!setup.ok) return err({ message: setup.error });
    progress({ message: `sending a wave of survey ${survey.id}` });
    const run = await runWave(
      engine,
      setup.data,
      survey,
      readWaveCursor(cursor),
      (state) => saveCursor(state as unknown as Json),
      now(),
      { ...(params.seed === undefined ? {} : { seed: params.seed }), signal },
    );
    return ok({
      waveId: run.wave.waveId,
      seed: run.wave.seed,
      resumed: run.resumed,
      audience: run.wave.audienceSize,
      invited: run.wave.invited,
      ...run.tally,
      unsubscribed: run.unsubscribed,
      fatigued: run.fatigued,
    });
  },
};
