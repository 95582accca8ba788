import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportCanonical } from '../../services/export.js';
import { CliError, withDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

export function exportCommand(program: Command): void {
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
}
