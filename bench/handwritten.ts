/**
 * The full overview by week × channel written by hand in plain DuckDB SQL, as an analyst would:
 * one statement over contact_facts and one over survey_facts, each a few GROUP BYs (one per
 * timestamp that places a KPI in a period) joined on (week, channel). Values only: no n, sums or
 * sums of squares for intervals. Same conditions as the catalog, default hours (business for the
 * durations that have a business twin, calendar for resolved_within_24h), same range as the engine
 * (local days from the first to the last contact creation, from facts_state).
 */
import { KPIS } from '../src/core/kpi/catalog.js';
import type { KpiRow, KpiValue } from '../src/core/kpi/query.js';
import type { DuckDbEngine } from '../src/engines/duckdb/engine.js';
import { normaliseRow } from '../src/engines/normalise.js';

const TZ = 'Europe/Amsterdam';

/** Wall-clock Monday of the week in Amsterdam, as `YYYY-MM-DD`. */
const week = (column: string) =>
  `strftime(date_trunc('week', ${column} AT TIME ZONE 'UTC' AT TIME ZONE '${TZ}'), '%Y-%m-%d')`;

const RANGE = `
range AS (
  SELECT lo_local, hi_local,
    CAST(lo_local AT TIME ZONE '${TZ}' AT TIME ZONE 'UTC' AS TIMESTAMP) AS lo,
    CAST(hi_local AT TIME ZONE '${TZ}' AT TIME ZONE 'UTC' AS TIMESTAMP) AS hi
  FROM (
    SELECT date_trunc('day', facts_from AT TIME ZONE 'UTC' AT TIME ZONE '${TZ}') AS lo_local,
      date_trunc('day', facts_to AT TIME ZONE 'UTC' AT TIME ZONE '${TZ}') + INTERVAL 1 DAY AS hi_local
    FROM facts_state
  ) d
)`;

/** Joins CTEs that each have one row per (week, channel) into one row per key; channel may be NULL. */
function joinOnKeys(ctes: readonly string[]): string {
  const keys = ctes.map((c) => `SELECT week, channel FROM ${c}`).join(' UNION ');
  const joins = ctes
    .map((c) => `LEFT JOIN ${c} ON ${c}.week = k.week AND ${c}.channel IS NOT DISTINCT FROM k.channel`)
    .join('\n  ');
  const columns = ctes.map((c) => `${c}.* EXCLUDE (week, channel)`).join(', ');
  return `SELECT k.week, k.channel, ${columns}
FROM (${keys}) k
  ${joins}
ORDER BY 1, 2`;
}

export const CONTACT_SQL = `
WITH ${RANGE},
created AS (
  SELECT ${week('created_at')} AS week, channel,
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
  FROM contact_facts, range
  WHERE created_at >= lo AND created_at < hi
  GROUP BY ALL
),
resolved AS (
  SELECT ${week('first_resolved_at')} AS week, channel,
    count(*) AS contacts_resolved,
    median(first_resolution_bh_s) AS resolution_time,
    count(*) FILTER (WHERE first_resolution_s <= 86400) / count(*) AS resolved_within_24h,
    count(*) FILTER (WHERE touches = 1 AND NOT reopened_within_7d)
      / NULLIF(count(*) FILTER (WHERE touches >= 1), 0) AS fcr_rate,
    count(*) FILTER (WHERE reopens > 0) / count(*) AS reopen_rate
  FROM contact_facts, range
  WHERE first_resolved_at >= lo AND first_resolved_at < hi
  GROUP BY ALL
),
resolved_full AS (
  SELECT ${week('last_resolved_at')} AS week, channel,
    count(*) AS contacts_resolved_full,
    median(full_resolution_bh_s) AS full_resolution_time
  FROM contact_facts, range
  WHERE last_resolved_at >= lo AND last_resolved_at < hi
  GROUP BY ALL
),
week_ends AS (
  SELECT strftime(w, '%Y-%m-%d') AS week,
    LEAST(CAST((w + INTERVAL 7 DAY) AT TIME ZONE '${TZ}' AT TIME ZONE 'UTC' AS TIMESTAMP), hi) AS end_at
  FROM (SELECT unnest(generate_series(date_trunc('week', lo_local), hi_local - INTERVAL 1 MICROSECOND, INTERVAL 7 DAY)) AS w, hi FROM range) g
),
backlog AS (
  SELECT e.week, f.channel, count(*) AS backlog_open
  FROM week_ends e JOIN contact_facts f
    ON f.created_at < e.end_at AND (f.last_resolved_at >= e.end_at OR (f.last_resolved_at IS NULL AND f.is_open))
  GROUP BY ALL
)
${joinOnKeys(['created', 'resolved', 'resolved_full', 'backlog'])}`;

export const SURVEY_SQL = `
WITH ${RANGE},
answers AS (
  SELECT ${week('counted_at')} AS week, channel,
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
  FROM survey_facts, range
  WHERE counted_at >= lo AND counted_at < hi
  GROUP BY ALL
),
sent AS (
  SELECT ${week('sent_at')} AS week, channel,
    count(score) / count(*) AS csat_response_rate
  FROM survey_facts, range
  WHERE kind = 'csat' AND dimension IS NULL AND sent_at >= lo AND sent_at < hi
  GROUP BY ALL
)
${joinOnKeys(['answers', 'sent'])}`;

export type HandRow = Record<string, unknown>;

/** Runs both statements; returns their rows (values normalised like the engine's). */
export async function runHandWritten(
  engine: DuckDbEngine,
): Promise<{ contacts: HandRow[]; surveys: HandRow[] }> {
  const read = async (sql: string) =>
    (await engine.connection.runAndReadAll(sql)).getRowObjectsJS().map((r) => normaliseRow(r as HandRow));
  return { contacts: await read(CONTACT_SQL), surveys: await read(SURVEY_SQL) };
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
 * Compares every KPI value of the engine's week × channel overview with the hand-written result.
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
  for (const kpi of KPIS) {
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
