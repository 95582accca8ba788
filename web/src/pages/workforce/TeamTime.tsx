import { useId } from 'react';
import {
  type CatalogKpi,
  call,
  client,
  type KpiQueryInput,
  type KpiRow,
  kpiValue,
  useApi,
} from '../../api.js';
import { findKpi, useAppData, useDashboardFilters } from '../../app-data.js';
import { FilterBar } from '../../components/FilterBar.js';
import { usePageTitle } from '../../components/Layout.js';
import { Notices } from '../../components/Notices.js';
import { ErrorState, Loading } from '../../components/States.js';
import { formatNumber, formatPercent, formatValue } from '../../format.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { canPlanWorkforce } from './pages.js';
import { shrinkageShares, teamTimeKpis } from './team-time.js';
import { WorkforceNav } from './WorkforceNav.js';

/**
 * Team time: the workforce indicators per agent for the period chosen, the team's together, and
 * shrinkage by reason. An agent sees their own figures only (not availability, a team figure); the
 * KPI API refuses them the rest.
 */
export function TeamTime() {
  const { t } = useI18n();
  const { user, catalog } = useAppData();
  const planner = canPlanWorkforce(user.role);
  usePageTitle(planner ? t('workforce.time.title') : t('workforce.time.myTitle'));
  const id = useId();
  const kpis = teamTimeKpis((k) => findKpi(catalog, k), planner);
  const own = planner ? {} : { agent: [user.agentId ?? ''] };

  return (
    <section aria-labelledby={`${id}-title`} className="wf-page">
      <WorkforceNav />
      <h1 id={`${id}-title`}>{planner ? t('workforce.time.title') : t('workforce.time.myTitle')}</h1>
      <p className="hint">{planner ? t('workforce.time.intro') : t('workforce.time.myIntro')}</p>
      <FilterBar />
      {kpis.length === 0 ? (
        <p>{t('workforce.time.unavailable')}</p>
      ) : (
        <>
          <Figures kpis={kpis} own={own} byAgent={planner} />
          {findKpi(catalog, 'shrinkage') ? <ShrinkageByReason own={own} /> : null}
        </>
      )}
    </section>
  );
}

type Own = { agent?: string[] };

function useKpiQuery(kpis: string[], own: Own, by: KpiQueryInput['by']) {
  const dash = useDashboardFilters();
  const query: KpiQueryInput = {
    kpis,
    ...dash.base,
    filters: { ...dash.base.filters, ...own },
    by,
  };
  return useApi(kpis.length ? JSON.stringify(query) : null, (signal) =>
    call(client.api.kpi.query.$post({ json: query }, { init: { signal } })),
  );
}

function cell(locale: string, t: (key: MessageKey) => string, kpi: CatalogKpi, row: KpiRow | undefined) {
  const v = kpiValue(row, kpi.id);
  if (v?.withheld) return t('value.withheld');
  return formatValue(locale, kpi.format, v?.value);
}

