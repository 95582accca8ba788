#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { KPIS } from '../core/kpi/catalog.js';
import { glossaryMarkdown } from '../core/kpi/glossary.js';
import { GRAINS, type KpiQueryInput, TIME_DIMENSIONS } from '../core/kpi/query.js';
import { DIMENSIONS } from '../core/kpi/sources.js';
import { ACCEPTED_RANGE } from '../core/time-range.js';
import { type ImportError, resolveImportFiles } from '../ingest/canonical.js';
import type { SourceWarning } from '../ingest/sources/format.js';
import { detectSourceFormats, findSourceFormat, SOURCE_FORMATS } from '../ingest/sources/index.js';
import { durationSetting, settingSeconds } from '../ingest/sources/plausibility.js';
import { proxyList } from '../server/proxies.js';
import { DEFAULT_AUDIT_RETENTION_DAYS } from '../services/audit.js';
import { listQualityNotices } from '../services/data-quality.js';
import { dataStatus } from '../services/data-status.js';
import { writeDemoFiles } from '../services/demo/generate.js';
import { DEMO_LOGIN, prepareDemoAccess } from '../services/demo-login.js';
import { exportCanonical } from '../services/export.js';
import { type ImportProgress, type ImportSummary, importFiles } from '../services/import.js';
import { importSource, type SourceImportSummary } from '../services/import-source.js';
import { runKpiQuery } from '../services/kpi.js';
import { negativeDurationCause, type RebuildSummary, rebuildFacts } from '../services/rebuild.js';
import { repairDatabase } from '../services/repair.js';
import { kpiRowsCsv } from '../services/spreadsheet-csv.js';
import { syncZendesk } from '../services/sync-zendesk.js';
import {
  countAdmins,
  createUser,
  listUsers,
  passwordWeakness,
  ROLES,
  type Role,
  updateUser,
} from '../services/users.js';
import { makeWorkDir } from '../services/work-dir.js';
import {
  CliError,
  openDatabase,
  requireDatabase,
  withDatabase,
  withNewOrExistingDatabase,
} from './database.js';
import { demoHint, demoPeriod } from './demo-hint.js';
import { type OutputFormat, renderCatalogTable, renderKpiTable } from './format.js';
import {
  byArgument,
  checkFilterValues,
  checkRangeOrder,
  dateArgument,
  type Filters,
  filterArgument,
  kpiIdsArgument,
  timeZoneArgument,
} from './kpi-arguments.js';
import { didYouMean } from './suggest.js';
import { CommandLineDone, CommandLineMistake, explainMistakes } from './usage.js';

const DEFAULT_DB = './servicemeter.duckdb';

/**
 * Standard output carries what a command produced: the import, sync, export and rebuild summaries,
 * the KPI table with its notes, JSON and CSV. Standard error carries everything about the run or
 * the data that is not the result: errors, warnings about the imported data, progress, prompts and
 * the server's status, so `servicemeter … > result.txt` keeps the result whole and shows the rest.
 */
const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
// A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const note = (text: string) => process.stderr.write(`${text}\n`);

