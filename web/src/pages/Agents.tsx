import { MIN_RANKED_N } from '../../../src/core/kpi/samples.js';
import { type CatalogKpi, call, client, type Scorecard, type ScorecardKpi, useApi } from '../api.js';
import { findKpi, useAppData, useCan, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { SortHeader } from '../components/SortHeader.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { csvFileName, downloadText, kpiColumn, kpiDifferenceColumn, toCsv } from '../csv.js';
import { drillHref } from '../drill.js';
import { formatCount, formatDifference, formatValue, plainValue } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Link, useSearchParams } from '../router.js';
import {
  coachingReason,
  comparisonOf,
  judgementOf,
  kpiWithStatistic,
  restFigure,
  statisticOf,
} from './agents/comparison.js';
import { agentName, agentSortOf, bestFirst, rankAgents, type SortOrder } from './agents/ranking.js';

function scorecardQuery(dash: ReturnType<typeof useDashboardFilters>) {
  const [team] = dash.filters.team;
  return {
    ...(dash.range ? { from: dash.range.from, to: dash.range.to } : {}),
    timezone: dash.filters.timezone,
    ...(dash.filters.team.length === 1 && team ? { team } : {}),
  };
}

function Verdict({ row }: { row: ScorecardKpi }) {
  const { t } = useI18n();
  if (!row.value.comparison) return <span className="muted">{t('verdict.notCompared')}</span>;
  const judged = judgementOf(row);
  if (judged === null) return <span className="muted">{t('verdict.unclear')}</span>;
  if (judged === 'tooFew')
    return <span className="muted">{t('agents.tooFewToJudge', { min: MIN_RANKED_N })}</span>;
  const better = judged === 'better';
  return (
    <span className={`badge ${better ? 'better' : 'worse'}`}>
      {t(better ? 'verdict.better' : 'verdict.worse')}
    </span>
  );
}

/** A value with the count behind it, e.g. `12 min (214)`; withheld values say so. */
function ValueWithN({
  format,
  value,
}: {
  format: CatalogKpi['format'];
  value: { value: number | null; n: number; withheld?: boolean } | null | undefined;
}) {
  const { t, locale } = useI18n();
  if (value?.withheld) return <span title={t('value.withheldWhy')}>{t('value.withheld')}</span>;
  return (
    <>
      <span data-part="value">{formatValue(locale, format, value?.value)}</span>
      {value ? <span className="muted"> ({formatCount(locale, value.n)})</span> : null}
    </>
  );
}

const agentHref = (id: string) => `/agents/${encodeURIComponent(id)}${window.location.search}`;

