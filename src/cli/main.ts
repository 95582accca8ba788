#!/usr/bin/env node
import { Command } from 'commander';
import { commandModules } from './command-modules.js';
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

/** The program for `argv` (process.argv): with every command, or with only the one it names. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
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

  for (const register of await commandModules(argv[2])) register(program);
  explainMistakes(program);
  return program;
}

/** A failure of the operating system (a file that is a folder, no permission): its own message says it. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

export async function main(argv: string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
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
