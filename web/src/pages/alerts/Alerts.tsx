import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { findKpi, useAppData } from '../../app-data.js';
import { DurationInput } from '../../components/DurationInput.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { TextField } from '../../components/TextField.js';
import {
  DASH,
  formatInstant,
  formatNumber,
  formatPercent,
  formatValue,
  type ValueFormat,
} from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { browserTimeZone } from '../reports/schedule.js';
import {
  ALERT_KINDS,
  type AlertEventView,
  type AlertKind,
  type AlertRuleView,
  type AlertTestResult,
  alertsApi,
  WEBHOOK_FORMATS,
  type WebhookFormat,
} from './api.js';
import { conditionInWords } from './condition.js';
import { type AlertDraft, draftOfRule, type FieldLabels, NEW_ALERT, validateAlert } from './draft.js';
import './alerts.css';

const CONFIDENCES = [0.9, 0.95, 0.99] as const;

/** The condition of a rule in words, with the catalog's names and units. */
export function useConditionWords(): (rule: Pick<AlertRuleView, 'kind' | 'kpi' | 'params'>) => string {
  const { t, locale, kpiName } = useI18n();
  const { catalog } = useAppData();
  const formatOf = (kpi: string): ValueFormat => findKpi(catalog, kpi)?.format ?? 'count';
  return (rule) => conditionInWords(rule, { t, locale, kpiName, formatOf });
}

/** Alert rules for admins and managers: the list with their state, a form per kind, tests and events. */
export function Alerts() {
  const { t } = useI18n();
  usePageTitle(t('alerts.title'));
  const id = useId();
  const list = useApi('alerts', (signal) => alertsApi.list(signal));
  const [editing, setEditing] = useState<AlertRuleView | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [eventsOf, setEventsOf] = useState<string | null>(null);
  const { reload } = list;

  return (
    <section aria-labelledby={`${id}-title`} data-testid="alerts-page">
      <h1 id={`${id}-title`}>{t('alerts.title')}</h1>
      <p className="hint">{t('alerts.intro')}</p>
      {error ? <ErrorState error={error} /> : null}
      {said ? (
        <p className="notice" role="status">
          {said}
        </p>
      ) : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? <ErrorState error={list.error} onRetry={reload} /> : null}
      {list.state === 'ok' ? (
        <RuleTable
          rules={list.data.rules}
          onEdit={(rule) => {
            setEditing(rule);
            setSaid(null);
          }}
          onEvents={(rule) => setEventsOf(rule.id === eventsOf ? null : rule.id)}
          onChanged={() => {
            setError(null);
            reload();
          }}
          onError={setError}
        />
      ) : null}
      <RuleForm
        key={editing?.id ?? 'new'}
        editing={editing}
        onSaved={(name) => {
          setEditing(null);
          setError(null);
          setSaid(t('alerts.saved', { name }));
          reload();
        }}
        onCancel={() => setEditing(null)}
        onError={setError}
      />
      <EventList rule={eventsOf} />
    </section>
  );
}

