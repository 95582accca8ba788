/**
 * The contacts behind a number. A KPI's population — the rows of its source that are in the range
 * by its time column and match its `where` — is compiled from the KPI definition with the same
 * expression compiler and dialect as the KPI query, so a list always holds exactly the rows the
 * number was computed from, under the same filters, period or heatmap cell.
 */
import { DateTime } from 'luxon';
import { BUSINESS_HOURS_SORTS, CONTACT_SORTS, type ContactSort } from '../core/contact-sorts.js';
import type { Grain } from '../core/dialect.js';
import { quoteLiteral } from '../core/dialect.js';
import type { Engine, Row } from '../core/engine.js';
import { findKpi, KPIS } from '../core/kpi/catalog.js';
import { hoursFor, localTimeSql } from '../core/kpi/compile.js';
import type { KpiDefinition } from '../core/kpi/define.js';
import { type Expr, exprSql } from '../core/kpi/expr.js';
import { QUERY_LIMITS } from '../core/kpi/limits.js';
import { localToUtc, utcOffsetSegments, utcToLocal } from '../core/kpi/periods.js';
import { DIMENSIONS, type Dimension, SOURCES, type SourceName } from '../core/kpi/sources.js';
import { CONTACT_FACT_COLUMNS } from '../core/migrations.js';
import { err, ok, type Result } from '../core/result.js';
import { PRIORITIES } from '../core/schema.js';
import { isoInstant } from './audit.js';
import { type Notice, noticeText } from './notices.js';
import { spreadsheetLine } from './spreadsheet-csv.js';

export { CONTACT_SORTS, type ContactSort };

export interface ContactsRequest {
  kpi?: string;
  from?: string;
  to?: string;
  timezone: string;
  filters: Partial<Record<Dimension, string[]>>;
  period?: { grain: Grain; key: string };
  hourOfDay?: number;
  weekday?: number;
  hours?: 'business' | 'calendar';
  part: 'all' | 'numerator' | 'rest';
  sort?: ContactSort;
  order: 'asc' | 'desc';
}

export interface ContactsPage {
  page: number;
  pageSize: number;
}

/** Who is asking: an agent sees only the contacts assigned to them (and the surveys on those). */
export interface ContactsScope {
  agentId: string | null;
}

export type ContactsError =
  | { kind: 'unknown_kpi'; id: string; known: string[] }
  | { kind: 'invalid_query'; detail: string };

export interface SurveyAnswerView {
  key: string;
  kind: string;
  scaleMin: number | null;
  scaleMax: number | null;
  score: number | null;
  dimension: string | null;
  language: string | null;
  agentId: string | null;
  sentAt: string | null;
  respondedAt: string | null;
  comment: string | null;
}

export interface ContactRowView {
  key: string | null;
  source: string | null;
  externalId: string | null;
  channel: string | null;
  createdAt: string | null;
  status: string | null;
  priority: string | null;
  topic: string | null;
  teamId: string | null;
  assigneeId: string | null;
  customerId: string | null;
  subject: string | null;
  /** When the row counts for the KPI (its time column): creation, first resolution, the answer… */
  placedAt: string | null;
  firstReplyAt: string | null;
  frtSeconds: number | null;
  firstResolvedAt: string | null;
  resolutionSeconds: number | null;
  reopens: number | null;
  escalations: number | null;
  isOpen: boolean | null;
  value: number | null;
  inNumerator: boolean | null;
  survey: SurveyAnswerView | null;
}

export interface ContactListView {
  total: number;
  page: number;
  pageSize: number;
  rows: ContactRowView[];
  unit: 'contact' | 'survey';
  /** The hours of the durations (first response, resolution, value): those of the KPI asked for. */
  hours: 'business' | 'calendar';
  /** The column that places a row in the KPI's periods, shown as `placedAt`. */
  timeColumn: string;
  /** The order applied: `time` (the default) is `timeColumn`. */
  sort: ContactSort;
  order: 'asc' | 'desc';
  range: { from: string; to: string; timezone: string };
  notices: Notice[];
  /** The notices in English. */
  notes: string[];
}