function dbOption() {
  return new Option('--db <file>', 'database file').default(DEFAULT_DB);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** `7d`, `36h`, `90min`, `1.5h`, `600s` in seconds, read as the mapping's durations are. */
function duration(value: string): number {
  const parsed = durationSetting.safeParse(value.trim());
  const seconds = parsed.success ? settingSeconds(parsed.data) : 0;
  if (seconds < 1) throw new InvalidArgumentError('expected a duration such as 7d, 36h or 90min');
  return seconds;
}

/** `--trust-proxy 10.0.0.2,fd00::/8`: each an IP address or a CIDR range. */
function proxyAddresses(value: string): string[] {
  const entries = list(value);
  if (entries.length === 0)
    throw new InvalidArgumentError('expected IP addresses or CIDR ranges, comma-separated');
  const parsed = proxyList(entries);
  if (!parsed.ok) throw new InvalidArgumentError(`'${parsed.entry}' is not an IP address or CIDR range`);
  return entries;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function progressPrinter(): ((p: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.phase === 'check') return;
    last = now;
    const text =
      p.phase === 'check'
        ? `checking ${p.file} ${p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100}%`
        : p.phase === 'load'
          ? `loading ${p.file} (${p.rows.toLocaleString('en-US')} rows)`
          : 'rebuilding facts';
    process.stderr.write(`\r\x1b[2K${text}`);
  };
}

function clearProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

export function describeImportError(error: ImportError): string {
  switch (error.kind) {
    case 'bad_rows': {
      const lines = error.problems.map((p) => `  ${p.file}:${p.line} ${p.column}: ${p.reason}`);
      const more =
        error.total > error.problems.length ? [`  … and ${error.total - error.problems.length} more`] : [];
      return [
        `${error.total} problem${error.total === 1 ? '' : 's'} found; nothing was imported.`,
        ...lines,
        ...more,
        'Fix these rows, or use --skip-bad-rows to import the good rows and write the rejected ones to a file.',
      ].join('\n');
    }
    case 'unknown_format':
      return `${error.file}: ${error.reason}`;
    case 'not_found':
      return `${error.file}: no such file or folder`;
    case 'database_busy':
      return `${error.file}: ${error.reason}`;
    default: {
      const unreachable: never = error;
      return `import failed: ${JSON.stringify(unreachable)}`;
    }
  }
}

function printImportSummary(summary: ImportSummary) {
  for (const f of summary.files) {
    out(
      `${f.file} → ${f.table}: ${f.rowsRead.toLocaleString('en-US')} read, ${f.rowsImported.toLocaleString('en-US')} imported${f.rowsRejected > 0 ? `, ${f.rowsRejected.toLocaleString('en-US')} rejected` : ''}`,
    );
  }
  if (summary.rejectsPath && summary.rejected > 0)
    out(`rejected rows and their reasons: ${summary.rejectsPath}`);
  printImportOutcome(summary);
  printWarnings(summary.warnings);
}

function printSourceSummary(summary: SourceImportSummary) {
  const rejected =
    summary.rejected > 0 ? `, ${summary.rejected.toLocaleString('en-US')} records rejected` : '';
  const files = summary.sourceFiles.length === 1 ? '1 file' : `${summary.sourceFiles.length} files`;
  const way =
    summary.conversion.by === 'sql'
      ? ' (staged in SQL)'
      : summary.conversion.reason
        ? ` (row by row: ${summary.conversion.reason})`
        : '';
  out(`${summary.format}: ${files} converted${way}${rejected}`);
  const rows = summary.contactRows;
  if (rows) {
    const n = (count: number) => count.toLocaleString('en-US');
    out(
      `  rows: ${n(rows.converted)} converted into ${n(rows.contacts)} contacts; ${n(rows.merged)} merged (a repeated contact id with the same values), ${n(rows.conflicting)} left out (a repeated contact id with other values)`,
    );
  }
  for (const f of summary.files) {
    out(
      `  ${f.table}: ${f.rowsRead.toLocaleString('en-US')} rows converted, ${f.rowsImported.toLocaleString('en-US')} imported`,
    );
  }
  if (summary.rejectsPath && summary.rejected > 0)
    out(`rejected records and their reasons: ${summary.rejectsPath}`);
  printImportOutcome(summary);
  printWarnings(summary.warnings);
}

/** What every import ends with: the dates it covered and what the rebuild changed. */
function printImportOutcome(summary: ImportSummary) {
  if (summary.contactsFrom && summary.contactsTo)
    out(`contacts created from ${summary.contactsFrom} to ${summary.contactsTo}`);
  if (!summary.facts) return;
  out(
    `facts rebuilt for ${summary.facts.contacts.toLocaleString('en-US')} contacts and ${summary.facts.surveys.toLocaleString('en-US')} survey rows in ${summary.facts.seconds.toFixed(1)} s`,
  );
  if (summary.facts.changedContacts !== null)
    out(`contacts whose facts changed: ${summary.facts.changedContacts.toLocaleString('en-US')}`);
  if (summary.facts.contactsWithoutCalendar > 0) {
    // About the imported data, not a count of what the import did: a warning.
    note(
      `warning: ${summary.facts.contactsWithoutCalendar} contacts have no business-hours calendar; their business-hours durations equal calendar time`,
    );
  }
  printRebuildWarnings(summary.facts);
}

/** What the rebuild left out: rows with a time out of range, durations that would be negative. */
function printRebuildWarnings(facts: RebuildSummary) {
  const { leftOut } = facts;
  for (const row of leftOut.examples)
    note(
      `warning: ${row.kind} ${row.key} left out of the facts: ${row.field} ${row.value} is outside ${ACCEPTED_RANGE} (\`servicemeter repair\` puts such rows aside)`,
    );
  // Both counts and the examples name each contact or survey row once, however many of its times are at fault.
  const named = (kind: 'contact' | 'survey') =>
    new Set(leftOut.examples.filter((row) => row.kind === kind).map((row) => row.key)).size;
  const more = [
    { count: leftOut.contacts - named('contact'), what: 'contacts' },
    { count: leftOut.surveys - named('survey'), what: 'survey rows' },
  ].filter((m) => m.count > 0);
  if (more.length > 0)
    note(
      `warning: … and ${more.map((m) => `${m.count.toLocaleString('en-US')} more ${m.what}`).join(' and ')} left out (\`servicemeter data-quality\` lists them)`,
    );
  for (const negative of facts.negativeDurations)
    note(
      `warning: ${negative.contacts.toLocaleString('en-US')} contacts have a negative ${negative.duration} time (${negativeDurationCause(negative.duration)}), left out of its indicators (e.g. ${negative.examples.slice(0, 3).join(', ')})`,
    );
}

function printWarnings(warnings: readonly SourceWarning[]) {
  for (const w of warnings) {
    note(
      `warning: ${w.file}: ${w.message} — ${w.count.toLocaleString('en-US')}× (e.g. ${w.examples.join(', ')})`,
    );
  }
}

/** What each file looks like — a file, or every file of a folder, one level deep — one line each. */
async function describeDetection(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError(`${path}: no such file or folder`);
  if (info.isDirectory()) {
    const lines: string[] = [];
    for (const name of (await readdir(path)).sort()) {
      const file = join(path, name);
      if (!name.startsWith('.') && (await stat(file)).isFile())
        lines.push(...(await describeDetection(file)));
    }
    return lines.length > 0 ? lines : [`${path}: no files`];
  }
  const canonical = await resolveImportFiles([path]);
  if (canonical.ok && canonical.data.length > 0) {
    return canonical.data.map((f) => `${f.path}: canonical ${f.table} file (servicemeter import ${f.path})`);
  }
  const found = await detectSourceFormats(path);
  if (found.length === 0) return [`${path}: no known format recognised`];
  return found.map((f) => {
    const map = findSourceFormat(f.format)?.mapping === 'required' ? ' --map <mapping.json>' : '';
    return `${path}: ${f.format} — ${f.description} (servicemeter import ${f.format} ${path}${map})`;
  });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('expected a port, 0 to 65535');
  return n;
}

/** The package's version, from the package.json above this file (in a clone or installed). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'servicemeter' && pkg.version) return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

/** The built dashboard: dist/web beside dist/src. */
const DASHBOARD_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * A password from standard input: typed at a prompt without echo on a terminal, else the first
 * line of what is piped in (`printf '%s\n' "$PASSWORD" | servicemeter user add …`).
 */
async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function newPassword(): Promise<string> {
  const password = await readSecret('password (at least 10 characters besides spaces): ');
  const weakness = passwordWeakness(password);
  if (weakness) throw new CliError(`password: ${weakness}`);
  if (process.stdin.isTTY && (await readSecret('again: ')) !== password)
    throw new CliError('the passwords differ');
  return password;
}

/** Serves a database until SIGINT or SIGTERM, then stops gracefully. */
async function serveUntilStopped(options: {
  db: string;
  port: number;
  host: string;
  trustProxy?: boolean | string[];
  auditRetentionDays?: number;
  login?: string;
}) {
  const { startServer } = await import('../server/serve.js');
  const db = await openDatabase(options.db);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    const admins = await countAdmins(db);
    server = await startServer(db, {
      dbPath: options.db,
      port: options.port,
      host: options.host,
      staticDir: DASHBOARD_DIR,
      version: packageVersion(),
      trustProxy: options.trustProxy ?? false,
      auditRetentionDays: options.auditRetentionDays,
      log: (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`),
    });
    note(`servicemeter is serving ${options.db} at ${server.url}`);
    if (options.login) note(options.login);
    else if (admins === 0)
      note(
        `no admin yet: open ${server.url} to create one, or run servicemeter user add --db ${options.db} --email <e-mail> --role admin${server.setupToken ? `\nsetup token (asked when the setup page is opened from another machine): ${server.setupToken}` : ''}`,
      );
    if (!existsSync(join(DASHBOARD_DIR, 'index.html')))
      note('the dashboard is not built (npm run build); the API is served');
    note('stop with Ctrl+C');
  } catch (error) {
    await db.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new CliError(`port ${options.port} on ${options.host} is in use; choose another with --port`);
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      note(`${signal}: finishing requests and closing the database…`);
      server.close().then(resolve, resolve);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  note('stopped');
}

interface DemoOptions {
  db: string;
  contacts: number;
  seed: number;
  replace?: boolean;
  serve: boolean;
  port: number;
  host: string;
}

interface KpiOptions {
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
  filter?: Filters;
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
    compare: options.compare ?? false,
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
  return `no contacts or surveys in ${dbPath} yet: run servicemeter import or demo first`;
}

async function printKpis(dbPath: string, options: KpiOptions) {
  checkRangeOrder(options.from, options.to);
  await withDatabase(dbPath, async (db) => {
    const status = await dataStatus(db);
    // Asked for a range, an empty database would answer n 0 everywhere, as if that were the data.
    if (status.contacts === 0 && status.surveys === 0)
      throw new CliError(`no contacts or surveys in ${dbPath} yet: run servicemeter import or demo first`);
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
        const compared = query.compare ? '; compared with the previous period of the same length' : '';
        out(`${range.from} – ${range.to} (${range.timezone}, end exclusive${compared})\n`);
        out(renderKpiTable(rows, kpis, { compare: query.compare }));
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
  });
}

function kpiCommandOptions(command: Command): Command {
  return command
    .addOption(dbOption())
    .option(
      '--kpi <ids>',
      'comma-separated KPI ids, in any case (default: all; see `servicemeter kpis`)',
      kpiIdsArgument,
    )
    .option(
      '--from <date>',
      'start, inclusive (YYYY-MM-DD, in --timezone); default: the day of the earliest contact, resolution, survey answer or survey sent',
      dateArgument,
    )
    .option(
      '--to <date>',
      'end, exclusive (YYYY-MM-DD, in --timezone); default: the day after the latest contact, resolution, survey answer or survey sent',
      dateArgument,
    )
    .option(
      '--by <dims>',
      `group by, comma-separated: ${[...DIMENSIONS, ...TIME_DIMENSIONS].join(', ')} and one grain (${GRAINS.join(', ')})`,
      byArgument,
    )
    .option(
      '--filter <dim=values>',
      'keep only these values, e.g. channel=chat|email; teams and agents by id; each value must be in the data (repeatable)',
      filterArgument,
    )
    .addOption(
      new Option('--stat <stat>', 'statistic for durations (default per KPI)').choices([
        'median',
        'p90',
        'mean',
      ]),
    )
    .addOption(
      new Option('--hours <hours>', 'business or calendar hours (default per KPI)').choices([
        'business',
        'calendar',
      ]),
    )
    .option(
      '--timezone <zone>',
      "IANA time zone for periods and dates (default: the team's, as the dashboard opens in)",
      timeZoneArgument,
    )
    .option('--compare', 'add the previous period of the same length, in every --format')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    );
}

export function buildProgram(): Command {
  const program = new Command('servicemeter')
    .description('Exact, documented customer-service indicators from the data your team already has.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter demo --db demo.duckdb                 generate a demo team and show its indicators
  servicemeter import exports/                       import every canonical file in a folder
  servicemeter kpi --by week --kpi frt,csat          weekly first response time and CSAT
  servicemeter kpi --by agent --format json          per-agent scorecards with comparisons
  servicemeter kpis                                  every indicator and its definition`,
    );

  program
    .command('import')
    .description(
      'Import canonical CSV/TSV/NDJSON files, or the files of a source format (a helpdesk export, a phone-queue log), then rebuild the facts',
    )
    .argument(
      '<paths...>',
      `canonical files or folders (a file name starts with its table, e.g. contacts.csv); or a source format (${SOURCE_FORMATS.map((f) => f.name).join(', ')}) followed by its files`,
    )
    .addOption(dbOption())
    .option('--skip-bad-rows', 'import the good rows; write rejected ones with their reasons to --rejects')
    .option('--rejects <file>', 'where --skip-bad-rows writes rejected rows', 'servicemeter-rejects.csv')
    .option('--no-rebuild', 'do not rebuild the derived facts afterwards (run `servicemeter rebuild` later)')
    .option(
      '--source <name>',
      'the source name stored with every row of a source format (default: the format name)',
    )
    .option('--map <file>', 'mapping file of a source format that takes one (csv, event-log, surveys)')
    .option(
      '--idle-gap <duration>',
      `${SOURCE_FORMATS.filter((f) => f.idleGap)
        .map((f) => f.name)
        .join(
          ', ',
        )}: a customer message after longer than this without a message in the thread starts a new contact (e.g. 36h, 7d; default 7d)`,
      duration,
    )
    .option(
      '--timezone <zone>',
      'IANA time zone of source times written without an offset',
      timeZoneArgument,
      'UTC',
    )
    .option('--detect', 'only say which format each file looks like and what it would import')
    .addHelpText(
      'after',
      `
Every file is checked completely before anything is written; by default a file with any bad row
writes nothing. A row whose key is already stored replaces it (source + external_id for contacts,
events and survey answers; the id columns for the other tables), so importing the same or
overlapping files again changes nothing; rows repeating a key within one file are counted in a
warning. Files are read as UTF-8; in a file whose lines end in LF a carriage return inside a field
is text. Bytes that are not UTF-8, control characters such as NUL, fields over 1 MiB and times
or dates outside 1970-01-01 … 2200-12-31 (UTC) are refused with their file, line and column. The
rebuild runs in the import's transaction: if it fails, nothing of the import stays.

Source formats (docs/import-formats.md says where to find each export and how it maps):
${SOURCE_FORMATS.map((f) => `  ${f.name.padEnd(20)} ${f.summary}`).join('\n')}

Examples:
  servicemeter import contacts.csv contact_events.csv survey_responses.csv
  servicemeter import exports/ --db team.duckdb
  servicemeter import exports/ --skip-bad-rows --rejects rejected.csv
  servicemeter import asterisk-queue-log /var/log/asterisk/queue_log
  servicemeter import --detect export.csv`,
    )
    .action(
      async (
        paths: string[],
        options: {
          db: string;
          skipBadRows?: boolean;
          rejects: string;
          rebuild: boolean;
          source?: string;
          map?: string;
          idleGap?: number;
          timezone: string;
          detect?: boolean;
        },
      ) => {
        if (options.detect) {
          for (const path of paths) out((await describeDetection(path)).join('\n'));
          return;
        }
        const [first = '', ...rest] = paths;
        const format = existsSync(first) ? undefined : findSourceFormat(first);
        if (format && rest.length === 0) throw new CliError(`${format.name} needs the files to import`);
        // Before the database is opened, so a mistyped path creates no database.
        const missing = (format ? rest : paths).find((path) => !existsSync(path));
        if (missing !== undefined) {
          const formats = SOURCE_FORMATS.map((f) => f.name);
          const meant = missing === first && !format ? didYouMean(first, formats) : '';
          throw new CliError(
            `${missing}: no such file or folder${meant ? `, nor a source format${meant}` : ''}`,
          );
        }
        if (format?.mapping === 'required' && !options.map)
          throw new CliError(`${format.name} needs --map <mapping file> (see docs/import-formats.md)`);
        if (format?.mapping === 'none' && options.map) throw new CliError(`${format.name} takes no --map`);
        if (format && options.map && !existsSync(options.map))
          throw new CliError(`--map ${options.map}: no such file`);
        if (!format && options.map)
          throw new CliError(
            '--map is for source formats, e.g. servicemeter import csv <files> --map <file>',
          );
        if (options.idleGap !== undefined && !format?.idleGap) {
          const takers = SOURCE_FORMATS.filter((f) => f.idleGap).map((f) => f.name);
          throw new CliError(`--idle-gap is for ${takers.join(', ')}`);
        }
        await withNewOrExistingDatabase(options.db, async (db) => {
          const common = {
            skipBadRows: options.skipBadRows ?? false,
            rejectsPath: options.rejects,
            rebuild: options.rebuild,
            onProgress: progressPrinter(),
          };
          if (format) {
            const result = await importSource(db, format, rest, {
              ...common,
              source: options.source,
              mappingPath: options.map,
              timezone: options.timezone,
              idleGapSeconds: options.idleGap,
            });
            clearProgress();
            if (!result.ok) throw new CliError(describeImportError(result.error));
            printSourceSummary(result.data);
            return;
          }
          const result = await importFiles(db, paths, { ...common, countChangedContacts: true });
          clearProgress();
          if (!result.ok) throw new CliError(describeImportError(result.error));
          printImportSummary(result.data);
        });
      },
    );

  program
    .command('sync')
    .description('Pull a helpdesk API into the database; a later sync resumes where this one stopped')
    .addArgument(new Argument('<system>', 'the helpdesk').choices(['zendesk']))
    .requiredOption('--subdomain <name>', 'the account: <name>.zendesk.com')
    .requiredOption('--email <address>', 'e-mail of the user the API token acts for')
    .option('--token <token>', 'API token (default: the ZENDESK_API_TOKEN environment variable)')
    .option('--start <date>', 'first sync only: from this date (YYYY-MM-DD, UTC); default: everything')
    .option(
      '--base-url <url>',
      'the API address, for a proxy or a test server (default: https://<subdomain>.zendesk.com)',
    )
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Tickets, their audits (comments, status changes), users and satisfaction ratings are pulled from the
incremental export API and imported like \`servicemeter import zendesk\` files; where each stream
stopped is kept in the database. Rate limits (HTTP 429) are waited out; dropped connections and
server errors are retried. See docs/sources/zendesk-sync.md.

Example:
  ZENDESK_API_TOKEN=… servicemeter sync zendesk --subdomain acme --email lead@acme.com --start 2026-01-01`,
    )
    .action(
      async (
        system: 'zendesk',
        options: {
          subdomain: string;
          email: string;
          token?: string;
          start?: string;
          baseUrl?: string;
          db: string;
        },
      ) => {
        const token = options.token ?? process.env.ZENDESK_API_TOKEN;
        if (!token)
          throw new CliError('give the API token with --token or the ZENDESK_API_TOKEN environment variable');
        let startTime: number | undefined;
        if (options.start !== undefined) {
          const day = /^\d{4}-\d{2}-\d{2}$/.test(options.start)
            ? Date.parse(`${options.start}T00:00:00Z`)
            : Number.NaN;
          if (Number.isNaN(day)) throw new CliError(`--start: '${options.start}' is not a date YYYY-MM-DD`);
          startTime = day / 1000;
        }
        await withNewOrExistingDatabase(options.db, async (db) => {
          const result = await syncZendesk(db, {
            subdomain: options.subdomain,
            email: options.email,
            token,
            startTime,
            baseUrl: options.baseUrl,
            onProgress: process.stderr.isTTY
              ? (p) =>
                  process.stderr.write(
                    `\r\x1b[2K${system}: ${p.stream} page ${p.pages} (${p.records.toLocaleString('en-US')} records)`,
                  )
              : undefined,
          });
          clearProgress();
          if (!result.ok) throw new CliError(result.error.message);
          const s = result.data;
          out(
            `${s.source}: ${s.pagesFetched} pages (${s.retries} retried), ${s.tickets.toLocaleString('en-US')} tickets, ${s.users.toLocaleString('en-US')} users, ${s.audits.toLocaleString('en-US')} audits, ${s.ratings.toLocaleString('en-US')} ratings; ${s.rowsImported.toLocaleString('en-US')} rows imported in ${s.batches} batches`,
          );
          printWarnings(s.warnings);
        });
      },
    );

  program
    .command('export')
    .description('Write every canonical table as CSV in the import format')
    .requiredOption('--out <dir>', 'folder to write <table>.csv files into')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
The files are a copy of the data for servicemeter import, written as stored: a text starting with
= + - or @ is not changed, since an apostrophe added for spreadsheets would become part of the data
on import. Do not open them in a spreadsheet program from an untrusted source; for spreadsheets use
servicemeter kpi --format csv or the dashboard's exports, which neutralise such cells.

Example:
  servicemeter export --out backup/ && servicemeter import backup/ --db copy.duckdb`,
    )
    .action(async (options: { db: string; out: string }) => {
      if ((await stat(options.out).catch(() => null))?.isDirectory() === false)
        throw new CliError(`--out ${options.out} is a file; give a folder (it is created when missing)`);
      await withDatabase(options.db, async (db) => {
        const summary = await exportCanonical(db, options.out);
        for (const f of summary.files) out(`${f.file}: ${f.rows.toLocaleString('en-US')} rows`);
      });
    });

  program
    .command('rebuild')
    .description('Rebuild the derived per-contact facts (after changing calendars or targets)')
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExample:\n  servicemeter import calendars.csv calendar_intervals.csv --no-rebuild && servicemeter rebuild',
    )
    .action(async (options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        const summary = await rebuildFacts(db);
        out(
          `facts rebuilt for ${summary.contacts.toLocaleString('en-US')} contacts and ${summary.surveys.toLocaleString('en-US')} survey rows (${summary.calendars} calendars) in ${summary.seconds.toFixed(1)} s`,
        );
        printRebuildWarnings(summary);
      });
    });

  program
    .command('repair')
    .description(
      `Put aside the rows the facts rebuild cannot use (a time or date outside ${ACCEPTED_RANGE}) in the quarantine table, then rebuild`,
    )
    .addOption(dbOption())
    .option('--dry-run', 'only report what would be put aside')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      '\nExamples:\n  servicemeter repair --dry-run\n  servicemeter repair --db support.duckdb',
    )
    .action(async (options: { db: string; dryRun?: boolean; format: 'table' | 'json' }) => {
      await withDatabase(options.db, async (db) => {
        const report = await repairDatabase(db, { dryRun: options.dryRun === true });
        if (options.format === 'json') {
          out(JSON.stringify(report, null, 2));
          return;
        }
        for (const f of report.findings) {
          const found = `${f.rows.toLocaleString('en-US')} rows`;
          const perTable = Object.entries(f.rowsByTable)
            .map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`)
            .join(', ');
          out(
            f.contacts === null
              ? `${f.table}.${f.column}: ${found} ${f.reason} (e.g. ${f.examples.join(', ')})`
              : `${f.table}.${f.column}: ${f.contacts.toLocaleString('en-US')} contacts ${f.reason} — ${found} (${perTable}) (e.g. ${f.examples.join(', ')})`,
          );
        }
        const rows = report.rows.toLocaleString('en-US');
        if (report.rows === 0) out('nothing to repair: every row can be rebuilt');
        else if (report.dryRun) out(`${rows} rows would be put aside (dry run: nothing changed)`);
        else
          out(
            `${rows} rows put aside in the quarantine table (${report.quarantined.toLocaleString('en-US')} rows there now)`,
          );
        if (report.facts) {
          out(
            `facts rebuilt for ${report.facts.contacts.toLocaleString('en-US')} contacts and ${report.facts.surveys.toLocaleString('en-US')} survey rows in ${report.facts.seconds.toFixed(1)} s`,
          );
          printRebuildWarnings(report.facts);
        }
      });
    });

  program
    .command('data-quality')
    .description(
      'List the implausible values imports found (absurd queue waits, answers before the queue entry, …), per day, source, file and problem',
    )
    .addOption(dbOption())
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      '\nExample:\n  servicemeter import csv calls.txt --map calls.map.json && servicemeter data-quality',
    )
    .action(async (options: { db: string; format: 'table' | 'json' }) => {
      await withDatabase(options.db, async (db) => {
        const notices = await listQualityNotices(db);
        if (options.format === 'json') {
          out(JSON.stringify(notices, null, 2));
          return;
        }
        if (notices.length === 0) out('no data-quality notices');
        for (const n of notices)
          out(
            `${n.day}  ${n.source}  ${n.file}  ${n.code}: ${n.contacts} contacts (${n.message}; e.g. ${n.examples.join(', ')})`,
          );
      });
    });

  program
    .command('kpis')
    .description('List every indicator with its exact definition')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  servicemeter kpis\n  servicemeter kpis --format markdown > docs/kpis.md',
    )
    .action((options: { format: 'table' | 'json' | 'markdown' }) => {
      if (options.format === 'json') out(JSON.stringify(KPIS, null, 2));
      else if (options.format === 'markdown') out(glossaryMarkdown());
      else out(renderCatalogTable(KPIS));
    });

  kpiCommandOptions(program.command('kpi'))
    .description('Compute indicators: value, n and 95 % interval per group')
    .addHelpText(
      'after',
      `
JSON output is an array with one object per group: the group's dimension values ("period" for a
grain), then for each indicator id { value, n, low, high } (low/high for shares and scores).
Durations are in seconds. Grouped by agent alone, each value also has a "comparison" with the rest
of the agent's team; "clear" is true only when the difference is statistically clear. With
--compare each value has "previous" { value, n } and "change" { difference, low, high, clear };
the table adds a "vs previous" column per indicator, marking with ~ a change that is not clear
(its 95 % interval includes 0), CSV the columns <id>_previous and <id>_previous_n.

Teams and agents are filtered by id; a filter value the data does not have is refused, with the
nearest one it has. KPI ids, dimensions and grains may be written in any case.

Examples:
  servicemeter kpi
  servicemeter kpi --kpi frt,frt_within_target --by week,channel --timezone Europe/Amsterdam
  servicemeter kpi --kpi csat,frt --by agent
  servicemeter kpi --kpi frt --stat p90 --hours calendar --from 2026-01-01 --to 2026-04-01
  servicemeter kpi --filter channel=chat --by hour_of_day,weekday --format csv
  servicemeter kpi --kpi frt,csat --by channel --from 2026-03-01 --to 2026-04-01 --compare`,
    )
    .action(async (options: KpiOptions) => {
      await printKpis(options.db, options);
    });

  program
    .command('demo')
    .description('Generate a believable webshop service team, import it and show its indicators')
    .addOption(dbOption().default('demo.duckdb'))
    .option('--contacts <n>', 'number of contacts', positiveInteger, 20_000)
    .option('--seed <n>', 'random seed; the same seed gives the same data', positiveInteger, 1)
    .option('--replace', 'delete the database file first if it exists')
    .option('--no-serve', 'only generate: do not start the dashboard afterwards')
    .option('--port <n>', 'port of the dashboard', port, 8080)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