function RuleTable({
  rules,
  onEdit,
  onEvents,
  onChanged,
  onError,
}: {
  rules: readonly AlertRuleView[];
  onEdit: (rule: AlertRuleView) => void;
  onEvents: (rule: AlertRuleView) => void;
  onChanged: () => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t, locale } = useI18n();
  const words = useConditionWords();
  const tz = browserTimeZone();
  const [tested, setTested] = useState<{ id: string; result: AlertTestResult } | null>(null);
  if (rules.length === 0) return <p data-testid="alerts-none">{t('alerts.none')}</p>;

  const test = async (rule: AlertRuleView) => {
    const result = await alertsApi.test(rule.id);
    if (!result.ok) onError(result.error);
    else setTested({ id: rule.id, result: result.data });
  };
  const change = async (request: Promise<{ ok: boolean; error?: ApiProblem }>) => {
    const result = await request;
    if (!result.ok && result.error) onError(result.error);
    else onChanged();
  };

  return (
    <div className="table-wrap">
      <table className="alerts-table" data-testid="alerts-table">
        <caption className="visually-hidden">{t('alerts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alerts.column.name')}</th>
            <th scope="col">{t('alerts.column.kind')}</th>
            <th scope="col">{t('alerts.column.condition')}</th>
            <th scope="col">{t('alerts.column.state')}</th>
            <th scope="col">{t('alerts.column.lastEvent')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('column.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id} data-testid={`alert-${rule.name}`}>
              <th scope="row">{rule.name}</th>
              <td>{t(`alerts.kind.${rule.kind}`)}</td>
              <td data-testid="alert-condition">{words(rule)}</td>
              <td data-testid="alert-state">
                <StateBadge rule={rule} />
              </td>
              <td>
                {rule.lastEvent ? (
                  <>
                    {formatInstant(locale, rule.lastEvent.occurredAt, tz)}{' '}
                    <Link to={rule.lastEvent.link}>{t(`alerts.event.${rule.lastEvent.kind}`)}</Link>
                  </>
                ) : (
                  DASH
                )}
              </td>
              <td>
                <div className="alerts-actions">
                  <button type="button" className="secondary" onClick={() => onEdit(rule)}>
                    {t('alerts.edit')}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => void change(alertsApi.update(rule.id, { paused: !rule.paused }))}
                  >
                    {t(rule.paused ? 'alerts.resume' : 'alerts.pause')}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" className="secondary" onClick={() => void test(rule)}>
                    {t('alerts.test')}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" className="secondary" onClick={() => onEvents(rule)}>
                    {t('alerts.events')}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (window.confirm(t('alerts.confirmDelete', { name: rule.name })))
                        void change(alertsApi.remove(rule.id));
                    }}
                  >
                    {t('alerts.delete')}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                </div>
                {tested?.id === rule.id ? <CheckResult rule={rule} result={tested.result} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StateBadge({ rule }: { rule: AlertRuleView }) {
  const { t } = useI18n();
  if (rule.paused) return <span className="badge">{t('alerts.state.paused')}</span>;
  if (!rule.state?.lastEvaluatedAt) return <span className="muted">{t('alerts.state.unknown')}</span>;
  return rule.state.firing ? (
    <span className="badge worse">{t('alerts.state.firing')}</span>
  ) : (
    <span className="badge better">{t('alerts.state.ok')}</span>
  );
}

/** What "Test now" found: whether the condition holds, its value against the reference, and the view. */
function CheckResult({ rule, result }: { rule: AlertRuleView; result: AlertTestResult }) {
  const { t, locale } = useI18n();
  const { catalog } = useAppData();
  const { check } = result;
  const format: ValueFormat =
    rule.kind === 'threshold' || rule.kind === 'baseline'
      ? (findKpi(catalog, rule.kpi ?? '')?.format ?? 'count')
      : rule.kind === 'anomaly' && rule.params.kind === 'anomaly' && rule.params.metric === 'abandonment'
        ? 'percent'
        : 'count';
  const value = (v: number | null) => formatValue(locale, format, v);
  return (
    <div className="alerts-check" role="status" data-testid="alert-check">
      <p>
        <strong>
          {check.holds === null
            ? t('alerts.check.unknown')
            : check.holds
              ? t('alerts.check.holds')
              : t('alerts.check.clear')}
        </strong>{' '}
        {t('alerts.check.detail', {
          value: value(check.value),
          n: check.n === null ? DASH : formatNumber(locale, check.n, 0),
          reference: value(check.reference),
        })}
      </p>
      <p className="muted">{check.message}</p>
      <Link to={result.link}>{t('alerts.check.open')}</Link>
    </div>
  );
}

function EventList({ rule }: { rule: string | null }) {
  const { t, locale } = useI18n();
  const tz = browserTimeZone();
  const id = useId();
  const events = useApi(`alert-events-${rule ?? 'all'}`, (signal) => alertsApi.events(rule, signal));
  return (
    <section aria-labelledby={`${id}-events`} className="alerts-events">
      <h2 id={`${id}-events`}>{t('alerts.events')}</h2>
      {events.state === 'loading' ? <Loading /> : null}
      {events.state === 'error' ? <ErrorState error={events.error} onRetry={events.reload} /> : null}
      {events.state === 'ok' && events.data.events.length === 0 ? <p>{t('alerts.eventsNone')}</p> : null}
      {events.state === 'ok' && events.data.events.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="alert-events">
            <thead>
              <tr>
                <th scope="col">{t('alerts.column.when')}</th>
                <th scope="col">{t('alerts.column.rule')}</th>
                <th scope="col">{t('alerts.column.event')}</th>
                <th scope="col">{t('alerts.column.message')}</th>
              </tr>
            </thead>
            <tbody>
              {events.data.events.map((e: AlertEventView) => (
                <tr key={e.id}>
                  <td>{formatInstant(locale, e.occurredAt, tz)}</td>
                  <td>{e.ruleName}</td>
                  <td>{t(`alerts.event.${e.kind}`)}</td>
                  <td>
                    <Link to={e.link}>{e.message}</Link>
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

/** A number field whose value is in the indicator's unit but typed in the reader's (percent: 85 → 0.85). */
function UnitNumber({
  id,
  label,
  format,
  value,
  onChange,
}: {
  id: string;
  label: string;
  format: ValueFormat;
  value: number;
  onChange: (value: number) => void;
}) {
  const { t } = useI18n();
  const scale = format === 'percent' ? 100 : 1;
  const shown = Number.isFinite(value) ? Math.round(value * scale * 1e6) / 1e6 : Number.NaN;
  const unit =
    format === 'percent' ? t('unit.percent') : format === 'nps' ? t('unit.points') : t('unit.value');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span>
        <input
          id={id}
          type="number"
          step="any"
          min={format === 'percent' ? 0 : undefined}
          max={format === 'percent' ? 100 : undefined}
          value={Number.isFinite(shown) ? shown : ''}
          onChange={(e) => onChange(e.target.valueAsNumber / scale)}
        />{' '}
        <span className="muted">{unit}</span>
      </span>
    </div>
  );
}

function PlainNumber({
  id,
  label,
  value,
  onChange,
  min = 0,
  step = 1,
}: {
  id: string;
  label: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  step?: number | 'any';
}) {
  return (
    <TextField
      id={id}
      label={label}
      type="number"
      min={min}
      step={step}
      value={Number.isFinite(value) ? value : ''}
      onChange={(e) => onChange(e.target.valueAsNumber)}
    />
  );
}

function Duration({
  label,
  seconds,
  onChange,
}: {
  label: string;
  seconds: number;
  onChange: (s: number) => void;
}) {
  return (
    <div className="field">
      <span className="field-label" aria-hidden="true">
        {label}
      </span>
      <DurationInput label={label} seconds={seconds} onChange={onChange} />
    </div>
  );
}

function RuleForm({
  editing,
  onSaved,
  onCancel,
  onError,
}: {
  editing: AlertRuleView | null;
  onSaved: (name: string) => void;
  onCancel: () => void;
  onError: (error: ApiProblem) => void;
}) {
  const { t, kpiName, locale } = useI18n();
  const { catalog, user } = useAppData();
  const id = useId();
  const [draft, setDraft] = useState<AlertDraft>(() => (editing ? draftOfRule(editing) : NEW_ALERT));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const admin = user.role === 'admin';
  const sources = useApi(admin && draft.kind === 'source_silent' ? 'alert-sources' : null, (signal) =>
    alertsApi.sources(signal),
  );
  const jobs = useApi(admin && draft.kind === 'job_failed' ? 'alert-jobs' : null, (signal) =>
    alertsApi.jobs(signal),
  );
  const set = (patch: Partial<AlertDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const format: ValueFormat = findKpi(catalog, draft.kpi)?.format ?? 'count';

  const labels: FieldLabels = {
    value: t('alerts.field.value'),
    window: t('alerts.field.window'),
    minN: t('alerts.field.minN'),
    weeks: t('alerts.field.weeks'),
    sensitivity: t('alerts.field.sensitivity'),
    minExpected: t('alerts.field.minExpected'),
    dueWithin: t('alerts.field.minutesBefore'),
    minContacts: t('alerts.field.minContacts'),
    source: t('alerts.field.source'),
    silent: t('alerts.field.silent'),
    debounce: t('alerts.field.debounce'),
    emails: t('alerts.field.emails'),
    webhook: (n) => t('alerts.webhook.url', { n }),
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const checked = validateAlert(draft, t, labels);
    setProblems(checked.ok ? [] : checked.problems);
    if (!checked.ok) return;
    setBusy(true);
    const result = editing
      ? await alertsApi.update(editing.id, checked.input)
      : await alertsApi.create(checked.input);
    setBusy(false);
    if (!result.ok) {
      onError(result.error);
      return;
    }
    if (!editing) setDraft(NEW_ALERT);
    onSaved(checked.input.name);
  };

  let fields: ReactNode;
  switch (draft.kind) {
    case 'threshold':
    case 'baseline':
      fields = (
        <>
          <div className="field">
            <label htmlFor={`${id}-kpi`}>{t('alerts.field.kpi')}</label>
            <select
              id={`${id}-kpi`}
              value={draft.kpi}
              // A number of one unit means nothing in another: 0.8 is 80 % but not a time.
              onChange={(e) => {
                const next = findKpi(catalog, e.target.value)?.format ?? 'count';
                set({ kpi: e.target.value, value: next === format ? draft.value : Number.NaN });
              }}
            >
              {catalog.kpis.map((k) => (
                <option key={k.id} value={k.id}>
                  {kpiName(k.id)}
                </option>
              ))}
            </select>
          </div>
          {draft.kind === 'threshold' ? (
            <>
              <div className="field">
                <label htmlFor={`${id}-comparison`}>{t('alerts.field.comparison')}</label>
                <select
                  id={`${id}-comparison`}
                  value={draft.comparison}
                  onChange={(e) => set({ comparison: e.target.value as 'below' | 'above' })}
                >
                  <option value="below">{t('alerts.comparison.below')}</option>
                  <option value="above">{t('alerts.comparison.above')}</option>
                </select>
              </div>
              {format === 'duration' ? (
                <Duration label={labels.value} seconds={draft.value} onChange={(value) => set({ value })} />
              ) : (
                <UnitNumber
                  id={`${id}-value`}
                  label={labels.value}
                  format={format}
                  value={draft.value}
                  onChange={(value) => set({ value })}
                />
              )}
            </>
          ) : (
            <div className="field">
              <label htmlFor={`${id}-confidence`}>{t('alerts.field.confidence')}</label>
              <select
                id={`${id}-confidence`}
                value={draft.confidence}
                onChange={(e) => set({ confidence: Number(e.target.value) })}
              >
                {CONFIDENCES.map((c) => (
                  <option key={c} value={c}>
                    {formatPercent(locale, c, 0)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <Duration
            label={labels.window}
            seconds={draft.windowSeconds}
            onChange={(windowSeconds) => set({ windowSeconds })}
          />
          <PlainNumber
            id={`${id}-minn`}
            label={labels.minN}
            value={draft.minN}
            onChange={(minN) => set({ minN })}
          />
        </>
      );
      break;
    case 'anomaly':
      fields = (
        <>
          <div className="field">
            <label htmlFor={`${id}-metric`}>{t('alerts.field.metric')}</label>
            <select
              id={`${id}-metric`}
              value={draft.metric}
              onChange={(e) => set({ metric: e.target.value as AlertDraft['metric'] })}
            >
              <option value="volume">{t('alerts.metric.volume')}</option>
              <option value="abandonment">{t('alerts.metric.abandonment')}</option>
            </select>
          </div>
          <PlainNumber
            id={`${id}-weeks`}
            label={labels.weeks}
            value={draft.weeks}
            min={1}
            onChange={(weeks) => set({ weeks })}
          />
          <PlainNumber
            id={`${id}-sensitivity`}
            label={labels.sensitivity}
            value={draft.sensitivity}
            step="any"
            onChange={(sensitivity) => set({ sensitivity })}
          />
          <PlainNumber
            id={`${id}-minexpected`}
            label={labels.minExpected}
            value={draft.minExpected}
            onChange={(minExpected) => set({ minExpected })}
          />
        </>
      );
      break;
    case 'frt_at_risk':
      fields = (
        <>
          <Duration
            label={labels.dueWithin}
            seconds={draft.dueWithinSeconds}
            onChange={(dueWithinSeconds) => set({ dueWithinSeconds })}
          />
          <PlainNumber
            id={`${id}-mincontacts`}
            label={labels.minContacts}
            value={draft.minContacts}
            min={1}
            onChange={(minContacts) => set({ minContacts })}
          />
        </>
      );
      break;
    case 'source_silent':
      fields = (
        <>
          {sources.state === 'ok' && sources.data.sources.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-source`}>{labels.source}</label>
              <select
                id={`${id}-source`}
                value={draft.source}
                onChange={(e) => set({ source: e.target.value })}
              >
                <option value="">{DASH}</option>
                {sources.data.sources.map((s) => (
                  <option key={s.id} value={s.source}>
                    {s.source}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <TextField
              id={`${id}-source`}
              label={labels.source}
              value={draft.source}
              onChange={(e) => set({ source: e.target.value })}
            />
          )}
          <Duration
            label={labels.silent}
            seconds={draft.silentSeconds}
            onChange={(silentSeconds) => set({ silentSeconds })}
          />
        </>
      );
      break;
    case 'job_failed':
      fields = (
        <div className="field">
          <label htmlFor={`${id}-job`}>{t('alerts.field.job')}</label>
          <select id={`${id}-job`} value={draft.jobId} onChange={(e) => set({ jobId: e.target.value })}>
            <option value="">{t('alerts.anyJob')}</option>
            {(jobs.state === 'ok' ? jobs.data.jobs : []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
            {draft.jobId && !(jobs.state === 'ok' && jobs.data.jobs.some((j) => j.id === draft.jobId)) ? (
              <option value={draft.jobId}>{draft.jobId}</option>
            ) : null}
          </select>
        </div>
      );
      break;
  }

  return (
    <form
      onSubmit={submit}
      className="alerts-form"
      aria-labelledby={`${id}-title`}
      data-testid="alert-form"
      noValidate
    >
      <h2 id={`${id}-title`}>{editing ? t('alerts.editTitle', { name: editing.name }) : t('alerts.add')}</h2>
      {problems.length > 0 ? (
        <ul className="field-error" role="alert" data-testid="alert-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="field-row">
        <TextField
          id={`${id}-name`}
          label={t('alerts.field.name')}
          maxLength={200}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('alerts.field.kind')}</label>
          <select
            id={`${id}-kind`}
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as AlertKind })}
          >
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`alerts.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field-row" data-testid={`alert-fields-${draft.kind}`}>
        {fields}
      </div>
      <div className="field-row">
        <Duration
          label={labels.debounce}
          seconds={draft.debounceSeconds}
          onChange={(debounceSeconds) => set({ debounceSeconds })}
        />
      </div>
      <fieldset className="alerts-deliveries">
        <legend>{t('alerts.deliveries')}</legend>
        <p className="hint">{t('alerts.deliveriesHint')}</p>
        <TextField
          id={`${id}-emails`}
          label={labels.emails}
          value={draft.emails}
          onChange={(e) => set({ emails: e.target.value })}
        />
        {draft.webhooks.map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved.
          <div className="field-row" key={i}>
            <TextField
              id={`${id}-hook-${i}`}
              label={t('alerts.webhook.url', { n: i + 1 })}
              type="url"
              value={w.url}
              onChange={(e) =>
                set({ webhooks: draft.webhooks.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)) })
              }
            />
            <div className="field">
              <label htmlFor={`${id}-hookformat-${i}`}>{t('alerts.webhook.format', { n: i + 1 })}</label>
              <select
                id={`${id}-hookformat-${i}`}
                value={w.format}
                onChange={(e) =>
                  set({
                    webhooks: draft.webhooks.map((x, j) =>
                      j === i ? { ...x, format: e.target.value as WebhookFormat } : x,
                    ),
                  })
                }
              >
                {WEBHOOK_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`alerts.webhook.${f}`)}
                  </option>
                ))}
              </select>
            </div>
            <button
              type="button"
              className="link"
              onClick={() => set({ webhooks: draft.webhooks.filter((_, j) => j !== i) })}
            >
              {t('alerts.removeWebhook', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          onClick={() => set({ webhooks: [...draft.webhooks, { url: '', format: 'slack' }] })}
        >
          {t('alerts.addWebhook')}
        </button>
      </fieldset>
      <div className="field-row">
        <button type="submit" aria-busy={busy} data-testid="alert-save">
          {editing ? t('action.save') : t('alerts.create')}
        </button>
        {editing ? (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('action.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
