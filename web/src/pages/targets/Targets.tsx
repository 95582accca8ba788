import { type FormEvent, useEffect, useState } from 'react';
import type { ApiProblem } from '../../api.js';
import { useApi } from '../../api.js';
import { findKpi, useAppData } from '../../app-data.js';
import { DurationInput } from '../../components/DurationInput.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatCount, formatInstant, formatValue, type ValueFormat } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { type Baseline, type TargetChange, targetsApi } from './api.js';
import {
  canEditTargets,
  entryFromValue,
  periodLabel,
  type Scope,
  type ScopedTarget,
  type ScopeKind,
  scopeKey,
  scopeKind,
  scopeLabel,
  scopeOf,
  scopesToReplace,
  sortTargets,
  valueFromEntry,
} from './targets.js';

const SCOPE_KINDS: ScopeKind[] = ['all', 'channel', 'team', 'agent'];

/** The scope picker's names for the ids the filter bar also offers. */
function useScopeNames() {
  const { t } = useI18n();
  const { filterValues } = useAppData();
  const labels = useLabels();
  const teamName = new Map(filterValues.team.map((v) => [v.id, v.name ?? v.id]));
  const agentName = new Map(filterValues.agent.map((v) => [v.id, v.name ?? v.id]));
  const names = {
    all: t('targets.scope.all'),
    dimension: (kind: Exclude<ScopeKind, 'all'>) => labels.dimension(kind),
    value: (kind: Exclude<ScopeKind, 'all'>, id: string) =>
      kind === 'channel'
        ? labels.value('channel', id)
        : kind === 'team'
          ? (teamName.get(id) ?? id)
          : (agentName.get(id) ?? id),
  };
  const options = (kind: Exclude<ScopeKind, 'all'>) =>
    kind === 'channel'
      ? filterValues.channel.map((v) => ({ value: v, label: labels.value('channel', v) }))
      : (kind === 'team' ? filterValues.team : filterValues.agent).map((v) => ({
          value: v.id,
          label: v.name ?? v.id,
        }));
  return { label: (scope: Scope) => scopeLabel(scope, names), options, dimension: names.dimension };
}

/** The targets and baselines of every indicator: list, add, remove and save; history; baselines. */
export function Targets() {
  const { t } = useI18n();
  const { user } = useAppData();
  usePageTitle(t('targets.title'));
  const editable = canEditTargets(user.role);
  const targets = useApi('targets', (signal) => targetsApi.list(signal));
  const history = useApi('targets-history', (signal) => targetsApi.history(signal));
  const baselines = useApi('baselines', (signal) => targetsApi.baselines(signal));

  return (
    <div className="targets-page">
      <h1>{t('targets.title')}</h1>
      <p className="hint">{t('targets.intro')}</p>
      {targets.state === 'loading' ? <Loading /> : null}
      {targets.state === 'error' ? <ErrorState error={targets.error} onRetry={targets.reload} /> : null}
      {targets.state === 'ok' ? (
        <TargetTable
          initial={targets.data.targets}
          editable={editable}
          onSaved={() => {
            targets.reload();
            history.reload();
          }}
        />
      ) : null}
      <section aria-labelledby="targets-history">
        <h2 id="targets-history">{t('targets.history.title')}</h2>
        {history.state === 'loading' ? <Loading /> : null}
        {history.state === 'error' ? <ErrorState error={history.error} onRetry={history.reload} /> : null}
        {history.state === 'ok' ? <History changes={history.data.changes} /> : null}
      </section>
      <section aria-labelledby="targets-baselines">
        <h2 id="targets-baselines">{t('targets.baselines.title')}</h2>
        <p className="hint">{t('targets.baselines.intro')}</p>
        {baselines.state === 'loading' ? <Loading /> : null}
        {baselines.state === 'error' ? (
          <ErrorState error={baselines.error} onRetry={baselines.reload} />
        ) : null}
        {baselines.state === 'ok' ? (
          <Baselines list={baselines.data.baselines} editable={editable} onChanged={baselines.reload} />
        ) : null}
      </section>
    </div>
  );
}

function useFormatOf() {
  const { catalog } = useAppData();
  return (kpi: string): ValueFormat => findKpi(catalog, kpi)?.format ?? 'count';
}

/** A value typed in the indicator's own unit: percent for shares, a time for durations. */
function ValueInput({
  format,
  value,
  onChange,
  label,
}: {
  format: ValueFormat;
  value: number;
  onChange: (value: number) => void;
  label: string;
}) {
  if (format === 'duration') return <DurationInput seconds={value} onChange={onChange} label={label} />;
  const entry = entryFromValue(format, value);
  return (
    <span className="targets-value">
      <input
        type="number"
        step="any"
        aria-label={label}
        value={Number.isFinite(entry) ? entry : ''}
        onChange={(e) =>
          onChange(e.target.value === '' ? Number.NaN : valueFromEntry(format, Number(e.target.value)))
        }
      />
      {format === 'percent' ? ' %' : null}
    </span>
  );
}