function Figures({ kpis, own, byAgent }: { kpis: CatalogKpi[]; own: Own; byAgent: boolean }) {
  const { t, locale, kpiName, kpiDefinition } = useI18n();
  const labels = useLabels();
  const id = useId();
  const ids = kpis.map((k) => k.id);
  const totals = useKpiQuery(ids, own, []);
  const agents = useKpiQuery(byAgent ? ids : [], own, ['agent']);
  const scheduledSomewhere = (row: KpiRow) => kpis.some((k) => (kpiValue(row, k.id)?.n ?? 0) > 0);
  // Availability is the team's coverage, not an agent's: its row without an agent is not a person.
  const rows =
    agents.state === 'ok'
      ? agents.data.rows
          .filter((row) => row.agent !== null && row.agent !== undefined && row.agent !== '')
          .filter(scheduledSomewhere)
          .sort((a, b) =>
            labels.agent(String(a.agent ?? '')).localeCompare(labels.agent(String(b.agent ?? ''))),
          )
      : [];
  const teamRow = totals.state === 'ok' ? totals.data.rows[0] : undefined;
  const title = byAgent ? t('workforce.time.byAgent') : t('workforce.time.myTitle');
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {totals.state === 'loading' || agents.state === 'loading' ? <Loading /> : null}
      {totals.state === 'error' ? <ErrorState error={totals.error} onRetry={totals.reload} /> : null}
      {agents.state === 'error' ? <ErrorState error={agents.error} onRetry={agents.reload} /> : null}
      {totals.state === 'ok' && teamRow && !scheduledSomewhere(teamRow) ? (
        <p>{t('workforce.time.noData')}</p>
      ) : null}
      {totals.state === 'ok' && teamRow && scheduledSomewhere(teamRow) ? (
        <div className="table-wrap">
          <table data-testid="team-time" aria-busy={totals.stale || agents.stale}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workforce.schedules.agent')}</th>
                {kpis.map((k) => (
                  <th scope="col" className="num" key={k.id} title={kpiDefinition(k.id)}>
                    {kpiName(k.id)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={String(row.agent ?? '')} data-agent={String(row.agent ?? '')}>
                  <th scope="row">{labels.agent(String(row.agent ?? ''))}</th>
                  {kpis.map((k) => (
                    <td className="num" key={k.id}>
                      {cell(locale, t, k, row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-agent="">
                <th scope="row">{byAgent ? t('workforce.time.team') : labels.agent(null)}</th>
                {kpis.map((k) => (
                  <td className="num" key={k.id}>
                    {cell(locale, t, k, teamRow)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {totals.state === 'ok' ? <Notices notices={totals.data.notices} /> : null}
    </section>
  );
}

function ShrinkageByReason({ own }: { own: Own }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const id = useId();
  const result = useKpiQuery(['shrinkage'], own, [
    'shrinkage_reason' as NonNullable<KpiQueryInput['by']>[number],
  ]);
  const total = useKpiQuery(['shrinkage'], own, []);
  const withheld =
    result.state === 'ok' && result.data.rows.some((r) => kpiValue(r, 'shrinkage')?.withheld === true);
  const rows =
    result.state === 'ok' && total.state === 'ok'
      ? shrinkageShares(
          result.data.rows.map((r) => ({
            reason:
              r.shrinkage_reason === null || r.shrinkage_reason === undefined
                ? null
                : String(r.shrinkage_reason),
            minutes: kpiValue(r, 'shrinkage')?.n ?? 0,
          })),
          kpiValue(total.data.rows[0], 'shrinkage')?.n ?? 0,
        )
      : [];
  const widest = Math.max(0, ...rows.map((r) => r.share ?? 0));
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workforce.time.shrinkage')}</h2>
      <p className="hint">{t('workforce.time.shrinkageHint')}</p>
      {result.state === 'loading' || total.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {total.state === 'error' ? <ErrorState error={total.error} onRetry={total.reload} /> : null}
      {withheld ? <p>{t('value.withheldWhy')}</p> : null}
      {!withheld && result.state === 'ok' && total.state === 'ok' && rows.length === 0 ? (
        <p>{t('workforce.time.noData')}</p>
      ) : null}
      {!withheld && rows.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="shrinkage-by-reason">
            <caption className="visually-hidden">{t('workforce.time.shrinkage')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workforce.time.reason')}</th>
                <th scope="col" className="num">
                  {t('workforce.time.shareOfScheduled')}
                </th>
                <th scope="col" className="num">
                  {t('workforce.time.hours')}
                </th>
                <td />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.reason} data-reason={row.reason}>
                  <th scope="row">{labels.value('shrinkage_reason', row.reason)}</th>
                  <td className="num">{formatPercent(locale, row.share)}</td>
                  <td className="num">{formatNumber(locale, row.minutes / 60, 1)}</td>
                  <td aria-hidden="true">
                    <span
                      className="wf-bar"
                      style={{
                        width: `${widest > 0 ? Math.round(((row.share ?? 0) / widest) * 160) / 10 : 0}rem`,
                      }}
                    />
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
