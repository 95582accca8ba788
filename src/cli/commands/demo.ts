import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { isPostgresUrl } from '../../engines/postgres/engine.js';
import { dataStatus } from '../../services/data-status.js';
import { createDemoBusiness } from '../../services/demo/business.js';
import { writeDemoFiles } from '../../services/demo/generate.js';
import {
  configureDemoLive,
  DemoDuty,
  DemoLiveFeed,
  type DemoLiveSetup,
  demoClock,
  lastDemoDay,
} from '../../services/demo/live.js';
import { createDemoQa } from '../../services/demo/qa.js';
import { createDemoReporting } from '../../services/demo/reports.js';
import { createDemoSurveys } from '../../services/demo/surveys.js';
import { createDemoWords } from '../../services/demo/words.js';
import { createDemoWorkforce } from '../../services/demo/workforce.js';
import { DEMO_LOGIN, prepareDemoAccess } from '../../services/demo-login.js';
import { importFiles } from '../../services/import.js';
import { emptyDatabase, storedRows } from '../../services/migrate-to.js';
import { makeWorkDir } from '../../services/work-dir.js';
import { CliError, shownDatabase, withDatabase, withNewOrExistingDatabase } from '../database.js';
import { demoHint, demoPeriod } from '../demo-hint.js';
import { describeImportError, printImportSummary } from '../import-summary.js';
import { printKpis } from '../kpi-report.js';
import { dbOption, port, positiveInteger } from '../options.js';
import { clearProgress, note, out, progressPrinter } from '../output.js';
import { serveUntilStopped } from '../serving.js';

interface DemoOptions {
  db: string;
  contacts: number;
  seed: number;
  replace?: boolean;
  serve: boolean;
  port: number;
  host: string;
}

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('Generate a believable webshop service team, import it and show its indicators')
    .addOption(dbOption().default('demo.duckdb'))
    .option('--contacts <n>', 'number of contacts', positiveInteger, 20_000)
    .option('--seed <n>', 'random seed; the same seed gives the same data', positiveInteger, 1)
    .option('--replace', 'delete the database file first if it exists (empty a PostgreSQL database)')
    .option('--no-serve', 'only generate: do not start the dashboard afterwards')
    .option('--port <n>', 'port of the dashboard', port, 8080)
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
The demo database gets an admin, ${DEMO_LOGIN.email} with password ${DEMO_LOGIN.password}, and
the dashboard is served until Ctrl+C (unless --no-serve).

--db postgres://… puts the demo in a PostgreSQL database instead, which must exist (createdb).

Example:
  servicemeter demo --db demo.duckdb --contacts 50000 --seed 7 --replace`,
    )
    .action(async (options: DemoOptions) => {
      // Before minutes of generating: the demo writes and serves a database of its own.
      if (isPostgresUrl(options.db)) {
        await withDatabase(options.db, async (db) => {
          const held = await storedRows(db);
          if (held === 0) return;
          if (!options.replace)
            throw new CliError(
              `${shownDatabase(options.db)} holds data (${held.toLocaleString('en-US')} rows); use --replace to empty it or pick another database`,
            );
          await db.transaction(() => emptyDatabase(db));
        });
      } else if (existsSync(options.db)) {
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
          await createDemoSurveys(db);
          await createDemoQa(db, options.seed);
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
      const { live, duty, lastDay, clock } = await withDatabase(options.db, async (db) => {
        const access = await prepareDemoAccess(db);
        if (!access.ok) throw new CliError(access.error);
        // Served, the demo runs on its own clock: its last day, at the time of day it is now.
        const newest = (await dataStatus(db)).to;
        if (newest === null) throw new CliError('the demo imported no contacts');
        const lastDay = lastDemoDay(newest, timezone);
        const clock = options.serve ? demoClock(lastDay, timezone) : () => new Date();
        // The workforce facts stop at "now": the demo's own, served or not, so that the schedule's
        // planned weeks after the data are the future and not shifts nobody came to.
        await createDemoWorkforce(db, demoClock(lastDay, timezone)());
        const business = await createDemoBusiness(db, {
          seed: options.seed,
          now: demoClock(lastDay, timezone)(),
        });
        note(
          `business: ${business.files.customers?.toLocaleString('en-US')} customers, ${business.files.orders?.toLocaleString('en-US')} orders, ${business.files.costs} cost lines, ${business.files.people} people`,
        );
        const live: DemoLiveSetup = await configureDemoLive(db, clock());
        const reporting = await createDemoReporting(db, {
          seed: options.seed,
          now: demoClock(lastDay, timezone)(),
        });
        note(
          `reports: the "Team overview" dashboard, a weekly "Monday summary", ${reporting.alertRuleIds.length} alert rules`,
        );
        const words = await createDemoWords(db, demoClock(lastDay, timezone)());
        note(
          `customers' words: brand attributes set, ${words.analysed.toLocaleString('en-US')} more texts read${words.trained.length > 0 ? `, tone models for ${words.trained.join(', ')}` : ''}`,
        );
        const dayStart = Date.parse(`${lastDay}T00:00:00Z`);
        const duty = await DemoDuty.load(
          db,
          new Date(dayStart - 86_400_000),
          new Date(dayStart + 2 * 86_400_000),
        );
        return { live, duty, lastDay, clock };
      });
      const login = `demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`;
      out(
        demoHint({
          db: options.db,
          period,
          serving: options.serve,
          login,
          live: { lastDay, jobs: live.jobs },
        }),
      );
      if (!options.serve) return;
      // /metrics answers only with a token: the demo makes one and prints it, unless one is set.
      const metricsToken = process.env.SERVICEMETER_METRICS_TOKEN || randomBytes(18).toString('base64url');
      await serveUntilStopped({
        db: options.db,
        port: options.port,
        host: options.host,
        login,
        now: clock,
        metricsToken,
        alongside: (url) => {
          note(`metrics: curl -H 'Authorization: Bearer ${metricsToken}' ${url}metrics`);
          const feed = new DemoLiveFeed({
            url,
            webhook: live.webhook,
            now: clock,
            duty,
            seed: options.seed,
            onRefused: (status, detail) => note(`live chat feed: event not accepted (${status}): ${detail}`),
          });
          feed.start();
          return feed;
        },
      });
    });
}