The demo database gets an admin, ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}, and
the dashboard is served until Ctrl+C (unless --no-serve).

Example:
  servicemeter demo --db demo.duckdb --contacts 50000 --seed 7 --replace`,
    )
    .action(async (options: DemoOptions) => {
      if (existsSync(options.db)) {
        if (!options.replace)
          throw new CliError(`${options.db} exists; use --replace to overwrite it or pick another --db`);
        await rm(options.db, { force: true });
        await rm(`${options.db}.wal`, { force: true });
      }
      const dir = await makeWorkDir('demo');
      try {
        note(`generating ${options.contacts.toLocaleString('en-US')} contacts (seed ${options.seed})…`);
        await writeDemoFiles(dir, { contacts: options.contacts, seed: options.seed });
        await withNewOrExistingDatabase(options.db, async (db) => {
          const result = await importFiles(db, [dir], { onProgress: progressPrinter() });
          clearProgress();
          if (!result.ok) throw new CliError(describeImportError(result.error));
          printImportSummary(result.data);
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const period = await withDatabase(options.db, (db) => demoPeriod(db));
      const { from, to, timezone } = period;
      const overview = { db: options.db, format: 'table' as const, from, to, timezone };
      await printKpis(options.db, overview);
      out('');
      await printKpis(options.db, {
        ...overview,
        kpi: ['frt', 'frt_within_target', 'csat', 'reopen_rate'],
        by: ['agent'],
      });
      await withDatabase(options.db, async (db) => {
        const access = await prepareDemoAccess(db);
        if (!access.ok) throw new CliError(access.error);
      });
      const login = `demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`;
      out(demoHint({ db: options.db, period, serving: options.serve, login }));
      if (!options.serve) return;
      await serveUntilStopped({ db: options.db, port: options.port, host: options.host, login });
    });

  program
    .command('serve')
    .description('Serve the dashboard and the JSON API (under /api) for a database')
    .addOption(dbOption())
    .option('--port <n>', 'port to listen on (0: any free port)', port, 8080)
    .option('--host <addr>', 'address to listen on; 0.0.0.0 for every interface', '127.0.0.1')
    .option(
      '--trust-proxy [addresses]',
      'behind a reverse proxy: take the client address from X-Forwarded-For, believed only from these proxies (comma-separated IPs or CIDR ranges; without a value: the loopback addresses)',
      proxyAddresses,
    )
    .option(
      '--audit-retention-days <n>',
      `remove audit log entries older than this many days, at start and hourly`,
      positiveInteger,
      DEFAULT_AUDIT_RETENTION_DAYS,
    )
    .addHelpText(
      'after',
      `
