/**
 * Benchmarks on the command line: `benchmarks list` (the published and competitor figures),
 * `benchmarks compare` (the team's value beside them) and `benchmarks yoy` (every indicator against
 * the same span a year before). Figures of your own are imported like any canonical table:
 * `servicemeter import benchmarks.csv`. On the database file as its owner, or through the server
 * that holds it with the token's role.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';
import type { Benchmark } from '../../core/benchmarks/benchmark.js';
import type { BenchmarkComparison, YearOverYearRow } from '../../core/benchmarks/comparison.js';
import type { Engine } from '../../core/engine.js';
import { findKpi, KPIS } from '../../core/kpi/catalog.js';
import { isTimeZone } from '../../core/time-zone.js';
import { compare, listBenchmarks, yearOverYear } from '../../services/benchmarks/benchmarks.js';
import { CliError } from '../database.js';
import { list } from '../options.js';
import { out } from '../output.js';
import { onServerOrFile, type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

interface Common extends Where {
  json?: boolean;
}

function run<T>(options: Where, remote: (api: ServerApi) => Promise<T>, local: (db: Engine) => Promise<T>) {
  return onServerOrFile(targetOf(options, 'api/benchmarks'), remote, local);
}

function calendarDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-09');
  return value;
}

function year(value: string): number {
  const n = Number(value);
  if (!/^\d{4}$/.test(value) || n < 1991 || n > 2100)
    throw new InvalidArgumentError('expected a year, e.g. 2026');
  return n;
}

function timeZone(value: string): string {
  if (!isTimeZone(value)) throw new InvalidArgumentError('expected an IANA time zone, e.g. Europe/Amsterdam');
  return value;
}

/** A figure in its indicator's unit, as a reader writes it. */
export function formatFigure(kpi: string, value: number | null): string {
  if (value === null) return '–';
  switch (findKpi(kpi)?.format) {
    case 'percent':
      return `${(value * 100).toFixed(1)} %`;
    case 'duration':
      return durationText(value);
    case 'nps':
      return value.toFixed(0);
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

function durationText(seconds: number): string {
  const negative = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${negative}${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  if (s < 3600) return `${negative}${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${negative}${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function changeText(kpi: string, change: number | null): string {
  if (change === null) return '–';
  const format = findKpi(kpi)?.format;
  if (format === 'percent') return `${change >= 0 ? '+' : '−'}${Math.abs(change * 100).toFixed(1)} pt`;
  const text = formatFigure(kpi, Math.abs(change));
  return `${change >= 0 ? '+' : '−'}${text}`;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const scope = (b: Benchmark) =>
  [b.channel ?? 'all channels', b.industry, b.region].filter((p): p is string => p !== null).join(', ');

function benchmarksTable(benchmarks: readonly Benchmark[]): string {
  return table(
    ['kpi', 'value', 'name', 'year', 'kind', 'applies to', 'source'],
    benchmarks.map((b) => [
      b.kpiId,
      formatFigure(b.kpiId, b.value),
      b.name,
      `${b.year} figure`,
      b.kind,
      scope(b),
      b.sourceUrl ?? b.source ?? '',
    ]),
  );
}

function comparisonTable(rows: readonly BenchmarkComparison[]): string {
  return table(
    ['kpi', 'team', 'n', 'compared with', 'figure', 'year', 'kind'],
    rows.flatMap((row) => {
      const team = row.withheld ? 'withheld' : formatFigure(row.kpi, row.value);
      if (row.benchmarks.length === 0) return [[row.kpi, team, String(row.n), '–', '', '', '']];
      return row.benchmarks.map((b, i) => [
        i === 0 ? row.kpi : '',
        i === 0 ? team : '',
        i === 0 ? String(row.n) : '',
        `${b.name}${row.best?.id === b.id ? ' (best match)' : ''}`,
        formatFigure(b.kpiId, b.value),
        `${b.year} figure`,
        b.kind,
      ]);
    }),
  );
}

function yearOverYearTable(
  rows: readonly YearOverYearRow[],
  span: { year: number; toDate: boolean },
): string {
  return table(
    ['kpi', span.toDate ? `${span.year} to date` : String(span.year), 'last year', 'change', 'improved'],
    rows.map((r) => [
      r.kpi,
      r.withheld ? 'withheld' : formatFigure(r.kpi, r.value),
      r.withheld ? 'withheld' : formatFigure(r.kpi, r.lastYear),
      changeText(r.kpi, r.change),
      r.improved === null ? '–' : `${r.improved ? 'yes' : 'no'}${r.clear ? '' : ' (not clear)'}`,
    ]),
  );
}

export function benchmarksCommand(program: Command): void {
  const benchmarks = program
    .command('benchmarks')
    .description(
      'Published industry figures and competitor figures beside the team’s, and every indicator year over year',
    )
    .addHelpText(
      'after',
      `
Figures of your own (published ones, or competitors' from mystery shopping, public reviews or
surveys) are imported like any canonical table: servicemeter import benchmarks.csv (docs/benchmarks.md).

Examples:
  servicemeter benchmarks list --kpi csat,frt
  servicemeter benchmarks compare --from 2026-03-01 --to 2026-04-01 --channel chat
  servicemeter benchmarks yoy --year 2025`,
    );

  serverOptions(
    benchmarks
      .command('list')
      .description(
        'The published figures (shipped and imported) and the competitor figures, with their source and year',
      )
      .option('--kpi <ids>', 'only these indicators, comma-separated', list)
      .option('--json', 'the figures as JSON'),
  ).action(async (options: Common & { kpi?: string[] }) => {
    const figures = await run(
      options,
      async (api) => {
        const query = options.kpi ? `?kpi=${encodeURIComponent(options.kpi.join(','))}` : '';
        return (await api.json<{ benchmarks: Benchmark[] }>('GET', query)).benchmarks;
      },
      (db) => listBenchmarks(db, options.kpi ? { kpi: options.kpi } : {}),
    );
    out(options.json ? JSON.stringify(figures, null, 2) : benchmarksTable(figures));
  });

  serverOptions(
    benchmarks
      .command('compare')
      .description("The team's value of each indicator with figures to compare, beside those figures")
      .requiredOption('--from <day>', 'first day, included', calendarDay)
      .requiredOption('--to <day>', 'the day after the last, excluded', calendarDay)
      .option('--channel <channel>', 'one channel: its figures and the team’s value on it')
      .option('--team <id>', 'one team')
      .option('--industry <name>', 'prefer figures of this industry')
      .option('--region <name>', 'prefer figures of this region')
      .option('--timezone <zone>', 'the days are local to this zone', timeZone, 'UTC')
      .option('--json', 'the comparison as JSON'),
  ).action(
    async (
      options: Common & {
        from: string;
        to: string;
        channel?: string;
        team?: string;
        industry?: string;
        region?: string;
        timezone: string;
      },
    ) => {
      if (options.to <= options.from) throw new CliError('--to: must be after --from (--to is excluded)');
      const filters = {
        ...(options.channel ? { channel: [options.channel] } : {}),
        ...(options.team ? { team: [options.team] } : {}),
      };
      const rows = await run(
        options,
        async (api) => {
          const query = new URLSearchParams({
            from: options.from,
            to: options.to,
            timezone: options.timezone,
          });
          for (const key of ['channel', 'team', 'industry', 'region'] as const) {
            const value = options[key];
            if (value) query.set(key, value);
          }
          return (await api.json<{ rows: BenchmarkComparison[] }>('GET', `/compare?${query}`)).rows;
        },
        async (db) => {
          const answer = await compare(db, {
            from: options.from,
            to: options.to,
            timezone: options.timezone,
            filters,
            context: {
              channel: options.channel ?? null,
              industry: options.industry ?? null,
              region: options.region ?? null,
            },
          });
          if (!answer.ok) throw new CliError(JSON.stringify(answer.error));
          return answer.data.rows;
        },
      );
      out(options.json ? JSON.stringify(rows, null, 2) : comparisonTable(rows));
    },
  );

  serverOptions(
    benchmarks
      .command('yoy')
      .description(
        'Every indicator for the year (the year to date while it runs) against the same span a year before',
      )
      .option('--year <year>', 'the year; default this year', year)
      .option('--kpi <ids>', 'only these indicators, comma-separated', list)
      .option('--channel <channel>', 'one channel')
      .option('--team <id>', 'one team')
      .option('--timezone <zone>', 'the year is local to this zone', timeZone, 'UTC')
      .option('--json', 'the comparison as JSON'),
  ).action(
    async (
      options: Common & { year?: number; kpi?: string[]; channel?: string; team?: string; timezone: string },
    ) => {
      const kpis = options.kpi ?? KPIS.map((k) => k.id);
      for (const id of kpis)
        if (!findKpi(id)) throw new CliError(`--kpi: ${id} is not an indicator (servicemeter kpis)`);
      const theYear = options.year ?? DateTime.now().setZone(options.timezone).year;
      const view = await run(
        options,
        async (api) => {
          const query = new URLSearchParams({
            year: String(theYear),
            kpi: kpis.join(','),
            timezone: options.timezone,
          });
          if (options.channel) query.set('channel', options.channel);
          if (options.team) query.set('team', options.team);
          return api.json<{ span: { year: number; toDate: boolean }; rows: YearOverYearRow[] }>(
            'GET',
            `/year-over-year?${query}`,
          );
        },
        async (db) => {
          const answer = await yearOverYear(db, kpis, {
            year: theYear,
            timezone: options.timezone,
            filters: {
              ...(options.channel ? { channel: [options.channel] } : {}),
              ...(options.team ? { team: [options.team] } : {}),
            },
          });
          if (!answer.ok) throw new CliError(JSON.stringify(answer.error));
          return answer.data;
        },
      );
      out(options.json ? JSON.stringify(view, null, 2) : yearOverYearTable(view.rows, view.span));
    },
  );
}
