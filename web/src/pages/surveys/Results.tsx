import { useMemo } from 'react';
import { call, client, type KpiQueryInput, kpiValue, useApi } from '../../api.js';
import { findKpi, readsAggregatesOnly, useAppData, useCan, useDashboardFilters } from '../../app-data.js';
import { Chart, SERIES_COLOURS } from '../../components/Chart.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ErrorState, Loading } from '../../components/States.js';
import { addDays, trendGrain } from '../../filters.js';
import { formatCount, formatPeriod, formatValue } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { axisFormatter } from '../../trends.js';
import { type SurveyView, surveysApi } from './api.js';
import { mainIndicator, mainQuestionOf, type Question, scalePoints } from './definition-edit.js';

/** How many answers the distribution reads; more are summarised by the indicators above it. */
const DISTRIBUTION_SAMPLE = 500;

/**
 * A survey's results: its main indicator and its response rate over time (the KPI API filtered to
 * the survey), the distribution of the main question's scores, and the ratings per dimension.
 */
export function SurveyResults({ survey }: { survey: SurveyView }) {
  const { catalog, user } = useAppData();
  const main = mainQuestionOf(survey.definition);
  const indicator = mainIndicator(main);
  const kpis = [indicator, 'survey_response_rate'].filter(
    (k): k is string => k !== null && findKpi(catalog, k) !== undefined,
  );
  const hasDimensions = survey.definition.questions.some((q) => q.type === 'rating' && q.dimension);
  return (
    <div className="survey-results">
      <FilterBar />
      {kpis.map((kpi) => (
        <Trend key={kpi} surveyId={survey.id} kpi={kpi} />
      ))}
      {/* The distribution is read from the answers, which a viewer is not shown. */}
      {main && !readsAggregatesOnly(user.role) ? <Distribution survey={survey} question={main} /> : null}
      {hasDimensions && findKpi(catalog, 'csat_dimension') ? <Dimensions surveyId={survey.id} /> : null}
    </div>
  );
}

/** The survey's own filter on a KPI query, next to the filter bar's. */
function surveyFilters(base: KpiQueryInput['filters'], surveyId: string): KpiQueryInput['filters'] {
  return { ...base, survey: [surveyId] };
}