interface Population {
  unit: 'contact' | 'survey';
  /** A SELECT over the KPI's source table alone: its columns plus kpi_value, in_num and kpi_time. */
  sql: string;
  hours: 'business' | 'calendar';
  timeColumn: string;
  range: { from: string; to: string; timezone: string };
  notices: Notice[];
  /** The columns, after the contact or the answer, that tell the source's rows apart. */
  rowKey: readonly string[];
}

/**
 * What tells apart the rows a source has several of per contact (per answer for surveys). Rows tied
 * on the column sorted by come out in an order of the engine's choosing otherwise, and DuckDB and
 * PostgreSQL choose differently: the same list would page differently.
 */
const ROW_KEYS: Partial<Record<SourceName, readonly string[]>> = {
  survey_facts: ['question_id', 'dimension'],
  qa_review_facts: ['review_key'],
  qa_rating_facts: ['review_key', 'category_id'],
  qa_calibration_pair_facts: ['calibration_session_id', 'category_id', 'reviewer_id', 'other_reviewer_id'],
  qa_check_facts: ['rule_id'],
};

const DAY_FORMAT = 'yyyy-LL-dd';

/**
 * Sources whose rows are agents' and teams' time, not contacts: they have no contact_key to list.
 * Customers' texts are many to a contact, and a survey comment may have none: what lies behind their
 * figures is the messages on the "What customers say" page, not a list of contacts.
 */
const WITHOUT_CONTACTS: ReadonlySet<SourceName> = new Set<SourceName>([
  'text_facts',
  'text_attribute_facts',
  'workforce_agent_facts',
  'workforce_coverage_facts',
  'workforce_shift_facts',
  'business_customer_facts',
  'business_customer_month_facts',
  'business_ledger_facts',
  'business_people_facts',
]);

/** Whether a KPI's rows are contacts (or answers and reviews of one): its figures drill down to them. */
export function listsContacts(kpi: KpiDefinition): boolean {
  return !WITHOUT_CONTACTS.has(kpi.source);
}

/** The query's range, or the span of the facts like the KPI query's default. */
async function rangeOf(
  engine: Engine,
  request: ContactsRequest,
): Promise<{ from: string; to: string; timezone: string }> {
  if (request.from && request.to) return { from: request.from, to: request.to, timezone: request.timezone };
  const rows = await engine.all(
    'SELECT CAST(facts_from AS VARCHAR) AS lo, CAST(facts_to AS VARCHAR) AS hi FROM facts_state',
  );
  const lo = rows[0]?.lo;
  const hi = rows[0]?.hi;
  const today = DateTime.now().setZone(request.timezone).toFormat(DAY_FORMAT);
  return {
    from:
      request.from ?? (lo == null ? today : utcToLocal(String(lo), request.timezone).toFormat(DAY_FORMAT)),
    to:
      request.to ??
      (hi == null ? today : utcToLocal(String(hi), request.timezone).plus({ days: 1 }).toFormat(DAY_FORMAT)),
    timezone: request.timezone,
  };
}

function dimensionColumn(kpi: KpiDefinition | null, dimension: Dimension): string | null {
  if (!kpi)
    return (SOURCES.contact_facts.dimensions as Partial<Record<Dimension, string>>)[dimension] ?? null;
  if (dimension === 'agent' && kpi.agentColumn) return kpi.agentColumn;
  return (SOURCES[kpi.source].dimensions as Partial<Record<Dimension, string>>)[dimension] ?? null;
}

const GRAIN_UNIT = {
  hour: 'hour',
  day: 'day',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
} as const;

