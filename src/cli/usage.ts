import type { Command, CommanderError } from 'commander';
import { either } from './suggest.js';

/** Commander finished on its own: help or the version was printed (or help after a bare `servicemeter`). */
export class CommandLineDone extends Error {
  constructor(readonly exitCode: number) {
    super('done');
  }
}

/** A mistake in the command line itself, explained in one line. */
export class CommandLineMistake extends Error {}

/** Mistakes where the command's options or the commands are what the reader needs next. */
const POINT_TO_HELP = new Set([
  'commander.unknownOption',
  'commander.optionMissingArgument',
  'commander.missingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.excessArguments',
  'commander.conflictingOption',
]);

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Commander's message as one line: its "(Did you mean …?)" joined on, and for a mistake in the
 * options a pointer to the command's help rather than the whole help.
 */
export function explainCommanderError(error: CommanderError, command: Command): string {
  const message = error.message
    .replace(/^error: /, '')
    .replace(
      /\n\(Did you mean (?:one of )?(.*)\?\)/,
      (_, names: string) => `; did you mean ${either(names.split(', '))}?`,
    )
    .replace(/\s*\n\s*/g, ' ');
  if (error.code === 'commander.unknownCommand')
    return `${message} (${commandPath(command)} --help lists the commands)`;
  if (POINT_TO_HELP.has(error.code)) return `${message} (${commandPath(command)} --help lists the options)`;
  return message;
}

/**
 * Makes every command of the program report a mistake by throwing instead of printing its help and
 * exiting: `main` prints one line and returns exit code 1.
 */
export function explainMistakes(program: Command): void {
  const visit = (command: Command) => {
    command
      .showHelpAfterError(false)
      .showSuggestionAfterError(true)
      .configureOutput({ outputError: () => undefined })
      .exitOverride((error) => {
        if (error.exitCode === 0 || error.code === 'commander.help')
          throw new CommandLineDone(error.exitCode);
        throw new CommandLineMistake(explainCommanderError(error, command));
      });
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
