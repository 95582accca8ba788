import { type ReactNode, useEffect, useMemo } from 'react';
import { type KpiQueryInput, type KpiResult, useApi } from '../../api.js';
import { findKpi, useAppData, useDashboardFilters } from '../../app-data.js';
import { Chart, SERIES_COLOURS } from '../../components/Chart.js';
import { FilterBar } from '../../components/FilterBar.js';
import { usePageTitle } from '../../components/Layout.js';
import { Notices } from '../../components/Notices.js';
import { ErrorState, Loading } from '../../components/States.js';
import { presetAnchor } from '../../filters.js';
import {
  formatCount,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatRate,
} from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { useSearchParams } from '../../router.js';
import {
  type BusinessNotice,
  type BusinessViewQuery,
  businessApi,
  type ConversionView,
  HANDLINGS,
  type PeopleView,
} from './api.js';
import { clvCurves, cohortGrid } from './cohorts.js';
import {
  type BusinessKpi,
  type BusinessRole,
  type BusinessSection,
  kpisFor,
  type MoneyAccess,
  moneyAccess,
  moneyFilters,
  seesAgentRows,
  seesLifetimeValue,
} from './pages.js';
import { chartValues, lastCompleteMonths, type MonthValue, monthTable, totals } from './series.js';
import './business.css';

/** The page opens on this many complete months unless the address names a period. */
const DEFAULT_MONTHS = 12;

interface PageContext {
  role: BusinessRole;
  money: MoneyAccess;
  range: BusinessViewQuery;
  currency: string | null;
  base: Omit<KpiQueryInput, 'kpis'>;
}

/**
 * The Business page: what the service does for the business — customers who stay, orders after
 * contact, what contacts cost, lifetime value by how problems were handled, and the people doing
 * the work. Money figures are asked for only by roles that see them.
 */
