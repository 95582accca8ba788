import { type CatalogKpi, call, client, type Scorecard, type ScorecardKpi, useApi } from '../api.js';
import { findKpi, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { formatCount, formatDifference, formatPValue, formatValue, plainValue } from '../format.js';
import { type I18n, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Link } from '../router.js';

function scorecardQuery(dash: ReturnType<typeof useDashboardFilters>) {
  const [team] = dash.filters.team;
  return {
    ...(dash.range ? { from: dash.range.from, to: dash.range.to } : {}),
    timezone: dash.filters.timezone,
    ...(dash.filters.team.length === 1 && team ? { team } : {}),
  };
}

/**
 * Why an agent is (or is not) a coaching candidate, in the reader's language, from the numbers of
 * the comparison; the server's English sentence is the fallback.
 */
export function coachingReason(
  i18n: Pick<I18n, 't' | 'kpiName' | 'locale'>,
  kpi: CatalogKpi,
  row: ScorecardKpi,
): string | null {
  const c = row.value.comparison;
  if (!c?.clear) return null;
  const { t, locale } = i18n;
  const unit = kpi.format === 'percent' ? t('unit.pp') : t('unit.points');
  return t(row.coaching.direction === 'better' ? 'coaching.reasonBetter' : 'coaching.reasonWorse', {
    kpi: i18n.kpiName(kpi.id),
    value: formatValue(locale, kpi.format, row.value.value),
    team: row.team ? formatValue(locale, kpi.format, row.team.value) : '—',
    difference: formatDifference(locale, kpi.format, c.difference, unit),
    low: formatDifference(locale, kpi.format, c.low, unit),
    high: formatDifference(locale, kpi.format, c.high, unit),
    p: formatPValue(locale, c.pValue),
  });
}

function Verdict({ row }: { row: ScorecardKpi }) {
  const { t } = useI18n();
  const c = row.value.comparison;
  if (!c) return <span className="muted">{t('verdict.notCompared')}</span>;
  if (!c.clear) return <span className="muted">{t('verdict.unclear')}</span>;
  const better = row.coaching.direction === 'better';
  return (
    <span className={`badge ${better ? 'better' : 'worse'}`}>
      {t(better ? 'verdict.better' : 'verdict.worse')}
    </span>
  );
}

export function Agents() {
  const i18n = useI18n();
  const { t, locale, kpiName } = i18n;
  usePageTitle(t('nav.agents'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const query = scorecardQuery(dash);
  const result = useApi(status.empty ? null : JSON.stringify(query), (signal) =>
    call(client.api.scorecards.$get({ query }, { init: { signal } })),
  );
  if (status.empty) return <NoData />;

  const kpiIds = result.state === 'ok' ? result.data.kpis : [];
  const kpis = kpiIds.map((id) => findKpi(catalog, id)).filter((k): k is CatalogKpi => !!k);
  const agents = result.state === 'ok' ? result.data.agents : [];
  const candidates = agents.filter((a) => a.coachingCandidate);

  const exportView = () => {
    const header = [
      'agent',
      'agent_name',
      'team',
      'coaching_candidate',
      ...kpis.flatMap((k) => [k.id, `${k.id}_n`, `${k.id}_team`, `${k.id}_clear`]),
    ];
    const rows = agents.map((a) => [
      a.agent.id,
      a.agent.name,
      a.agent.teamName ?? a.agent.teamId,
      a.coachingCandidate,
      ...kpis.flatMap((k) => {
        const row = a.kpis.find((x) => x.kpi === k.id);
        return [
          plainValue(k.format, row?.value.value),
          row?.value.n ?? 0,
          plainValue(k.format, row?.team?.value),
          row?.value.comparison?.clear ?? null,
        ];
      }),
    ]);
    downloadText(
      csvFileName('agents', result.state === 'ok' ? result.data.range : null),
      toCsv(header, rows),
    );
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('nav.agents')}</h1>
        <div className="page-actions">
          {can.exportData && agents.length > 0 ? (
            <button type="button" className="secondary" onClick={exportView}>
              {t('action.exportView')}
            </button>
          ) : null}
        </div>
      </div>
      <FilterBar dimensions={['team']} />
      <p className="hint">{t('agents.intro')}</p>
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' && agents.length === 0 ? <EmptyFilters /> : null}
      {agents.length > 0 ? (
        <>
          <section className="panel" aria-labelledby="coaching-title">
            <h2 id="coaching-title">{t('coaching.title')}</h2>
            {candidates.length === 0 ? (
              <p>{t('coaching.none')}</p>
            ) : (
              <ul data-testid="coaching-candidates">
                {candidates.map((a) => (
                  <li key={a.agent.id}>
                    <Link to={`/agents/${encodeURIComponent(a.agent.id)}${window.location.search}`}>
                      {a.agent.name ?? a.agent.id}
                    </Link>
                    <ul>
                      {a.kpis
                        .filter((k) => k.coaching.candidate)
                        .map((k) => {
                          const def = findKpi(catalog, k.kpi);
                          return (
                            <li key={k.kpi}>{def ? coachingReason(i18n, def, k) : k.coaching.reason}</li>
                          );
                        })}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="scorecards-title">
            <h2 id="scorecards-title">{t('agents.scorecards')}</h2>
            <div className="table-wrap">
              <table data-testid="agents-table" className="nowrap">
                <caption className="visually-hidden">{t('agents.scorecards')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{labels.dimension('agent')}</th>
                    <th scope="col">{labels.dimension('team')}</th>
                    {kpis.map((k) => (
                      <th scope="col" key={k.id} className="num">
                        {kpiName(k.id)}
                      </th>
                    ))}
                    <th scope="col">{t('coaching.column')}</th>
                  </tr>
                </thead>
                <tbody>
                  {agents.map((a) => (
                    <tr key={a.agent.id}>
                      <th scope="row">
                        <Link to={`/agents/${encodeURIComponent(a.agent.id)}${window.location.search}`}>
                          {a.agent.name ?? a.agent.id}
                        </Link>
                      </th>
                      <td>{a.agent.teamName ?? labels.team(a.agent.teamId)}</td>
                      {kpis.map((k) => {
                        const row = a.kpis.find((x) => x.kpi === k.id);
                        const c = row?.value.comparison;
                        const tone = c?.clear
                          ? row?.coaching.direction === 'better'
                            ? 'better'
                            : 'worse'
                          : null;
                        return (
                          <td key={k.id} className="num">
                            <span className={tone ? `change ${tone}` : undefined}>
                              {formatValue(locale, k.format, row?.value.value)}
                              {tone ? (
                                <span aria-hidden="true">{tone === 'better' ? ' ▲' : ' ▼'}</span>
                              ) : null}
                            </span>
                            {tone ? (
                              <span className="visually-hidden">
                                {' '}
                                ({t(tone === 'better' ? 'verdict.better' : 'verdict.worse')})
                              </span>
                            ) : null}
                            <span className="muted"> ({formatCount(locale, row?.value.n ?? 0)})</span>
                          </td>
                        );
                      })}
                      <td>
                        {a.coachingCandidate ? (
                          <span className="badge worse">{t('coaching.candidate')}</span>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="hint">{t('agents.legend')}</p>
          </section>
        </>
      ) : null}
    </>
  );
}

export function AgentScorecard({ agentId }: { agentId: string }) {
  const i18n = useI18n();
  const { t, locale, kpiName, kpiDefinition } = i18n;
  const { catalog, status, user } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const query = scorecardQuery(dash);
  const result = useApi(status.empty || !agentId ? null : `${agentId}|${JSON.stringify(query)}`, (signal) =>
    call(client.api.scorecards[':agent'].$get({ param: { agent: agentId }, query }, { init: { signal } })),
  );
  const name = result.state === 'ok' ? (result.data.agent.name ?? agentId) : labels.agent(agentId);
  usePageTitle(t('scorecard.title', { name }));

  if (status.empty) return <NoData />;
  if (!agentId) {
    return (
      <>
        <h1>{t('nav.myScorecard')}</h1>
        <p className="state">{t('scorecard.noAgent')}</p>
      </>
    );
  }

  const own = user.agentId === agentId;
  return (
    <>
      <div className="page-head">
        <h1>{t('scorecard.title', { name })}</h1>
        {can.allScorecards ? (
          <Link to={`/agents${window.location.search}`}>{t('scorecard.back')}</Link>
        ) : null}
      </div>
      <FilterBar dimensions={[]} />
      {result.state === 'loading' ? <Loading /> : null}
      {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
      {result.state === 'ok' ? scorecardTable(result.data) : null}
      {result.state === 'ok' && own && !can.allScorecards ? (
        <p className="hint">{t('scorecard.ownOnly')}</p>
      ) : null}
    </>
  );

  function scorecardTable(card: Scorecard) {
    return (
      <section className="panel" aria-labelledby="scorecard-table-title">
        <h2 id="scorecard-table-title">
          {t('scorecard.against', { team: card.agent.teamName ?? labels.team(card.agent.teamId) })}
        </h2>
        {card.coachingCandidate ? (
          <p className="notice" data-testid="coaching-flag">
            {t('coaching.flag')}
          </p>
        ) : null}
        <div className="table-wrap">
          <table data-testid="scorecard-table">
            <caption className="visually-hidden">{t('scorecard.title', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('control.kpi')}</th>
                <th scope="col" className="num">
                  {t('scorecard.agent')}
                </th>
                <th scope="col" className="num">
                  {t('column.n')}
                </th>
                <th scope="col" className="num">
                  {t('scorecard.team')}
                </th>
                <th scope="col" className="num">
                  {t('scorecard.difference')}
                </th>
                <th scope="col">{t('scorecard.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {card.kpis.map((row) => {
                const kpi = findKpi(catalog, row.kpi);
                if (!kpi) return null;
                const c = row.value.comparison;
                const unit = kpi.format === 'percent' ? t('unit.pp') : t('unit.points');
                const reason = coachingReason(i18n, kpi, row);
                const text = formatValue(locale, kpi.format, row.value.value);
                const href =
                  can.drillDown && kpi.drillDown && row.value.n > 0
                    ? drillHref(dash, { kpi: kpi.id, dims: { agent: card.agent.id } })
                    : null;
                return (
                  <tr key={row.kpi}>
                    <th scope="row">
                      <abbr title={kpiDefinition(kpi.id)}>{kpiName(kpi.id)}</abbr>
                    </th>
                    <td className="num">
                      {href ? <Link to={href}>{text}</Link> : text}
                      {row.value.low != null && row.value.high != null ? (
                        <div className="muted">
                          {formatValue(locale, kpi.format, row.value.low)} –{' '}
                          {formatValue(locale, kpi.format, row.value.high)}
                        </div>
                      ) : null}
                    </td>
                    <td className="num">{formatCount(locale, row.value.n)}</td>
                    <td className="num">
                      {row.team?.withheld ? (
                        <span title={t('value.withheldWhy')}>{t('value.withheld')}</span>
                      ) : (
                        <>
                          {formatValue(locale, kpi.format, row.team?.value)}
                          {row.team ? (
                            <span className="muted"> ({formatCount(locale, row.team.n)})</span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td className="num">
                      {c ? (
                        <>
                          {formatDifference(locale, kpi.format, c.difference, unit)}
                          <div className="muted">
                            {formatDifference(locale, kpi.format, c.low, unit)} …{' '}
                            {formatDifference(locale, kpi.format, c.high, unit)}
                          </div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <Verdict row={row} />
                      {reason ? <div className="hint">{reason}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="hint">{t('scorecard.legend')}</p>
        <Notices notices={card.notices} />
      </section>
    );
  }
}