/** The local bounds of a period given by its key (`2026-03-02`, `2026-03-02T10:00`). */
function periodBounds(grain: Grain, key: string, timezone: string): { from: string; to: string } | null {
  const start = DateTime.fromISO(key, { zone: timezone });
  if (!start.isValid) return null;
  const unit = GRAIN_UNIT[grain];
  if (+start.startOf(unit) !== +start) return null;
  const end = start.plus({ [`${unit}s`]: 1 });
  const local = (d: DateTime) => d.toFormat("yyyy-LL-dd'T'HH:mm:ss");
  return { from: local(start), to: local(end) };
}

const later = (a: string, b: string, tz: string) =>
  DateTime.fromISO(a, { zone: tz }) >= DateTime.fromISO(b, { zone: tz }) ? a : b;
const earlier = (a: string, b: string, tz: string) =>
  DateTime.fromISO(a, { zone: tz }) <= DateTime.fromISO(b, { zone: tz }) ? a : b;

const bool = (sql: string) => `COALESCE(${sql}, FALSE)`;

async function population(
  engine: Engine,
  request: ContactsRequest,
  scope: ContactsScope,
): Promise<Result<Population, ContactsError>> {
  const d = engine.dialect;
  let kpi: KpiDefinition | null = null;
  if (request.kpi !== undefined) {
    kpi = findKpi(request.kpi) ?? null;
    if (!kpi) return err({ kind: 'unknown_kpi', id: request.kpi, known: KPIS.map((k) => k.id) });
    if (!listsContacts(kpi))
      return err({
        kind: 'invalid_query',
        detail: `kpi: ${kpi.id} is not counted over contacts (its rows: ${SOURCES[kpi.source].description}): it has no contacts to list`,
      });
  }
  for (const [dimension, values] of Object.entries(request.filters))
    if (values && values.length > QUERY_LIMITS.listEntries)
      return err({
        kind: 'invalid_query',
        detail: `filters.${dimension}: at most ${QUERY_LIMITS.listEntries} values, got ${values.length}`,
      });
  const range = await rangeOf(engine, request);
  let from = range.from;
  let to = range.to;
  const tz = request.timezone;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!DateTime.fromISO(value, { zone: tz }).isValid)
      return err({ kind: 'invalid_query', detail: `${name}: not a date` });
  }
  if (request.period) {
    const bounds = periodBounds(request.period.grain, request.period.key, tz);
    if (!bounds)
      return err({
        kind: 'invalid_query',
        detail: `period: '${request.period.key}' is not the start of a ${request.period.grain}`,
      });
    from = later(from, bounds.from, tz);
    to = earlier(to, bounds.to, tz);
  }
  const fromUtc = localToUtc(from, tz);
  let toUtc = localToUtc(to, tz);
  if (toUtc < fromUtc) toUtc = fromUtc;

  const source = kpi?.source ?? 'contact_facts';
  const unit = source === 'survey_facts' ? 'survey' : 'contact';
  // A list without a KPI shows durations as the duration KPIs do by default.
  const hours = kpi ? hoursFor(kpi, request) : (request.hours ?? 'business');
  const resolve = (c: Extract<Expr, { op: 'col' }>) =>
    hours === 'business' && c.business ? c.business : c.name;
  const sql = (e: Expr) => exprSql(e, resolve);
  const measure = kpi?.value;
  const stock = measure?.kind === 'stock';
  const time = stock ? measure.openedAt : (kpi?.timeColumn ?? 'created_at');
  const notices: Notice[] = [];

  const conditions: string[] = [];
  if (stock) {
    // Open at the end of the range (or of the clicked period), as the backlog counts them.
    const end = d.timestampLiteral(toUtc);
    conditions.push(
      `${measure.openedAt} < ${end}`,
      `(${measure.closedAt} IS NOT NULL OR ${measure.openNow})`,
      `(${measure.closedAt} >= ${end} OR ${measure.closedAt} IS NULL)`,
    );
    if (request.hourOfDay !== undefined || request.weekday !== undefined)
      return err({
        kind: 'invalid_query',
        detail: `${kpi?.id} is a stock: it has no hour-of-day or weekday cells`,
      });
  } else {
    conditions.push(`${time} >= ${d.timestampLiteral(fromUtc)}`, `${time} < ${d.timestampLiteral(toUtc)}`);
  }
  if (kpi?.where) conditions.push(bool(sql(kpi.where)));
  let numerator: string | null = null;
  let value = 'NULL';
  switch (measure?.kind) {
    case 'ratio':
      if (measure.denominator.where) conditions.push(bool(sql(measure.denominator.where)));
      numerator = measure.numerator.where ? bool(sql(measure.numerator.where)) : 'TRUE';
      break;
    case 'count':
      if (measure.where) conditions.push(bool(sql(measure.where)));
      break;
    case 'duration':
      value = d.toDouble(hours === 'business' && measure.business ? measure.business : measure.calendar);
      break;
    case 'mean':
      value = d.toDouble(measure.column);
      break;
    case 'nps':
      value = d.toDouble('score');
      break;
    default:
      break;
  }
  // A survey row's own measure is its score, whatever the KPI makes of it (a share, a count).
  if (value === 'NULL' && source === 'survey_facts') value = d.toDouble('score');
  if (request.part !== 'all') {
    if (!numerator)
      return err({
        kind: 'invalid_query',
        detail: `part: ${request.kpi ?? 'a list without kpi'} is not a share`,
      });
    conditions.push(request.part === 'numerator' ? numerator : `NOT ${numerator}`);
  }
  for (const dimension of DIMENSIONS) {
    const values = request.filters[dimension];
    if (!values) continue;
    const column = dimensionColumn(kpi, dimension);
    conditions.push(column ? `${column} IN (${[...new Set(values)].map(quoteLiteral).join(', ')})` : 'FALSE');
  }
  if (
    request.hourOfDay !== undefined &&
    !(Number.isInteger(request.hourOfDay) && request.hourOfDay >= 0 && request.hourOfDay <= 23)
  )
    return err({ kind: 'invalid_query', detail: 'hourOfDay: a whole number from 0 to 23' });
  if (
    request.weekday !== undefined &&
    !(Number.isInteger(request.weekday) && request.weekday >= 1 && request.weekday <= 7)
  )
    return err({ kind: 'invalid_query', detail: 'weekday: a whole number from 1 (Monday) to 7' });
  if (request.hourOfDay !== undefined || request.weekday !== undefined) {
    const segments = utcOffsetSegments(tz, fromUtc, toUtc);
    const local = localTimeSql(time, segments, d);
    if (request.hourOfDay !== undefined) conditions.push(`${d.hourOfDay(local)} = ${request.hourOfDay}`);
    if (request.weekday !== undefined) conditions.push(`${d.isoWeekday(local)} = ${request.weekday}`);
  }
  if (scope.agentId !== null) {
    const agent = quoteLiteral(scope.agentId);
    // A survey answer is the agent's when the facts credit it to them: after a reassignment, the
    // contact's new assignee must not read what a customer wrote about the colleague before. A
    // review is the reviewed agent's, whoever the contact's assignee is now.
    const agentColumn =
      (SOURCES[source].dimensions as Partial<Record<Dimension, string>>).agent ?? 'assignee_id';
    conditions.push(`${agentColumn} = ${agent}`);
    notices.push({ code: 'own_contacts_only' });
  }
  return ok({
    unit,
    sql: `SELECT *, ${value} AS kpi_value, ${numerator ?? 'NULL'} AS in_num, ${time} AS kpi_time FROM ${SOURCES[source].table} WHERE ${conditions.join(' AND ')}`,
    hours,
    timeColumn: time,
    range: { from: range.from, to: range.to, timezone: tz },
    notices,
    rowKey: ROW_KEYS[source] ?? [],
  });
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const flag = (v: unknown) => (v === null || v === undefined ? null : v === true);

