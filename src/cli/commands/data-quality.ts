import { type Command, Option } from 'commander';
import { listQualityNotices } from '../../services/data-quality.js';
import { withDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

export function dataQualityCommand(program: Command): void {
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
}
