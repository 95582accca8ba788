import { useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant, formatPercent } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { type SurveyView, surveysApi } from './api.js';

/**
 * A relationship survey's waves, newest first, with what each reached, and a way to send one now
 * rather than wait for the schedule. The job runner sends it: the report fills in as mail goes out.
 */
export function WavesPanel({ survey }: { survey: SurveyView }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const waves = useApi(`survey-waves:${survey.id}`, (signal) => surveysApi.waves(survey.id, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [asked, setAsked] = useState(false);

  const run = async () => {
    if (busy) return;
    // A wave mails a whole audience at once: never on a stray click.
    if (!window.confirm(t('surveys.waves.confirm', { name: survey.name }))) return;
    setBusy(true);
    const started = await surveysApi.runWave(survey.id);
    setBusy(false);
    setError(started.ok ? null : started.error);
    setAsked(started.ok);
    if (started.ok) waves.reload();
  };

  return (
    <div className="survey-waves" data-testid="survey-waves">
      <p className="hint">
        {survey.settings.wave.enabled
          ? t('surveys.waves.scheduled', {
              schedule: survey.settings.wave.schedule,
              timezone: survey.settings.wave.timezone,
            })
          : t('surveys.waves.unscheduled')}
      </p>
      <p>
        <button type="button" onClick={() => void run()} aria-busy={busy} data-testid="run-wave">
          {t('surveys.waves.run')}
        </button>
      </p>
      {error ? <ErrorState error={error} /> : null}
      {asked ? (
        <p className="notice" role="status" data-testid="wave-asked">
          {t('surveys.waves.asked')}
        </p>
      ) : null}
      {waves.state === 'loading' ? <Loading /> : null}
      {waves.state === 'error' ? <ErrorState error={waves.error} onRetry={waves.reload} /> : null}
      {waves.state === 'ok' && waves.data.waves.length === 0 ? (
        <p data-testid="no-waves">{t('surveys.waves.none')}</p>
      ) : null}
      {waves.state === 'ok' && waves.data.waves.length > 0 ? (
        <div className="table-wrap" aria-busy={waves.stale}>
          <table data-testid="waves-table">
            <caption className="visually-hidden">{t('surveys.tab.waves')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.waves.started')}</th>
                <th scope="col">{t('surveys.settings.audience')}</th>
                <th scope="col" className="num">
                  {t('surveys.waves.invited')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.invitations.state.sent')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.invitations.state.delivered')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.invitations.state.bounced')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.invitations.state.answered')}
                </th>
                <th scope="col" className="num">
                  {t('surveys.column.responseRate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {waves.data.waves.map((wave) => (
                <tr key={wave.waveId} data-testid="wave-row">
                  <th scope="row">
                    {wave.startedAt
                      ? formatInstant(locale, wave.startedAt, status.timezone)
                      : t('value.none')}
                  </th>
                  <td>
                    {t('surveys.waves.sampleOf', {
                      share: formatPercent(locale, wave.sample, 0),
                      size: formatCount(locale, wave.audienceSize),
                      audience: t(`surveys.settings.audience.${wave.audience}`),
                    })}
                  </td>
                  <td className="num">{formatCount(locale, wave.invited)}</td>
                  <td className="num">{formatCount(locale, wave.sent)}</td>
                  <td className="num">{formatCount(locale, wave.delivered)}</td>
                  <td className="num">{formatCount(locale, wave.bounced)}</td>
                  <td className="num">{formatCount(locale, wave.answered)}</td>
                  <td className="num">
                    {wave.responseRate === null ? t('value.none') : formatPercent(locale, wave.responseRate)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
