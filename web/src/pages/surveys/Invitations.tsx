import { useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import {
  INVITATION_STATES,
  type InvitationState,
  type SurveyInvitation,
  type SurveyView,
  surveysApi,
} from './api.js';

/** Invitations asked per page; "More" asks for the next. */
const PAGE = 50;

/** The ways an invitation goes out (SURVEY_VIAS in src/core/schema.ts), each with its name. */
const VIAS = new Set(['email', 'link', 'public', 'qr', 'widget', 'wave', 'import']);

/** States an invitation can be in; `created` is one made but not sent yet (a link, a public answer). */
const STATE_NAMES = new Set<string>([...INVITATION_STATES, 'created']);

/**
 * What became of a survey's invitations: how many reached each state, and each invitation with its
 * state, the reason a mail failed, its language, the way it went out and its times, newest first.
 */
export function InvitationsPanel({ survey }: { survey: SurveyView }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const id = useId();
  const [state, setState] = useState<InvitationState | ''>('');
  const [more, setMore] = useState<SurveyInvitation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const query = { ...(state ? { state } : {}), limit: PAGE };
  const page = useApi(`survey-invitations:${survey.id}:${state}`, async (signal) => {
    const answer = await surveysApi.invitations(survey.id, query, signal);
    if (answer.ok) {
      setMore([]);
      setCursor(answer.data.nextCursor);
    }
    return answer;
  });
  const loadMore = async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const next = await surveysApi.invitations(survey.id, { ...query, cursor });
    setLoadingMore(false);
    if (next.ok) {
      setMore((shown) => [...shown, ...next.data.invitations]);
      setCursor(next.data.nextCursor);
    }
  };
  const rows = page.state === 'ok' ? [...page.data.invitations, ...more] : [];
  const when = (instant: string | null) =>
    instant ? formatInstant(locale, instant, status.timezone) : t('value.none');
  const stateName = (s: string) =>
    STATE_NAMES.has(s) ? t(`surveys.invitations.state.${s}` as MessageKey) : s;
  const viaName = (via: string) => (VIAS.has(via) ? t(`surveys.via.${via}` as MessageKey) : via);

  return (
    <div className="survey-invitations" data-testid="survey-invitations">
      {page.state === 'loading' ? <Loading /> : null}
      {page.state === 'error' ? <ErrorState error={page.error} onRetry={page.reload} /> : null}
      {page.state === 'ok' ? (
        <section aria-labelledby={`${id}-totals`}>
          <h3 id={`${id}-totals`}>{t('surveys.invitations.totals')}</h3>
          <dl className="survey-totals" data-testid="invitation-totals">
            <div data-testid="invitation-total-all">
              <dt>{t('surveys.invitations.all')}</dt>
              <dd>{formatCount(locale, page.data.totals.all)}</dd>
            </div>
            {INVITATION_STATES.map((s) => (
              <div key={s} data-testid={`invitation-total-${s}`}>
                <dt>{stateName(s)}</dt>
                <dd>{formatCount(locale, page.data.totals[s])}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t('surveys.invitations.totalsHint')}</p>
        </section>
      ) : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-state`}>{t('surveys.invitations.show')}</label>
          <select
            id={`${id}-state`}
            value={state}
            onChange={(e) => setState(e.target.value as InvitationState | '')}
          >
            <option value="">{t('surveys.invitations.showAll')}</option>
            {INVITATION_STATES.map((s) => (
              <option key={s} value={s}>
                {stateName(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {page.state === 'ok' && rows.length === 0 ? (
        <p data-testid="no-invitations">{t('surveys.invitations.none')}</p>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-wrap" aria-busy={page.stale}>
          <table data-testid="invitations-table">
            <caption className="visually-hidden">{t('surveys.tab.invitations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('surveys.invitations.state')}</th>
                <th scope="col">{t('surveys.invitations.to')}</th>
                <th scope="col">{t('surveys.answers.via')}</th>
                <th scope="col">{t('surveys.share.language')}</th>
                <th scope="col">{t('surveys.invitations.sentAt')}</th>
                <th scope="col">{t('surveys.invitations.openedAt')}</th>
                <th scope="col">{t('surveys.invitations.answeredAt')}</th>
                <th scope="col">{t('surveys.invitations.remindedAt')}</th>
                <th scope="col">{t('surveys.invitations.failure')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((invitation) => (
                <tr key={invitation.id} data-testid="invitation-row">
                  <td data-testid="invitation-state">{stateName(invitation.state)}</td>
                  <td>
                    {/* The address is the admin's alone to see; the others see whom by contact or customer. */}
                    {invitation.email ?? invitation.customerId ?? invitation.contactKey ?? t('value.none')}
                  </td>
                  <td>
                    {[viaName(invitation.via), invitation.sourceLabel, invitation.location, invitation.waveId]
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td>{invitation.language ?? t('value.none')}</td>
                  <td>{when(invitation.sentAt)}</td>
                  <td>{when(invitation.openedAt)}</td>
                  <td>{when(invitation.answeredAt)}</td>
                  <td>{when(invitation.remindedAt)}</td>
                  <td data-testid="invitation-failure">
                    {invitation.failure
                      ? `${invitation.failure}${invitation.bouncedAt ? ` (${when(invitation.bouncedAt)})` : ''}`
                      : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cursor ? (
        <p>
          <button type="button" className="secondary" onClick={() => void loadMore()} aria-busy={loadingMore}>
            {t('surveys.invitations.more')}
          </button>
        </p>
      ) : null}
    </div>
  );
}
