import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { resolveImportFiles } from '../../ingest/canonical.js';
import { detectSourceFormats, findSourceFormat, SOURCE_FORMATS } from '../../ingest/sources/index.js';
import { importFiles } from '../../services/import.js';
import { importSource } from '../../services/import-source.js';
import { CliError, withNewOrExistingDatabase } from '../database.js';
import { importThroughServer, servingServer } from '../import-remote.js';
import { describeImportError, printImportSummary, printSourceSummary } from '../import-summary.js';
import { timeZoneArgument } from '../kpi-arguments.js';
import { dbOption, duration } from '../options.js';
import { clearProgress, out, progressPrinter } from '../output.js';
import { didYouMean } from '../suggest.js';

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

export function importCommand(program: Command): void {
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
    .option(
      '--server <url>',
      'send the files to this running servicemeter server instead (default: the server holding --db, if one runs)',
    )
    .option(
      '--token <token>',
      'API token of an admin or manager, for an import through a server (default: SERVICEMETER_TOKEN)',
    )
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
  servicemeter import exports/ --db postgres://servicemeter@db.example.com/servicemeter
  servicemeter import exports/ --skip-bad-rows --rejects rejected.csv
  servicemeter import asterisk-queue-log /var/log/asterisk/queue_log
  servicemeter import --detect export.csv
  servicemeter import exports/ --server https://servicemeter.example.com --token smt_…

While \`servicemeter serve\` holds the database file, the files are sent to it (POST /api/imports)
with the API token of an admin or manager (--token or SERVICEMETER_TOKEN); it imports them in
turn while the dashboard keeps answering, and this command prints the same summary.`,
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
          server?: string;
          token?: string;
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
        // A running server holds the file: the import goes through it rather than stopping here.
        const server = options.server ?? servingServer(options.db);
        if (server) {
          await importThroughServer({
            server,
            database: options.server ? null : options.db,
            token: options.token ?? process.env.SERVICEMETER_TOKEN,
            format: format?.name,
            paths: format ? rest : paths,
            mapping: options.map,
            skipBadRows: options.skipBadRows ?? false,
            rejects: options.rejects,
            rebuild: options.rebuild,
            source: options.source,
            timezone: options.timezone,
            idleGapSeconds: options.idleGap,
            onProgress: progressPrinter(),
          });
          return;
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
}
