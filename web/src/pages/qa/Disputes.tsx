import { useId, useMemo, useState } from 'react';
import { scoreReview } from '../../../../src/core/qa/scoring.js';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import {
  type DisputeView,
  type QaRootCause,
  qaApi,
  type ReviewView,
  reviewDetailPath,
  type ScorecardView,
} from './api.js';
import { QaNav } from './QaNav.js';
import { ratingText } from './ReviewDetail.js';
import './qa.css';

const STATUSES = ['open', 'accepted', 'rejected'] as const;

/** Disputes for the managers: the open ones to settle, the settled ones to look back on. */
export function Disputes() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { status: data } = useAppData();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const statusId = useId();
  usePageTitle(t('qa.disputes.title'));
  const result = useApi(`qa-disputes-${status}`, (signal) => qaApi.disputes({ status }, signal));
  const list = result.state === 'ok' ? (result.data.disputes as DisputeView[]) : [];
  const current = list.find((d) => d.id === selected) ?? null;

  return (
    <>
      <div className="page-head">
        <h1>{t('qa.disputes.title')}</h1>
      </div>
      <QaNav />
      <p className="qa-filters">
        <label htmlFor={statusId}>{t('qa.disputes.status')}</label>{' '}
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as (typeof STATUSES)[number]);
            setSelected(null);
          }}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`qa.dispute.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </p>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && list.length === 0 ? <p className="muted">{t('qa.disputes.empty')}</p> : null}
      {list.length > 0 ? (
        <table className="qa-table" data-testid="qa-disputes">
          <thead>
            <tr>
              <th scope="col">{t('qa.column.opened')}</th>
              <th scope="col">{labels.dimension('agent')}</th>
              <th scope="col">{t('qa.dispute.reason')}</th>
              <th scope="col">{t('qa.column.score')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('qa.column.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.id} aria-selected={d.id === selected}>
                <td>{formatInstant(locale, d.openedAt, data.timezone)}</td>
                <td>{labels.agent(d.agentId)}</td>
                <td>
                  {d.reason}
                  {d.categoryId ? <span className="muted"> ({d.categoryId})</span> : null}
                </td>
                <td>
                  {d.scoreBefore === null ? t('value.none') : formatPercent(locale, d.scoreBefore, 0)}
                  {d.scoreAfter !== null && d.scoreAfter !== d.scoreBefore
                    ? ` → ${formatPercent(locale, d.scoreAfter, 0)}`
                    : ''}
                </td>
                <td>
                  {d.status === 'open' ? (
                    <button type="button" className="secondary" onClick={() => setSelected(d.id)}>
                      {t('qa.disputes.settle')}
                    </button>
                  ) : (
                    <Link to={reviewDetailPath(d.reviewId)}>{t('qa.disputes.view')}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {current ? (
        <Resolver
          key={current.id}
          dispute={current}
          onDone={() => {
            setSelected(null);
            result.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** Settling one dispute: re-rate the categories (the score follows) and accept, or reject with a reason. */
function Resolver({ dispute, onDone }: { dispute: DisputeView; onDone: () => void }) {
  const { t, locale } = useI18n();
  const review = useApi(dispute.reviewId, (signal) => qaApi.review(dispute.reviewId, signal));
  const data = review.state === 'ok' ? (review.data as ReviewView) : null;
  const scorecard = useApi(data?.scorecardId ?? null, (signal) =>
    qaApi.scorecard(data?.scorecardId ?? '', signal),
  );
  const [changes, setChanges] = useState<Record<string, number | null>>({});
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const resolutionId = useId();
  const criticalScope =
    scorecard.state === 'ok' ? (scorecard.data as ScorecardView).definition.criticalScope : 'review';

  const preview = useMemo(() => {
    if (!data) return null;
    return scoreReview(
      data.ratings.map((r) => ({
        ...r,
        rating: r.categoryId in changes ? (changes[r.categoryId] ?? null) : r.rating,
      })),
      { criticalScope, passMark: data.passMark },
    );
  }, [data, changes, criticalScope]);

  const resolve = async (accept: boolean) => {
    if (!data) return;
    if (!resolution.trim()) {
      setError(t('qa.disputes.resolutionNeeded'));
      return;
    }
    setBusy(true);
    const changed = data.ratings
      .filter((r) => r.categoryId in changes && changes[r.categoryId] !== r.rating)
      .map((r) => ({
        categoryId: r.categoryId,
        rating: changes[r.categoryId] ?? null,
        comment: r.comment,
        quote: r.quote,
        rootCauses: r.rootCauses as QaRootCause[],
      }));
    const result = await qaApi.resolveDispute(dispute.id, {
      accept,
      resolution: resolution.trim(),
      ...(accept && changed.length > 0 ? { ratings: changed } : {}),
    });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error.detail ?? result.error.title);
  };

  return (
    <section className="panel qa-resolver" aria-labelledby="qa-resolver-title" data-testid="qa-resolver">
      <h2 id="qa-resolver-title">{t('qa.disputes.settleTitle')}</h2>
      <p>
        <strong>{t('qa.dispute.reason')}:</strong> {dispute.reason}
      </p>
      {review.state === 'loading' ? <Loading /> : null}
      {review.state === 'error' ? <ErrorState error={review.error} onRetry={review.reload} /> : null}
      {data && preview ? (
        <>
          <p data-testid="qa-resolver-score">
            {t('qa.disputes.scoreNow', {
              before: data.score === null ? t('value.none') : formatPercent(locale, data.score, 0),
              after: preview.score === null ? t('value.none') : formatPercent(locale, preview.score, 0),
            })}
          </p>
          <table className="qa-table">
            <thead>
              <tr>
                <th scope="col">{t('qa.column.category')}</th>
                <th scope="col">{t('qa.column.rating')}</th>
                <th scope="col">{t('qa.disputes.newRating')}</th>
              </tr>
            </thead>
            <tbody>
              {data.ratings.map((r) => {
                const value = r.categoryId in changes ? (changes[r.categoryId] ?? null) : r.rating;
                const points = Array.from({ length: r.scaleMax - r.scaleMin + 1 }, (_, i) => r.scaleMin + i);
                return (
                  <tr
                    key={r.categoryId}
                    className={dispute.categoryId === r.categoryId ? 'qa-disputed-row' : undefined}
                  >
                    <th scope="row">{r.categoryName ?? r.categoryId}</th>
                    <td>{ratingText(t, r)}</td>
                    <td>
                      <select
                        aria-label={t('qa.review.ratingOf', { category: r.categoryName ?? r.categoryId })}
                        value={value === null ? '' : String(value)}
                        onChange={(e) =>
                          setChanges((c) => ({
                            ...c,
                            [r.categoryId]: e.target.value === '' ? null : Number(e.target.value),
                          }))
                        }
                      >
                        <option value="">{t('qa.review.notApplicable')}</option>
                        {points.map((p) => (
                          <option key={p} value={p}>
                            {ratingText(t, { ...r, rating: p })}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <label htmlFor={resolutionId}>{t('qa.dispute.resolution')}</label>
          <textarea
            id={resolutionId}
            rows={3}
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            required
          />
          {error ? (
            <p className="qa-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="qa-actions">
            <button type="button" disabled={busy} onClick={() => void resolve(true)}>
              {t('qa.disputes.accept')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void resolve(false)}>
              {t('qa.disputes.reject')}
            </button>
            <Link to={reviewDetailPath(dispute.reviewId)}>{t('qa.disputes.view')}</Link>
          </div>
        </>
      ) : null}
    </section>
  );
}