const FACT_COLUMNS =
  'f.contact_key AS f_contact_key, f.channel AS f_channel, f.team_id AS f_team_id, f.assignee_id AS f_assignee_id, f.topic AS f_topic, f.priority AS f_priority, f.customer_id AS f_customer_id, f.created_at AS f_created_at, f.first_reply_at AS f_first_reply_at, f.frt_s AS f_frt_s, f.frt_bh_s AS f_frt_bh_s, f.first_resolved_at AS f_first_resolved_at, f.first_resolution_s AS f_first_resolution_s, f.first_resolution_bh_s AS f_first_resolution_bh_s, f.reopens AS f_reopens, f.escalations AS f_escalations, f.is_open AS f_is_open';

const priorityRank = (column: string) =>
  `CASE ${column} ${PRIORITIES.map((p, i) => `WHEN ${quoteLiteral(p)} THEN ${i}`).join(' ')} END`;

/**
 * The names a list sorted by team or assignee is ordered by, joined to its contact's facts (a
 * correlated look-up in ORDER BY is not something every engine runs). Ids are unique in both tables.
 */
const SORT_NAME_JOINS = {
  team_id: { alias: 'sort_team', join: 'LEFT JOIN teams sort_team ON sort_team.id = f.team_id' },
  assignee_id: { alias: 'sort_agent', join: 'LEFT JOIN agents sort_agent ON sort_agent.id = f.assignee_id' },
} as const;

