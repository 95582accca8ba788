/**
 * Semantic SQL helpers. Everything engine-specific in generated SQL goes through a Dialect, so the
 * KPI compiler and the facts rebuild produce the same numbers on every engine.
 */
export type EngineKind = 'duckdb' | 'postgres';

export type Grain = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface AsofJoin {
  /** Table (or subquery) to look up, e.g. `business_intervals`. */
  table: string;
  alias: string;
  /** Equality conditions, `[leftExpr, rightColumn]`. */
  equal: ReadonlyArray<readonly [string, string]>;
  /** The left-hand timestamp; the matched row is the last one whose `rightTime` <= it. */
  leftTime: string;
  rightTime: string;
}

export interface Dialect {
  kind: EngineKind;
  /** Positional placeholder for the 1-based parameter `index`. */
  placeholder(index: number): string;
  /** Wall-clock time in `timezone` of a naive UTC timestamp. */
  toLocal(utcTimestamp: string, timezoneLiteral: string): string;
  /** A naive UTC timestamp from a wall-clock timestamp in `timezone`. */
  fromLocal(localTimestamp: string, timezoneLiteral: string): string;
  dateTrunc(grain: Grain, timestamp: string): string;
  /** Seconds since 1970 as a double. */
  epochSeconds(timestamp: string): string;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  isoWeekday(timestamp: string): string;
  hourOfDay(timestamp: string): string;
  /** Continuous percentile; rows where `value` is NULL are ignored. */
  percentile(fraction: number, value: string): string;
  toDouble(expr: string): string;
  /** Value of `value` on the row with the smallest `orderBy` in the group. */
  argMin(value: string, orderBy: string): string;
  argMax(value: string, orderBy: string): string;
  /** `LEFT JOIN` that picks, per left row, the last right row at or before its time. */
  asofLeftJoin(join: AsofJoin): string;
  /** Naive timestamp literal. */
  timestampLiteral(isoUtc: string): string;
  /** Add a number of seconds (SQL expression) to a timestamp. */
  addSeconds(timestamp: string, seconds: string): string;
  /** Series of period starts from `from` (inclusive) to `to` (exclusive), as column `bucket`. */
  bucketSeries(grain: Grain, fromLocal: string, toLocal: string): string;
  /** Interval of one grain step, to add to a timestamp. */
  grainStep(grain: Grain): string;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const grainInterval: Record<Grain, string> = {
  hour: "INTERVAL '1 hour'",
  day: "INTERVAL '1 day'",
  week: "INTERVAL '7 days'",
  month: "INTERVAL '1 month'",
  quarter: "INTERVAL '3 months'",
  year: "INTERVAL '1 year'",
};

/** What both engines spell the same way. */
const standard = {
  placeholder: (index: number) => `$${index}`,
  toLocal: (ts: string, tz: string) => `((${ts}) AT TIME ZONE 'UTC' AT TIME ZONE ${tz})`,
  fromLocal: (ts: string, tz: string) => `((${ts}) AT TIME ZONE ${tz} AT TIME ZONE 'UTC')`,
  dateTrunc: (grain: Grain, ts: string) => `date_trunc('${grain}', ${ts})`,
  epochSeconds: (ts: string) => `CAST(EXTRACT(EPOCH FROM ${ts}) AS DOUBLE PRECISION)`,
  isoWeekday: (ts: string) => `CAST(EXTRACT(ISODOW FROM ${ts}) AS INTEGER)`,
  hourOfDay: (ts: string) => `CAST(EXTRACT(HOUR FROM ${ts}) AS INTEGER)`,
  percentile: (fraction: number, value: string) =>
    `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${value})`,
  toDouble: (expr: string) => `CAST(${expr} AS DOUBLE PRECISION)`,
  timestampLiteral: (iso: string) => `CAST(${quoteLiteral(iso)} AS TIMESTAMP)`,
  addSeconds: (ts: string, seconds: string) => `(${ts} + (${seconds}) * INTERVAL '1 second')`,
  grainStep: (grain: Grain) => grainInterval[grain],
};

export const duckdbDialect: Dialect = {
  ...standard,
  kind: 'duckdb',
  argMin: (value, orderBy) => `arg_min(${value}, ${orderBy})`,
  argMax: (value, orderBy) => `arg_max(${value}, ${orderBy})`,
  asofLeftJoin: (j) =>
    `ASOF LEFT JOIN ${j.table} ${j.alias} ON ${[...j.equal.map(([l, r]) => `${l} = ${j.alias}.${r}`), `${j.leftTime} >= ${j.alias}.${j.rightTime}`].join(' AND ')}`,
  bucketSeries: (grain, from, to) =>
    `SELECT CAST(range AS TIMESTAMP) AS bucket FROM range(${from}, ${to}, ${grainInterval[grain]})`,
};

export const postgresDialect: Dialect = {
  ...standard,
  kind: 'postgres',
  argMin: (value, orderBy) =>
    `(array_agg(${value} ORDER BY ${orderBy}) FILTER (WHERE ${orderBy} IS NOT NULL))[1]`,
  argMax: (value, orderBy) =>
    `(array_agg(${value} ORDER BY ${orderBy} DESC) FILTER (WHERE ${orderBy} IS NOT NULL))[1]`,
  asofLeftJoin: (j) =>
    `LEFT JOIN LATERAL (SELECT * FROM ${j.table} x WHERE ${[...j.equal.map(([l, r]) => `x.${r} = ${l}`), `x.${j.rightTime} <= ${j.leftTime}`].join(' AND ')} ORDER BY x.${j.rightTime} DESC LIMIT 1) ${j.alias} ON TRUE`,
  bucketSeries: (grain, from, to) =>
    `SELECT CAST(g AS TIMESTAMP) AS bucket FROM generate_series(${from}, ${to} - INTERVAL '1 microsecond', ${grainInterval[grain]}) AS g`,
};

export function dialectFor(kind: EngineKind): Dialect {
  switch (kind) {
    case 'duckdb':
      return duckdbDialect;
    case 'postgres':
      return postgresDialect;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown engine: ${String(unreachable)}`);
    }
  }
}
