import type { Command } from 'commander';
import { rebuildFacts } from '../../services/rebuild.js';
import { withDatabase } from '../database.js';
import { printRebuildWarnings } from '../import-summary.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

export function rebuildCommand(program: Command): void {
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
}
