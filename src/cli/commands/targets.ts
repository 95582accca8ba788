/**
 * Targets and baselines on the command line, on the database file as its owner: `targets list`,
 * `targets set` (one indicator in one scope from a date), `targets history`, `baselines list` and
 * `baselines take` (an indicator's value over a past period, kept).
 */

import { type Command, InvalidArgumentError } from 'commander';
import { isIsoDate } from '../../core/targets/value.js';
import { listBaselines, takeBaseline } from '../../services/targets/baselines.js';
import type { KpiTarget, TargetsProblem } from '../../services/targets/contract.js';
import { keyOf, listTargets, putTargets, targetHistory } from '../../services/targets/targets.js';
import { CliError, withDatabase } from '../database.js';
import { minuteText } from '../format.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The service's field names as the options that set them. */
const OPTION_NAMES: Record<string, string> = {
  validFrom: '--from',
  from: '--from',
  to: '--to',
  value: 'value',
  kpi: 'kpi',
};

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: TargetsProblem }): T {
  if (result.ok) return result.data;
  const error = result.error;
  if (error.kind === 'forbidden') throw new CliError(error.reason);
  if (error.kind === 'not_found') throw new CliError(`no ${error.what}`);
  throw new CliError(
    error.issues
      .map((i) => {
        const field = i.path.replace(/^targets\.\d+\./, '');
        return `${OPTION_NAMES[field] ?? `--${field}`}: ${i.message}`;
      })
      .join('; '),
  );
}

function day(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-09');
  return value;
}

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError('expected a number, e.g. 0.85');
  return n;
}

const scopeText = (t: { channel: string | null; team: string | null; agent: string | null }) =>
  [t.channel && `channel ${t.channel}`, t.team && `team ${t.team}`, t.agent && `agent ${t.agent}`]
    .filter(Boolean)
    .join(', ') || 'everyone';

interface ScopeOptions {
  channel?: string;
  team?: string;
  agent?: string;
}

const scopeOf = (o: ScopeOptions) => ({
  channel: o.channel ?? null,
  team: o.team ?? null,
  agent: o.agent ?? null,
});

