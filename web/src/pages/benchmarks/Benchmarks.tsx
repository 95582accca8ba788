import { type FormEvent, type ReactNode, useState } from 'react';
import { type ApiProblem, useApi } from '../../api.js';
import { findKpi, useAppData, useDashboardFilters } from '../../app-data.js';
import { DurationInput } from '../../components/DurationInput.js';
import { FilterBar } from '../../components/FilterBar.js';
import { usePageTitle } from '../../components/Layout.js';
import { ErrorState, Loading } from '../../components/States.js';
import { DASH, formatCount, formatDifference, formatValue, type ValueFormat } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { problemTitle } from '../../problems.js';
import { type Benchmark, benchmarksApi, type ComparisonRow, type CompetitorFigure } from './api.js';
import { competitorFigureId, dataRange, type EntryProblem, entryProblem, storedValue } from './figures.js';

const CHANNELS = ['email', 'chat', 'phone', 'social', 'web_form', 'in_person'] as const;
type Channel = (typeof CHANNELS)[number];

/** The format of an indicator's values, from the catalog (a plain number when it is unknown). */
function useFormat() {
  const { catalog } = useAppData();
  const { locale } = useI18n();
  const formatOf = (kpi: string): ValueFormat => (findKpi(catalog, kpi)?.format ?? 'rate') as ValueFormat;
  return {
    formatOf,
    show: (kpi: string, value: number | null | undefined) => formatValue(locale, formatOf(kpi), value),
  };
}

/**
 * The Benchmarks page: the team's figures beside published industry figures and the competitor
 * figures the team gathered, and every indicator against the same span a year before. Published
 * figures are dated, so each says which year it describes.
 */
