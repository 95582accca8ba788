import type { Command } from 'commander';
import type { Engine } from '../../core/engine.js';
import type { Result } from '../../core/result.js';
import {
  type ClickHouseEngine,
  openClickHouse,
  shownClickHouseAddress,
} from '../../engines/clickhouse/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import {
  isPostgresUrl,
  openPostgres,
  type PostgresEngine,
  shownAddress,
} from '../../engines/postgres/engine.js';
import { type AnalyticsSource, migrateToClickHouse } from '../../services/analytics-copy.js';
import {
  checkTargetUrl,
  type MigrateError,
  type MigrateOptions,
  type MigrateSummary,
  migrateTo,
} from '../../services/migrate-to.js';
import { CliError, shownDatabase, withDatabase, withDuckDbFile } from '../database.js';
import { dbOption } from '../options.js';
import { clearProgress, out } from '../output.js';

interface MigrateToOptions {
  db: string;
  replace?: boolean;
}

/** The reason a connection failed in one line; a refusal by every address of a host has no message of its own. */
function reasonOf(error: unknown): string {
  const failure = error as Error & { code?: string; errors?: Error[] };
  if (failure.message) return failure.message;
  return failure.errors?.find((e) => e.message)?.message ?? failure.code ?? String(error);
}

function describeMigrateError(error: MigrateError, address: string): string {
  switch (error.kind) {
    case 'unsupported_target':
      return `${error.scheme ? `${error.scheme}://` : 'that address'} is not a database migrate-to can copy into: give a PostgreSQL address, postgres://user:password@host:5432/database, or a ClickHouse one, clickhouse://user:password@host:8123/database or chdb:///folder`;
    case 'target_not_empty': {
      const rows = error.tables.reduce((sum, t) => sum + t.rows, 0);
      const largest = [...error.tables]
        .sort((a, b) => b.rows - a.rows)
        .slice(0, 3)
        .map((t) => `${t.table} ${t.rows.toLocaleString('en-US')}`)
        .join(', ');
      return `the database at ${address} holds data already: ${rows.toLocaleString('en-US')} rows in ${error.tables.length} tables (${largest}${error.tables.length > 3 ? ', …' : ''}); nothing was copied. Add --replace to empty it and copy, or give an empty database`;
    }
    case 'schema_versions':
      return `${error.detail}; nothing was copied`;
    case 'schema_differs':
      return `the database at ${address} is not laid out as servicemeter's: ${error.detail}; give a database only servicemeter writes to`;
    case 'not_verified': {
      const differing = error.tables
        .filter((t) => t.rows !== t.targetRows)
        .map((t) => `${t.table}: ${t.rows} rows read, ${t.targetRows} in the target`);
      const what =
        differing.length > 0
          ? `row counts differ (${differing.join('; ')})`
          : `the KPI fingerprints differ (file ${error.fingerprints.source}, target ${error.fingerprints.target})`;
      return `the copy into ${address} was not verified: ${what}. The copy was undone; the target is as it was. Does something else write to it (a trigger, another program)?`;
    }
    case 'copy_failed':
      return `the database at ${address} refused the rows of ${error.table}: ${error.detail}. The copy was undone; the target is as it was`;
    case 'fingerprint_failed':
      return `the KPI query that verifies the copy failed on the ${error.database === 'source' ? 'DuckDB file' : `database at ${address}`}: ${error.detail}. The copy was undone; the target is as it was`;
    default: {
      const unreachable: never = error;
      return JSON.stringify(unreachable);
    }
  }
}

/** The summary: a table of the tables copied, their rows, the fingerprint and the time taken. */
export function renderMigrateSummary(summary: MigrateSummary, address: string): string {
  const copied = summary.tables.filter((t) => t.rows > 0);
  const width = Math.max(5, ...copied.map((t) => t.table.length));
  const count = (n: number) => n.toLocaleString('en-US');
  const countWidth = Math.max(4, ...copied.map((t) => count(t.rows).length), count(summary.rows).length);
  const line = (name: string, rows: string) => `  ${name.padEnd(width)}  ${rows.padStart(countWidth)}`;
  const lines = [
    `copied into ${address} (schema version ${summary.schemaVersion}):`,
    line('table', 'rows'),
    ...copied.map((t) => line(t.table, count(t.rows))),
    line('total', count(summary.rows)),
    `${summary.tables.length - copied.length} empty tables; row counts equal in all ${summary.tables.length} tables`,
    `KPI fingerprint (sha256, equal on both): ${summary.fingerprint}`,
  ];
  if (summary.replacedRows > 0)
    lines.push(`replaced: ${count(summary.replacedRows)} rows the target held before were removed`);
  lines.push(`verified in ${(summary.ms / 1000).toFixed(1)} s`);
  return lines.join('\n');
}

/** --db, which here is the DuckDB file the data comes from. */
function duckDbFileOption() {
  const option = dbOption();
  option.description =
    'the database to copy from: a DuckDB file, or into ClickHouse also a PostgreSQL database (postgres://…)';
  return option;
}

function progressPrinter(): ((p: { table: string; rows: number }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    process.stderr.write(`\r\x1b[2Kcopying ${p.table} (${p.rows.toLocaleString('en-US')} rows)`);
  };
}

/** How one kind of target is reached and filled. */
interface Target<E extends Engine> {
  address: string;
  /** What the target is called when `--db` names something else than a DuckDB file. */
  name: string;
  /** Whether a PostgreSQL database may be the source too (else a DuckDB file only). */
  fromPostgres: boolean;
  open(): Promise<E>;
  /** Why it could not be reached, with what to check. */
  unreachable(reason: string): string;
  copy(from: AnalyticsSource, to: E, options: MigrateOptions): Promise<Result<MigrateSummary, MigrateError>>;
  /** A line after the summary: what to do next. */
  after?: string;
}

