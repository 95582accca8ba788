import { useId, useState } from 'react';
import { type ApiProblem, type ContactRow, call, client, downloadResponse, useApi } from '../api.js';
import { findKpi, useAppData, useDashboardFilters } from '../app-data.js';
import { FilterBar } from '../components/FilterBar.js';
import { usePageTitle } from '../components/Layout.js';
import { Notices } from '../components/Notices.js';
import { Pager } from '../components/Pager.js';
import { SortHeader } from '../components/SortHeader.js';
import { EmptyFilters, ErrorState, Loading, NoData } from '../components/States.js';
import { type ContactSort, contactsQueryOf } from '../drill.js';
import {
  formatCount,
  formatDuration,
  formatInstant,
  formatPeriod,
  formatScore,
  formatValue,
  hourLabel,
  weekdayName,
} from '../format.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { Link, useSearchParams } from '../router.js';

interface Column {
  id: string;
  header: string;
  sort?: ContactSort;
  numeric?: boolean;
  nowrap?: boolean;
  /** Left out on a narrow screen (a tablet): the contact's own page shows it. */
  optional?: boolean;
  cell: (row: ContactRow) => React.ReactNode;
  /** Durations: the seconds a cell shows, on the cell for scripts and tests. */
  seconds?: (row: ContactRow) => number | null;
}

/** Duration KPIs whose value is one of the list's own duration columns: shown once, not twice. */
const VALUE_COLUMN_OF: Record<string, 'frt' | 'resolution'> = { frt: 'frt', resolution_time: 'resolution' };