/** The ORDER BY expression of a sort key: what the list shows in that column, not the raw id. */
function sortSql(sort: ContactSort, hours: 'business' | 'calendar'): string {
  // The column name goes into the SQL: only the whitelist gets there.
  if (!(CONTACT_SORTS as readonly string[]).includes(sort) || sort === 'time') return 'p.kpi_time';
  if (sort === 'value') return 'p.kpi_value';
  if (sort === 'in_numerator') return 'p.in_num';
  // The contact's facts joined to the population: for contacts the row itself, for surveys,
  // reviews and checks the contact they are about.
  const facts = 'f';
  const column = (hours === 'business' && BUSINESS_HOURS_SORTS[sort]) || sort;
  switch (sort) {
    case 'team_id':
      return `COALESCE(${SORT_NAME_JOINS.team_id.alias}.name, ${facts}.team_id)`;
    case 'assignee_id':
      return `COALESCE(${SORT_NAME_JOINS.assignee_id.alias}.name, ${facts}.assignee_id)`;
    case 'priority':
      return priorityRank(`${facts}.priority`);
    default:
      return `${facts}.${column}`;
  }
}

function toRow(row: Row, unit: 'contact' | 'survey', hours: 'business' | 'calendar'): ContactRowView {
  const business = hours === 'business';
  return {
    key: str(row.f_contact_key),
    source: str(row.c_source),
    externalId: str(row.c_external_id),
    channel: str(row.f_channel),
    createdAt: isoInstant(row.f_created_at),
    status: str(row.c_status),
    priority: str(row.f_priority),
    topic: str(row.f_topic),
    teamId: str(row.f_team_id),
    assigneeId: str(row.f_assignee_id),
    customerId: str(row.f_customer_id),
    subject: str(row.c_subject),
    placedAt: isoInstant(row.kpi_time),
    firstReplyAt: isoInstant(row.f_first_reply_at),
    frtSeconds: num(business ? row.f_frt_bh_s : row.f_frt_s),
    firstResolvedAt: isoInstant(row.f_first_resolved_at),
    resolutionSeconds: num(business ? row.f_first_resolution_bh_s : row.f_first_resolution_s),
    reopens: num(row.f_reopens),
    escalations: num(row.f_escalations),
    isOpen: flag(row.f_is_open),
    value: num(row.kpi_value),
    inNumerator: flag(row.in_num),
    survey:
      unit === 'survey'
        ? {
            key: String(row.s_survey_key),
            kind: String(row.s_kind),
            scaleMin: num(row.s_scale_min),
            scaleMax: num(row.s_scale_max),
            score: num(row.s_score),
            dimension: str(row.s_dimension),
            language: str(row.s_language),
            agentId: str(row.s_agent_id),
            sentAt: isoInstant(row.s_sent_at),
            respondedAt: isoInstant(row.s_responded_at),
            comment: str(row.r_comment),
          }
        : null,
  };
}