The server holds the database file while it runs: other servicemeter commands on the same file stop
with a message naming the server. One JSON line per request goes to standard output. Stop with
Ctrl+C (or SIGTERM): requests in flight finish, then the database is closed.

The first admin: open the dashboard and create one, or run servicemeter user add --role admin.
API reference: docs/api.md, and GET /api/openapi.json.

Examples:
  servicemeter serve --db team.duckdb
  servicemeter serve --db team.duckdb --host 0.0.0.0 --port 3000`,
    )
    .action(
      async (options: {
        db: string;
        port: number;
        host: string;
        trustProxy?: boolean | string[];
        auditRetentionDays: number;
      }) => {
        await serveUntilStopped(options);
      },
    );

  const user = program
    .command('user')
    .description('Manage the users of the dashboard and the API')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter user add --email lead@example.com --role admin
  servicemeter user list
  servicemeter user password --email lead@example.com`,
    );
  user
    .command('add')
    .description('Add a user; the password is prompted for, or read from the first line of standard input')
    .requiredOption('--email <address>', 'e-mail address, used to sign in')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--agent <id>', 'role agent: the agent id whose figures and contacts the user sees')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Roles: admin (everything, settings and users), manager (all data and exports, no users), agent (own
scorecard, team aggregates, own contacts), viewer (read-only aggregates).

