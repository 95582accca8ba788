import { useId } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { qaApi, type ScorecardView } from './api.js';
import { canManageQa } from './manage.js';
import { QaNav } from './QaNav.js';

export const SCORECARD_STATUS_KEYS: Record<ScorecardView['status'], MessageKey> = {
  draft: 'qaManage.status.draft',
  active: 'qaManage.status.active',
  archived: 'qaManage.status.archived',
};

/** Every scorecard with what it applies to; the coach opens one to edit it or starts a new one. */
export function Scorecards() {
  const { t, locale } = useI18n();
  const { user, status } = useAppData();
  const labels = useLabels();
  usePageTitle(t('qaManage.scorecards.title'));
  const id = useId();
  const list = useApi('qa-scorecards', (signal) => qaApi.scorecards(signal));
  const appliesTo = (s: ScorecardView) => {
    const parts = [
      ...s.definition.channels.map((c) => labels.value('channel', c)),
      ...s.definition.teams.map((team) => labels.team(team)),
    ];
    return parts.length ? parts.join(', ') : t('qaManage.scorecards.everywhere');
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('qaManage.scorecards.title')}</h1>
        {canManageQa(user.role) ? (
          <div className="page-actions">
            <Link to="/qa/scorecards/new" className="button" data-testid="new-scorecard">
              {t('qaManage.scorecards.new')}
            </Link>
          </div>
        ) : null}
      </div>
      <p className="hint">{t('qaManage.scorecards.intro')}</p>
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.state === 'ok' && list.data.scorecards.length === 0 ? (
        <p>{t('qaManage.scorecards.none')}</p>
      ) : null}
      {list.state === 'ok' && list.data.scorecards.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="scorecards-table">
            <caption className="visually-hidden">{t('qaManage.scorecards.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.name')}</th>
                <th scope="col">{t('qaManage.column.status')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.version')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.categories')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.critical')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.passMark')}
                </th>
                <th scope="col">{t('qaManage.column.appliesTo')}</th>
                <th scope="col">{t('qaManage.column.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.scorecards.map((s) => (
                <tr key={s.id} data-testid={`scorecard-${s.id}`}>
                  <th scope="row">
                    <Link to={`/qa/scorecards/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  </th>
                  <td>{t(SCORECARD_STATUS_KEYS[s.status])}</td>
                  <td className="num" data-testid="scorecard-version">
                    {formatCount(locale, s.version)}
                  </td>
                  <td className="num">{formatCount(locale, s.definition.categories.length)}</td>
                  <td className="num">
                    {formatCount(locale, s.definition.categories.filter((c) => c.critical).length)}
                  </td>
                  <td className="num">{formatPercent(locale, s.definition.passMark, 0)}</td>
                  <td>{appliesTo(s)}</td>
                  <td>{formatInstant(locale, s.updatedAt, status.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