/** One page of the population, sorted by a whitelisted column; paginated in SQL. */
export async function listContacts(
  engine: Engine,
  request: ContactsRequest,
  page: ContactsPage,
  scope: ContactsScope,
): Promise<Result<ContactListView, ContactsError>> {
  const pop = await population(engine, request, scope);
  if (!pop.ok) return pop;
  const { unit, sql, hours } = pop.data;
  const sort = request.sort ?? 'time';
  const pageSize = Math.min(QUERY_LIMITS.pageSize, Math.max(1, Math.floor(page.pageSize)));
  const pageNumber = Math.max(1, Math.floor(page.page));
  const order = request.order === 'asc' ? 'ASC' : 'DESC';
  const sortJoin = sort === 'team_id' || sort === 'assignee_id' ? ` ${SORT_NAME_JOINS[sort].join}` : '';
  const contactJoin = `LEFT JOIN contacts c ON c.contact_key = f.contact_key${sortJoin}`;
  const contactColumns =
    'c.source AS c_source, c.external_id AS c_external_id, c.status AS c_status, c.subject AS c_subject';
  const select =
    unit === 'contact'
      ? `SELECT ${FACT_COLUMNS}, ${contactColumns}, p.kpi_value, p.in_num, p.kpi_time
         FROM (${sql}) p JOIN contact_facts f ON f.contact_key = p.contact_key ${contactJoin}`
      : `SELECT ${FACT_COLUMNS}, ${contactColumns}, p.kpi_value, p.in_num, p.kpi_time,
           p.survey_key AS s_survey_key, p.kind AS s_kind, p.scale_min AS s_scale_min, p.scale_max AS s_scale_max,
           p.score AS s_score, p.dimension AS s_dimension, p.language AS s_language, p.agent_id AS s_agent_id,
           p.sent_at AS s_sent_at, p.responded_at AS s_responded_at, r.comment AS r_comment
         FROM (${sql}) p LEFT JOIN contact_facts f ON f.contact_key = p.contact_key ${contactJoin}
         LEFT JOIN survey_responses r ON r.source || '|' || r.external_id = p.survey_key`;
  const tieBreak = [
    unit === 'contact' ? 'p.contact_key' : 'p.survey_key',
    ...pop.data.rowKey.map((c) => `p.${c}`),
  ]
    .map((column) => `${column} NULLS LAST`)
    .join(', ');
  // Sent together: a server runs them on two of its reading connections at once, so a page waits
  // behind the statements of other people's requests once, not twice.
  const [totals, rows] = await Promise.all([
    engine.all(`SELECT count(*) AS n FROM (${sql}) p`),
    engine.all(
      `${select} ORDER BY ${sortSql(sort, hours)} ${order} NULLS LAST, ${tieBreak} LIMIT ${pageSize} OFFSET ${(pageNumber - 1) * pageSize}`,
    ),
  ]);
  return ok({
    total: Number(totals[0]?.n ?? 0),
    page: pageNumber,
    pageSize,
    rows: rows.map((r) => toRow(r, unit, hours)),
    unit,
    hours,
    timeColumn: pop.data.timeColumn,
    sort,
    order: request.order === 'asc' ? 'asc' : 'desc',
    range: pop.data.range,
    notices: pop.data.notices,
    notes: pop.data.notices.map(noticeText),
  });
}

// ─── export ──────────────────────────────────────────────────────────────────

const CONTACT_COLUMNS = ['source', 'external_id', 'subject', 'status', 'tags'] as const;
const FACT_NAMES = CONTACT_FACT_COLUMNS.map((c) => c.split(' ')[0] as string);
const TIMESTAMP_FACTS = new Set(
  CONTACT_FACT_COLUMNS.filter((c) => c.endsWith(' TIMESTAMP')).map((c) => c.split(' ')[0] as string),
);
export const EXPORT_HEADER = [...FACT_NAMES.slice(0, 1), ...CONTACT_COLUMNS, ...FACT_NAMES.slice(1)];
const EXPORT_CHUNK = 5000;

