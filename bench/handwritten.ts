/**
 * The full overview by week × channel written by hand in plain DuckDB SQL, as an analyst who knows
 * the tricks would: one statement over contact_facts and one over survey_facts, each a few GROUP BYs
 * (one per timestamp that places a KPI in a period) joined on (week, channel). Weeks are bucketed as
 * the engine buckets them — epoch seconds plus the zone's offset (a CASE over the few instants it
 * changes, known before the query), divided into numbered weeks — so no row's time zone is
 * converted, and "engine ÷ hand-written" measures the engine's own overhead, not a slow baseline.
 * Values only: no n, no brackets of quantiles, no sums of squares for intervals. Same conditions as
 * the catalog, default hours (business for the durations that have a business twin, calendar for
 * resolved_within_24h), same range as the engine (local days from the first to the last contact
 * creation, from facts_state, widened to the quality reviews).
 */
import { DateTime } from 'luxon';
import { quoteLiteral } from '../src/core/dialect.js';
import { KPIS } from '../src/core/kpi/catalog.js';
import { localToUtc, periodNumbering, utcOffsetSegments } from '../src/core/kpi/periods.js';
import type { KpiRow, KpiValue } from '../src/core/kpi/query.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import { normaliseRow } from '../src/engines/normalise.js';

const TZ = 'Europe/Amsterdam';
const WEEK = periodNumbering('week') as { size: number; anchor: number };

/** The overview's span: local days, their bounds in UTC, and the numbers of the weeks it touches. */
export interface HandRange {
  fromUtc: string;
  toUtc: string;
  firstWeek: number;
  lastWeek: number;
}

const localSeconds = (localDay: string) => Date.parse(`${localDay}T00:00:00Z`) / 1000;
const weekOfLocalSeconds = (seconds: number) => Math.floor((seconds - WEEK.anchor) / WEEK.size);

/** The engine's default range (see dataRange in src/services/kpi.ts), read in one small statement. */
export async function handRange(engine: DuckDbEngine): Promise<HandRange> {
  const [row] = (
    await engine.connection.runAndReadAll(
      `SELECT CAST(least((SELECT facts_from FROM facts_state), (SELECT min(reviewed_at) FROM qa_reviews)) AS VARCHAR) AS lo,
         CAST(greatest((SELECT facts_to FROM facts_state), (SELECT max(reviewed_at) FROM qa_reviews)) AS VARCHAR) AS hi`,
    )
  ).getRowObjectsJS();
  if (row?.lo == null || row.hi == null)
    throw new Error('no facts: rebuild them before the hand-written overview');
  const localDay = (utc: unknown) =>
    DateTime.fromISO(String(utc).replace(' ', 'T'), { zone: 'UTC' }).setZone(TZ);
  const from = localDay(row.lo).toFormat('yyyy-LL-dd');
  const to = localDay(row.hi).plus({ days: 1 }).toFormat('yyyy-LL-dd');
  return {
    fromUtc: localToUtc(from, TZ),
    toUtc: localToUtc(to, TZ),
    firstWeek: weekOfLocalSeconds(localSeconds(from)),
    lastWeek: weekOfLocalSeconds(localSeconds(to) - 1),
  };
}

const timestamp = (utc: string) => `TIMESTAMP ${quoteLiteral(utc)}`;

/** SQL for the number of the local week of a UTC timestamp column, by offset arithmetic. */
function weekOf(column: string, range: HandRange): string {
  const segments = utcOffsetSegments(TZ, range.fromUtc, range.toUtc);
  const arms = segments.flatMap((s) =>
    s.untilUtc === null ? [] : [`WHEN ${column} < ${timestamp(s.untilUtc)} THEN ${s.offsetSeconds}`],
  );
  const last = segments[segments.length - 1]?.offsetSeconds ?? 0;
  const offset = arms.length === 0 ? String(last) : `CASE ${arms.join(' ')} ELSE ${last} END`;
  return `CAST(floor((epoch(${column}) + ${offset} - ${WEEK.anchor}) / ${WEEK.size}) AS BIGINT)`;
}

const within = (column: string, range: HandRange) =>
  `${column} >= ${timestamp(range.fromUtc)} AND ${column} < ${timestamp(range.toUtc)}`;

/** Joins CTEs that each have one row per (week, channel) into one row per key; channel may be NULL. */
function joinOnKeys(ctes: readonly string[]): string {
  const keys = ctes.map((c) => `SELECT week, channel FROM ${c}`).join(' UNION ');
  const joins = ctes
    .map((c) => `LEFT JOIN ${c} ON ${c}.week = k.week AND ${c}.channel IS NOT DISTINCT FROM k.channel`)
    .join('\n  ');
  const columns = ctes.map((c) => `${c}.* EXCLUDE (week, channel)`).join(', ');
  // Only the result's few rows turn week numbers into the Monday each starts on.
  return `SELECT strftime(DATE '1970-01-05' + CAST(7 * k.week AS INTEGER), '%Y-%m-%d') AS week, k.channel, ${columns}
FROM (${keys}) k
  ${joins}
ORDER BY 1, 2`;
}

