/**
 * What `servicemeter demo` prints after its figures: which period they are (the one the dashboard
 * opens with) and the commands to look further, spelled so that they work where they are read.
 */
import { lstatSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { DateTime } from 'luxon';
import type { Engine } from '../core/engine.js';
import { type OpeningPeriod, openingPeriod } from '../core/presets.js';
import { dataStatus } from '../services/data-status.js';

/** The period the dashboard opens with on this database: the demo prints its figures for it. */
export async function demoPeriod(db: Engine, now = new Date()): Promise<OpeningPeriod> {
  const status = await dataStatus(db);
  return openingPeriod(status.to, status.timezone, now);
}

/** A word as a POSIX shell reads it back unchanged. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * How to run this command line again, as its user would type it. Started through an installed
 * package (npm's link named `servicemeter` on the PATH, or a file under node_modules) it is
 * `servicemeter`; started as `node dist/src/cli/main.js` in a clone, where `servicemeter` is on no
 * PATH, it is that again, the path relative to the working directory.
 */
export function cliCommand(started: string | undefined, cwd = process.cwd()): string {
  if (!started || isLink(started) || started.split(sep).includes('node_modules')) return 'servicemeter';
  const path = relative(cwd, started);
  return `node ${shellWord(path === '' || isAbsolute(path) ? started : path)}`;
}

export interface DemoHintOptions {
  db: string;
  period: OpeningPeriod;
  /** The demo goes on to serve the dashboard, which holds the database file while it runs. */
  serving: boolean;
  login: string;
  /** How to run the command line (see `cliCommand`). */
  cli?: string;
  /** The live features the demo configured: its last day (the served clock's day) and its jobs. */
  live?: { lastDay: string; jobs: readonly { name: string }[] };
}

/** The lines after the demo's figures. */
export function demoHint({
  db,
  period,
  serving,
  login,
  cli = cliCommand(process.argv[1]),
  live,
}: DemoHintOptions): string {
  const { from, to, timezone, newestDay } = period;
  const kpi = [cli, 'kpi', '--db', shellWord(db), '--from', from, '--to', to, '--timezone', timezone];
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const upTo = newestDay ? ` up to the newest data, ${newestDay}` : '';
  const lines = [
    '',
    `These are the figures the dashboard opens with: the last ${days} days${upTo}, in the team's time zone, ${timezone}.`,
  ];
  if (serving) {
    lines.push(
      `Explore them by week once the server is stopped (Ctrl+C; while it runs it holds ${db}):`,
      `  ${[...kpi, '--by', 'week'].join(' ')}`,
    );
  } else {
    lines.push(
      `Explore: ${[...kpi, '--by', 'week'].join(' ')}`,
      `Dashboard: ${cli} serve --db ${shellWord(db)} (${login})`,
    );
  }
  if (live) lines.push(...liveLines(live, timezone, serving, cli));
  return lines.join('\n');
}

function liveLines(
  live: NonNullable<DemoHintOptions['live']>,
  timezone: string,
  serving: boolean,
  cli: string,
): string[] {
  const jobs = `Jobs page: ${live.jobs.map((j) => j.name).join('; ')}.`;
  if (!serving)
    return [
      `${jobs} Webhooks page: a Chatwoot source. ${cli} serve keeps the real clock, so the Now page shows the data as old as it is.`,
    ];
  const weekday = DateTime.fromISO(live.lastDay, { zone: timezone }).setLocale('en').toFormat('cccc');
  return [
    `The server runs on the demo's clock: it is ${live.lastDay} (a ${weekday}, the demo's last day) at the time of day it is now in ${timezone}.`,
    'A live chat feed posts a signed Chatwoot webhook event every few seconds (new conversations, replies, resolutions): watch the Now and Webhooks pages.',
    `${jobs} ${cli} serve on this database keeps the real clock.`,
  ];
}