function TargetTable({
  initial,
  editable,
  onSaved,
}: {
  initial: readonly ScopedTarget[];
  editable: boolean;
  onSaved: () => void;
}) {
  const { t, locale, kpiName } = useI18n();
  const formatOf = useFormatOf();
  const scopes = useScopeNames();
  const [rows, setRows] = useState<ScopedTarget[]>(() => sortTargets(initial));
  const [draft, setDraft] = useState<ScopedTarget>({
    kpi: 'csat',
    channel: null,
    team: null,
    agent: null,
    value: 0.85,
    validFrom: null,
  });
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRows(sortTargets(initial)), [initial]);
  const dirty = JSON.stringify(rows) !== JSON.stringify(sortTargets(initial));
  const draftKind = scopeKind(draft);

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!Number.isFinite(draft.value)) {
      setFormError(t('targets.error.value', { field: t('targets.value') }));
      return;
    }
    if (draftKind !== 'all' && !draft[draftKind]) {
      setFormError(t('targets.error.scope', { field: scopes.dimension(draftKind) }));
      return;
    }
    setFormError(null);
    setSaved(false);
    // A target for the same indicator, scope and date replaces the one listed: a step has one value.
    setRows((list) =>
      sortTargets([
        ...list.filter((r) => !(scopeKey(r) === scopeKey(draft) && r.validFrom === draft.validFrom)),
        { ...draft },
      ]),
    );
  };

  const save = async () => {
    setBusy(true);
    setProblem(null);
    const answer = await targetsApi.replace({ scopes: scopesToReplace(initial, rows), targets: rows });
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.error);
      return;
    }
    setSaved(true);
    onSaved();
  };

  return (
    <section aria-labelledby="targets-list">
      <h2 id="targets-list">{t('targets.list.title')}</h2>
      {rows.length === 0 ? (
        <p>{t('targets.none')}</p>
      ) : (
        <table className="table" data-testid="targets-table">
          <thead>
            <tr>
              <th scope="col">{t('control.kpi')}</th>
              <th scope="col">{t('targets.scope')}</th>
              <th scope="col">{t('targets.value')}</th>
              <th scope="col">{t('targets.validFrom')}</th>
              {editable ? <th scope="col" /> : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${scopeKey(r)}-${r.validFrom}`}>
                <td>{kpiName(r.kpi)}</td>
                <td>{scopes.label(r)}</td>
                <td>{formatValue(locale, formatOf(r.kpi), r.value)}</td>
                <td>{r.validFrom ?? t('targets.always')}</td>
                {editable ? (
                  <td>
                    <button
                      type="button"
                      aria-label={t('targets.removeRow', { n: i + 1 })}
                      onClick={() => {
                        setSaved(false);
                        setRows((list) => list.filter((_, j) => j !== i));
                      }}
                    >
                      {t('action.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? (
        <>
          <form className="targets-form" onSubmit={add} aria-label={t('targets.add')}>
            <ScopeFields
              kpi={draft.kpi}
              scope={draft}
              onKpi={(kpi) =>
                setDraft((d) => ({
                  ...d,
                  kpi,
                  // A number of one unit means nothing in another: 0.85 is 85 % but not a time.
                  value: formatOf(kpi) === formatOf(d.kpi) ? d.value : Number.NaN,
                }))
              }
              onScope={(scope) => setDraft((d) => ({ ...d, ...scope }))}
            />
            <span className="targets-field">
              {t('targets.value')}{' '}
              <ValueInput
                format={formatOf(draft.kpi)}
                value={draft.value}
                onChange={(value) => setDraft((d) => ({ ...d, value }))}
                label={t('targets.value')}
              />
            </span>
            <label>
              {t('targets.validFrom')}{' '}
              <input
                type="date"
                value={draft.validFrom ?? ''}
                onChange={(e) => setDraft((d) => ({ ...d, validFrom: e.target.value || null }))}
              />
            </label>
            <button type="submit">{t('targets.add')}</button>
            {formError ? (
              <p className="form-error" role="alert">
                {formError}
              </p>
            ) : null}
          </form>
          <p>
            <button type="button" onClick={save} disabled={busy || !dirty}>
              {t('action.save')}
            </button>{' '}
            {dirty ? <span className="hint">{t('targets.unsaved')}</span> : null}
            {saved && !dirty ? <span role="status">{t('targets.saved')}</span> : null}
          </p>
          {problem ? <ErrorState error={problem} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** The indicator and scope pickers shared by the target and baseline forms. */
function ScopeFields({
  kpi,
  scope,
  onKpi,
  onScope,
}: {
  kpi: string;
  scope: Scope;
  onKpi: (kpi: string) => void;
  onScope: (scope: Scope) => void;
}) {
  const { t, kpiName } = useI18n();
  const { catalog } = useAppData();
  const scopes = useScopeNames();
  const kind = scopeKind(scope);
  return (
    <>
      <label>
        {t('control.kpi')}{' '}
        <select value={kpi} onChange={(e) => onKpi(e.target.value)}>
          {catalog.kpis.map((k) => (
            <option key={k.id} value={k.id}>
              {kpiName(k.id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('targets.scope')}{' '}
        <select value={kind} onChange={(e) => onScope(scopeOf(e.target.value as ScopeKind, null))}>
          {SCOPE_KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'all' ? t('targets.scope.all') : scopes.dimension(k)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'all' ? null : (
        <label>
          {scopes.dimension(kind)}{' '}
          <select value={scope[kind] ?? ''} onChange={(e) => onScope(scopeOf(kind, e.target.value || null))}>
            <option value="">{t('targets.choose')}</option>
            {scopes.options(kind).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

function History({ changes }: { changes: readonly TargetChange[] }) {
  const { t, locale, kpiName } = useI18n();
  const formatOf = useFormatOf();
  const scopes = useScopeNames();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (changes.length === 0) return <p>{t('targets.history.none')}</p>;
  const shown = (kpi: string, v: number | null, none: string) =>
    v === null ? none : formatValue(locale, formatOf(kpi), v);
  return (
    <table className="table" data-testid="targets-history">
      <thead>
        <tr>
          <th scope="col">{t('targets.history.when')}</th>
          <th scope="col">{t('targets.history.who')}</th>
          <th scope="col">{t('control.kpi')}</th>
          <th scope="col">{t('targets.scope')}</th>
          <th scope="col">{t('targets.validFrom')}</th>
          <th scope="col">{t('targets.history.change')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.changedAt}-${scopeKey(c)}-${c.validFrom}`}>
            <td>{formatInstant(locale, c.changedAt, zone)}</td>
            <td>{c.userId ?? t('targets.history.system')}</td>
            <td>{kpiName(c.kpi)}</td>
            <td>{scopes.label(c)}</td>
            <td>{c.validFrom ?? t('targets.always')}</td>
            <td>
              {shown(c.kpi, c.oldValue, t('targets.history.none.value'))} →{' '}
              {shown(c.kpi, c.newValue, t('targets.history.removed'))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The day after a date: the API's period end is excluded, the form asks for the last day. */
export function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function Baselines({
  list,
  editable,
  onChanged,
}: {
  list: readonly Baseline[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t, locale, kpiName } = useI18n();
  const formatOf = useFormatOf();
  const scopes = useScopeNames();
  const [kpi, setKpi] = useState('csat');
  const [scope, setScope] = useState<Scope>(scopeOf('all', null));
  const [from, setFrom] = useState('');
  const [last, setLast] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const take = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!from || !last) {
      setFormError(t('targets.error.period'));
      return;
    }
    if (last < from) {
      setFormError(t('targets.error.periodOrder'));
      return;
    }
    setFormError(null);
    const answer = await targetsApi.takeBaseline({ kpi, ...scope, from, to: dayAfter(last), timezone: zone });
    if (!answer.ok) setProblem(answer.error);
    else onChanged();
  };
  const remove = async (id: string) => {
    setProblem(null);
    const answer = await targetsApi.deleteBaseline(id);
    if (!answer.ok) setProblem(answer.error);
    else onChanged();
  };

  return (
    <>
      {list.length === 0 ? (
        <p>{t('targets.baselines.none')}</p>
      ) : (
        <table className="table" data-testid="baselines-table">
          <thead>
            <tr>
              <th scope="col">{t('control.kpi')}</th>
              <th scope="col">{t('targets.scope')}</th>
              <th scope="col">{t('targets.baselines.period')}</th>
              <th scope="col">{t('targets.baselines.value')}</th>
              <th scope="col">{t('targets.baselines.n')}</th>
              {editable ? <th scope="col" /> : null}
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.id}>
                <td>{kpiName(b.kpi)}</td>
                <td>{scopes.label(b)}</td>
                <td>{periodLabel(b.from, b.to)}</td>
                <td>{formatValue(locale, formatOf(b.kpi), b.value)}</td>
                <td>{formatCount(locale, b.n)}</td>
                {editable ? (
                  <td>
                    <button type="button" onClick={() => remove(b.id)}>
                      {t('action.remove')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editable ? (
        <form className="targets-form" onSubmit={take} aria-label={t('targets.baselines.take')}>
          <ScopeFields kpi={kpi} scope={scope} onKpi={setKpi} onScope={setScope} />
          <label>
            {t('targets.baselines.from')}{' '}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('targets.baselines.last')}{' '}
            <input type="date" value={last} onChange={(e) => setLast(e.target.value)} />
          </label>
          <button type="submit">{t('targets.baselines.take')}</button>
          {formError ? (
            <p className="form-error" role="alert">
              {formError}
            </p>
          ) : null}
          {problem ? <ErrorState error={problem} /> : null}
        </form>
      ) : null}
    </>
  );
}