export function targetsCommand(program: Command) {
  const targets = program
    .command('targets')
    .description('Targets of every indicator, for everyone or a channel, team or agent, from a date')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter targets list --kpi csat
  servicemeter targets set csat 0.85 --channel chat --from 2026-03-01
  servicemeter targets set abandonment_rate 0.06 --team phone --from 2026-04-01
  servicemeter targets history --kpi csat`,
    );

  targets
    .command('list')
    .description('Every target: the indicator, its scope, from when, and the value')
    .option('--kpi <id>', 'only this indicator')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { kpi?: string; json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const rows = await listTargets(db, options.kpi ? { kpi: options.kpi } : {});
        if (options.json) return out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return out('No targets yet; set one with `servicemeter targets set`.');
        out(
          table(
            ['kpi', 'scope', 'from', 'value'],
            rows.map((t) => [t.kpi, scopeText(t), t.validFrom ?? 'always', String(t.value)]),
          ),
        );
      });
    });

  targets
    .command('set')
    .description(
      'Set the target of an indicator in a scope from a date (the earlier ones of that scope stay, each until the next); --remove takes the one of that date away',
    )
    .argument('<kpi>', 'indicator id, e.g. csat')
    .argument(
      '[value]',
      'in the indicator’s unit: a fraction for shares (0.85), seconds for durations',
      number,
    )
    .option('--channel <channel>', 'only this channel')
    .option('--team <id>', 'only this team')
    .option('--agent <id>', 'only this agent')
    .option('--from <date>', 'first day it applies (YYYY-MM-DD); default always', day)
    .option('--remove', 'remove the target of that scope and date')
    .addOption(dbOption())
    .action(
      async (
        kpi: string,
        value: number | undefined,
        options: ScopeOptions & { from?: string; remove?: boolean; db: string },
      ) => {
        if (value === undefined && !options.remove) throw new CliError('value: give the target, or --remove');
        await withDatabase(options.db, async (db) => {
          const key = { kpi, ...scopeOf(options) };
          const validFrom = options.from ?? null;
          const kept = (await listTargets(db, { kpi })).filter(
            (t) => keyOf(t) === keyOf(key) && t.validFrom !== validFrom,
          );
          const next: KpiTarget[] = options.remove
            ? kept
            : [...kept, { ...key, validFrom, value: value as number }];
          unwrap(await putTargets(db, { scopes: [key], targets: next }, null));
          out(
            options.remove
              ? `Removed the ${kpi} target for ${scopeText(key)}${validFrom ? ` from ${validFrom}` : ''}.`
              : `${kpi} for ${scopeText(key)} from ${validFrom ?? 'always'}: ${value}.`,
          );
        });
      },
    );

  targets
    .command('history')
    .description('Every change of a target, newest first: when, who, the scope, the old and the new value')
    .option('--kpi <id>', 'only this indicator')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { kpi?: string; json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const changes = await targetHistory(db, options.kpi ? { kpi: options.kpi } : {});
        if (options.json) return out(JSON.stringify(changes, null, 2));
        if (changes.length === 0) return out('No target has been changed yet.');
        out(
          table(
            ['changed', 'by', 'kpi', 'scope', 'from', 'old', 'new'],
            changes.map((c) => [
              minuteText(c.changedAt),
              c.userId ?? '(command line)',
              c.kpi,
              scopeText(c),
              c.validFrom ?? 'always',
              c.oldValue === null ? '(added)' : String(c.oldValue),
              c.newValue === null ? '(removed)' : String(c.newValue),
            ]),
          ),
        );
      });
    });

  const baselines = program
    .command('baselines')
    .description('Baselines: an indicator’s value over a past period in a scope, kept to compare with')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter baselines take csat --from 2026-01-01 --to 2026-04-01 --timezone Europe/Amsterdam
  servicemeter baselines list`,
    );

  baselines
    .command('list')
    .description('Every baseline: the indicator, its scope, the period, the value and n')
    .option('--kpi <id>', 'only this indicator')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(async (options: { kpi?: string; json?: boolean; db: string }) => {
      await withDatabase(options.db, async (db) => {
        const rows = await listBaselines(db, options.kpi ? { kpi: options.kpi } : {});
        if (options.json) return out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return out('No baselines yet; take one with `servicemeter baselines take`.');
        out(
          table(
            ['kpi', 'scope', 'from', 'to (excluded)', 'value', 'n', 'id'],
            rows.map((b) => [b.kpi, scopeText(b), b.from, b.to, String(b.value), String(b.n), b.id]),
          ),
        );
      });
    });

  baselines
    .command('take')
    .description('Measure an indicator over a past period and scope and keep the value as a baseline')
    .argument('<kpi>', 'indicator id, e.g. csat')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)', day)
    .requiredOption('--to <date>', 'day after the last (YYYY-MM-DD), at most today', day)
    .option('--timezone <zone>', 'time zone of the days', 'UTC')
    .option('--channel <channel>', 'only this channel')
    .option('--team <id>', 'only this team')
    .option('--agent <id>', 'only this agent')
    .option('--json', 'as JSON')
    .addOption(dbOption())
    .action(
      async (
        kpi: string,
        options: ScopeOptions & { from: string; to: string; timezone: string; json?: boolean; db: string },
      ) => {
        await withDatabase(options.db, async (db) => {
          const baseline = unwrap(
            await takeBaseline(
              db,
              { kpi, ...scopeOf(options), from: options.from, to: options.to, timezone: options.timezone },
              null,
            ),
          );
          if (options.json) return out(JSON.stringify(baseline, null, 2));
          out(
            `${kpi} for ${scopeText(baseline)} from ${baseline.from} to ${baseline.to} (excluded): ${baseline.value} (n = ${baseline.n}), baseline ${baseline.id}.`,
          );
        });
      },
    );
}
