import type { Engine } from '../core/engine.js';
import { KPIS } from '../core/kpi/catalog.js';
import { GRAINS, type KpiQueryInput } from '../core/kpi/query.js';
import {
  type ClickHouseEngine,
  openClickHouse,
  shownClickHouseAddress,
} from '../engines/clickhouse/engine.js';
import { isPostgresServer, type PostgresEngine } from '../engines/postgres/engine.js';
import { openReadingConnections, serializeEngine } from '../server/serialized-engine.js';
import { dataStatus } from '../services/data-status.js';
import { factsVersion } from '../services/facts-version.js';
import { runKpiQuery } from '../services/kpi.js';
import { kpiRowsCsv } from '../services/spreadsheet-csv.js';
import { CliError, checkAnalyticsUrl, shownDatabase, withDatabase } from './database.js';
import { type OutputFormat, renderKpiTable } from './format.js';
import { checkFilterValues, checkRangeOrder, type Filters } from './kpi-arguments.js';
import { note, out } from './output.js';

export interface KpiOptions {
  db: string;
  kpi?: string[];
  from?: string;
  to?: string;
  by?: string[];
  stat?: 'median' | 'p90' | 'mean';
  hours?: 'business' | 'calendar';
  format: OutputFormat;
  /** The team's time zone (the dashboard's default) when not given. */
  timezone?: string;
  compare?: boolean;
  /** Implies `compare`: the period compared with. */
  compareWith?: 'previous' | 'year';
  filter?: Filters;
  /** `--analytics`: answer from this ClickHouse copy of the file's analytical tables. */
  analytics?: string;
}

/** The options, read and checked by their parsers (kpi-arguments.ts), as the query model takes them. */
function queryFromOptions(options: KpiOptions & { timezone: string }): KpiQueryInput {
  const isGrain = (b: string) => (GRAINS as readonly string[]).includes(b);
  return {
    kpis: options.kpi,
    from: options.from,
    to: options.to,
    timezone: options.timezone,
    grain: (options.by ?? []).find(isGrain) as KpiQueryInput['grain'],
    by: (options.by ?? []).filter((b) => !isGrain(b)) as KpiQueryInput['by'],
    filters: options.filter ?? {},
    stat: options.stat,
    hours: options.hours,
    compare: options.compare ?? options.compareWith !== undefined,
    compareWith: options.compareWith ?? 'previous',
  };
}

/**
 * A range that ends before it starts: the data lies outside the one date given, or there is no
 * data yet. Its figures would all be n 0, which reads as a finding.
 */
function emptyRangeMistake(dbPath: string, options: KpiOptions, range: { from: string; to: string }) {
  if (options.from !== undefined && options.to === undefined)
    return `--from ${options.from} is not before the end of the data (${range.to}, the day after its newest date); give --to as well`;
  if (options.to !== undefined && options.from === undefined)
    return `--to ${options.to} is not after the start of the data (${range.from}, its earliest date); give --from as well`;
  return `no contacts or surveys in ${shownDatabase(dbPath)} yet: run servicemeter import or demo first`;
}

/**
 * `work` given a PostgreSQL server's database with two connections of its own for reading, as a
 * server reads: a query's next statement runs on the second while the first is read (runKpiQuery),
 * each on a core of the server. The database's own connection keeps any write and transaction.
 */
async function withReadingConnections<T>(
  db: PostgresEngine,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const readers = await openReadingConnections(() => db.openReader());
  try {
    return await work(serializeEngine(db, readers));
  } finally {
    for (const reader of readers) await reader.close();
  }
}

/**
 * The engine the answer comes from: the database itself (a PostgreSQL server's with two reading
 * connections), or with `--analytics` its ClickHouse copy, which must hold the facts the database
 * holds now.
 */
export async function withAnswering<T>(
  db: Engine,
  dbPath: string,
  analytics: string | undefined,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  if (analytics === undefined) return isPostgresServer(db) ? withReadingConnections(db, work) : work(db);
  checkAnalyticsUrl(analytics);
  const address = shownClickHouseAddress(analytics);
  let copy: ClickHouseEngine;
  try {
    copy = await openClickHouse({ url: analytics });
  } catch (error) {
    throw new CliError(
      `cannot reach ClickHouse at ${address}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const [held, current] = await Promise.all([
      factsVersion(copy).then(
        (at) => at ?? '',
        () => null,
      ),
      factsVersion(db).then((at) => at ?? ''),
    ]);
    if (held !== current)
      throw new CliError(
        `${address} ${held === null ? 'holds no copy of' : `holds the facts rebuilt at ${held || 'never'}, not those of`} ${shownDatabase(dbPath)} (rebuilt at ${current || 'never'}): copy them with servicemeter migrate-to ${address} --db ${shownDatabase(dbPath)} --replace`,
      );
    return await work(copy);
  } finally {
    await copy.close();
  }
}

export async function printKpis(dbPath: string, options: KpiOptions) {
  checkRangeOrder(options.from, options.to);
  await withDatabase(dbPath, (file) =>
    withAnswering(file, dbPath, options.analytics, async (db) => {
      const status = await dataStatus(db);
      // Asked for a range, an empty database would answer n 0 everywhere, as if that were the data.
      if (status.contacts === 0 && status.surveys === 0)
        throw new CliError(
          `no contacts or surveys in ${shownDatabase(dbPath)} yet: run servicemeter import or demo first`,
        );
      const timezone = options.timezone ?? status.timezone;
      const query = queryFromOptions({ ...options, timezone });
      await checkFilterValues(db, options.filter ?? {});
      const result = await runKpiQuery(db, query);
      if (!result.ok) {
        const e = result.error;
        throw new CliError(
          e.kind === 'unknown_kpi'
            ? `unknown KPI '${e.id}'; known: ${e.known.join(', ')}`
            : e.kind === 'too_large'
              ? `query too large: ${e.detail}`
              : e.kind === 'too_slow'
                ? `the query took longer than ${e.budgetMs / 1000} s and was stopped; ask for a shorter range, a coarser grain or fewer KPIs`
                : e.kind === 'cancelled'
                  ? 'the query was stopped'
                  : `invalid query: ${e.issues.join('; ')}`,
        );
      }
      const kpis = [...new Set(query.kpis ?? KPIS.map((k) => k.id))]
        .map((id) => KPIS.find((k) => k.id === id))
        .filter((k) => k !== undefined);
      const { rows, range, notes } = result.data;
      if (range.from >= range.to) throw new CliError(emptyRangeMistake(dbPath, options, range));
      switch (options.format) {
        case 'json':
          out(JSON.stringify(rows, null, 2));
          break;
        case 'csv':
          out(kpiRowsCsv(rows, kpis, { compare: query.compare }));
          break;
        case 'table': {
          const compared = !query.compare
            ? ''
            : query.compareWith === 'year'
              ? '; compared with the same period a year before'
              : '; compared with the previous period of the same length';
          out(`${range.from} – ${range.to} (${range.timezone}, end exclusive${compared})\n`);
          out(renderKpiTable(rows, kpis, { compare: query.compare, currency: result.data.currency ?? null }));
          break;
        }
        default: {
          const unreachable: never = options.format;
          throw new CliError(`unknown format ${String(unreachable)}`);
        }
      }
      // The notes qualify the figures: with the table they are part of the result; JSON and CSV
      // stay machine-readable, so there the notes go beside them, to standard error.
      const printNote = options.format === 'table' ? out : note;
      for (const n of notes) printNote(`note: ${n}`);
    }),
  );
}
