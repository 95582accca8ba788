import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatDay, formatInstant, formatNumber, formatPercent } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link, useSearchParams } from '../../router.js';
import { type CoachingSessionView, qaManageApi, reviewDetailPath } from './api.js';
import { canManageQa, daysBefore, idsOf } from './manage.js';
import { QaNav } from './QaNav.js';
import { ROOT_CAUSE_KEYS } from './ScorecardEditor.js';
import { linesOf, QA_ROOT_CAUSES } from './scorecard-edit.js';
import './qa-manage.css';

type CoachingStatus = CoachingSessionView['status'];
const STATUSES: readonly CoachingStatus[] = ['planned', 'held', 'followed_up'];
const STATUS_KEYS: Record<CoachingStatus, MessageKey> = {
  planned: 'qaManage.coaching.status.planned',
  held: 'qaManage.coaching.status.held',
  followed_up: 'qaManage.coaching.status.followed_up',
};

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Coaching sessions with their actions and follow-ups, training needs per agent and category (from
 * the root causes reviewers picked), and training days. An agent sees their own, read only.
 */
export function Coaching() {
  const { t } = useI18n();
  const { user, filterValues } = useAppData();
  usePageTitle(t('qaManage.coaching.title'));
  const id = useId();
  const manager = canManageQa(user.role);
  const [search, update] = useSearchParams();
  // An agent's own, whatever the address says: the server forces the same.
  const agent = manager ? (search.get('agent') ?? '') : (user.agentId ?? '');
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <h1 id={`${id}-title`}>{manager ? t('qaManage.coaching.title') : t('qaManage.coaching.mine')}</h1>
      <p className="hint">{manager ? t('qaManage.coaching.intro') : t('qaManage.coaching.mineIntro')}</p>
      {manager ? (
        <div className="field">
          <label htmlFor={`${id}-agent`}>{t('qaManage.column.agent')}</label>
          <select
            id={`${id}-agent`}
            value={agent}
            onChange={(e) =>
              update((p) => {
                if (e.target.value) p.set('agent', e.target.value);
                else p.delete('agent');
              }, true)
            }
          >
            <option value="">{t('qaManage.coaching.allAgents')}</option>
            {filterValues.agent.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ?? a.id}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Sessions agent={agent} manager={manager} />
      <TrainingNeeds agent={agent} />
      <TrainingDays agent={agent} manager={manager} />
    </section>
  );
}

function Sessions({ agent, manager }: { agent: string; manager: boolean }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const id = useId();
  const sessions = useApi(`qa-coaching:${agent}`, (signal) =>
    qaManageApi.coaching(agent ? { agent } : {}, signal),
  );
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const patch = async (session: CoachingSessionView, changes: Partial<CoachingSessionView>) => {
    const result = await qaManageApi.updateCoaching(session.id, changes);
    if (!result.ok) setError(result.error);
    else {
      setError(null);
      sessions.reload();
    }
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('qaManage.coaching.sessions')}</h2>
        {manager ? (
          <div className="page-actions">
            <button type="button" onClick={() => setCreating(true)} data-testid="new-coaching">
              {t('qaManage.coaching.new')}
            </button>
          </div>
        ) : null}
      </div>
      {creating ? (
        <NewSession
          agent={agent}
          onDone={(changed) => {
            setCreating(false);
            if (changed) sessions.reload();
          }}
        />
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {sessions.state === 'loading' ? <Loading /> : null}
      {sessions.state === 'error' ? <ErrorState error={sessions.error} onRetry={sessions.reload} /> : null}
      {sessions.state === 'ok' && sessions.data.sessions.length === 0 ? (
        <p>{t('qaManage.coaching.none')}</p>
      ) : null}
      {sessions.state === 'ok' && sessions.data.sessions.length > 0 ? (
        <ul className="qa-category-list" data-testid="coaching-sessions">
          {sessions.data.sessions.map((s) => (
            <li key={s.id} className="qa-category" data-testid={`coaching-${s.id}`}>
              <h3>
                {labels.agent(s.agentId)} · {t(STATUS_KEYS[s.status])}
              </h3>
              <p className="muted">
                {t('qaManage.coaching.heldOn', {
                  day: s.heldOn ? formatDay(locale, s.heldOn) : t('value.none'),
                })}
                {' · '}
                {t('qaManage.coaching.followUp', {
                  day: s.followUpOn ? formatDay(locale, s.followUpOn) : t('value.none'),
                })}
                {' · '}
                {t('qaManage.coaching.coach', { coach: s.coachId })}
              </p>
              {s.notes ? <p>{s.notes}</p> : null}
              {s.categories.length > 0 ? (
                <p>
                  {t('qaManage.coaching.categories')}: {s.categories.join(', ')}
                </p>
              ) : null}
              {s.reviewIds.length > 0 ? (
                <p>
                  {t('qaManage.coaching.reviews')}:{' '}
                  {s.reviewIds.map((r, i) => (
                    <span key={r}>
                      {i > 0 ? ', ' : ''}
                      <Link to={reviewDetailPath(r)}>{r}</Link>
                    </span>
                  ))}
                </p>
              ) : null}
              {s.actions.length > 0 ? (
                <fieldset>
                  <legend>{t('qaManage.coaching.actions')}</legend>
                  {s.actions.map((action, index) => (
                    <label key={action.text} className="field checkbox">
                      <input
                        type="checkbox"
                        checked={action.done}
                        disabled={!manager}
                        onChange={(e) =>
                          void patch(s, {
                            actions: s.actions.map((a, i) =>
                              i === index ? { ...a, done: e.target.checked } : a,
                            ),
                          })
                        }
                      />{' '}
                      {action.text}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              {manager ? (
                <div className="field narrow">
                  <label htmlFor={`${id}-${s.id}-status`}>{t('qaManage.column.status')}</label>
                  <select
                    id={`${id}-${s.id}-status`}
                    value={s.status}
                    onChange={(e) => void patch(s, { status: e.target.value as CoachingStatus })}
                  >
                    {STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {t(STATUS_KEYS[status])}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function NewSession({ agent, onDone }: { agent: string; onDone: (changed: boolean) => void }) {
  const { t } = useI18n();
  const { filterValues } = useAppData();
  const id = useId();
  const [agentId, setAgentId] = useState(agent);
  const [heldOn, setHeldOn] = useState(today());
  const [followUpOn, setFollowUpOn] = useState('');
  const [status, setStatus] = useState<CoachingStatus>('planned');
  const [categories, setCategories] = useState('');
  const [reviews, setReviews] = useState('');
  const [notes, setNotes] = useState('');
  const [actions, setActions] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await qaManageApi.createCoaching({
      agentId,
      heldOn: heldOn || null,
      followUpOn: followUpOn || null,
      status,
      categories: idsOf(categories),
      reviewIds: linesOf(reviews),
      notes: notes.trim() || null,
      actions: linesOf(actions).map((text) => ({ text, done: false })),
    });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else onDone(true);
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="coaching-editor">
      <h3 id={`${id}-title`}>{t('qaManage.coaching.new')}</h3>
      {error ? <ErrorState error={error} /> : null}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-agent`}>{t('qaManage.column.agent')}</label>
          <select id={`${id}-agent`} required value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="" />
            {filterValues.agent.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ?? a.id}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-held`}
          label={t('qaManage.coaching.heldOnLabel')}
          type="date"
          value={heldOn}
          onChange={(e) => setHeldOn(e.target.value)}
        />
        <TextField
          id={`${id}-follow`}
          label={t('qaManage.coaching.followUpLabel')}
          type="date"
          value={followUpOn}
          onChange={(e) => setFollowUpOn(e.target.value)}
        />
        <div className="field narrow">
          <label htmlFor={`${id}-status`}>{t('qaManage.column.status')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as CoachingStatus)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEYS[s])}
              </option>
            ))}
          </select>
        </div>
      </div>
      <TextField
        id={`${id}-categories`}
        label={t('qaManage.coaching.categoriesLabel')}
        list={`${id}-known-categories`}
        value={categories}
        onChange={(e) => setCategories(e.target.value)}
      />
      <datalist id={`${id}-known-categories`}>
        {filterValues.qa_category.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name ?? c.id}
          </option>
        ))}
      </datalist>
      <div className="field">
        <label htmlFor={`${id}-reviews`}>{t('qaManage.coaching.reviewsLabel')}</label>
        <textarea
          id={`${id}-reviews`}
          rows={2}
          value={reviews}
          onChange={(e) => setReviews(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{t('qaManage.coaching.notes')}</label>
        <textarea id={`${id}-notes`} rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-actions`}>{t('qaManage.coaching.actionsLabel')}</label>
        <textarea
          id={`${id}-actions`}
          rows={3}
          value={actions}
          onChange={(e) => setActions(e.target.value)}
        />
      </div>
      <div className="field-row">
        <button type="submit" aria-busy={busy} data-testid="save-coaching">
          {t('qaManage.action.save')}
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          {t('qaManage.action.cancel')}
        </button>
      </div>
    </form>
  );
}

function TrainingNeeds({ agent }: { agent: string }) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const labels = useLabels();
  const id = useId();
  // The data's last day: the period ends where the figures do.
  const to = (status.to ?? today()).slice(0, 10);
  const from = daysBefore(to, 89);
  const query = { from, to, ...(agent ? { agent } : {}) };
  const needs = useApi(`qa-training-needs:${JSON.stringify(query)}`, (signal) =>
    qaManageApi.trainingNeeds(query, signal),
  );
  const causeName = (cause: string) =>
    (QA_ROOT_CAUSES as readonly string[]).includes(cause)
      ? t(ROOT_CAUSE_KEYS[cause as (typeof QA_ROOT_CAUSES)[number]])
      : cause;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('qaManage.coaching.needs')}</h2>
      <p className="hint">
        {t('qaManage.coaching.needsIntro', { from: formatDay(locale, from), to: formatDay(locale, to) })}
      </p>
      {needs.state === 'loading' ? <Loading /> : null}
      {needs.state === 'error' ? <ErrorState error={needs.error} onRetry={needs.reload} /> : null}
      {needs.state === 'ok' && needs.data.needs.length === 0 ? <p>{t('qaManage.coaching.noNeeds')}</p> : null}
      {needs.state === 'ok' && needs.data.needs.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="training-needs">
            <caption className="visually-hidden">{t('qaManage.coaching.needs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.agent')}</th>
                <th scope="col">{t('qaManage.column.category')}</th>
                <th scope="col">{t('qaManage.column.rootCause')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.lowRatings')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.categoryScore')}
                </th>
                <th scope="col">{t('qaManage.column.lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {needs.data.needs.map((n) => (
                <tr key={`${n.agentId}|${n.categoryId}|${n.rootCause}`}>
                  <th scope="row">{labels.agent(n.agentId)}</th>
                  <td>{n.categoryName ?? n.categoryId}</td>
                  <td>{causeName(n.rootCause)}</td>
                  <td className="num">{formatCount(locale, n.count)}</td>
                  <td className="num">
                    {n.categoryScore === null ? t('value.none') : formatPercent(locale, n.categoryScore)}
                  </td>
                  <td>{formatInstant(locale, n.lastSeenAt, status.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function TrainingDays({ agent, manager }: { agent: string; manager: boolean }) {
  const { t, locale } = useI18n();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const id = useId();
  const days = useApi(`qa-training-days:${agent}`, (signal) =>
    qaManageApi.trainingDays(agent ? { agent } : {}, signal),
  );
  const [agentId, setAgentId] = useState(agent);
  const [day, setDay] = useState(today());
  const [hours, setHours] = useState(8);
  const [topic, setTopic] = useState('');
  const [error, setError] = useState<ApiProblem | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await qaManageApi.recordTrainingDay({
      agentId,
      day,
      hours,
      ...(topic.trim() ? { topic: topic.trim() } : {}),
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setTopic('');
    days.reload();
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('qaManage.coaching.days')}</h2>
      {days.state === 'loading' ? <Loading /> : null}
      {days.state === 'error' ? <ErrorState error={days.error} onRetry={days.reload} /> : null}
      {days.state === 'ok' && days.data.days.length === 0 ? <p>{t('qaManage.coaching.noDays')}</p> : null}
      {days.state === 'ok' && days.data.days.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="training-days">
            <caption className="visually-hidden">{t('qaManage.coaching.days')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.day')}</th>
                <th scope="col">{t('qaManage.column.agent')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.hours')}
                </th>
                <th scope="col">{t('qaManage.column.topic')}</th>
              </tr>
            </thead>
            <tbody>
              {days.data.days.map((d) => (
                <tr key={`${d.source}|${d.externalId}`}>
                  <td>{formatDay(locale, d.day)}</td>
                  <td>{labels.agent(d.agentId)}</td>
                  <td className="num">
                    {d.hours === null ? t('value.none') : formatNumber(locale, d.hours)}
                  </td>
                  <td>{d.topic ?? t('value.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {manager ? (
        <form onSubmit={submit} className="field-row" aria-label={t('qaManage.coaching.recordDay')}>
          <div className="field">
            <label htmlFor={`${id}-agent`}>{t('qaManage.column.agent')}</label>
            <select id={`${id}-agent`} required value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="" />
              {filterValues.agent.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name ?? a.id}
                </option>
              ))}
            </select>
          </div>
          <TextField
            id={`${id}-day`}
            label={t('qaManage.column.day')}
            type="date"
            required
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
          <TextField
            id={`${id}-hours`}
            label={t('qaManage.column.hours')}
            type="number"
            min={0}
            max={24}
            step="0.5"
            value={hours}
            onChange={(e) => setHours(Math.min(24, Math.max(0, e.target.valueAsNumber || 0)))}
          />
          <TextField
            id={`${id}-topic`}
            label={t('qaManage.column.topic')}
            maxLength={500}
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
          />
          <button type="submit">{t('qaManage.coaching.recordDay')}</button>
        </form>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
    </section>
  );
}
