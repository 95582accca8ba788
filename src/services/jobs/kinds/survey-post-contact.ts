import { err, ok } from '../../../core/result.js';
import { mailSetup, readPostContactCursor, runPostContact } from '../../surveys/distribution.js';
import { getSurvey } from '../../surveys/store.js';
import type { JobKind, Json } from '../kind.js';
import { surveyParams } from './survey-params.js';

export interface SurveyPostContactParams {
  surveyId: string;
  /**
   * First run only: ask after contacts resolved since this instant (ISO 8601) instead of since the
   * survey's last change; later runs go on from their cursor.
   */
  since?: string;
}

/**
 * Mails a post-contact survey after resolved contacts, by its distribution settings
 * (services/surveys/distribution.ts): meant to run every few minutes, e.g. `*\/5 * * * *`.
 */
export const surveyPostContactJob: JobKind<SurveyPostContactParams> = {
  kind: 'survey-post-contact',
  fields: [
    { name: 'surveyId', required: true },
    { name: 'since', required: false },
  ],
  describe: (params) => `Mail survey ${params.surveyId} after resolved contacts`,
  validate(params) {
    const checked = surveyParams(
      params,
      {
        since: (value) =>
          typeof value === 'string' && !Number.isNaN(Date.parse(value))
            ? null
            : 'must be an ISO 8601 instant, e.g. 2026-06-01T00:00:00Z',
      },
      true,
    );
    if (!checked.ok) return checked;
    const { surveyId, since } = checked.data;
    return ok({ surveyId: surveyId as string, ...(typeof since === 'string' ? { since } : {}) });
  },
  async run({ engine, params, cursor, saveCursor, mail, now, signal, progress }) {
    const survey = await getSurvey(engine, params.surveyId);
    if (survey === null) return err({ message: `there is no survey ${params.surveyId}` });
    const off =
      survey.status !== 'active'
        ? `survey ${survey.id} is ${survey.status}, not active`
        : survey.settings.postContact.enabled
          ? null
          : `survey ${survey.id} sends no e-mails after contacts (postContact.enabled is off)`;
    if (off !== null) {
      // Contacts resolved while the survey is off are not asked once it is on again.
      const stored = readPostContactCursor(cursor);
      const until = new Date(now().getTime() - survey.settings.postContact.delayMinutes * 60_000);
      if (stored && Date.parse(stored.resolvedAfter) < until.getTime())
        await saveCursor({ ...stored, resolvedAfter: until.toISOString() } as unknown as Json);
      return ok({ sent: 0, note: off });
    }
    const setup = await mailSetup(engine, mail);
    if (!setup.ok) return err({ message: setup.error });
    const resumeFrom =
      readPostContactCursor(cursor) ??
      (params.since ? { resolvedAfter: new Date(params.since).toISOString(), retries: {} } : null);
    progress({ message: `mailing survey ${survey.id} after resolved contacts` });
    const run = await runPostContact(
      engine,
      setup.data,
      survey,
      resumeFrom,
      (state) => saveCursor(state as unknown as Json),
      now(),
      signal,
    );
    return ok({ ...run.tally, skipped: run.skipped, resolvedUntil: run.cursor.resolvedAfter });
  },
};