/**
 * The population as CSV, one row per contact with every contact field and every fact (a survey KPI
 * gives the contacts its answers are about). Read in chunks by contact key, so memory stays flat.
 */
export async function exportContacts(
  engine: Engine,
  request: ContactsRequest,
  scope: ContactsScope,
): Promise<Result<{ rows: () => AsyncGenerator<string>; unit: 'contact' | 'survey' }, ContactsError>> {
  const pop = await population(engine, request, scope);
  if (!pop.ok) return pop;
  const keys = `SELECT DISTINCT contact_key FROM (${pop.data.sql}) p WHERE contact_key IS NOT NULL`;
  const columns = [
    'f.contact_key AS contact_key',
    ...CONTACT_COLUMNS.map((c) => `c.${c} AS ${c}`),
    ...FACT_NAMES.slice(1).map((c) => `f.${c} AS ${c}`),
  ].join(', ');
  const p = engine.dialect.placeholder;
  async function* rows(): AsyncGenerator<string> {
    yield spreadsheetLine(EXPORT_HEADER);
    let after = '';
    for (;;) {
      const chunk = await engine.all(
        `SELECT ${columns} FROM contact_facts f LEFT JOIN contacts c ON c.contact_key = f.contact_key
         WHERE f.contact_key IN (${keys}) AND f.contact_key > ${p(1)} ORDER BY f.contact_key LIMIT ${EXPORT_CHUNK}`,
        [after],
      );
      if (chunk.length === 0) return;
      yield chunk
        .map((row) =>
          spreadsheetLine(EXPORT_HEADER.map((c) => (TIMESTAMP_FACTS.has(c) ? isoInstant(row[c]) : row[c]))),
        )
        .join('');
      after = String(chunk[chunk.length - 1]?.contact_key);
      if (chunk.length < EXPORT_CHUNK) return;
    }
  }
  return ok({ rows, unit: pop.data.unit });
}

// ─── one contact ─────────────────────────────────────────────────────────────

export interface ContactDetailView {
  contact: {
    key: string;
    source: string;
    externalId: string;
    channel: string;
    createdAt: string;
    customerId: string | null;
    teamId: string | null;
    assigneeId: string | null;
    topic: string | null;
    tags: string[];
    priority: string | null;
    status: string | null;
    subject: string | null;
  };
  facts: Record<string, string | number | boolean | null> | null;
  events: {
    externalId: string | null;
    kind: string;
    occurredAt: string;
    actor: string | null;
    agentId: string | null;
    public: boolean | null;
    status: string | null;
    escalationType: string | null;
    queue: string | null;
    teamId: string | null;
    /** Seconds since the event before (null for the first), in calendar time. */
    sincePreviousSeconds: number | null;
    /** Seconds since the contact was created, in calendar time. */
    sinceCreatedSeconds: number | null;
  }[];
  surveys: SurveyAnswerView[];
}

const secondsBetween = (from: string | null, to: string | null): number | null =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

export type ContactError = { kind: 'not_found'; key: string } | { kind: 'forbidden'; key: string };

/**
 * Whether the contact was resolved at first contact, by the fcr_rate KPI's own rule: true or false
 * when the KPI counts it, null when it does not (unresolved, or no touch), so the contact page
 * reads the same answer the KPI counts instead of repeating its rule.
 */
function firstContactResolutionSql(): string {
  const kpi = findKpi('fcr_rate');
  if (kpi?.value.kind !== 'ratio') throw new Error('fcr_rate: expected a share of contacts');
  const { numerator, denominator } = kpi.value;
  const counted = [kpi.where, denominator.where]
    .filter((e): e is Expr => e !== undefined)
    .map((e) => bool(exprSql(e)));
  const resolved = numerator.where ? bool(exprSql(numerator.where)) : 'TRUE';
  return `CASE WHEN ${counted.length > 0 ? counted.join(' AND ') : 'TRUE'} THEN ${resolved} END`;
}