Examples:
  servicemeter user add --email lead@example.com --role admin
  printf '%s\\n' "$PASSWORD" | servicemeter user add --email ann@example.com --role agent --agent ann`,
    )
    .action(async (options: { email: string; role: Role; name?: string; agent?: string; db: string }) => {
      requireDatabase(options.db);
      const password = await newPassword();
      await withDatabase(options.db, async (db) => {
        const result = await createUser(db, {
          email: options.email,
          password,
          role: options.role,
          name: options.name,
          agentId: options.agent,
        });
        if (!result.ok) {
          const e = result.error;
          throw new CliError(
            e.kind === 'email_taken'
              ? `a user with e-mail ${e.email} exists`
              : e.kind === 'agent_required'
                ? 'role agent needs --agent <id>: the agent whose data the user sees'
                : e.kind === 'unknown_agent'
                  ? `no agent ${e.agentId} in the database (import the agents first)`
                  : e.kind === 'weak_password'
                    ? `password: ${e.reason}`
                    : `cannot add the user: ${e.kind}`,
          );
        }
        out(`added ${result.data.email} (${result.data.role})`);
      });
    });

  user
    .command('list')
    .description('List the users')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  servicemeter user list --db team.duckdb')
    .action(async (options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        for (const u of await listUsers(db))
          out(
            `${u.email}\t${u.role}${u.agentId ? `\tagent ${u.agentId}` : ''}${u.disabled ? '\tdisabled' : ''}`,
          );
      });
    });

  user
    .command('password')
    .description("Set a user's password (prompted, or the first line of standard input); ends their sessions")
    .requiredOption('--email <address>', 'the user')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\nExample:\n  printf '%s\\n' "$NEW_PASSWORD" | servicemeter user password --email lead@example.com`,
    )
    .action(async (options: { email: string; db: string }) => {
      requireDatabase(options.db);
      const password = await newPassword();
      await withDatabase(options.db, async (db) => {
        const found = (await listUsers(db)).find((u) => u.email === options.email.trim().toLowerCase());
        if (!found) throw new CliError(`no user ${options.email}`);
        const result = await updateUser(db, found.id, { password });
        if (!result.ok)
          throw new CliError(
            result.error.kind === 'weak_password'
              ? `password: ${result.error.reason}`
              : `cannot set the password: ${result.error.kind}`,
          );
        out(`password of ${found.email} set`);
      });
    });

  explainMistakes(program);
  return program;
}

/** A failure of the operating system (a file that is a folder, no permission): its own message says it. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    clearProgress();
    if (error instanceof CommandLineDone) return error.exitCode;
    if (error instanceof CliError || error instanceof CommandLineMistake || isSystemError(error)) {
      note(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    note(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  },
);