export function Benchmarks() {
  const { t } = useI18n();
  usePageTitle(t('benchmarks.title'));
  const { user } = useAppData();
  const entersFigures = user.role === 'admin' || user.role === 'manager';
  const figures = useApi('benchmarks', (signal) => benchmarksApi.list(signal));

  return (
    <div className="benchmarks-page" data-testid="benchmarks-page">
      <div className="page-head">
        <h1>{t('benchmarks.title')}</h1>
      </div>
      <p className="hint">{t('benchmarks.intro')}</p>
      <FilterBar dimensions={['channel', 'team']} />
      <ComparisonSection />
      <YearOverYearSection />
      {entersFigures ? (
        <CompetitorSection
          stored={figures.state === 'ok' ? figures.data.benchmarks.filter((b) => b.origin === 'stored') : []}
          onChange={figures.reload}
        />
      ) : null}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function Notes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul className="hint">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

/** One filter value, as the comparison routes take it (a single channel and team). */
function single(values: readonly string[] | undefined): string | undefined {
  return values && values.length === 1 ? values[0] : undefined;
}

function ComparisonSection() {
  const { t, kpiName } = useI18n();
  const { status } = useAppData();
  const dash = useDashboardFilters();
  const range = dash.range ?? dataRange(status.from, status.to);
  const channel = single(dash.filters.channel) as Channel | undefined;
  const team = single(dash.base.filters?.team);
  const query = range
    ? {
        from: range.from,
        to: range.to,
        timezone: dash.filters.timezone,
        ...(channel ? { channel } : {}),
        ...(team ? { team } : {}),
      }
    : null;
  const result = useApi(query ? JSON.stringify(query) : null, (signal) =>
    query ? benchmarksApi.compare(query, signal) : Promise.reject(new Error('no range')),
  );

  return (
    <Section id="benchmarks-compare" title={t('benchmarks.compare.title')}>
      {!query ? (
        <p className="hint">{t('benchmarks.compare.noData')}</p>
      ) : result.state === 'loading' ? (
        <Loading since={result.startedAt} />
      ) : result.state === 'error' ? (
        <ErrorState error={result.error} onRetry={result.reload} />
      ) : result.data.rows.length === 0 ? (
        <p className="hint">{t('benchmarks.compare.empty')}</p>
      ) : (
        <div aria-busy={result.stale} className="table-wrap">
          <table className="data-table" data-testid="benchmarks-compare-table">
            <caption>
              {t('benchmarks.compare.caption', { from: result.data.range.from, to: result.data.range.to })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('benchmarks.column.indicator')}</th>
                <th scope="col">{t('benchmarks.column.team')}</th>
                <th scope="col">{t('benchmarks.column.figure')}</th>
                <th scope="col">{t('benchmarks.column.value')}</th>
                <th scope="col">{t('benchmarks.column.year')}</th>
                <th scope="col">{t('benchmarks.column.region')}</th>
                <th scope="col">{t('benchmarks.column.industry')}</th>
                <th scope="col">{t('benchmarks.column.channel')}</th>
                <th scope="col">{t('benchmarks.column.source')}</th>
              </tr>
            </thead>
            <tbody>
              {result.data.rows.flatMap((row) => (
                <ComparisonRows key={row.kpi} row={row} name={kpiName(row.kpi)} />
              ))}
            </tbody>
          </table>
          <Notes notes={result.data.notes} />
        </div>
      )}
    </Section>
  );
}

function ComparisonRows({ row, name }: { row: ComparisonRow; name: string }) {
  const { t, locale } = useI18n();
  const { show } = useFormat();
  const figures = row.benchmarks.length > 0 ? row.benchmarks : [null];
  const span = figures.length;
  return (
    <>
      {figures.map((figure, i) => (
        <tr key={figure?.id ?? 'none'} data-kpi={row.kpi}>
          {i === 0 ? (
            <>
              <th scope="rowgroup" rowSpan={span}>
                {name}
              </th>
              <td rowSpan={span} data-testid={`benchmarks-team-${row.kpi}`}>
                {row.withheld ? (
                  t('benchmarks.withheld')
                ) : (
                  <>
                    <strong>{show(row.kpi, row.value)}</strong>{' '}
                    <span className="hint">{t('benchmarks.n', { n: formatCount(locale, row.n) })}</span>
                  </>
                )}
              </td>
            </>
          ) : null}
          {figure ? (
            <FigureCells figure={figure} best={row.best?.id === figure.id} />
          ) : (
            <td colSpan={7}>{DASH}</td>
          )}
        </tr>
      ))}
    </>
  );
}

function FigureCells({ figure, best }: { figure: Benchmark; best: boolean }) {
  const { t } = useI18n();
  const labels = useLabels();
  const { show } = useFormat();
  return (
    <>
      <td>
        {figure.name} <span className="hint">{t(`benchmarks.kind.${figure.kind}` as MessageKey)}</span>
        {best ? <span className="badge"> {t('benchmarks.best')}</span> : null}
      </td>
      <td>{show(figure.kpiId, figure.value)}</td>
      <td>{t('benchmarks.yearFigure', { year: String(figure.year) })}</td>
      <td>{figure.region ?? t('benchmarks.any')}</td>
      <td>{figure.industry ?? t('benchmarks.any')}</td>
      <td>{figure.channel ? labels.value('channel', figure.channel) : t('benchmarks.allChannels')}</td>
      <td>
        <Source figure={figure} />
        {figure.note ? <div className="hint">{figure.note}</div> : null}
      </td>
    </>
  );
}

function Source({ figure }: { figure: Benchmark }) {
  const { t } = useI18n();
  const text = figure.source ?? figure.name;
  if (!figure.sourceUrl) return <>{text}</>;
  return (
    <a href={figure.sourceUrl} target="_blank" rel="noopener noreferrer">
      {text}
      <span className="visually-hidden"> {t('benchmarks.newTab')}</span>
    </a>
  );
}

function YearOverYearSection() {
  const { t, kpiName, locale } = useI18n();
  const { status, catalog } = useAppData();
  const dash = useDashboardFilters();
  const latest = status.to ? Number(status.to.slice(0, 4)) : new Date().getFullYear();
  const [year, setYear] = useState(latest);
  const channel = single(dash.filters.channel) as Channel | undefined;
  const team = single(dash.base.filters?.team);
  const query = {
    year: String(year),
    timezone: dash.filters.timezone,
    ...(channel ? { channel } : {}),
    ...(team ? { team } : {}),
  };
  const result = useApi(JSON.stringify(query), (signal) => benchmarksApi.yearOverYear(query, signal));
  const { show, formatOf } = useFormat();

  return (
    <Section id="benchmarks-yoy" title={t('benchmarks.yoy.title')}>
      <label className="field">
        {t('benchmarks.yoy.year')}{' '}
        <input
          type="number"
          min={1991}
          max={2100}
          value={year}
          onChange={(e) => {
            const next = Number(e.target.value);
            if (Number.isInteger(next) && next >= 1991 && next <= 2100) setYear(next);
          }}
        />
      </label>
      {result.state === 'loading' ? (
        <Loading since={result.startedAt} />
      ) : result.state === 'error' ? (
        <ErrorState error={result.error} onRetry={result.reload} />
      ) : (
        <div aria-busy={result.stale} className="table-wrap">
          <table className="data-table" data-testid="benchmarks-yoy-table">
            <caption>
              {t(result.data.span.toDate ? 'benchmarks.yoy.captionToDate' : 'benchmarks.yoy.caption', {
                year: String(result.data.span.year),
                from: result.data.span.from,
                to: result.data.span.to,
                lastFrom: result.data.lastYear.from,
                lastTo: result.data.lastYear.to,
              })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('benchmarks.column.indicator')}</th>
                <th scope="col">{t('benchmarks.yoy.thisYear')}</th>
                <th scope="col">{t('benchmarks.yoy.lastYear')}</th>
                <th scope="col">{t('benchmarks.yoy.change')}</th>
                <th scope="col">{t('benchmarks.yoy.improved')}</th>
              </tr>
            </thead>
            <tbody>
              {result.data.rows
                .filter((row) => findKpi(catalog, row.kpi))
                .map((row) => (
                  <tr key={row.kpi} data-kpi={row.kpi}>
                    <th scope="row">{kpiName(row.kpi)}</th>
                    <td>{row.withheld ? t('benchmarks.withheld') : show(row.kpi, row.value)}</td>
                    <td>{row.withheld ? t('benchmarks.withheld') : show(row.kpi, row.lastYear)}</td>
                    <td>
                      {formatDifference(locale, formatOf(row.kpi), row.change, t('unit.pp'))}
                      {row.change !== null && !row.clear ? (
                        <span className="hint"> {t('benchmarks.yoy.unclear')}</span>
                      ) : null}
                    </td>
                    <td>
                      <Improved improved={row.improved} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <Notes notes={result.data.notes} />
        </div>
      )}
    </Section>
  );
}

function Improved({ improved }: { improved: boolean | null }) {
  const { t } = useI18n();
  if (improved === null)
    return (
      <span title={t('benchmarks.yoy.noComparison')}>
        <span aria-hidden="true">{DASH}</span>
        <span className="visually-hidden">{t('benchmarks.yoy.noComparison')}</span>
      </span>
    );
  const text = t(improved ? 'benchmarks.yoy.better' : 'benchmarks.yoy.worse');
  return (
    <span title={text} data-improved={improved}>
      <span aria-hidden="true">{improved ? '✓' : '✗'}</span>
      <span className="visually-hidden">{text}</span>
    </span>
  );
}

interface Draft {
  name: string;
  kpiId: string;
  value: number;
  year: number;
  channel: Channel | '';
  source: string;
  note: string;
}

const ENTRY_PROBLEMS: Record<EntryProblem, MessageKey> = {
  missing: 'benchmarks.form.error.missing',
  notANumber: 'benchmarks.form.error.notANumber',
  outOfRange: 'benchmarks.form.error.outOfRange',
};

function CompetitorSection({ stored, onChange }: { stored: Benchmark[]; onChange: () => void }) {
  const { t, kpiName } = useI18n();
  const { catalog } = useAppData();
  const labels = useLabels();
  const { show, formatOf } = useFormat();
  const [draft, setDraft] = useState<Draft>({
    name: '',
    kpiId: catalog.kpis.find((k) => k.id === 'csat')?.id ?? catalog.kpis[0]?.id ?? '',
    value: Number.NaN,
    year: new Date().getFullYear(),
    channel: '',
    source: '',
    note: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const format = formatOf(draft.kpiId);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function describe(error: ApiProblem): string {
    return [problemTitle(t, error), error.detail, ...(error.issues ?? [])].filter(Boolean).join(' — ');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const valueProblem = entryProblem(format, draft.value);
    if (!draft.name.trim()) return setProblem(t('benchmarks.form.error.name'));
    if (valueProblem)
      return setProblem(t(ENTRY_PROBLEMS[valueProblem], { field: t('benchmarks.form.value') }));
    const channel = draft.channel === '' ? null : draft.channel;
    const figure: CompetitorFigure = {
      kpiId: draft.kpiId,
      value: storedValue(format, draft.value),
      name: draft.name.trim(),
      year: draft.year,
      channel,
      source: draft.source.trim() || null,
      note: draft.note.trim() || null,
    };
    setBusy(true);
    const id = competitorFigureId(figure.name, figure.kpiId, figure.year, channel);
    const result = await benchmarksApi.put(id, figure);
    setBusy(false);
    if (!result.ok) return setProblem(describe(result.error));
    setProblem(null);
    setSaved(t('benchmarks.form.saved', { name: figure.name }));
    onChange();
  }

  async function remove(figure: Benchmark) {
    if (!window.confirm(t('benchmarks.stored.confirm', { name: figure.name, year: String(figure.year) })))
      return;
    const result = await benchmarksApi.remove(figure.id);
    if (!result.ok) return setProblem(describe(result.error));
    setProblem(null);
    onChange();
  }

  return (
    <Section id="benchmarks-competitors" title={t('benchmarks.form.title')}>
      <p className="hint">{t('benchmarks.form.intro')}</p>
      <form className="form-grid" onSubmit={submit} noValidate data-testid="benchmarks-form">
        <label>
          {t('benchmarks.form.name')}
          <input value={draft.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          {t('benchmarks.column.indicator')}
          <select value={draft.kpiId} onChange={(e) => set({ kpiId: e.target.value, value: Number.NaN })}>
            {catalog.kpis.map((k) => (
              <option key={k.id} value={k.id}>
                {kpiName(k.id)}
              </option>
            ))}
          </select>
        </label>
        <span className="field">
          <span>{t('benchmarks.form.value')}</span>{' '}
          {format === 'duration' ? (
            <DurationInput
              key={draft.kpiId}
              seconds={draft.value}
              onChange={(seconds) => set({ value: seconds })}
              label={t('benchmarks.form.value')}
            />
          ) : (
            <>
              <input
                type="number"
                step="any"
                aria-label={t('benchmarks.form.value')}
                value={Number.isFinite(draft.value) ? draft.value : ''}
                onChange={(e) => set({ value: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
              />
              {format === 'percent' ? <span aria-hidden="true"> %</span> : null}
            </>
          )}
        </span>
        <label>
          {t('benchmarks.column.year')}
          <input
            type="number"
            min={1990}
            max={2100}
            value={draft.year}
            onChange={(e) => set({ year: Number(e.target.value) })}
          />
        </label>
        <label>
          {t('benchmarks.column.channel')}
          <select value={draft.channel} onChange={(e) => set({ channel: e.target.value as Channel | '' })}>
            <option value="">{t('benchmarks.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {labels.value('channel', c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('benchmarks.column.source')}
          <input
            value={draft.source}
            maxLength={500}
            placeholder={t('benchmarks.form.sourceExample')}
            onChange={(e) => set({ source: e.target.value })}
          />
        </label>
        <label>
          {t('benchmarks.form.note')}
          <input value={draft.note} maxLength={2000} onChange={(e) => set({ note: e.target.value })} />
        </label>
        <div>
          <button type="submit" disabled={busy}>
            {t('benchmarks.form.save')}
          </button>
        </div>
        {problem ? (
          <p className="field-error" role="alert" data-testid="benchmarks-form-error">
            {problem}
          </p>
        ) : null}
        {saved ? (
          <p className="hint" role="status">
            {saved}
          </p>
        ) : null}
      </form>
      <h3>{t('benchmarks.stored.title')}</h3>
      {stored.length === 0 ? (
        <p className="hint">{t('benchmarks.stored.empty')}</p>
      ) : (
        <table className="data-table" data-testid="benchmarks-stored">
          <thead>
            <tr>
              <th scope="col">{t('benchmarks.column.figure')}</th>
              <th scope="col">{t('benchmarks.column.indicator')}</th>
              <th scope="col">{t('benchmarks.column.value')}</th>
              <th scope="col">{t('benchmarks.column.year')}</th>
              <th scope="col">{t('benchmarks.column.channel')}</th>
              <th scope="col">{t('benchmarks.column.source')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('benchmarks.stored.delete')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {stored.map((figure) => (
              <tr key={figure.id}>
                <th scope="row">
                  {figure.name}{' '}
                  <span className="hint">{t(`benchmarks.kind.${figure.kind}` as MessageKey)}</span>
                </th>
                <td>{kpiName(figure.kpiId)}</td>
                <td>{show(figure.kpiId, figure.value)}</td>
                <td>{t('benchmarks.yearFigure', { year: String(figure.year) })}</td>
                <td>
                  {figure.channel ? labels.value('channel', figure.channel) : t('benchmarks.allChannels')}
                </td>
                <td>
                  <Source figure={figure} />
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => remove(figure)}
                    aria-label={t('benchmarks.stored.deleteOne', {
                      name: figure.name,
                      year: String(figure.year),
                    })}
                  >
                    {t('benchmarks.stored.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
