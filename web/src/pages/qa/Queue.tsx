import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link } from '../../router.js';
import { type AssignmentView, type GoalProgress, qaApi, reviewScreenPath } from './api.js';
import { QaNav } from './QaNav.js';
import './qa.css';

/** This month as the goals count it, `YYYY-MM`, in UTC like the server. */
export function currentMonth(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/** The reviewer's open assignments, soonest due first, and the month's progress toward the review goals. */
export function Queue() {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { status } = useAppData();
  usePageTitle(t('qa.queue.title'));
  const assignments = useApi('qa-queue', (signal) =>
    qaApi.assignments({ reviewer: 'me', status: 'open' }, signal),
  );
  const month = currentMonth(new Date());
  const progress = useApi(`qa-goals-${month}`, (signal) => qaApi.goalProgress(month, signal));

  const open = assignments.state === 'ok' ? sortByDue(assignments.data.assignments as AssignmentView[]) : [];
  return (
    <>
      <div className="page-head">
        <h1>{t('qa.queue.title')}</h1>
      </div>
      <QaNav />
      <p className="hint">{t('qa.queue.intro')}</p>
      {assignments.state === 'loading' ? <Loading /> : null}
      {assignments.state === 'error' ? (
        <ErrorState error={assignments.error} onRetry={assignments.reload} />
      ) : null}
      {assignments.state === 'ok' && open.length === 0 ? (
        <p className="muted">{t('qa.queue.empty')}</p>
      ) : null}
      {open.length > 0 ? (
        <table className="qa-table" data-testid="qa-queue">
          <caption className="visually-hidden">{t('qa.queue.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('qa.column.contact')}</th>
              <th scope="col">{labels.dimension('agent')}</th>
              <th scope="col">{t('qa.column.kind')}</th>
              <th scope="col">{t('qa.column.due')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('qa.column.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.contact.source} · {a.contact.externalId}
                </td>
                <td>{labels.agent(a.agentId)}</td>
                <td>
                  {t(`qa.kind.${a.kind}` as MessageKey)}
                  {a.calibrationSessionId ? (
                    <span className="badge qa-calibration"> {t('qa.queue.blind')}</span>
                  ) : null}
                </td>
                <td className={a.dueAt && a.dueAt < new Date().toISOString() ? 'qa-overdue' : undefined}>
                  {a.dueAt ? formatInstant(locale, a.dueAt, status.timezone) : t('value.none')}
                </td>
                <td>
                  <Link
                    to={reviewScreenPath(a.contact, {
                      assignment: a.id,
                      kind: a.kind,
                      session: a.calibrationSessionId,
                    })}
                    aria-label={t('qa.queue.reviewContact', {
                      contact: `${a.contact.source} ${a.contact.externalId}`,
                    })}
                  >
                    {t('qa.queue.review')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <section className="panel" aria-labelledby="qa-goals-title">
        <h2 id="qa-goals-title">{t('qa.goals.title', { month })}</h2>
        {progress.state === 'error' ? <ErrorState error={progress.error} onRetry={progress.reload} /> : null}
        {progress.state === 'ok' ? (
          <GoalTable rows={progress.data.progress as GoalProgress[]} locale={locale} />
        ) : null}
      </section>
    </>
  );
}

function sortByDue(list: AssignmentView[]): AssignmentView[] {
  // Undated work comes after what has a due date; among equals the oldest first.
  return [...list].sort(
    (a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.createdAt.localeCompare(b.createdAt),
  );
}

function GoalTable({ rows, locale }: { rows: GoalProgress[]; locale: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  if (rows.length === 0) return <p className="muted">{t('qa.goals.none')}</p>;
  return (
    <table className="qa-table">
      <thead>
        <tr>
          <th scope="col">{labels.dimension('agent')}</th>
          <th scope="col">{t('qa.goals.reviews')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.scope}-${row.scopeId}-${row.agentId}`}>
            <td>{labels.agent(row.agentId)}</td>
            <td>
              <progress max={Math.max(1, row.goal)} value={Math.min(row.reviews, row.goal)} />{' '}
              {t('qa.goals.progress', {
                reviews: formatCount(locale, row.reviews),
                goal: formatCount(locale, row.goal),
              })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