export function Agents() {
  const i18n = useI18n();
  const { t, locale, kpiName } = i18n;
  usePageTitle(t('nav.agents'));
  const { catalog, status } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const [params, update] = useSearchParams();
  const query = scorecardQuery(dash);
  const result = useApi(status.empty ? null : JSON.stringify(query), (signal) =>
    call(client.api.scorecards.$get({ query }, { init: { signal } })),
  );
  if (status.empty) return <NoData />;

  const kpiIds = result.state === 'ok' ? result.data.kpis : [];
  const kpis = kpiIds.map((id) => findKpi(catalog, id)).filter((k): k is CatalogKpi => !!k);
  const agents = result.state === 'ok' ? result.data.agents : [];
  const candidates = agents.filter((a) => a.coachingCandidate);
  const sort = agentSortOf(params, kpis);
  const { ranked, apart } = rankAgents(agents, sort);
  const sortedKpi = sort.by === 'kpi' ? kpis.find((k) => k.id === sort.kpi) : undefined;
  const onSort = (by: string, firstOrder: SortOrder) =>
    update((p) => {
      const current = sort.by === 'kpi' ? sort.kpi : 'agent';
      const order = current === by ? (sort.order === 'asc' ? 'desc' : 'asc') : firstOrder;
      if (by === 'agent' && order === 'asc') {
        p.delete('sort');
        p.delete('order');
        return;
      }
      p.set('sort', by);
      p.set('order', order);
    });

  const exportView = () => {
    const header = [
      'agent',
      'agent_name',
      'team',
      'coaching_candidate',
      ...kpis.flatMap((k) => [
        kpiColumn(k.id, k.format),
        `${k.id}_n`,
        kpiColumn(k.id, k.format, 'rest'),
        kpiDifferenceColumn(k.id, k.format),
        kpiColumn(k.id, k.format, 'team'),
        `${k.id}_clear`,
      ]),
    ];
    const rows = [...ranked, ...apart].map((a) => [
      a.agent.id,
      a.agent.name,
      a.agent.teamName ?? a.agent.teamId,
      a.coachingCandidate,
      ...kpis.flatMap((k) => {
        const row = a.kpis.find((x) => x.kpi === k.id);
        const c = row ? comparisonOf(row) : null;
        return [
          plainValue(k.format, row?.value.value),
          row?.value.n ?? 0,
          plainValue(k.format, row ? restFigure(row)?.value : null),
          plainValue(k.format, c?.difference),
          plainValue(k.format, row?.team?.value),
          c?.clear ?? null,
        ];
      }),
    ]);
    downloadText(
      csvFileName('agents', result.state === 'ok' ? result.data.range : null),
      toCsv(header, rows),
    );
  };

  const agentRow = (a: Scorecard) => (
    <tr key={a.agent.id} data-agent={a.agent.id}>
      <th scope="row">
        <Link to={agentHref(a.agent.id)}>{agentName(a)}</Link>
        <div className="agents-team">{a.agent.teamName ?? labels.team(a.agent.teamId)}</div>
        {a.coachingCandidate ? <span className="badge worse">{t('coaching.candidate')}</span> : null}
      </th>
      {kpis.map((k) => {
        const row = a.kpis.find((x) => x.kpi === k.id);
        const judged = row ? judgementOf(row) : null;
        const tone = judged === 'better' || judged === 'worse' ? judged : null;
        return (
          <td key={k.id} className="num" data-kpi={k.id} data-n={row?.value.n ?? 0}>
            <span className={tone ? `change ${tone}` : undefined}>
              <span data-part="value">{formatValue(locale, k.format, row?.value.value)}</span>
              {tone ? <span aria-hidden="true">{tone === 'better' ? ' ▲' : ' ▼'}</span> : null}
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
    </tr>
  );

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
              <div className="table-wrap agents-scroll">
                <table data-testid="coaching-table" className="agents-coaching">
                  <caption className="visually-hidden">{t('coaching.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{labels.dimension('agent')}</th>
                      <th scope="col">{t('control.kpi')}</th>
                      <th scope="col" className="num">
                        {t('agents.column.agentValue')}
                      </th>
                      <th scope="col" className="num">
                        {t('agents.column.rest')}
                      </th>
                      <th scope="col">{t('agents.column.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {candidates.flatMap((a) =>
                      a.kpis
                        // As on the agent's scorecard: a difference on too few contacts is no coaching point.
                        .filter((k) => k.coaching.candidate && judgementOf(k) === 'worse')
                        .map((k) => {
                          const def = findKpi(catalog, k.kpi);
                          const statistic = def ? comparisonOf(k)?.statistic : undefined;
                          return (
                            <tr key={`${a.agent.id}|${k.kpi}`} data-agent={a.agent.id} data-kpi={k.kpi}>
                              <th scope="row">
                                <Link to={agentHref(a.agent.id)}>{agentName(a)}</Link>
                              </th>
                              <td>{statistic ? kpiWithStatistic(i18n, k.kpi, statistic) : kpiName(k.kpi)}</td>
                              <td className="num nowrap" data-cell="value">
                                {def ? <ValueWithN format={def.format} value={k.value} /> : null}
                              </td>
                              <td className="num nowrap" data-cell="rest">
                                {def ? <ValueWithN format={def.format} value={restFigure(k)} /> : null}
                              </td>
                              <td data-cell="reason">
                                {(def ? coachingReason(i18n, def, k) : null) ?? k.coaching.reason}
                              </td>
                            </tr>
                          );
                        }),
                    )}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="panel" aria-labelledby="scorecards-title">
            <h2 id="scorecards-title">{t('agents.scorecards')}</h2>
            <p className="hint">{t('agents.rankingHint', { min: formatCount(locale, MIN_RANKED_N) })}</p>
            <div className="table-wrap agents-scroll">
              <table data-testid="agents-table" className="agents-table">
                <caption className="visually-hidden">{t('agents.scorecards')}</caption>
                <thead>
                  <tr>
                    <SortHeader
                      label={labels.dimension('agent')}
                      active={sort.by === 'agent'}
                      order={sort.order}
                      onSort={() => onSort('agent', 'asc')}
                    />
                    {kpis.map((k) => (
                      <SortHeader
                        key={k.id}
                        label={kpiWithStatistic(i18n, k.id, statisticOf(k))}
                        active={sort.by === 'kpi' && sort.kpi === k.id}
                        order={sort.order}
                        numeric
                        onSort={() => onSort(k.id, bestFirst(k))}
                      />
                    ))}
                  </tr>
                </thead>
                <tbody data-group="ranked">{ranked.map(agentRow)}</tbody>
                {sortedKpi && apart.length > 0 ? (
                  <tbody data-group="apart" className="agents-apart">
                    <tr>
                      <th scope="rowgroup" colSpan={kpis.length + 1}>
                        <span className="agents-apart-label">
                          {t(
                            sortedKpi.source === 'survey_facts'
                              ? 'agents.tooFew.answers'
                              : 'agents.tooFew.contacts',
                            {
                              kpi: kpiWithStatistic(i18n, sortedKpi.id, statisticOf(sortedKpi)),
                              min: formatCount(locale, MIN_RANKED_N),
                            },
                          )}
                        </span>
                      </th>
                    </tr>
                    {apart.map(agentRow)}
                  </tbody>
                ) : null}
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
        <div className="table-wrap agents-scroll">
          <table data-testid="scorecard-table" className="agents-scorecard">
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
                  {t('agents.column.rest')}
                </th>
                <th scope="col" className="num">
                  {t('scorecard.difference')}
                </th>
                <th scope="col" className="num">
                  {t('scorecard.team')}
                </th>
                <th scope="col">{t('scorecard.verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {card.kpis.map((row) => {
                const kpi = findKpi(catalog, row.kpi);
                if (!kpi) return null;
                const c = comparisonOf(row);
                const unit = kpi.format === 'percent' ? t('unit.pp') : t('unit.points');
                const judged = judgementOf(row);
                const reason =
                  judged === 'better' || judged === 'worse' ? coachingReason(i18n, kpi, row) : null;
                const text = formatValue(locale, kpi.format, row.value.value);
                const href =
                  can.drillDown && kpi.drillDown && row.value.n > 0
                    ? drillHref(dash, { kpi: kpi.id, dims: { agent: card.agent.id } })
                    : null;
                return (
                  <tr key={row.kpi} data-kpi={row.kpi}>
                    <th scope="row">
                      <abbr title={kpiDefinition(kpi.id)}>{kpiName(kpi.id)}</abbr>
                      {c && c.statistic !== 'nps' ? (
                        <div className="muted">{t(`agents.statistic.${c.statistic}`)}</div>
                      ) : null}
                    </th>
                    <td className="num" data-cell="value">
                      <span data-part="value">{href ? <Link to={href}>{text}</Link> : text}</span>
                      {row.value.low != null && row.value.high != null ? (
                        <div className="muted">
                          {formatValue(locale, kpi.format, row.value.low)} –{' '}
                          {formatValue(locale, kpi.format, row.value.high)}
                        </div>
                      ) : null}
                    </td>
                    <td className="num">{formatCount(locale, row.value.n)}</td>
                    <td className="num" data-cell="rest">
                      <ValueWithN format={kpi.format} value={restFigure(row)} />
                    </td>
                    <td className="num" data-cell="difference">
                      {c ? (
                        <>
                          <span data-part="value">
                            {formatDifference(locale, kpi.format, c.difference, unit)}
                          </span>
                          <div className="muted">
                            {formatDifference(locale, kpi.format, c.low, unit)} …{' '}
                            {formatDifference(locale, kpi.format, c.high, unit)}
                          </div>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num" data-cell="team">
                      <ValueWithN format={kpi.format} value={row.team} />
                    </td>
                    <td className="agents-verdict">
                      <Verdict row={row} />
                      {reason ? (
                        <div className="hint" data-cell="reason">
                          {reason}
                        </div>
                      ) : null}
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