export function Contacts() {
  const { t, locale, kpiName } = useI18n();
  usePageTitle(t('nav.contacts'));
  const { catalog, status, user } = useAppData();
  const labels = useLabels();
  const dash = useDashboardFilters();
  const [params, update] = useSearchParams();
  const id = useId();
  const [exportError, setExportError] = useState<ApiProblem | null>(null);
  const [exporting, setExporting] = useState(false);

  const query = contactsQueryOf(params, dash, catalog.dimensions);
  // An agent's list is their own contacts: a filter on another agent is never sent.
  if (user.role === 'agent' && query.filters?.agent) {
    const own = query.filters.agent.filter((a) => a === user.agentId);
    query.filters = { ...query.filters, agent: own.length > 0 ? own : undefined };
  }
  const kpi = query.kpi ? findKpi(catalog, query.kpi) : undefined;
  const result = useApi(status.empty ? null : JSON.stringify(query), (signal) =>
    call(client.api.contacts.query.$post({ json: query }, { init: { signal } })),
  );

  if (status.empty) return <NoData />;

  const tz = query.timezone ?? 'UTC';
  // The server's default order is by the time that places a row in the KPI's periods.
  const sort = query.sort ?? 'time';
  const order = query.order ?? 'desc';
  const setParam = (key: string, value: string | null) =>
    update((p) => {
      if (value === null) p.delete(key);
      else p.set(key, value);
      if (key !== 'page') p.delete('page');
    });
  const onSort = (column: ContactSort) =>
    update((p) => {
      const same = sort === column;
      p.set('sort', column);
      p.set('order', same && order === 'desc' ? 'asc' : 'desc');
      p.delete('page');
    });

  const surveyRows = result.state === 'ok' && result.data.unit === 'survey';
  const hours = result.state === 'ok' ? result.data.hours : (query.hours ?? kpi?.defaultHours ?? 'business');
  const hoursText = t(`tables.hours.${hours}`);
  const timeColumn = result.state === 'ok' ? result.data.timeColumn : 'created_at';
  /** A message of this area named after a KPI or column, or null when there is none for it. */
  const known = (key: string): string | null => {
    const text = t(key as MessageKey);
    return text === key ? null : text;
  };
  const share = (part: 'yes' | 'no' | 'all') => (kpi ? known(`tables.share.${kpi.id}.${part}`) : null);
  const durationHeader = (key: 'tables.column.frt' | 'tables.column.resolution') =>
    t(key, { hours: hoursText });

  const subjectColumn: Column = {
    id: 'subject',
    header: t('contact.subject'),
    // The subject names the row best, so it is the link to the contact's timeline.
    cell: (r) => {
      const text = r.subject ?? r.externalId ?? '';
      return r.key ? (
        <Link
          to={`/contacts/${encodeURIComponent(r.key)}${window.location.search}`}
          data-testid="contact-link"
        >
          {text}
        </Link>
      ) : (
        text
      );
    },
  };
  const timeCell: Column = {
    id: 'time',
    header: known(`tables.time.${timeColumn}`) ?? t('contact.created'),
    sort: 'time',
    nowrap: true,
    cell: (r) => formatInstant(locale, r.placedAt, tz),
  };
  const createdColumn: Column = {
    id: 'created',
    header: t('contact.created'),
    sort: 'created_at',
    nowrap: true,
    cell: (r) => formatInstant(locale, r.createdAt, tz),
  };
  const who: Column[] = [
    {
      id: 'channel',
      header: t('dimension.channel'),
      sort: 'channel',
      cell: (r) => labels.value('channel', r.channel),
    },
    { id: 'team', header: t('dimension.team'), sort: 'team_id', cell: (r) => labels.team(r.teamId) },
    {
      id: 'assignee',
      header: t('contact.assignee'),
      sort: 'assignee_id',
      cell: (r) => labels.agent(r.assigneeId),
    },
  ];
  const numeratorColumn: Column[] =
    kpi && kpi.format === 'percent'
      ? [
          {
            id: 'numerator',
            header: share('yes') ?? t('contact.inNumerator'),
            sort: 'in_numerator',
            cell: (r) => (r.inNumerator === null ? '' : t(r.inNumerator ? 'value.yes' : 'value.no')),
          },
        ]
      : [];
  const columns: Column[] = [];
  if (surveyRows) {
    // One row per answer: the answer matters more than the contact's response times.
    columns.push(
      subjectColumn,
      timeCell,
      {
        id: 'score',
        header: t('survey.score'),
        sort: 'value',
        numeric: true,
        nowrap: true,
        cell: (r) =>
          r.survey?.score != null
            ? `${formatScore(locale, r.survey.score)} / ${r.survey.scaleMax ?? ''}`
            : t('survey.notAnswered'),
      },
      ...numeratorColumn,
      { id: 'comment', header: t('survey.comment'), cell: (r) => r.survey?.comment ?? '' },
      ...who,
    );
  } else {
    const shownAsValue = kpi ? VALUE_COLUMN_OF[kpi.id] : undefined;
    columns.push(
      subjectColumn,
      timeCell,
      ...(timeColumn === 'created_at' ? [] : [createdColumn]),
      ...who,
      {
        id: 'status',
        header: t('contact.status'),
        optional: true,
        cell: (r) => labels.value('status', r.status),
      },
      {
        id: 'priority',
        header: t('dimension.priority'),
        sort: 'priority',
        cell: (r) => labels.value('priority', r.priority),
      },
      {
        id: 'topic',
        header: t('dimension.topic'),
        sort: 'topic',
        optional: true,
        cell: (r) => r.topic ?? '',
      },
      ...numeratorColumn,
      {
        id: 'frt',
        header: durationHeader('tables.column.frt'),
        sort: 'frt_s',
        numeric: true,
        nowrap: true,
        cell: (r) => formatDuration(locale, r.frtSeconds),
        seconds: (r) => r.frtSeconds,
      },
      {
        id: 'resolution',
        header: durationHeader('tables.column.resolution'),
        sort: 'first_resolution_s',
        numeric: true,
        nowrap: true,
        cell: (r) => formatDuration(locale, r.resolutionSeconds),
        seconds: (r) => r.resolutionSeconds,
      },
    );
    if (kpi && !shownAsValue && (kpi.format === 'duration' || kpi.format === 'score')) {
      columns.push({
        id: 'value',
        header:
          kpi.format === 'duration' && kpi.hoursApply
            ? t('tables.column.valueIn', { name: kpiName(kpi.id), hours: hoursText })
            : t('contact.valueOf', { name: kpiName(kpi.id) }),
        sort: 'value',
        numeric: true,
        nowrap: true,
        cell: (r) => formatValue(locale, kpi.format, r.value),
      });
    }
  }

  const exportContacts = async () => {
    setExporting(true);
    setExportError(null);
    const { page: _page, pageSize: _size, ...rest } = query;
    try {
      const res = await client.api.contacts.export.$post({ json: rest });
      if (res.ok) await downloadResponse(res, 'servicemeter-contacts.csv');
      else {
        const r = await call(Promise.resolve(res));
        if (!r.ok) setExportError(r.error);
      }
    } catch (e) {
      setExportError({
        status: 0,
        title: t('error.network'),
        detail: e instanceof Error ? e.message : String(e),
      });
    }
    setExporting(false);
  };

  const drillParts: string[] = [];
  if (query.period) drillParts.push(formatPeriod(locale, query.period.key, query.period.grain));
  if (query.weekday !== undefined) drillParts.push(weekdayName(locale, query.weekday, 'long'));
  if (query.hourOfDay !== undefined) drillParts.push(hourLabel(locale, query.hourOfDay));
  for (const [d, values] of Object.entries(query.filters ?? {})) {
    if (values && values.length > 0)
      drillParts.push(`${labels.dimension(d)}: ${values.map((v) => labels.value(d, v)).join(', ')}`);
  }

  return (
    <>
      <div className="page-head">
        <h1>{kpi ? t('contacts.titleKpi', { name: kpiName(kpi.id) }) : t('nav.contacts')}</h1>
        <div className="page-actions">
          <button
            type="button"
            className="secondary"
            onClick={exportContacts}
            disabled={exporting}
            data-testid="export-contacts"
          >
            {t('action.exportContacts')}
          </button>
        </div>
      </div>
      <FilterBar />
      <section className="panel" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="visually-hidden">
          {t('contacts.list')}
        </h2>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-kpi`}>{t('contacts.behind')}</label>
            <select
              id={`${id}-kpi`}
              value={query.kpi ?? ''}
              onChange={(e) => setParam('kpi', e.target.value || null)}
            >
              <option value="">{t('contacts.allContacts')}</option>
              {catalog.kpis
                .filter((k) => k.drillDown)
                .map((k) => (
                  <option key={k.id} value={k.id}>
                    {kpiName(k.id)}
                  </option>
                ))}
            </select>
          </div>
          {kpi?.format === 'percent' ? (
            <div className="field">
              <label htmlFor={`${id}-part`}>{t('contacts.part')}</label>
              <select
                id={`${id}-part`}
                value={query.part ?? 'all'}
                onChange={(e) => setParam('part', e.target.value === 'all' ? null : e.target.value)}
              >
                <option value="all">{share('all') ?? t('part.all')}</option>
                <option value="numerator">{share('yes') ?? t('part.numerator')}</option>
                <option value="rest">{share('no') ?? t('part.rest')}</option>
              </select>
            </div>
          ) : null}
          {query.period || query.weekday !== undefined || query.hourOfDay !== undefined ? (
            <button
              type="button"
              className="link"
              onClick={() =>
                update((p) => {
                  for (const k of ['grain', 'period', 'hour', 'weekday', 'page']) p.delete(k);
                })
              }
            >
              {t('contacts.clearCell')}
            </button>
          ) : null}
        </div>
        {drillParts.length > 0 ? <p data-testid="drill-summary">{drillParts.join(' · ')}</p> : null}
        {!surveyRows && (!kpi || kpi.hoursApply) ? (
          <p className="hint" data-testid="contacts-hours">
            {kpi
              ? t('tables.durationsIn', { hours: hoursText, name: kpiName(kpi.id) })
              : t('tables.durationsInList', { hours: hoursText })}
          </p>
        ) : null}
        {user.role === 'agent' ? <p className="hint">{t('contacts.agentOnly')}</p> : null}
        {exportError ? <ErrorState error={exportError} /> : null}
        {result.state === 'loading' ? <Loading /> : null}
        {result.state === 'error' ? <ErrorState error={result.error} onRetry={result.reload} /> : null}
        {result.state === 'ok' && result.data.total === 0 ? <EmptyFilters /> : null}
        {result.state === 'ok' && result.data.total > 0 ? (
          <>
            <p aria-live="polite" data-testid="contacts-total">
              {t(surveyRows ? 'contacts.totalSurveys' : 'contacts.total', {
                total: formatCount(locale, result.data.total),
              })}
            </p>
            <div className="table-wrap contacts-wrap">
              <table data-testid="contacts-table" className="contacts-table" aria-busy={result.stale}>
                <caption className="visually-hidden">{t('contacts.list')}</caption>
                <thead>
                  <tr>
                    {columns.map((c) =>
                      c.sort ? (
                        <SortHeader
                          key={c.id}
                          label={c.header}
                          active={sort === c.sort}
                          order={order}
                          numeric={c.numeric}
                          sortKey={c.sort}
                          className={c.optional ? 'optional' : undefined}
                          onSort={() => onSort(c.sort as ContactSort)}
                        />
                      ) : (
                        <th
                          key={c.id}
                          scope="col"
                          className={
                            [c.numeric ? 'num' : '', c.optional ? 'optional' : ''].join(' ').trim() ||
                            undefined
                          }
                        >
                          {c.header}
                        </th>
                      ),
                    )}
                  </tr>
                </thead>
                <tbody>
                  {result.data.rows.map((r, i) => (
                    <tr key={`${r.key ?? 'survey'}-${r.survey?.key ?? i}`}>
                      {columns.map((c) => (
                        <td
                          key={c.id}
                          data-column={c.id}
                          data-seconds={c.seconds?.(r) ?? undefined}
                          className={
                            [c.numeric ? 'num' : '', c.nowrap ? 'nowrap' : '', c.optional ? 'optional' : '']
                              .join(' ')
                              .trim() || undefined
                          }
                        >
                          {c.cell(r)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              page={result.data.page}
              pageSize={result.data.pageSize}
              total={result.data.total}
              label={t('pager.label')}
              onPage={(page) => setParam('page', String(page))}
            />
            <Notices notices={result.data.notices} />
          </>
        ) : null}
      </section>
    </>
  );
}
