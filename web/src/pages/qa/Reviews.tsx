import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { Pager } from '../../components/Pager.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link, navigate, useSearchParams } from '../../router.js';
import {
  qaApi,
  type ReviewQuery,
  type ReviewSummary,
  reviewDetailPath,
  reviewScreenPath,
  type ScorecardView,
} from './api.js';
import { QaNav } from './QaNav.js';
import './qa.css';

const PAGE = 50;
const FILTERS = ['agent', 'reviewer', 'scorecard', 'from', 'to', 'disputed'] as const;

/** The list's query from the address: the filters are in the query string, so a view can be shared. */
export function reviewQueryOf(search: URLSearchParams): ReviewQuery {
  const page = Math.max(1, Number(search.get('page')) || 1);
  const query: ReviewQuery = { limit: PAGE, offset: (page - 1) * PAGE };
  for (const name of ['agent', 'reviewer', 'scorecard', 'from', 'to'] as const) {
    const value = search.get(name);
    if (value) query[name] = value;
  }
  const disputed = search.get('disputed');
  if (disputed === 'true' || disputed === 'false') query.disputed = disputed === 'true';
  return query;
}

/** Reviews, newest first, with filters; an agent gets only those of themselves and those they gave. */
export function Reviews() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { user, status, filterValues } = useAppData();
  const [search, update] = useSearchParams();
  usePageTitle(t('qa.reviews.title'));
  const query = reviewQueryOf(search);
  const result = useApi(JSON.stringify(query), (signal) => qaApi.reviews(query, signal));
  const scorecards = useApi(user.role === 'agent' ? null : 'qa-scorecards', (signal) =>
    qaApi.scorecards(signal),
  );
  const scorecardList = scorecards.state === 'ok' ? (scorecards.data.scorecards as ScorecardView[]) : [];
  const manager = user.role === 'admin' || user.role === 'manager';
  const page = Math.floor(query.offset / PAGE) + 1;
  const ids = {
    agent: useId(),
    reviewer: useId(),
    scorecard: useId(),
    from: useId(),
    to: useId(),
    disputed: useId(),
  };

  const set = (name: (typeof FILTERS)[number], value: string) =>
    update((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      p.delete('page');
    }, true);

  return (
    <>
      <div className="page-head">
        <h1>{t('qa.reviews.title')}</h1>
      </div>
      <QaNav />
      {manager ? <StartReview /> : null}
      <form className="qa-filters" aria-label={t('qa.reviews.filters')} onSubmit={(e) => e.preventDefault()}>
        {manager ? (
          <label htmlFor={ids.agent}>
            {labels.dimension('agent')}
            <select id={ids.agent} value={query.agent ?? ''} onChange={(e) => set('agent', e.target.value)}>
              <option value="">{t('qa.filter.any')}</option>
              {filterValues.agent.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name ?? a.id}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label htmlFor={ids.reviewer}>
          {t('qa.column.reviewer')}
          {manager ? (
            <input
              id={ids.reviewer}
              defaultValue={query.reviewer ?? ''}
              onBlur={(e) => set('reviewer', e.target.value.trim())}
              placeholder={t('qa.filter.reviewerHint')}
            />
          ) : (
            <select
              id={ids.reviewer}
              value={query.reviewer ?? ''}
              onChange={(e) => set('reviewer', e.target.value)}
            >
              <option value="">{t('qa.filter.any')}</option>
              <option value="me">{t('qa.filter.me')}</option>
            </select>
          )}
        </label>
        {manager ? (
          <label htmlFor={ids.scorecard}>
            {t('qa.column.scorecard')}
            <select
              id={ids.scorecard}
              value={query.scorecard ?? ''}
              onChange={(e) => set('scorecard', e.target.value)}
            >
              <option value="">{t('qa.filter.any')}</option>
              {scorecardList.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label htmlFor={ids.from}>
          {t('qa.filter.from')}
          <input
            id={ids.from}
            type="date"
            value={query.from ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
        </label>
        <label htmlFor={ids.to}>
          {t('qa.filter.to')}
          <input id={ids.to} type="date" value={query.to ?? ''} onChange={(e) => set('to', e.target.value)} />
        </label>
        <label htmlFor={ids.disputed}>
          {t('qa.column.disputed')}
          <select
            id={ids.disputed}
            value={query.disputed === undefined ? '' : String(query.disputed)}
            onChange={(e) => set('disputed', e.target.value)}
          >
            <option value="">{t('qa.filter.any')}</option>
            <option value="true">{t('value.yes')}</option>
            <option value="false">{t('value.no')}</option>
          </select>
        </label>
      </form>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && result.data.reviews.length === 0 ? (
        <p className="muted">{t('qa.reviews.empty')}</p>
      ) : null}
      {result.state === 'ok' && result.data.reviews.length > 0 ? (
        <>
          <table className="qa-table" data-testid="qa-reviews">
            <caption className="visually-hidden">{t('qa.reviews.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qa.column.reviewedAt')}</th>
                <th scope="col">{t('qa.column.contact')}</th>
                <th scope="col">{labels.dimension('agent')}</th>
                <th scope="col">{t('qa.column.reviewer')}</th>
                <th scope="col">{t('qa.column.kind')}</th>
                <th scope="col">{t('qa.column.score')}</th>
                <th scope="col">{t('qa.column.disputed')}</th>
              </tr>
            </thead>
            <tbody>
              {(result.data.reviews as ReviewSummary[]).map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={reviewDetailPath(r.id)}>
                      {formatInstant(locale, r.reviewedAt, status.timezone)}
                    </Link>
                  </td>
                  <td>
                    {r.contact.source} · {r.contact.externalId}
                    {r.channel ? (
                      <span className="muted"> · {labels.value('channel', r.channel)}</span>
                    ) : null}
                  </td>
                  <td>{labels.agent(r.agentId)}</td>
                  <td>{r.reviewerId}</td>
                  <td>{t(`qa.kind.${r.kind}` as MessageKey)}</td>
                  <td>
                    <ScoreBadge score={r.score} passed={r.passed} criticalFailed={r.criticalFailed} />
                  </td>
                  <td>{r.disputed ? t('value.yes') : t('value.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={page}
            pageSize={PAGE}
            total={result.data.total}
            onPage={(next) => update((p) => p.set('page', String(next)))}
            label={t('qa.reviews.pages')}
          />
        </>
      ) : null}
    </>
  );
}

export function ScoreBadge({
  score,
  passed,
  criticalFailed,
}: {
  score: number | null;
  passed: boolean;
  criticalFailed: boolean;
}) {
  const { t, locale } = useI18n();
  if (score === null) return <span className="muted">{t('qa.review.noScore')}</span>;
  return (
    <span className={`badge ${passed ? 'better' : 'worse'}`} data-testid="qa-score">
      {formatPercent(locale, score, 0)}
      {criticalFailed ? ` · ${t('qa.review.criticalFailed')}` : ''}
      <span className="visually-hidden"> {passed ? t('qa.review.passed') : t('qa.review.failed')}</span>
    </span>
  );
}

/** A manager starts a review of any conversation by its helpdesk id. */
function StartReview() {
  const { t } = useI18n();
  const [source, setSource] = useState('');
  const [externalId, setExternalId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source.trim() || !externalId.trim()) return;
    navigate(reviewScreenPath({ source: source.trim(), externalId: externalId.trim() }));
  };
  return (
    <form className="qa-start" onSubmit={submit} aria-label={t('qa.reviews.start')}>
      <label>
        {t('qa.reviews.source')}
        <input value={source} onChange={(e) => setSource(e.target.value)} required />
      </label>
      <label>
        {t('qa.reviews.externalId')}
        <input value={externalId} onChange={(e) => setExternalId(e.target.value)} required />
      </label>
      <button type="submit">{t('qa.reviews.start')}</button>
    </form>
  );
}