async function copyInto<E extends Engine>(target: Target<E>, options: MigrateToOptions): Promise<void> {
  const copy = async (from: AnalyticsSource) => {
    let to: E;
    try {
      to = await target.open();
    } catch (error) {
      throw new CliError(target.unreachable(reasonOf(error)));
    }
    try {
      const result = await target.copy(from, to, {
        replace: options.replace === true,
        onProgress: progressPrinter(),
      });
      clearProgress();
      if (!result.ok) throw new CliError(describeMigrateError(result.error, target.address));
      out(renderMigrateSummary(result.data, target.address));
      if (target.after) out(target.after);
    } finally {
      await to.close();
    }
  };
  if (target.fromPostgres && isPostgresUrl(options.db))
    await withDatabase(options.db, (from) => copy(from as PostgresEngine));
  else
    await withDuckDbFile(
      options.db,
      {
        command: 'migrate-to',
        instead: `give --db the DuckDB file to copy from, and the ${target.name} address after migrate-to`,
      },
      copy,
    );
}

/** Everything into PostgreSQL. */
function postgresTarget(url: string): Target<PostgresEngine> {
  const address = shownAddress(url);
  return {
    address,
    name: 'PostgreSQL',
    fromPostgres: false,
    open: () => openPostgres({ url }),
    unreachable: (reason) =>
      `cannot reach the PostgreSQL server at ${address}: ${reason}; check the address, the user and password, and that the database exists (createdb)`,
    // Only a DuckDB file is copied into PostgreSQL (fromPostgres is false).
    copy: (from, to, options) => migrateTo(from as DuckDbEngine, to, options),
  };
}

/** The analytical tables into ClickHouse; the rest of the file stays where it is. */
function clickhouseTarget(url: string, db: string): Target<ClickHouseEngine> {
  const address = shownClickHouseAddress(url);
  return {
    address,
    name: 'ClickHouse',
    fromPostgres: true,
    async open() {
      const engine = await openClickHouse({ url });
      // The client connects only with its first statement: an address nobody answers is found here.
      await engine.all('SELECT 1').catch(async (error: unknown) => {
        await engine.close();
        throw error;
      });
      return engine;
    },
    unreachable: (reason) =>
      `cannot reach ClickHouse at ${address}: ${reason}; check the address, the user and password`,
    copy: migrateToClickHouse,
    after: `serve its indicators from there: servicemeter serve --db ${shownDatabase(db)} --analytics ${address}`,
  };
}

export function migrateToCommand(program: Command): void {
  program
    .command('migrate-to')
    .description(
      'Copy what a DuckDB database holds into PostgreSQL (everything), or what a DuckDB or PostgreSQL database holds into ClickHouse (the analytical tables), and verify the copy',
    )
    .argument(
      '<url>',
      'the PostgreSQL database, postgres://user@host:5432/name (its password best in PGPASSWORD: the process list shows arguments), or ClickHouse: clickhouse://user@host:8123/name, chdb:///folder?database=name',
    )
    .addOption(duckDbFileOption())
    .option('--replace', 'empty the target database first when it holds data (default: refuse)')
    .addHelpText(
      'after',
      `
The PostgreSQL database must exist (createdb) and is brought to this servicemeter's schema first.
Every table of the DuckDB file is copied in one transaction, then verified: each table's row count,
and a fingerprint (sha256) of every indicator by month and by channel, computed on both databases.
When anything differs the copy is undone and the command exits with 1. Afterwards serve the same
figures from PostgreSQL with servicemeter serve --db <url>.

Examples:
  createdb -h db.example.com -U servicemeter servicemeter
  PGPASSWORD=… servicemeter migrate-to postgres://servicemeter@db.example.com:5432/servicemeter --db team.duckdb
  servicemeter migrate-to postgres://localhost/servicemeter --db team.duckdb --replace
  PGPASSWORD=… servicemeter serve --db postgres://servicemeter@db.example.com:5432/servicemeter

Into ClickHouse go the analytical tables only (contacts, events, facts, surveys, reviews, schedules,
orders, …); users, sessions, jobs and settings stay in the file. ClickHouse has no transactions: a
copy that is not verified is undone by dropping the tables it created, and with --replace the new
copy is made beside the old one and exchanged for it only once verified. Then serve the indicators
from ClickHouse while the file keeps everything else:
  servicemeter migrate-to clickhouse://servicemeter@ch.example.com:8123/servicemeter --db team.duckdb
  servicemeter migrate-to chdb:///var/lib/servicemeter/clickhouse --db team.duckdb
  servicemeter serve --db team.duckdb --analytics chdb:///var/lib/servicemeter/clickhouse
A PostgreSQL database's analytical tables are copied the same way, read in one snapshot
(REPEATABLE READ) while it goes on serving; people, sessions and settings stay on PostgreSQL:
  PGPASSWORD=… servicemeter migrate-to clickhouse://servicemeter@ch.example.com:8123/servicemeter \\
    --db postgres://servicemeter@db.example.com:5432/servicemeter`,
    )
    .action(async (url: string, options: MigrateToOptions) => {
      const checked = checkTargetUrl(url);
      if (!checked.ok) throw new CliError(describeMigrateError(checked.error, url));
      await (checked.data === 'clickhouse'
        ? copyInto(clickhouseTarget(url, options.db), options)
        : copyInto(postgresTarget(url), options));
    });
}
