import { type FormEvent, useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatInstant, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { type DisputeView, qaApi, type ReviewView } from './api.js';
import { QaNav } from './QaNav.js';
import { ScoreBadge } from './Reviews.js';
import './qa.css';

type Rating = ReviewView['ratings'][number];

/** A rating as the reader sees it: the point on its scale, pass/fail in words, or not applicable. */
export function ratingText(
  t: (key: MessageKey) => string,
  rating: Pick<Rating, 'rating' | 'scaleMin' | 'scaleMax'>,
): string {
  if (rating.rating === null) return t('qa.review.notApplicable');
  if (rating.scaleMin === 0 && rating.scaleMax === 1)
    return rating.rating >= 1 ? t('qa.review.pass') : t('qa.review.fail');
  return `${rating.rating} / ${rating.scaleMax}`;
}

/** One review as its agent or a manager reads it, with its dispute and the way to open one. */
export function ReviewDetail({ reviewId }: { reviewId: string }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { user, status } = useAppData();
  const result = useApi(reviewId, (signal) => qaApi.review(reviewId, signal));
  const disputes = useApi(result.state === 'ok' ? `disputes-${reviewId}` : null, (signal) =>
    qaApi.disputes({}, signal),
  );
  usePageTitle(t('qa.detail.title'));

  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error')
    return (
      <>
        <h1>{t('qa.detail.title')}</h1>
        <ErrorState
          error={result.error.status === 404 ? { title: t('qa.detail.notFound') } : result.error}
          onRetry={result.error.status === 404 ? undefined : result.reload}
        />
        <Link to="/qa/reviews">{t('qa.detail.back')}</Link>
      </>
    );
  const review = result.data as ReviewView;
  const history =
    disputes.state === 'ok'
      ? (disputes.data.disputes as DisputeView[]).filter((d) => d.reviewId === review.id)
      : review.dispute
        ? [review.dispute]
        : [];
  const open =
    history.find((d) => d.status === 'open') ?? (review.dispute?.status === 'open' ? review.dispute : null);
  const ownReview = user.role === 'agent' && user.agentId === review.agentId;
  const manager = user.role === 'admin' || user.role === 'manager';

  return (
    <>
      <div className="page-head">
        <div>
          <h1 data-testid="qa-detail-title">{t('qa.detail.title')}</h1>
          <p className="muted">
            {review.contact.source} · {review.contact.externalId}
          </p>
        </div>
        <Link to="/qa/reviews">{t('qa.detail.back')}</Link>
      </div>
      <QaNav />
      <section className="panel" aria-labelledby="qa-detail-summary">
        <h2 id="qa-detail-summary">{t('qa.detail.summary')}</h2>
        <dl className="facts">
          <dt>{t('qa.column.score')}</dt>
          <dd data-testid="qa-detail-score">
            <ScoreBadge score={review.score} passed={review.passed} criticalFailed={review.criticalFailed} />
          </dd>
          <dt>{labels.dimension('agent')}</dt>
          <dd>{labels.agent(review.agentId)}</dd>
          <dt>{t('qa.column.reviewer')}</dt>
          <dd>{review.reviewerId}</dd>
          <dt>{t('qa.column.kind')}</dt>
          <dd>{t(`qa.kind.${review.kind}` as MessageKey)}</dd>
          <dt>{t('qa.column.reviewedAt')}</dt>
          <dd>{formatInstant(locale, review.reviewedAt, status.timezone)}</dd>
          <dt>{t('qa.detail.passMark')}</dt>
          <dd>{formatPercent(locale, review.passMark, 0)}</dd>
        </dl>
        {review.comment ? <p className="qa-review-comment">{review.comment}</p> : null}
      </section>
      <section className="panel" aria-labelledby="qa-detail-ratings">
        <h2 id="qa-detail-ratings">{t('qa.detail.ratings')}</h2>
        <table className="qa-table" data-testid="qa-ratings">
          <thead>
            <tr>
              <th scope="col">{t('qa.column.category')}</th>
              <th scope="col">{t('qa.column.rating')}</th>
              <th scope="col">{t('qa.column.score')}</th>
              <th scope="col">{t('qa.detail.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {review.ratings.map((r) => (
              <tr key={r.categoryId} className={r.criticalFailed ? 'qa-critical-failed' : undefined}>
                <th scope="row">
                  {r.categoryName ?? r.categoryId}
                  {r.critical ? (
                    <span className="badge worse qa-critical">{t('qa.review.critical')}</span>
                  ) : null}
                </th>
                <td>{ratingText(t, r)}</td>
                <td>
                  {r.categoryScore === null ? t('value.none') : formatPercent(locale, r.categoryScore, 0)}
                </td>
                <td>
                  {r.comment ? <p>{r.comment}</p> : null}
                  {r.quote ? <blockquote className="qa-quote">{r.quote}</blockquote> : null}
                  {r.rootCauses.length > 0 ? (
                    <p className="muted">
                      {t('qa.review.rootCauses')}:{' '}
                      {r.rootCauses.map((c) => t(`qa.rootCause.${c}` as MessageKey)).join(', ')}
                    </p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="qa-detail-dispute">
        <h2 id="qa-detail-dispute">{t('qa.dispute.title')}</h2>
        {history.length === 0 ? <p className="muted">{t('qa.dispute.none')}</p> : null}
        {history.length > 0 ? <DisputeHistory disputes={history} /> : null}
        {ownReview && !open && review.kind !== 'calibration' ? (
          <DisputeForm
            review={review}
            onOpened={() => {
              result.reload();
              disputes.reload();
            }}
          />
        ) : null}
        {manager && open ? <Link to="/qa/disputes">{t('qa.dispute.resolveThere')}</Link> : null}
      </section>
    </>
  );
}

export function DisputeHistory({ disputes }: { disputes: DisputeView[] }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  return (
    <ol className="qa-dispute-history" data-testid="qa-dispute-history">
      {disputes.map((d) => (
        <li key={d.id}>
          <p>
            <span className={`badge qa-dispute-${d.status}`} data-testid="qa-dispute-status">
              {t(`qa.dispute.status.${d.status}` as MessageKey)}
            </span>{' '}
            {t('qa.dispute.opened', { time: formatInstant(locale, d.openedAt, status.timezone) })}
          </p>
          <p>
            <strong>{t('qa.dispute.reason')}:</strong> {d.reason}
            {d.categoryId ? <span className="muted"> ({d.categoryId})</span> : null}
          </p>
          {d.resolvedAt ? (
            <p>
              <strong>{t('qa.dispute.resolution')}:</strong> {d.resolution}{' '}
              <span className="muted">
                {t('qa.dispute.resolved', { time: formatInstant(locale, d.resolvedAt, status.timezone) })}
              </span>
            </p>
          ) : null}
          {d.scoreAfter !== null && d.scoreBefore !== null && d.scoreAfter !== d.scoreBefore ? (
            <p data-testid="qa-dispute-change">
              {t('qa.dispute.scoreChange', {
                before: formatPercent(locale, d.scoreBefore, 0),
                after: formatPercent(locale, d.scoreAfter, 0),
              })}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function DisputeForm({ review, onOpened }: { review: ReviewView; onOpened: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [category, setCategory] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const categoryId = useId();
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('qa.dispute.open')}
      </button>
    );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('qa.dispute.reasonNeeded'));
      return;
    }
    setBusy(true);
    const result = await qaApi.openDispute(review.id, {
      reason: reason.trim(),
      ...(category ? { categoryId: category } : {}),
    });
    setBusy(false);
    if (result.ok) onOpened();
    else setError(result.error.detail ?? result.error.title);
  };
  return (
    <form className="qa-dispute-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={categoryId}>{t('qa.dispute.category')}</label>
      <select id={categoryId} value={category} onChange={(e) => setCategory(e.target.value)}>
        <option value="">{t('qa.dispute.wholeReview')}</option>
        {review.ratings.map((r) => (
          <option key={r.categoryId} value={r.categoryId}>
            {r.categoryName ?? r.categoryId}
          </option>
        ))}
      </select>
      <label htmlFor={reasonId}>{t('qa.dispute.reason')}</label>
      <textarea id={reasonId} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} required />
      {error ? (
        <p className="qa-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="qa-actions">
        <button type="submit" disabled={busy}>
          {t('qa.dispute.send')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