/** A contact with its facts, its events in order and its survey answers. */
export async function getContact(
  engine: Engine,
  key: string,
  scope: ContactsScope,
): Promise<Result<ContactDetailView, ContactError>> {
  const p = engine.dialect.placeholder;
  const contacts = await engine.all(`SELECT * FROM contacts WHERE contact_key = ${p(1)}`, [key]);
  const c = contacts[0];
  if (!c) return err({ kind: 'not_found', key });
  const factsRows = await engine.all(
    `SELECT *, ${firstContactResolutionSql()} AS first_contact_resolution FROM contact_facts WHERE contact_key = ${p(1)}`,
    [key],
  );
  const facts = factsRows[0] ?? null;
  // An agent may open the contacts assigned to them: by the contact or, after a reassignment the
  // facts already show, by the facts.
  if (scope.agentId !== null && c.assignee_id !== scope.agentId && facts?.assignee_id !== scope.agentId)
    return err({ kind: 'forbidden', key });
  const events = await engine.all(
    `SELECT * FROM contact_events WHERE contact_key = ${p(1)} ORDER BY occurred_at, seq, external_id`,
    [key],
  );
  // An agent reads only the answers credited to them (see the survey list above).
  const credited =
    scope.agentId === null
      ? ''
      : ` AND source || '|' || external_id IN (SELECT survey_key FROM survey_facts WHERE agent_id = ${p(2)})`;
  const surveys = await engine.all(
    `SELECT * FROM survey_responses WHERE contact_key = ${p(1)}${credited} ORDER BY COALESCE(responded_at, sent_at), external_id`,
    scope.agentId === null ? [key] : [key, scope.agentId],
  );
  const factView: Record<string, string | number | boolean | null> | null = facts
    ? Object.fromEntries(
        Object.entries(facts).map(([k, v]) => [
          k,
          TIMESTAMP_FACTS.has(k) ? isoInstant(v) : (v as string | number | boolean | null),
        ]),
      )
    : null;
  return ok({
    contact: {
      key,
      source: String(c.source),
      externalId: String(c.external_id),
      channel: String(c.channel),
      createdAt: isoInstant(c.created_at) ?? '',
      customerId: str(c.customer_id),
      teamId: str(c.team_id),
      assigneeId: str(c.assignee_id),
      topic: str(c.topic),
      tags: c.tags
        ? String(c.tags)
            .split('|')
            .filter((t) => t !== '')
        : [],
      priority: str(c.priority),
      status: str(c.status),
      subject: str(c.subject),
    },
    facts: factView,
    events: events.map((e, i) => ({
      externalId: str(e.external_id),
      kind: String(e.kind),
      occurredAt: isoInstant(e.occurred_at) ?? '',
      sincePreviousSeconds:
        i === 0 ? null : secondsBetween(isoInstant(events[i - 1]?.occurred_at), isoInstant(e.occurred_at)),
      sinceCreatedSeconds: secondsBetween(isoInstant(c.created_at), isoInstant(e.occurred_at)),
      actor: str(e.actor),
      agentId: str(e.agent_id),
      public: flag(e.public),
      status: str(e.status),
      escalationType: str(e.escalation_type),
      queue: str(e.queue),
      teamId: str(e.team_id),
    })),
    surveys: surveys.map((s) => ({
      key: `${String(s.source)}|${String(s.external_id)}`,
      kind: String(s.kind),
      scaleMin: num(s.scale_min),
      scaleMax: num(s.scale_max),
      score: num(s.score),
      dimension: str(s.dimension),
      language: str(s.language),
      agentId: str(s.agent_id),
      sentAt: isoInstant(s.sent_at),
      respondedAt: isoInstant(s.responded_at),
      comment: str(s.comment),
    })),
  });
}
