import { type FormEvent, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { usePageTitle } from '../../components/Layout.js';
import { MultiPicker } from '../../components/MultiPicker.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { type AssignmentView, qaApi, qaManageApi, type SamplingRuleView } from './api.js';
import {
  cleanFilters,
  emptySamplingRule,
  idsOf,
  monthOf,
  SAMPLING_FLAGS,
  type SamplingRuleDefinition,
  samplingRuleOf,
} from './manage.js';
import { QaNav } from './QaNav.js';
import { CHANNELS } from './scorecard-edit.js';
import './qa-manage.css';

/** Sampling rules, drawing a sample now (with a preview first), and the review goals with progress. */
export function Sampling() {
  const { t } = useI18n();
  usePageTitle(t('qaManage.sampling.title'));
  const id = useId();
  const rules = useApi('qa-sampling-rules', (signal) => qaManageApi.samplingRules(signal));
  const [editing, setEditing] = useState<SamplingRuleView | 'new' | null>(null);
  return (
    <section aria-labelledby={`${id}-title`}>
      <QaNav />
      <div className="page-head">
        <h1 id={`${id}-title`}>{t('qaManage.sampling.title')}</h1>
        <div className="page-actions">
          <button type="button" onClick={() => setEditing('new')} data-testid="new-rule">
            {t('qaManage.sampling.newRule')}
          </button>
        </div>
      </div>
      <p className="hint">{t('qaManage.sampling.intro')}</p>
      {editing ? (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          onDone={(changed) => {
            setEditing(null);
            if (changed) rules.reload();
          }}
        />
      ) : null}
      {rules.state === 'loading' ? <Loading /> : null}
      {rules.state === 'error' ? <ErrorState error={rules.error} onRetry={rules.reload} /> : null}
      {rules.state === 'ok' && rules.data.rules.length === 0 ? <p>{t('qaManage.sampling.none')}</p> : null}
      {rules.state === 'ok'
        ? rules.data.rules.map((rule) => (
            <RuleCard key={rule.id} rule={rule} onEdit={() => setEditing(rule)} onChanged={rules.reload} />
          ))
        : null}
      <Goals />
    </section>
  );
}

function RuleCard({
  rule,
  onEdit,
  onChanged,
}: {
  rule: SamplingRuleView;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const { status } = useAppData();
  const labels = useLabels();
  const id = useId();
  const definition = samplingRuleOf(rule.definition, rule.name);
  const [period, setPeriod] = useState('');
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [draw, setDraw] = useState<{
    dryRun: boolean;
    drawn: AssignmentView[];
    candidates: number;
    alreadyReviewed: number;
    period: string;
  } | null>(null);

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    const result = await qaManageApi.drawSample(rule.id, {
      ...(period.trim() ? { period: period.trim() } : {}),
      ...(seed.trim() ? { seed: seed.trim() } : {}),
      dryRun,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDraw({ dryRun, ...result.data });
    if (!dryRun) onChanged();
  };
  const remove = async () => {
    if (!window.confirm(t('qaManage.sampling.confirmDelete', { name: rule.name }))) return;
    const result = await qaManageApi.deleteSamplingRule(rule.id);
    if (!result.ok) setError(result.error);
    else onChanged();
  };
  const setEnabled = async (enabled: boolean) => {
    const result = await qaManageApi.updateSamplingRule(rule.id, { enabled });
    if (!result.ok) setError(result.error);
    else onChanged();
  };

  return (
    <article className="tile" aria-labelledby={`${id}-name`} data-testid={`rule-${rule.id}`}>
      <h2 id={`${id}-name`}>{rule.name}</h2>
      <p className="muted">
        {t(definition.schedule === 'daily' ? 'qaManage.sampling.daily' : 'qaManage.sampling.weekly')} ·{' '}
        {t('qaManage.sampling.perAgentLine', { n: formatCount(locale, definition.perAgent) })}
        {definition.stratifyByChannel ? ` · ${t('qaManage.sampling.stratified')}` : ''}
        {definition.selfReview ? ` · ${t('qaManage.sampling.selfReview')}` : ''} ·{' '}
        {rule.enabled ? t('qaManage.sampling.enabled') : t('qaManage.sampling.disabled')}
      </p>
      <p className="muted">
        {rule.lastRunAt
          ? t('qaManage.sampling.lastRun', {
              at: formatInstant(locale, rule.lastRunAt, status.timezone),
              period: String(rule.lastOutcome?.period ?? ''),
              drawn: formatCount(locale, Number(rule.lastOutcome?.drawn ?? 0)),
              candidates: formatCount(locale, Number(rule.lastOutcome?.candidates ?? 0)),
            })
          : t('qaManage.sampling.neverRun')}
      </p>
      {error ? <ErrorState error={error} /> : null}
      <div className="field-row">
        <TextField
          id={`${id}-period`}
          label={t('qaManage.sampling.period')}
          placeholder={definition.schedule === 'daily' ? '2026-11-30' : '2026-W48'}
          value={period}
          maxLength={20}
          onChange={(e) => setPeriod(e.target.value)}
        />
        <TextField
          id={`${id}-seed`}
          label={t('qaManage.sampling.seed')}
          value={seed}
          maxLength={200}
          onChange={(e) => setSeed(e.target.value)}
        />
        <button type="button" className="secondary" aria-busy={busy} onClick={() => void run(true)}>
          {t('qaManage.sampling.preview')}
        </button>
        <button type="button" aria-busy={busy} onClick={() => void run(false)} data-testid="draw-now">
          {t('qaManage.sampling.drawNow')}
        </button>
        <button type="button" className="secondary" onClick={onEdit}>
          {t('qaManage.action.edit')}
        </button>
        <button type="button" className="secondary" onClick={() => void setEnabled(!rule.enabled)}>
          {rule.enabled ? t('qaManage.sampling.disable') : t('qaManage.sampling.enable')}
        </button>
        <button type="button" className="secondary" onClick={() => void remove()}>
          {t('qaManage.action.delete')}
        </button>
      </div>
      <p className="hint">{t('qaManage.sampling.periodHint')}</p>
      {draw ? (
        <div data-testid="draw-result">
          <p role="status">
            {t(draw.dryRun ? 'qaManage.sampling.previewed' : 'qaManage.sampling.drawn', {
              drawn: formatCount(locale, draw.drawn.length),
              candidates: formatCount(locale, draw.candidates),
              already: formatCount(locale, draw.alreadyReviewed),
              period: draw.period,
            })}
          </p>
          {draw.drawn.length > 0 ? (
            <div className="table-wrap">
              <table data-testid="drawn-table">
                <caption className="visually-hidden">{t('qaManage.sampling.drawnCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('qaManage.column.contact')}</th>
                    <th scope="col">{t('qaManage.column.agent')}</th>
                    <th scope="col">{t('qaManage.column.reviewer')}</th>
                    <th scope="col">{t('qaManage.column.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {draw.drawn.map((a, index) => (
                    <tr key={a.id || `${a.contact.source}|${a.contact.externalId}|${index}`}>
                      <td>
                        {a.contact.source} · {a.contact.externalId}
                      </td>
                      <td>{labels.agent(a.agentId)}</td>
                      <td>{a.reviewerId}</td>
                      <td>{a.dueAt ? formatInstant(locale, a.dueAt, status.timezone) : t('value.none')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

function RuleEditor({ rule, onDone }: { rule: SamplingRuleView | null; onDone: (changed: boolean) => void }) {
  const { t } = useI18n();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const id = useId();
  const scorecards = useApi('qa-scorecards', (signal) => qaApi.scorecards(signal));
  const [definition, setDefinition] = useState<SamplingRuleDefinition>(() =>
    rule ? samplingRuleOf(rule.definition, rule.name) : emptySamplingRule(''),
  );
  const [reviewers, setReviewers] = useState(definition.reviewers.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiProblem | null>(null);
  const filters = definition.filters;
  const setFilters = (next: SamplingRuleDefinition['filters']) =>
    setDefinition({ ...definition, filters: next });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const input = { ...definition, reviewers: idsOf(reviewers), filters: cleanFilters(definition.filters) };
    const result = rule
      ? await qaManageApi.updateSamplingRule(rule.id, input)
      : await qaManageApi.createSamplingRule(input);
    setBusy(false);
    if (!result.ok) setError(result.error);
    else onDone(true);
  };

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="rule-editor">
      <h2 id={`${id}-title`}>{rule ? rule.name : t('qaManage.sampling.newRule')}</h2>
      {error ? <ErrorState error={error} /> : null}
      <div className="field-row">
        <TextField
          id={`${id}-name`}
          label={t('qaManage.editor.name')}
          required
          maxLength={200}
          value={definition.name}
          onChange={(e) => setDefinition({ ...definition, name: e.target.value })}
        />
        <div className="field narrow">
          <label htmlFor={`${id}-schedule`}>{t('qaManage.sampling.schedule')}</label>
          <select
            id={`${id}-schedule`}
            value={definition.schedule}
            onChange={(e) =>
              setDefinition({ ...definition, schedule: e.target.value === 'daily' ? 'daily' : 'weekly' })
            }
          >
            <option value="daily">{t('qaManage.sampling.daily')}</option>
            <option value="weekly">{t('qaManage.sampling.weekly')}</option>
          </select>
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-per-agent`}>{t('qaManage.sampling.perAgent')}</label>
          <input
            id={`${id}-per-agent`}
            type="number"
            min={1}
            max={100}
            required
            value={definition.perAgent}
            onChange={(e) =>
              setDefinition({ ...definition, perAgent: Math.max(1, e.target.valueAsNumber || 1) })
            }
          />
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-due`}>{t('qaManage.sampling.dueDays')}</label>
          <input
            id={`${id}-due`}
            type="number"
            min={0}
            max={90}
            value={definition.dueDays}
            onChange={(e) =>
              setDefinition({ ...definition, dueDays: Math.max(0, e.target.valueAsNumber || 0) })
            }
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-scorecard`}>{t('qaManage.sampling.scorecard')}</label>
          <select
            id={`${id}-scorecard`}
            value={definition.scorecardId ?? ''}
            onChange={(e) => {
              const { scorecardId: _, ...rest } = definition;
              setDefinition(e.target.value ? { ...rest, scorecardId: e.target.value } : rest);
            }}
          >
            <option value="">{t('qaManage.sampling.scorecardAuto')}</option>
            {scorecards.state === 'ok'
              ? scorecards.data.scorecards.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))
              : null}
          </select>
        </div>
      </div>
      <div className="field-row">
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={definition.stratifyByChannel}
            onChange={(e) => setDefinition({ ...definition, stratifyByChannel: e.target.checked })}
          />{' '}
          {t('qaManage.sampling.stratify')}
        </label>
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={definition.selfReview}
            onChange={(e) => setDefinition({ ...definition, selfReview: e.target.checked })}
          />{' '}
          {t('qaManage.sampling.selfReviewOption')}
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reviewers`}>{t('qaManage.sampling.reviewers')}</label>
        <input
          id={`${id}-reviewers`}
          value={reviewers}
          list={`${id}-known-reviewers`}
          onChange={(e) => setReviewers(e.target.value)}
          aria-describedby={`${id}-reviewers-hint`}
        />
        <datalist id={`${id}-known-reviewers`}>
          {filterValues.qa_reviewer.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <p className="hint" id={`${id}-reviewers-hint`}>
          {t('qaManage.sampling.reviewersHint')}
        </p>
      </div>
      <fieldset>
        <legend>{t('qaManage.sampling.filters')}</legend>
        <div className="field-row">
          <MultiPicker
            label={t('qaManage.sampling.channels')}
            options={CHANNELS.map((c) => ({ value: c, label: labels.value('channel', c) }))}
            selected={filters.channels ?? []}
            onChange={(values) => setFilters({ ...filters, channels: values as (typeof CHANNELS)[number][] })}
          />
          <MultiPicker
            label={t('qaManage.sampling.teams')}
            options={filterValues.team.map((x) => ({ value: x.id, label: x.name ?? x.id }))}
            selected={filters.teams ?? []}
            onChange={(values) => setFilters({ ...filters, teams: values })}
          />
          <MultiPicker
            label={t('qaManage.sampling.agents')}
            options={filterValues.agent.map((x) => ({ value: x.id, label: x.name ?? x.id }))}
            selected={filters.agents ?? []}
            onChange={(values) => setFilters({ ...filters, agents: values })}
          />
          <MultiPicker
            label={t('qaManage.sampling.topics')}
            options={filterValues.topic.map((x) => ({ value: x, label: x }))}
            selected={filters.topics ?? []}
            onChange={(values) => setFilters({ ...filters, topics: values })}
          />
          <MultiPicker
            label={t('qaManage.sampling.checks')}
            options={filterValues.qa_check.map((x) => ({ value: x.id, label: x.name ?? x.id }))}
            selected={filters.checks ?? []}
            onChange={(values) => setFilters({ ...filters, checks: values })}
          />
        </div>
        <div className="field-row">
          {SAMPLING_FLAGS.map((flag) => (
            <label key={flag} className="field checkbox">
              <input
                type="checkbox"
                checked={filters[flag] === true}
                onChange={(e) => setFilters({ ...filters, [flag]: e.target.checked })}
              />{' '}
              {t(`qaManage.sampling.filter.${flag}`)}
            </label>
          ))}
        </div>
        <div className="field-row">
          <div className="field narrow">
            <label htmlFor={`${id}-long`}>{t('qaManage.sampling.longHandleMinutes')}</label>
            <input
              id={`${id}-long`}
              type="number"
              min={0}
              value={filters.longHandle ? Math.round(filters.longHandle.minSeconds / 60) : ''}
              onChange={(e) => {
                const minutes = e.target.valueAsNumber;
                const { longHandle: _, ...rest } = filters;
                setFilters(minutes > 0 ? { ...rest, longHandle: { minSeconds: minutes * 60 } } : rest);
              }}
            />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-new-agent`}>{t('qaManage.sampling.newAgentDays')}</label>
            <input
              id={`${id}-new-agent`}
              type="number"
              min={0}
              value={filters.newAgentDays ?? ''}
              onChange={(e) => {
                const days = e.target.valueAsNumber;
                const { newAgentDays: _, ...rest } = filters;
                setFilters(days > 0 ? { ...rest, newAgentDays: days } : rest);
              }}
            />
          </div>
          <TextField
            id={`${id}-tags`}
            label={t('qaManage.sampling.tags')}
            value={(filters.tags ?? []).join(', ')}
            onChange={(e) => setFilters({ ...filters, tags: idsOf(e.target.value) })}
          />
        </div>
      </fieldset>
      <div className="field-row">
        <button type="submit" aria-busy={busy} data-testid="save-rule">
          {t('qaManage.action.save')}
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          {t('qaManage.action.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Reviews per agent per month: the goals, and this month's progress against them. */
function Goals() {
  const { t, locale } = useI18n();
  const { filterValues, status } = useAppData();
  const labels = useLabels();
  const id = useId();
  const month = monthOf(status.to ?? new Date().toISOString().slice(0, 10));
  const goals = useApi('qa-goals', (signal) => qaManageApi.goals(signal));
  const progress = useApi(`qa-goal-progress:${month}`, (signal) => qaApi.goalProgress(month, signal));
  const [scope, setScope] = useState<'all' | 'team' | 'agent'>('all');
  const [scopeId, setScopeId] = useState('');
  const [perMonth, setPerMonth] = useState(4);
  const [error, setError] = useState<ApiProblem | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await qaManageApi.putGoal({
      scope,
      scopeId: scope === 'all' ? '' : scopeId,
      reviewsPerMonth: perMonth,
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    goals.reload();
    progress.reload();
  };
  const scopeName = (goal: { scope: string; scopeId: string }) =>
    goal.scope === 'all'
      ? t('qaManage.goals.everyone')
      : goal.scope === 'team'
        ? labels.team(goal.scopeId)
        : labels.agent(goal.scopeId);

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('qaManage.goals.title')}</h2>
      <p className="hint">{t('qaManage.goals.intro')}</p>
      {goals.state === 'error' ? <ErrorState error={goals.error} onRetry={goals.reload} /> : null}
      {goals.state === 'ok' && goals.data.goals.length > 0 ? (
        <ul data-testid="goals">
          {goals.data.goals.map((g) => (
            <li key={`${g.scope}:${g.scopeId}`}>
              {t('qaManage.goals.line', { scope: scopeName(g), n: formatCount(locale, g.reviewsPerMonth) })}
            </li>
          ))}
        </ul>
      ) : null}
      <form onSubmit={submit} className="field-row" aria-label={t('qaManage.goals.set')}>
        <div className="field narrow">
          <label htmlFor={`${id}-scope`}>{t('qaManage.goals.scope')}</label>
          <select
            id={`${id}-scope`}
            value={scope}
            onChange={(e) => {
              setScope(e.target.value as 'all' | 'team' | 'agent');
              setScopeId('');
            }}
          >
            <option value="all">{t('qaManage.goals.everyone')}</option>
            <option value="team">{t('qaManage.goals.team')}</option>
            <option value="agent">{t('qaManage.goals.agent')}</option>
          </select>
        </div>
        {scope !== 'all' ? (
          <div className="field">
            <label htmlFor={`${id}-scope-id`}>
              {scope === 'team' ? t('qaManage.goals.team') : t('qaManage.goals.agent')}
            </label>
            <select
              id={`${id}-scope-id`}
              value={scopeId}
              required
              onChange={(e) => setScopeId(e.target.value)}
            >
              <option value="" />
              {(scope === 'team' ? filterValues.team : filterValues.agent).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name ?? x.id}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field narrow">
          <label htmlFor={`${id}-n`}>{t('qaManage.goals.perMonth')}</label>
          <input
            id={`${id}-n`}
            type="number"
            min={0}
            max={10000}
            value={perMonth}
            onChange={(e) => setPerMonth(Math.max(0, e.target.valueAsNumber || 0))}
          />
        </div>
        <button type="submit">{t('qaManage.goals.set')}</button>
      </form>
      {error ? <ErrorState error={error} /> : null}
      <h3>{t('qaManage.goals.progress', { month })}</h3>
      {progress.state === 'error' ? <ErrorState error={progress.error} onRetry={progress.reload} /> : null}
      {progress.state === 'ok' && progress.data.progress.length === 0 ? (
        <p>{t('qaManage.goals.noProgress')}</p>
      ) : null}
      {progress.state === 'ok' && progress.data.progress.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="goal-progress">
            <caption className="visually-hidden">{t('qaManage.goals.progress', { month })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('qaManage.column.agent')}</th>
                <th scope="col" className="num">
                  {t('qaManage.column.reviews')}
                </th>
                <th scope="col" className="num">
                  {t('qaManage.column.goal')}
                </th>
                <th scope="col">{t('qaManage.column.progress')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.data.progress.map((p) => (
                <tr key={p.agentId}>
                  <th scope="row">{labels.agent(p.agentId)}</th>
                  <td className="num">{formatCount(locale, p.reviews)}</td>
                  <td className="num">{formatCount(locale, p.goal)}</td>
                  <td>
                    <progress max={Math.max(p.goal, 1)} value={Math.min(p.reviews, Math.max(p.goal, 1))}>
                      {formatCount(locale, p.reviews)}
                    </progress>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
