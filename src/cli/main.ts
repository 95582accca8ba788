#!/usr/bin/env node
import { Command } from 'commander';
import { alertsCommand } from './commands/alerts.js';
import { backupCommand } from './commands/backup.js';
import { benchmarksCommand } from './commands/benchmarks.js';
import { businessCommand } from './commands/business.js';
import { dataQualityCommand } from './commands/data-quality.js';
import { demoCommand } from './commands/demo.js';
import { erlangCommand } from './commands/erlang.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { jobsCommand } from './commands/jobs.js';
import { kpiCommand } from './commands/kpi.js';
import { kpisCommand } from './commands/kpis.js';
import { migrateToCommand } from './commands/migrate-to.js';
import { qaCommand } from './commands/qa.js';
import { rebuildCommand } from './commands/rebuild.js';
import { repairCommand } from './commands/repair.js';
import { reportCommand } from './commands/report.js';
import { serveCommand } from './commands/serve.js';
import { surveysCommand } from './commands/surveys.js';
import { syncCommand } from './commands/sync.js';
import { targetsCommand } from './commands/targets.js';
import { userCommand } from './commands/user.js';
import { viewsCommand } from './commands/views.js';
import { webhooksCommand } from './commands/webhooks.js';
import { wordsCommand } from './commands/words.js';
import { workforceCommand } from './commands/workforce.js';
import { CliError } from './database.js';
import { clearProgress, note } from './output.js';
import { CommandLineDone, CommandLineMistake, explainMistakes } from './usage.js';
import { packageVersion } from './version.js';

export { describeImportError } from './import-summary.js';

// A reader that stops early (`| head`) closes the pipe: that ends the output, it is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

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
  servicemeter kpis                                  every indicator and its definition
  servicemeter migrate-to postgres://host/db         copy the database into PostgreSQL, verified`,
    );

  // In the order `servicemeter --help` lists them.
  importCommand(program);
  syncCommand(program);
  webhooksCommand(program);
  surveysCommand(program);
  qaCommand(program);
  wordsCommand(program);
  erlangCommand(program);
  workforceCommand(program);
  businessCommand(program);
  benchmarksCommand(program);
  viewsCommand(program);
  targetsCommand(program);
  reportCommand(program);
  alertsCommand(program);
  exportCommand(program);
  backupCommand(program);
  migrateToCommand(program);
  rebuildCommand(program);
  repairCommand(program);
  dataQualityCommand(program);
  kpisCommand(program);
  kpiCommand(program);
  demoCommand(program);
  serveCommand(program);
  jobsCommand(program);
  userCommand(program);

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