export function contactSql(range: HandRange): string {
  const hi = timestamp(range.toUtc);
  return `
WITH created AS (
  SELECT ${weekOf('created_at', range)} AS week, channel,
    count(*) AS contacts_created,
    median(frt_bh_s) FILTER (WHERE frt_s IS NOT NULL) AS frt,
    count(*) FILTER (WHERE first_customer_message_at IS NOT NULL AND first_reply_at IS NULL AND NOT abandoned) AS frt_pending,
    count(*) FILTER (WHERE frt_within_target) / NULLIF(count(frt_within_target), 0) AS frt_within_target,
    count(*) FILTER (WHERE escalations > 0) / count(*) AS escalation_rate,
    avg(handle_s) AS aht,
    avg(acw_s) AS acw_time,
    count(*) FILTER (WHERE queued AND NOT short_abandon) AS offered,
    count(*) FILTER (WHERE answered) AS answered,
    count(*) FILTER (WHERE abandoned AND NOT short_abandon) AS abandoned,
    count(*) FILTER (WHERE queued AND NOT short_abandon AND abandoned)
      / NULLIF(count(*) FILTER (WHERE queued AND NOT short_abandon), 0) AS abandonment_rate,
    avg(queue_wait_s) FILTER (WHERE answered) AS asa,
    count(*) FILTER (WHERE (answered OR abandoned_after_sl) AND answered_within_sl)
      / NULLIF(count(*) FILTER (WHERE (answered OR abandoned_after_sl) AND sl_threshold_s IS NOT NULL), 0) AS service_level
  FROM contact_facts
  WHERE ${within('created_at', range)}
  GROUP BY ALL
),
resolved AS (
  SELECT ${weekOf('first_resolved_at', range)} AS week, channel,
    count(*) AS contacts_resolved,
    median(first_resolution_bh_s) AS resolution_time,
    count(*) FILTER (WHERE first_resolution_s <= 86400) / count(*) AS resolved_within_24h,
    count(*) FILTER (WHERE touches = 1 AND NOT reopened_within_7d)
      / NULLIF(count(*) FILTER (WHERE touches >= 1), 0) AS fcr_rate,
    count(*) FILTER (WHERE reopens > 0) / count(*) AS reopen_rate
  FROM contact_facts
  WHERE ${within('first_resolved_at', range)}
  GROUP BY ALL
),
resolved_full AS (
  SELECT ${weekOf('last_resolved_at', range)} AS week, channel,
    count(*) AS contacts_resolved_full,
    median(full_resolution_bh_s) AS full_resolution_time
  FROM contact_facts
  WHERE ${within('last_resolved_at', range)}
  GROUP BY ALL
),
-- Open at the end of a week: created in it or before, not resolved by its end (nor by the range's).
-- Counted per (opening week, resolving week), a few thousand pairs, then spread over the weeks.
open_spans AS (
  SELECT channel, ${weekOf('created_at', range)} AS opened,
    CASE WHEN last_resolved_at < ${hi} THEN ${weekOf('last_resolved_at', range)} END AS closed,
    count(*) AS n
  FROM contact_facts
  WHERE created_at < ${hi} AND (last_resolved_at IS NOT NULL OR is_open)
  GROUP BY ALL
),
backlog AS (
  SELECT w.week, s.channel, sum(s.n) AS backlog_open
  FROM range(${range.firstWeek}, ${range.lastWeek + 1}) w(week)
    JOIN open_spans s ON s.opened <= w.week AND (s.closed IS NULL OR s.closed > w.week)
  GROUP BY ALL
)
${joinOnKeys(['created', 'resolved', 'resolved_full', 'backlog'])}`;
}

export function surveySql(range: HandRange): string {
  return `
WITH answers AS (
  SELECT ${weekOf('counted_at', range)} AS week, channel,
    count(*) FILTER (WHERE kind = 'csat' AND dimension IS NULL AND score IS NOT NULL AND top_box)
      / NULLIF(count(*) FILTER (WHERE kind = 'csat' AND dimension IS NULL AND score IS NOT NULL), 0) AS csat,
    avg(1 + (score - scale_min) * 4 / (scale_max - scale_min)) FILTER (WHERE kind = 'csat' AND dimension IS NULL) AS csat_avg,
    count(*) FILTER (WHERE kind = 'csat' AND dimension IS NOT NULL AND score IS NOT NULL AND top_box)
      / NULLIF(count(*) FILTER (WHERE kind = 'csat' AND dimension IS NOT NULL AND score IS NOT NULL), 0) AS csat_dimension,
    100 * (count(*) FILTER (WHERE kind = 'nps' AND dimension IS NULL AND score IS NOT NULL AND promoter)
      - count(*) FILTER (WHERE kind = 'nps' AND dimension IS NULL AND score IS NOT NULL AND detractor))
      / NULLIF(count(*) FILTER (WHERE kind = 'nps' AND dimension IS NULL AND score IS NOT NULL), 0) AS nps,
    count(*) FILTER (WHERE kind = 'ces' AND dimension IS NULL AND score IS NOT NULL AND top_box)
      / NULLIF(count(*) FILTER (WHERE kind = 'ces' AND dimension IS NULL AND score IS NOT NULL), 0) AS ces,
    avg(1 + (score - scale_min) * 6 / (scale_max - scale_min)) FILTER (WHERE kind = 'ces' AND dimension IS NULL) AS ces_avg
  FROM survey_facts
  WHERE ${within('counted_at', range)}
  GROUP BY ALL
),
sent AS (
  SELECT ${weekOf('sent_at', range)} AS week, channel,
    count(score) / count(*) AS csat_response_rate
  FROM survey_facts
  WHERE kind = 'csat' AND dimension IS NULL AND ${within('sent_at', range)}
  GROUP BY ALL
)
${joinOnKeys(['answers', 'sent'])}`;
}