function Trend({ surveyId, kpi }: { surveyId: string; kpi: string }) {
  const { t, locale, kpiName } = useI18n();
  const { catalog, status } = useAppData();
  const can = useCan();
  const dash = useDashboardFilters();
  const { grain } = trendGrain(null, dash.range, can.hourGrain);
  const query: KpiQueryInput = {
    kpis: [kpi],
    ...dash.base,
    filters: surveyFilters(dash.base.filters, surveyId),
    grain,
  };
  const result = useApi(JSON.stringify(query), (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );
  const format = findKpi(catalog, kpi)?.format ?? 'count';
  const points = useMemo(
    () =>
      result.state === 'ok'
        ? result.data.rows.map((row) => ({
            period: String(row.period ?? ''),
            value: kpiValue(row, kpi)?.value ?? null,
            n: kpiValue(row, kpi)?.n ?? 0,
          }))
        : [],
    [result.state, result.data, kpi],
  );
  const name = kpiName(kpi);
  const option = useMemo(
    () => ({
      color: SERIES_COLOURS,
      grid: { left: 56, right: 16, top: 24, bottom: 32 },
      xAxis: { type: 'category', data: points.map((p) => formatPeriod(locale, p.period, grain)) },
      yAxis: { type: 'value', axisLabel: { formatter: axisFormatter(locale, format) } },
      series: [{ name, type: 'line', data: points.map((p) => p.value), connectNulls: false }],
    }),
    [points, locale, grain, name, format],
  );
  return (
    <section className="survey-trend" data-testid={`survey-trend-${kpi}`}>
      <h3>{name}</h3>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && points.length === 0 ? <p>{t('surveys.results.noData')}</p> : null}
      {points.length > 0 ? (
        <>
          <Chart option={option} label={t('surveys.results.over', { kpi: name })} height={220} />
          <details>
            <summary>{t('surveys.results.table')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('surveys.results.period')}</th>
                  <th scope="col" className="num">
                    {name}
                  </th>
                  <th scope="col" className="num">
                    {t('surveys.results.n')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.period}>
                    <th scope="row">{formatPeriod(locale, p.period, grain)}</th>
                    <td className="num">{formatValue(locale, format, p.value)}</td>
                    <td className="num">{formatCount(locale, p.n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      ) : null}
      <p className="hint">{t('surveys.results.timezone', { timezone: status.timezone })}</p>
    </section>
  );
}

/** How often each point of the main question's scale was given, over the latest answers. */
function Distribution({ survey, question }: { survey: SurveyView; question: Question }) {
  const { t, locale } = useI18n();
  const { range } = useDashboardFilters();
  // The answers API takes whole UTC days, `to` included; the filters' range ends the day before `to`.
  const period = range ? { from: range.from, to: addDays(range.to, -1) } : {};
  const query = { survey: survey.id, limit: DISTRIBUTION_SAMPLE, ...period };
  const answers = useApi(`distribution:${JSON.stringify(query)}`, (signal) =>
    surveysApi.answers(query, signal),
  );
  const scale = question.type === 'rating' ? question.scale : { min: 0, max: 10 };
  const counts = useMemo(() => {
    const byPoint = new Map(scalePoints(scale).map((p) => [p, 0]));
    if (answers.state !== 'ok') return byPoint;
    for (const a of answers.data.answers) {
      const mine = a.questionId === null || a.questionId === question.id;
      if (!mine || a.score === null || !byPoint.has(a.score)) continue;
      byPoint.set(a.score, (byPoint.get(a.score) ?? 0) + 1);
    }
    return byPoint;
  }, [answers.state, answers.data, question.id, scale]);
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const option = useMemo(
    () => ({
      color: SERIES_COLOURS,
      grid: { left: 40, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: [...counts.keys()].map(String) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('surveys.results.answers'), type: 'bar', data: [...counts.values()] }],
    }),
    [counts, t],
  );
  return (
    <section className="survey-distribution" data-testid="score-distribution">
      <h3>{t('surveys.results.distribution')}</h3>
      {answers.state === 'loading' ? <Loading /> : null}
      {answers.state === 'error' ? <ErrorState error={answers.error} onRetry={answers.reload} /> : null}
      {answers.state === 'ok' ? (
        total === 0 ? (
          <p>{t('surveys.results.noData')}</p>
        ) : (
          <>
            <Chart option={option} label={t('surveys.results.distribution')} height={200} />
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('surveys.answers.score')}</th>
                  <th scope="col" className="num">
                    {t('surveys.results.answers')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...counts.entries()].map(([point, n]) => (
                  <tr key={point} data-testid={`score-${point}`}>
                    <th scope="row">{point}</th>
                    <td className="num">{formatCount(locale, n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="hint">
              {answers.data.nextCursor
                ? t('surveys.results.latest', { count: answers.data.answers.length })
                : t('surveys.results.utcDays')}
            </p>
          </>
        )
      ) : null}
    </section>
  );
}

function Dimensions({ surveyId }: { surveyId: string }) {
  const { t, locale, kpiName } = useI18n();
  const { catalog } = useAppData();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const query: KpiQueryInput = {
    kpis: ['csat_dimension'],
    ...dash.base,
    filters: surveyFilters(dash.base.filters, surveyId),
    by: ['survey_dimension'],
  };
  const result = useApi(JSON.stringify(query), (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );
  const format = findKpi(catalog, 'csat_dimension')?.format ?? 'percent';
  // Answers without a dimension are no part of this table.
  const rows =
    result.state === 'ok'
      ? result.data.rows.filter((row) => row.survey_dimension !== null && row.survey_dimension !== undefined)
      : [];
  return (
    <section data-testid="survey-dimensions">
      <h3>{t('surveys.results.dimensions')}</h3>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && rows.length === 0 ? <p>{t('surveys.results.noData')}</p> : null}
      {result.state === 'ok' && rows.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{labels.dimension('survey_dimension')}</th>
              <th scope="col" className="num">
                {kpiName('csat_dimension')}
              </th>
              <th scope="col" className="num">
                {t('surveys.results.n')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const value = kpiValue(row, 'csat_dimension');
              const dimension = String(row.survey_dimension ?? '');
              return (
                <tr key={dimension}>
                  <th scope="row">{labels.value('survey_dimension', dimension)}</th>
                  <td className="num">{formatValue(locale, format, value?.value)}</td>
                  <td className="num">{formatCount(locale, value?.n ?? 0)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
