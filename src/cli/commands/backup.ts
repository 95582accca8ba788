import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Command } from 'commander';
import { readServerMarker } from '../../server/marker.js';
import { backupDatabase } from '../../services/backup.js';
import { CliError, withDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

interface BackupOptions {
  db: string;
  out: string;
  server?: string;
  token?: string;
}

/** Whether a server answers at `url`: the one a marker file names may have been killed outright. */
async function answers(url: string): Promise<boolean> {
  return fetch(new URL('livez', url.endsWith('/') ? url : `${url}/`), {
    signal: AbortSignal.timeout(5_000),
  }).then(
    (response) => response.ok,
    () => false,
  );
}

/** What a server's problem answer says, or its status. */
async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    return [problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Asks the server for the copy and writes it to `target`, renamed into place when complete. */
async function backupFromServer(server: string, token: string | undefined, target: string): Promise<number> {
  if (!token)
    throw new CliError(
      `the server at ${server} makes the backup: give an admin's API token with --token or SERVICEMETER_TOKEN`,
    );
  const url = new URL('api/backup', server.endsWith('/') ? server : `${server}/`);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch (error) {
    throw new CliError(`cannot reach the server at ${server}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body)
    throw new CliError(`the server at ${server} made no backup: ${await refusal(response)}`);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(partial, { flags: 'wx' }),
    );
    if (await stat(target).catch(() => null))
      throw new CliError(`${target} exists; a backup never overwrites a file`);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return (await stat(target)).size;
}

export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description('Write a consistent copy of the database to a new file, also while the server runs')
    .requiredOption('--out <file>', 'the new database file (an existing file is never overwritten)')
    .addOption(dbOption())
    .option(
      '--server <url>',
      'ask the servicemeter server at this URL (default: the server holding --db, if any)',
    )
    .option(
      '--token <token>',
      "an admin's API token, when a server makes the copy (default: SERVICEMETER_TOKEN)",
    )
    .addHelpText(
      'after',
      `
Do not copy the database file while a server has it open: changes wait in <db>.wal until a
checkpoint writes them into the file, and a copy taken meanwhile can be incomplete. backup has
DuckDB copy the database in one transaction instead: the copy holds what was committed when it
started and opens like any database file. When a server holds --db, it makes the copy (GET
/api/backup, admins only) and the command saves it.

A PostgreSQL database (--db postgres://…) is backed up into the same kind of DuckDB file: every
table read in one snapshot (REPEATABLE READ) while the database goes on serving, then verified by
each table's row count and the KPI fingerprint. serve opens the file as it is; migrate-to moves it
back into a PostgreSQL database. PostgreSQL's own pg_dump remains the tool for its replicas and
point-in-time recovery.

Examples:
  servicemeter backup --db team.duckdb --out backups/team-$(date +%F).duckdb
  PGPASSWORD=… servicemeter backup --db postgres://meter@db.internal:5432/servicemeter --out team.duckdb
  SERVICEMETER_TOKEN=… servicemeter backup --server https://servicemeter.example.com --out team.duckdb`,
    )
    .action(async (options: BackupOptions) => {
      if (await stat(options.out).catch(() => null))
        throw new CliError(`--out ${options.out} exists; a backup never overwrites a file`);
      const token = options.token ?? process.env.SERVICEMETER_TOKEN;
      const marked = options.server ? null : (readServerMarker(options.db)?.url ?? null);
      const server = options.server ?? (marked !== null && (await answers(marked)) ? marked : null);
      if (server) {
        const bytes = await backupFromServer(server, token, options.out);
        out(`${options.out}: ${bytes.toLocaleString('en-US')} bytes, made by the server at ${server}`);
        return;
      }
      await withDatabase(options.db, async (db) => {
        const result = await backupDatabase(db, options.out);
        if (!result.ok) {
          const error = result.error;
          throw new CliError(
            error.kind === 'exists'
              ? `--out ${error.path} exists; a backup never overwrites a file`
              : error.kind === 'unsupported'
                ? error.reason
                : `the backup to ${error.path} failed: ${error.reason}`,
          );
        }
        out(`${result.data.path}: ${result.data.bytes.toLocaleString('en-US')} bytes`);
      });
    });
}