export type HandRow = Record<string, unknown>;

/**
 * The KPIs the two statements compute, by catalog id: the contacts' and surveys' own. The engine is
 * timed on these same KPIs for "engine ÷ hand-written", and compared on them.
 */
export const HAND_WRITTEN_KPIS: readonly string[] = [
  ...['contacts_created', 'frt', 'frt_pending', 'frt_within_target', 'escalation_rate', 'aht', 'acw_time'],
  ...['offered', 'answered', 'abandoned', 'abandonment_rate', 'asa', 'service_level'],
  ...['contacts_resolved', 'resolution_time', 'resolved_within_24h', 'fcr_rate', 'reopen_rate'],
  ...['contacts_resolved_full', 'full_resolution_time', 'backlog_open'],
  ...['csat', 'csat_avg', 'csat_dimension', 'nps', 'ces', 'ces_avg', 'csat_response_rate'],
];
const unknownKpis = HAND_WRITTEN_KPIS.filter((id) => !KPIS.some((k) => k.id === id));
if (unknownKpis.length > 0)
  throw new Error(`hand-written KPIs not in the catalog: ${unknownKpis.join(', ')}`);

/** Runs the range's statement and both overview statements; returns their rows (values normalised like the engine's). */
export async function runHandWritten(
  engine: DuckDbEngine,
): Promise<{ contacts: HandRow[]; surveys: HandRow[] }> {
  const read = async (sql: string) =>
    (await engine.connection.runAndReadAll(sql)).getRowObjectsJS().map((r) => normaliseRow(r as HandRow));
  const range = await handRange(engine);
  return { contacts: await read(contactSql(range)), surveys: await read(surveySql(range)) };
}

export interface KpiAgreement {
  kpi: string;
  cells: number;
  mismatches: number;
  /** A few mismatching cells, for the report. */
  examples: string[];
}

const COUNT_KPIS = new Set(
  KPIS.filter((k) => k.value.kind === 'count' || k.value.kind === 'stock').map((k) => k.id),
);

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Compares every value of the hand-written KPIs in the engine's week × channel overview with the
 * hand-written result.
 * A count missing on one side equals 0; any other missing value equals null.
 */
export function compareOverview(
  engineRows: readonly KpiRow[],
  hand: { contacts: HandRow[]; surveys: HandRow[] },
) {
  const key = (period: unknown, channel: unknown) =>
    `${String(period)}|${channel == null ? '∅' : String(channel)}`;
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of [...hand.contacts, ...hand.surveys]) {
    const k = key(row.week, row.channel);
    byKey.set(k, { ...(byKey.get(k) ?? {}), ...row });
  }
  const engineByKey = new Map<string, KpiRow>(engineRows.map((r) => [key(r.period, r.channel), r]));
  const keys = new Set([...byKey.keys(), ...engineByKey.keys()]);
  const results: KpiAgreement[] = [];
  for (const kpi of KPIS.filter((k) => HAND_WRITTEN_KPIS.includes(k.id))) {
    const agreement: KpiAgreement = { kpi: kpi.id, cells: 0, mismatches: 0, examples: [] };
    const isCount = COUNT_KPIS.has(kpi.id);
    for (const k of keys) {
      const engineValue = (engineByKey.get(k)?.[kpi.id] as KpiValue | undefined)?.value ?? null;
      const raw = byKey.get(k)?.[kpi.id];
      let handValue = raw === undefined || raw === null ? null : Number(raw);
      let engineNumber = engineValue;
      if (isCount) {
        handValue ??= 0;
        engineNumber ??= 0;
      }
      agreement.cells++;
      const same =
        handValue === null || engineNumber === null
          ? handValue === engineNumber
          : close(handValue, engineNumber);
      if (!same) {
        agreement.mismatches++;
        if (agreement.examples.length < 3)
          agreement.examples.push(`${k}: engine ${engineNumber} hand ${handValue}`);
      }
    }
    results.push(agreement);
  }
  return results;
}
