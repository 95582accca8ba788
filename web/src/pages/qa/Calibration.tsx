import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatDay, formatInstant, formatNumber, formatPercent } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import { type CalibrationSessionView, qaApi, qaManageApi } from './api.js';
import { contactsOf, idsOf } from './manage.js';
import { QaNav } from './QaNav.js';
import './qa-manage.css';

/** Calibration sessions: the list, a new one from a list of contacts. */
export function Calibration() {
  const { t, locale } = useI18n();
  usePageTitle(t('qaManage.calibration.title'));
  const id = useId();
  const sessions = useApi('qa-calibrations', (signal) => qaManageApi.calibrations(signal));
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('qaManage.calibration.title')}</h1>
        <div className="page-actions">
          <button type="button" onClick={() => setCreating(true)} data-testid="new-calibration">
            {t('qaManage.calibration.new')}
          </button>
        </div>
      </div>
      <p className="hint">{t('qaManage.calibration.intro')}</p>
      {creating ? <NewSession onCancel={() => setCreating(false)} /> : null}
      {sessions.state === 'loading' ? <Loading /> : null}
      {sessions.state === 'error' ? <ErrorState error={sessions.error} onRetry={sessions.reload} /> : null}
      {sessions.state === 'ok' && sessions.data.sessions.length === 0 ? (
        <p>{t('qaManage.calibration.none')}</p>
      ) : null}
      {sessions.state === 'ok' && sessions.data.sessions.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="calibrations-table">
            <caption className="visually-hidden">{t('qaManage.calibration.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.name')}</th>
                <th scope="col">{t('qaManage.column.status')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.reviewers')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.contacts')}
                </th>
                <th scope="col">{t('qaManage.column.due')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.sessions.map((s) => (
                <tr key={s.id} data-testid={`calibration-${s.id}`}>
                  <th scope="row">
                    <Link to={`/qa/calibration/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  </th>
                  <td>
                    {s.status === 'open' ? t('qaManage.calibration.open') : t('qaManage.calibration.closed')}
                  </td>
                  <td className="num">{formatCount(locale, s.reviewers.length)}</td>
                  <td className="num">{formatCount(locale, s.contacts.length)}</td>
                  <td>{s.dueAt ? formatDay(locale, s.dueAt.slice(0, 10)) : t('value.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function NewSession({ onCancel }: { onCancel: () => void }) {
  const { t } = useI18n();
  const { filterValues } = useAppData();
  const id = useId();
  const scorecards = useApi('qa-scorecards', (signal) => qaApi.scorecards(signal));
  const [name, setName] = useState('');
  const [scorecardId, setScorecardId] = useState('');
  const [reviewers, setReviewers] = useState('');
  const [reference, setReference] = useState('');
  const [contacts, setContacts] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const parsed = contactsOf(contacts);
  const reviewerIds = idsOf(reviewers);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || parsed.invalidLines.length > 0) return;
    setBusy(true);
    const result = await qaManageApi.createCalibration({
      name: name.trim(),
      scorecardId,
      reviewers: reviewerIds,
      contacts: parsed.contacts,
      referenceReviewerId: reference || null,
      dueAt: due ? `${due}T23:59:59Z` : null,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    navigate(`/qa/calibration/${encodeURIComponent(result.data.id)}`);
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="calibration-editor">
      <h2 id={`${id}-title`}>{t('qaManage.calibration.new')}</h2>
      {error ? <ErrorState error={error} /> : null}
      <div className="field-row">
        <TextField
          id={`${id}-name`}
          label={t('qaManage.editor.name')}
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-scorecard`}>{t('qaManage.sampling.scorecard')}</label>
          <select
            id={`${id}-scorecard`}
            required
            value={scorecardId}
            onChange={(e) => setScorecardId(e.target.value)}
          >
            <option value="" />
            {scorecards.state === 'ok'
              ? scorecards.data.scorecards
                  .filter((s) => s.status !== 'archived')
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))
              : null}
          </select>
        </div>
        <TextField
          id={`${id}-due`}
          label={t('qaManage.column.due')}
          type="date"
          value={due}
          onChange={(e) => setDue(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-reviewers`}>{t('qaManage.calibration.reviewers')}</label>
        <input
          id={`${id}-reviewers`}
          required
          value={reviewers}
          list={`${id}-known`}
          onChange={(e) => setReviewers(e.target.value)}
          aria-describedby={`${id}-reviewers-hint`}
        />
        <datalist id={`${id}-known`}>
          {filterValues.qa_reviewer.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <p className="hint" id={`${id}-reviewers-hint`}>
          {t('qaManage.sampling.reviewersHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reference`}>{t('qaManage.calibration.reference')}</label>
        <select id={`${id}-reference`} value={reference} onChange={(e) => setReference(e.target.value)}>
          <option value="">{t('qaManage.calibration.noReference')}</option>
          {reviewerIds.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-contacts`}>{t('qaManage.calibration.contacts')}</label>
        <textarea
          id={`${id}-contacts`}
          required
          rows={6}
          value={contacts}
          onChange={(e) => setContacts(e.target.value)}
          aria-describedby={`${id}-contacts-hint`}
        />
        <p className="hint" id={`${id}-contacts-hint`}>
          {t('qaManage.calibration.contactsHint', { n: parsed.contacts.length })}
        </p>
        {parsed.invalidLines.length > 0 ? (
          <p className="qa-problems" role="alert">
            {t('qaManage.calibration.invalidLines', { lines: parsed.invalidLines.join(', ') })}
          </p>
        ) : null}
      </div>
      <div className="field-row">
        <button type="submit" aria-busy={busy} data-testid="create-calibration">
          {t('qaManage.calibration.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('qaManage.action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** One session: what it asks of whom, closing it, and the comparison of the reviewers. */
export function CalibrationSession({ sessionId }: { sessionId: string }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const id = useId();
  const session = useApi(`qa-calibration:${sessionId}`, (signal) =>
    qaManageApi.calibration(sessionId, signal),
  );
  usePageTitle(session.state === 'ok' ? session.data.name : t('qaManage.calibration.title'));
  const [error, setError] = useState<ApiProblem | null>(null);
  const close = async () => {
    const result = await qaManageApi.closeCalibration(sessionId);
    if (!result.ok) setError(result.error);
    else session.reload();
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <p>
        <Link to="/qa/calibration">← {t('qaManage.calibration.title')}</Link>
      </p>
      {session.state === 'loading' ? <Loading /> : null}
      {session.state === 'error' ? <ErrorState error={session.error} onRetry={session.reload} /> : null}
      {session.state === 'ok' ? (
        <>
          <h1 id={`${id}-title`}>{session.data.name}</h1>
          <p className="muted" data-testid="calibration-facts">
            {session.data.status === 'open'
              ? t('qaManage.calibration.open')
              : t('qaManage.calibration.closed')}{' '}
            ·{' '}
            {t('qaManage.calibration.facts', {
              reviewers: formatCount(locale, session.data.reviewers.length),
              contacts: formatCount(locale, session.data.contacts.length),
              version: session.data.scorecardVersion,
            })}
            {session.data.closedAt
              ? ` · ${t('qaManage.calibration.closedAt', {
                  at: formatInstant(locale, session.data.closedAt, status.timezone),
                })}`
              : ''}
          </p>
          {error ? <ErrorState error={error} /> : null}
          {session.data.status === 'open' ? (
            <p>
              <button type="button" onClick={() => void close()} data-testid="close-calibration">
                {t('qaManage.calibration.close')}
              </button>{' '}
              <span className="hint">{t('qaManage.calibration.closeHint')}</span>
            </p>
          ) : null}
          <SessionParts session={session.data} />
          <CalibrationResultView session={session.data} />
        </>
      ) : null}
    </section>
  );
}

function SessionParts({ session }: { session: CalibrationSessionView }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>{t('qaManage.calibration.who')}</summary>
      <p>
        {t('qaManage.calibration.reviewers')}:{' '}
        {session.reviewers
          .map((r) =>
            r === session.referenceReviewerId ? `${r} (${t('qaManage.calibration.referenceShort')})` : r,
          )
          .join(', ')}
      </p>
      <ul>
        {session.contacts.map((c) => (
          <li key={`${c.source}|${c.externalId}`}>
            {c.source} · {c.externalId}
          </li>
        ))}
      </ul>
    </details>
  );
}

function CalibrationResultView({ session }: { session: CalibrationSessionView }) {
  const { t, locale } = useI18n();
  const id = useId();
  const result = useApi(`qa-calibration-result:${session.id}:${session.status}`, (signal) =>
    qaManageApi.calibrationResult(session.id, signal),
  );
  const share = (v: number | null) => (v === null ? t('value.none') : formatPercent(locale, v));
  const alpha = (v: number | null) => (v === null ? t('value.none') : formatNumber(locale, v, 2));
  return (
    <section aria-labelledby={`${id}-title`} data-testid="calibration-result">
      <h2 id={`${id}-title`}>{t('qaManage.calibration.result')}</h2>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' ? (
        <>
          <p data-testid="calibration-overall">
            {t('qaManage.calibration.overall', {
              reviews: formatCount(locale, result.data.reviews),
              agreement: share(result.data.overall.agreement),
              alpha: alpha(result.data.overall.alpha),
              pairs: formatCount(locale, result.data.overall.pairs),
            })}
          </p>
          <p className="hint">{t('qaManage.calibration.alphaHint')}</p>
          <div className="table-wrap">
            <table data-testid="calibration-categories">
              <caption>{t('qaManage.calibration.byCategory')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('qaManage.column.category')}</th>
                  <th scope="col" className="num">
                    {t('qaManage.column.pairs')}
                  </th>
                  <th scope="col" className="num">
                    {t('qaManage.column.agreement')}
                  </th>
                  <th scope="col" className="num">
                    {t('qaManage.column.alpha')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.categories.map((c) => (
                  <tr key={c.categoryId}>
                    <th scope="row">{c.name ?? c.categoryId}</th>
                    <td className="num">{formatCount(locale, c.pairs)}</td>
                    <td className="num">{share(c.agreement)}</td>
                    <td className="num">{alpha(c.alpha)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table data-testid="calibration-reviewers">
              <caption>{t('qaManage.calibration.byReviewer')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('qaManage.column.reviewer')}</th>
                  <th scope="col" className="num">
                    {t('qaManage.column.reviews')}
                  </th>
                  <th scope="col" className="num">
                    {t('qaManage.column.meanScore')}
                  </th>
                  <th scope="col" className="num">
                    {t('qaManage.column.distance')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.data.reviewers.map((r) => (
                  <tr key={r.reviewerId}>
                    <th scope="row">
                      {r.reviewerId}
                      {r.reviewerId === session.referenceReviewerId
                        ? ` (${t('qaManage.calibration.referenceShort')})`
                        : ''}
                    </th>
                    <td className="num">{formatCount(locale, r.reviews)}</td>
                    <td className="num">{share(r.meanScore)}</td>
                    <td className="num">{share(r.distanceToReference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