export function Business() {
  const { t } = useI18n();
  usePageTitle(t('business.title'));
  const { user, status } = useAppData();
  const role = user.role as BusinessRole;
  const money = moneyAccess(role);
  const dash = useDashboardFilters();
  const [params, update] = useSearchParams();
  const named = params.has('preset') || params.has('from');
  const anchor = presetAnchor(status.to, dash.filters.timezone);
  useEffect(() => {
    if (named) return;
    const months = lastCompleteMonths(anchor, DEFAULT_MONTHS);
    update((p) => {
      p.set('from', months.from);
      p.set('to', months.to);
    }, true);
  }, [named, anchor, update]);

  const settings = useApi(money !== 'none' ? 'settings' : null, (signal) => businessApi.settings(signal));
  const range = dash.range ?? lastCompleteMonths(anchor, DEFAULT_MONTHS);
  const team = dash.base.filters.team ?? [];
  const context: PageContext = {
    role,
    money,
    range: { from: range.from, to: range.to, ...(team.length ? { team } : {}) },
    currency: settings.state === 'ok' ? settings.data.reportingCurrency : null,
    base: { ...dash.base, from: range.from, to: range.to },
  };

  return (
    <div className="business-page" data-testid="business-page" data-money={money}>
      <div className="page-head">
        <h1>{t('business.title')}</h1>
      </div>
      <p className="hint">{t('business.intro')}</p>
      {money === 'none' ? (
        <p className="business-money-note" data-testid="business-money-note">
          {t('business.moneyHidden')}
        </p>
      ) : null}
      {money === 'totals' ? (
        <p className="business-money-note" data-testid="business-money-note">
          {t('business.moneyTotals')}
        </p>
      ) : null}
      <FilterBar dimensions={['channel', 'team']} />
      {named ? (
        <>
          <CustomersSection context={context} />
          <CohortsSection context={context} />
          {money !== 'none' ? <CostsSection context={context} /> : null}
          {seesLifetimeValue(role) ? <LifetimeValueSection context={context} /> : null}
          <ConversionSection context={context} />
          <PeopleSection context={context} />
          <BusinessNotices />
        </>
      ) : (
        <Loading />
      )}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel business-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** The answer of a view, or its error with a retry; a refusal (403) leaves the part out. */
function Answer<T>({
  result,
  children,
}: {
  result: ReturnType<typeof useApi<T>>;
  children: (data: T) => ReactNode;
}) {
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error')
    return result.error.status === 403 ? null : <ErrorState error={result.error} onRetry={result.reload} />;
  return <div aria-busy={result.stale}>{children(result.data)}</div>;
}

/**
 * The KPI answer for a section's indicators the catalog has and the role may ask for, by month
 * (`grain`) or over the whole range. Filters go only on dimensions every indicator asked has.
 */
function useSectionKpis(section: BusinessSection, context: PageContext, grain: 'month' | null) {
  const { catalog } = useAppData();
  const kpis = kpisFor(section, context.role, (id) => findKpi(catalog, id));
  const shared = (dimension: string) =>
    kpis.every((k) => findKpi(catalog, k.id)?.dimensions.includes(dimension as 'team') ?? false);
  const withMoney = kpis.some((k) => k.money);
  const filters = Object.fromEntries(
    Object.entries(
      withMoney ? moneyFilters(context.base.filters ?? {}, context.role) : (context.base.filters ?? {}),
    ).filter(([dimension]) => shared(dimension)),
  );
  const query: KpiQueryInput = {
    ...context.base,
    kpis: kpis.map((k) => k.id),
    filters,
    by: [],
    ...(grain ? { grain } : {}),
  };
  const result = useApi(kpis.length ? JSON.stringify(query) : null, (signal) =>
    businessApi.kpis(query, signal),
  );
  return { kpis, result };
}

function useFormatters(currency: string | null) {
  const { locale } = useI18n();
  return (kpi: BusinessKpi, value: number | null | undefined): string => {
    switch (kpi.format) {
      case 'money':
        return formatMoney(locale, value, currency);
      case 'percent':
        return formatPercent(locale, value);
      case 'count':
        return formatCount(locale, value);
      default:
        return formatRate(locale, value);
    }
  };
}

/** The currency of a KPI answer's money figures, else the reporting currency of the settings. */
function currencyOf(answer: KpiResult, context: PageContext): string | null {
  return answer.currency ?? context.currency;
}

/** A month × indicator table; an empty value reads "—" with why in its title, never 0. */
function MonthlyTable({
  caption,
  kpis,
  answer,
  context,
  testId,
}: {
  caption: string;
  kpis: BusinessKpi[];
  answer: KpiResult;
  context: PageContext;
  testId: string;
}) {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  const format = useFormatters(currencyOf(answer, context));
  const table = monthTable(
    answer.rows,
    kpis.map((k) => k.id),
  );
  const show = (kpi: BusinessKpi, v: MonthValue | null) => {
    if (v === null || v.value === null)
      return (
        <span className="business-empty" title={t('business.noValue')}>
          {t('business.noValueShort')}
        </span>
      );
    return format(kpi, v.value);
  };
  return (
    <div className="table-wrap">
      <table data-testid={testId} className="business-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('business.column.month')}</th>
            {kpis.map((k) => (
              <th scope="col" className="num" key={k.id} title={kpiDefinition(k.id)} data-kpi={k.id}>
                {kpiName(k.id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.periods.map((period, i) => (
            <tr key={period}>
              <th scope="row">{formatPeriod(locale, period, 'month')}</th>
              {table.series.map((s, j) => {
                const kpi = kpis[j] as BusinessKpi;
                return (
                  <td className="num" key={s.id} data-kpi={s.id}>
                    {show(kpi, s.values[i] ?? null)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function lineOption(
  categories: string[],
  series: { name: string; values: (number | null)[]; type?: 'line' | 'bar' }[],
  axis: (value: number) => string,
) {
  return {
    color: SERIES_COLOURS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', axisLabel: { formatter: axis } },
    series: series.map((s) => ({
      name: s.name,
      type: s.type ?? 'line',
      data: s.values,
      connectNulls: false,
    })),
  };
}

function KpiAnswer({
  result,
  children,
}: {
  result: ReturnType<typeof useSectionKpis>['result'];
  children: (answer: KpiResult) => ReactNode;
}) {
  return (
    <Answer result={result}>
      {(answer) => (
        <>
          {children(answer)}
          <Notices notices={answer.notices} />
        </>
      )}
    </Answer>
  );
}

function CustomersSection({ context }: { context: PageContext }) {
  const { t, locale, kpiName } = useI18n();
  const { kpis, result } = useSectionKpis('customers', context, 'month');
  if (kpis.length === 0) return null;
  return (
    <Section id="business-customers" title={t('business.customers.title')}>
      <KpiAnswer result={result}>
        {(answer) => {
          const table = monthTable(
            answer.rows,
            kpis.map((k) => k.id),
          );
          const months = table.periods.map((p) => formatPeriod(locale, p, 'month'));
          const counts = table.series.filter((s) =>
            ['customers_new', 'customers_churned', 'customers_active'].includes(s.id),
          );
          const rates = table.series.filter((s) => ['retention_rate', 'churn_rate'].includes(s.id));
          return (
            <>
              {counts.length ? (
                <Chart
                  label={t('business.customers.chart')}
                  testId="business-customers-chart"
                  option={lineOption(
                    months,
                    counts.map((s) => ({
                      name: kpiName(s.id),
                      values: chartValues(s),
                      type: s.id === 'customers_active' ? 'line' : 'bar',
                    })),
                    (v) => formatCount(locale, v),
                  )}
                />
              ) : null}
              {rates.length ? (
                <Chart
                  label={t('business.customers.ratesChart')}
                  testId="business-rates-chart"
                  height={240}
                  option={lineOption(
                    months,
                    rates.map((s) => ({ name: kpiName(s.id), values: chartValues(s) })),
                    (v) => formatPercent(locale, v, 0),
                  )}
                />
              ) : null}
              <MonthlyTable
                caption={t('business.customers.table')}
                kpis={kpis}
                answer={answer}
                context={context}
                testId="business-customers-table"
              />
            </>
          );
        }}
      </KpiAnswer>
    </Section>
  );
}

function CohortsSection({ context }: { context: PageContext }) {
  const { t, locale } = useI18n();
  const key = JSON.stringify(['cohorts', context.range]);
  const result = useApi(key, (signal) => businessApi.cohorts(context.range, signal));
  return (
    <Section id="business-cohorts" title={t('business.cohorts.title')}>
      <p className="hint">{t('business.cohorts.howTo')}</p>
      <Answer result={result}>
        {(view) => {
          const grid = cohortGrid(view);
          if (grid.rows.length === 0) return <p>{t('business.cohorts.empty')}</p>;
          return (
            <>
              <div className="table-wrap">
                <table className="business-cohorts" data-testid="business-cohort-grid">
                  <caption>{t('business.cohorts.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('business.cohorts.cohort')}</th>
                      <th scope="col" className="num">
                        {t('business.cohorts.size')}
                      </th>
                      {grid.offsets.map((offset) => (
                        <th scope="col" className="num" key={offset}>
                          {t('business.cohorts.month', { offset })}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {grid.rows.map((row) => {
                      const cohort = formatPeriod(locale, `${row.cohort}-01`, 'month');
                      return (
                        <tr key={row.cohort}>
                          <th scope="row">{cohort}</th>
                          <td className="num">{formatCount(locale, row.size)}</td>
                          {row.cells.map((cell, i) => {
                            if (!cell) return <td key={grid.offsets[i]} className="business-cell-none" />;
                            const interval =
                              cell.low !== null && cell.high !== null
                                ? t('value.interval', {
                                    low: formatPercent(locale, cell.low),
                                    high: formatPercent(locale, cell.high),
                                  })
                                : '';
                            const title = t('business.cohorts.cell', {
                              cohort,
                              offset: cell.offset,
                              share: formatPercent(locale, cell.share),
                              retained: formatCount(locale, cell.retained),
                              size: formatCount(locale, row.size),
                              interval,
                            });
                            return (
                              <td
                                key={cell.offset}
                                className={`num business-shade-${cell.shade}`}
                                title={title}
                                aria-label={title}
                              >
                                {formatPercent(locale, cell.share, 0)}
                              </td>
                            );
                          })}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <p className="hint">{view.method}</p>
            </>
          );
        }}
      </Answer>
    </Section>
  );
}

function CostsSection({ context }: { context: PageContext }) {
  const { t, locale, kpiName } = useI18n();
  const { kpis, result } = useSectionKpis('costs', context, 'month');
  if (kpis.length === 0) return null;
  return (
    <Section id="business-costs" title={t('business.costs.title')}>
      {context.money === 'totals' ? <p className="hint">{t('business.moneyTotals')}</p> : null}
      <KpiAnswer result={result}>
        {(answer) => {
          const table = monthTable(
            answer.rows,
            kpis.map((k) => k.id),
          );
          const months = table.periods.map((p) => formatPeriod(locale, p, 'month'));
          const perContact = table.series.filter((s) =>
            ['cost_per_contact', 'cost_per_resolution'].includes(s.id),
          );
          const spend = table.series.filter((s) => ['acquisition_spend', 'retention_spend'].includes(s.id));
          const axis = (v: number) => formatMoney(locale, v, currencyOf(answer, context));
          return (
            <>
              {perContact.length ? (
                <Chart
                  label={t('business.costs.chart')}
                  testId="business-costs-chart"
                  option={lineOption(
                    months,
                    perContact.map((s) => ({ name: kpiName(s.id), values: chartValues(s) })),
                    axis,
                  )}
                />
              ) : null}
              {spend.length ? (
                <Chart
                  label={t('business.costs.spendChart')}
                  testId="business-spend-chart"
                  height={240}
                  option={lineOption(
                    months,
                    spend.map((s) => ({ name: kpiName(s.id), values: chartValues(s), type: 'bar' })),
                    axis,
                  )}
                />
              ) : null}
              <MonthlyTable
                caption={t('business.costs.table')}
                kpis={kpis}
                answer={answer}
                context={context}
                testId="business-costs-table"
              />
            </>
          );
        }}
      </KpiAnswer>
    </Section>
  );
}

function LifetimeValueSection({ context }: { context: PageContext }) {
  const { t, locale } = useI18n();
  const key = JSON.stringify(['clv', context.range]);
  const result = useApi(key, (signal) => businessApi.clv(context.range, signal));
  return (
    <Section id="business-clv" title={t('business.clv.title')}>
      <Answer result={result}>
        {(view) => {
          const currency = view.currency ?? context.currency;
          const money = (v: number | null | undefined) => formatMoney(locale, v, currency);
          const interval = (i: { low: number; high: number } | null) =>
            i ? t('value.interval', { low: money(i.low), high: money(i.high) }) : '';
          const curves = clvCurves(view.cohorts);
          const groups = HANDLINGS.map((h) => view.groups.find((g) => g.handling === h)).filter(
            (g) => g !== undefined,
          );
          return (
            <>
              <div className="table-wrap">
                <table data-testid="business-clv-table" className="business-table">
                  <caption>{t('business.clv.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('business.clv.handling')}</th>
                      <th scope="col" className="num">
                        {t('business.clv.customers')}
                      </th>
                      <th scope="col" className="num">
                        {t('business.clv.mean')}
                      </th>
                      <th scope="col" className="num">
                        {t('business.clv.difference')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={g.handling} data-handling={g.handling}>
                        <th scope="row">{t(`business.handling.${g.handling}` as MessageKey)}</th>
                        <td className="num">{formatCount(locale, g.customers)}</td>
                        <td className="num">
                          {money(g.meanClv)}
                          {g.interval ? (
                            <span className="muted business-interval">{interval(g.interval)}</span>
                          ) : null}
                        </td>
                        <td className="num">
                          {g.handling === 'first_contact' ? (
                            <span className="muted">{t('business.clv.reference')}</span>
                          ) : g.difference ? (
                            <>
                              {signed(locale, g.difference.value, currency)}
                              {g.difference.interval ? (
                                <span className="muted business-interval">
                                  {interval(g.difference.interval)}
                                </span>
                              ) : null}
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="hint">{view.method}</p>
              {curves.lines.length ? (
                <Chart
                  label={t('business.clv.curve')}
                  testId="business-clv-curve"
                  height={280}
                  option={{
                    ...lineOption(
                      curves.offsets.map((o) => t('business.cohorts.month', { offset: o })),
                      curves.lines.map((line) => ({
                        name: formatPeriod(locale, `${line.cohort}-01`, 'month'),
                        values: line.values,
                      })),
                      (v) => formatMoney(locale, v, currency),
                    ),
                    legend: { top: 0, type: 'scroll' },
                  }}
                />
              ) : null}
              <NoticeList notices={view.notices} />
            </>
          );
        }}
      </Answer>
    </Section>
  );
}

function signed(locale: string, value: number, currency: string | null): string {
  const text = formatMoney(locale, Math.abs(value), currency);
  return value > 0 ? `+${text}` : value < 0 ? `\u2212${text}` : text;
}

function ConversionTable({
  view,
  testId,
  caption,
}: {
  view: ConversionView;
  testId: string;
  caption: string;
}) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const interval = (i: { low: number; high: number } | null) =>
    i ? t('value.interval', { low: formatPercent(locale, i.low), high: formatPercent(locale, i.high) }) : '';
  const name = (row: ConversionView['rows'][number]) =>
    view.by === 'channel' ? labels.value('channel', row.key) : row.label || labels.agent(row.key);
  return (
    <div className="table-wrap">
      <table data-testid={testId} className="business-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              {t(view.by === 'channel' ? 'business.conversion.channel' : 'business.conversion.agent')}
            </th>
            <th scope="col" className="num">
              {t('business.conversion.contacts')}
            </th>
            <th scope="col" className="num">
              {t('business.conversion.converted')}
            </th>
            <th scope="col" className="num">
              {t('business.conversion.rate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">{name(row)}</th>
              <td className="num">{formatCount(locale, row.contacts)}</td>
              <td className="num">{formatCount(locale, row.converted)}</td>
              <td className="num">
                {formatPercent(locale, row.rate)}
                {row.interval ? (
                  <span className="muted business-interval">{interval(row.interval)}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-key="">
            <th scope="row">{t('business.conversion.baseline')}</th>
            <td className="num">{formatCount(locale, view.baseline.n)}</td>
            <td className="num" />
            <td className="num">
              {formatPercent(locale, view.baseline.rate)}
              {view.baseline.interval ? (
                <span className="muted business-interval">{interval(view.baseline.interval)}</span>
              ) : null}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function ConversionSection({ context }: { context: PageContext }) {
  const { t } = useI18n();
  const agents = seesAgentRows(context.role);
  const byChannel = useApi(JSON.stringify(['conversion', 'channel', context.range]), (signal) =>
    businessApi.conversion(context.range, 'channel', signal),
  );
  const byAgent = useApi(agents ? JSON.stringify(['conversion', 'agent', context.range]) : null, (signal) =>
    businessApi.conversion(context.range, 'agent', signal),
  );
  return (
    <Section id="business-conversion" title={t('business.conversion.title')}>
      <Answer result={byChannel}>
        {(view) => (
          <>
            <p className="hint">{t('business.conversion.intro', { days: view.conversionDays })}</p>
            <ConversionTable
              view={view}
              testId="business-conversion-channel"
              caption={t('business.conversion.byChannel')}
            />
            <p className="hint">{view.method}</p>
          </>
        )}
      </Answer>
      {agents ? (
        <Answer result={byAgent}>
          {(view) => (
            <ConversionTable
              view={view}
              testId="business-conversion-agent"
              caption={t('business.conversion.byAgent')}
            />
          )}
        </Answer>
      ) : null}
    </Section>
  );
}

function PeopleSection({ context }: { context: PageContext }) {
  const { t, kpiName, kpiDefinition } = useI18n();
  const format = useFormatters(context.currency);
  const { kpis, result } = useSectionKpis('people', context, null);
  const seesPeople = seesLifetimeValue(context.role);
  const people = useApi(seesPeople ? JSON.stringify(['people', context.range]) : null, (signal) =>
    businessApi.people(context.range, signal),
  );
  return (
    <Section id="business-people" title={t('business.people.title')}>
      {kpis.length ? (
        <KpiAnswer result={result}>
          {(answer) => {
            const values = totals(
              answer.rows,
              kpis.map((k) => k.id),
            );
            return (
              <dl className="business-tiles" data-testid="business-people-figures">
                {kpis.map((k) => (
                  <div key={k.id} className="business-tile" data-kpi={k.id}>
                    <dt title={kpiDefinition(k.id)}>{kpiName(k.id)}</dt>
                    <dd>
                      {values[k.id]?.value === null || values[k.id] === null ? (
                        <span className="business-empty" title={t('business.noValue')}>
                          {t('business.noValueShort')}
                        </span>
                      ) : (
                        format(k, values[k.id]?.value)
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            );
          }}
        </KpiAnswer>
      ) : null}
      {seesPeople ? (
        <Answer result={people}>{(view) => <PeopleTables view={view} context={context} />}</Answer>
      ) : null}
    </Section>
  );
}

function PeopleTables({ view, context }: { view: PeopleView; context: PageContext }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const hourlyCost = context.money === 'all';
  const share = (v: { value: number | null; n: number; interval: { low: number; high: number } | null }) => (
    <>
      {formatPercent(locale, v.value)}
      {v.interval ? (
        <span className="muted business-interval">
          {t('value.interval', {
            low: formatPercent(locale, v.interval.low),
            high: formatPercent(locale, v.interval.high),
          })}
        </span>
      ) : null}
      <span className="muted"> (n = {formatCount(locale, v.n)})</span>
    </>
  );
  return (
    <>
      <div className="table-wrap">
        <table data-testid="business-tenure-groups" className="business-table">
          <caption>{t('business.people.tenureGroups')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('business.people.group')}</th>
              <th scope="col" className="num">
                {t('business.people.agents')}
              </th>
              <th scope="col" className="num">
                {t('business.people.fcr')}
              </th>
              <th scope="col" className="num">
                {t('business.people.csat')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.tenureGroups.map((g) => (
              <tr key={g.group} data-group={g.group}>
                <th scope="row">
                  {g.group === 'new'
                    ? t('business.people.new', { days: view.newAgentDays })
                    : t('business.people.experienced')}
                </th>
                <td className="num">{formatCount(locale, g.agents)}</td>
                <td className="num">{share(g.fcr)}</td>
                <td className="num">{share(g.csat)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {seesAgentRows(context.role) && view.agents.length ? (
        <div className="table-wrap">
          <table data-testid="business-people-agents" className="business-table">
            <caption>{t('business.people.perAgent')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('business.people.agent')}</th>
                <th scope="col">{t('business.people.hired')}</th>
                <th scope="col" className="num">
                  {t('business.people.tenureYears')}
                </th>
                <th scope="col" className="num">
                  {t('business.people.fte')}
                </th>
                <th scope="col" className="num">
                  {t('business.people.paidHours')}
                </th>
                <th scope="col" className="num">
                  {t('business.people.resolved')}
                </th>
                <th scope="col" className="num">
                  {t('business.people.perPaidHour')}
                </th>
                <th scope="col" className="num">
                  {t('business.people.trainingDays')}
                </th>
                {hourlyCost ? (
                  <th scope="col" className="num" data-testid="business-hourly-cost">
                    {t('business.people.hourlyCost')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {view.agents.map((a) => (
                <tr key={a.agentId} data-agent={a.agentId}>
                  <th scope="row">
                    {a.name || labels.agent(a.agentId)}
                    {a.leftOn ? (
                      <span className="muted"> ({t('business.people.left', { day: a.leftOn })})</span>
                    ) : null}
                  </th>
                  <td>{a.hiredOn ?? '—'}</td>
                  <td className="num">{formatNumber(locale, a.tenureYears, 1)}</td>
                  <td className="num">{formatNumber(locale, a.fte, 2)}</td>
                  <td className="num">{formatNumber(locale, a.paidHours, 0)}</td>
                  <td className="num">{formatCount(locale, a.resolved)}</td>
                  <td className="num">{formatNumber(locale, a.resolvedPerPaidHour, 2)}</td>
                  <td className="num">{formatNumber(locale, a.trainingDays, 1)}</td>
                  {hourlyCost ? (
                    <td className="num">
                      {formatMoney(locale, a.hourlyCost, view.currency ?? context.currency)}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function NoticeList({ notices }: { notices: readonly BusinessNotice[] }) {
  const { t, locale } = useI18n();
  if (notices.length === 0) return null;
  return (
    <ul className="notes" data-testid="business-notices">
      {notices.map((n) => (
        <li key={`${n.kind}:${n.message}`} data-kind={n.kind}>
          {n.rowsLeftOut > 0
            ? t('business.notice.rowsLeftOut', {
                message: n.message,
                rows: formatCount(locale, n.rowsLeftOut),
              })
            : n.message}
        </li>
      ))}
    </ul>
  );
}

function BusinessNotices() {
  const { t } = useI18n();
  const result = useApi('notices', (signal) => businessApi.notices(signal));
  const notices = useMemo(() => (result.state === 'ok' ? result.data : []), [result]);
  if (result.state === 'error' && result.error.status !== 403)
    return (
      <Section id="business-notes" title={t('business.notices.title')}>
        <ErrorState error={result.error} onRetry={result.reload} />
      </Section>
    );
  if (notices.length === 0) return null;
  return (
    <Section id="business-notes" title={t('business.notices.title')}>
      <NoticeList notices={notices} />
    </Section>
  );
}
