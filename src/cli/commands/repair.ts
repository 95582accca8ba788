import { type Command, Option } from 'commander';
import { ACCEPTED_RANGE } from '../../core/time-range.js';
import { repairDatabase } from '../../services/repair.js';
import { withDatabase } from '../database.js';
import { printRebuildWarnings } from '../import-summary.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

export function repairCommand(program: Command): void {
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
}
