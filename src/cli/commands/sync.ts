import { Argument, type Command } from 'commander';
import { syncZendesk } from '../../services/sync-zendesk.js';
import { CliError, withNewOrExistingDatabase } from '../database.js';
import { printWarnings } from '../import-summary.js';
import { dbOption } from '../options.js';
import { clearProgress, out } from '../output.js';

export function syncCommand(program: Command): void {
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
}
