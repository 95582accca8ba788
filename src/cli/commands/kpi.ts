import { type Command, Option } from 'commander';
import { GRAINS, TIME_DIMENSIONS } from '../../core/kpi/query.js';
import { DIMENSIONS } from '../../core/kpi/sources.js';
import {
  byArgument,
  dateArgument,
  filterArgument,
  kpiIdsArgument,
  timeZoneArgument,
} from '../kpi-arguments.js';
import { type KpiOptions, printKpis } from '../kpi-report.js';
import { dbOption } from '../options.js';

function kpiCommandOptions(command: Command): Command {
  return command
    .addOption(dbOption())
    .option(
      '--kpi <ids>',
      'comma-separated KPI ids, in any case (default: all; see `servicemeter kpis`)',
      kpiIdsArgument,
    )
    .option(
      '--from <date>',
      'start, inclusive (YYYY-MM-DD, in --timezone); default: the day of the earliest contact, resolution, survey answer or survey sent',
      dateArgument,
    )
    .option(
      '--to <date>',
      'end, exclusive (YYYY-MM-DD, in --timezone); default: the day after the latest contact, resolution, survey answer or survey sent',
      dateArgument,
    )
    .option(
      '--by <dims>',
      `group by, comma-separated: ${[...DIMENSIONS, ...TIME_DIMENSIONS].join(', ')} and one grain (${GRAINS.join(', ')})`,
      byArgument,
    )
    .option(
      '--filter <dim=values>',
      'keep only these values, e.g. channel=chat|email; teams and agents by id; each value must be in the data (repeatable)',
      filterArgument,
    )
    .addOption(
      new Option('--stat <stat>', 'statistic for durations (default per KPI)').choices([
        'median',
        'p90',
        'mean',
      ]),
    )
    .addOption(
      new Option('--hours <hours>', 'business or calendar hours (default per KPI)').choices([
        'business',
        'calendar',
      ]),
    )
    .option(
      '--timezone <zone>',
      "IANA time zone for periods and dates (default: the team's, as the dashboard opens in)",
      timeZoneArgument,
    )
    .option('--compare', 'add the previous period of the same length, in every --format')
    .addOption(
      new Option(
        '--compare-with <period>',
        'compare with the previous period of the same length or the same period a year before (implies --compare)',
      ).choices(['previous', 'year']),
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .option(
      '--analytics <url>',
      "answer from the database's copy in ClickHouse (clickhouse://user@host:8123/database or chdb:///folder), made by migrate-to",
    );
}

export function kpiCommand(program: Command): void {
  kpiCommandOptions(program.command('kpi'))
    .description('Compute indicators: value, n and 95 % interval per group')
    .addHelpText(
      'after',
      `
JSON output is an array with one object per group: the group's dimension values ("period" for a
grain), then for each indicator id { value, n, low, high } (low/high for shares and scores).
Durations are in seconds. Grouped by agent alone, each value also has a "comparison" with the rest
of the agent's team; "clear" is true only when the difference is statistically clear. With
--compare each value has "previous" { value, n } and "change" { difference, low, high, clear };
the table adds a "vs previous" column per indicator, marking with ~ a change that is not clear
(its 95 % interval includes 0), CSV the columns <id>_previous and <id>_previous_n.

Teams and agents are filtered by id; a filter value the data does not have is refused, with the
nearest one it has. KPI ids, dimensions and grains may be written in any case.

Examples:
  servicemeter kpi
  servicemeter kpi --kpi frt,frt_within_target --by week,channel --timezone Europe/Amsterdam
  servicemeter kpi --kpi csat,frt --by agent
  servicemeter kpi --kpi frt --stat p90 --hours calendar --from 2026-01-01 --to 2026-04-01
  servicemeter kpi --filter channel=chat --by hour_of_day,weekday --format csv
  servicemeter kpi --kpi frt,csat --by channel --from 2026-03-01 --to 2026-04-01 --compare
  servicemeter kpi --db team.duckdb --analytics chdb:///var/lib/servicemeter/clickhouse --by month`,
    )
    .action(async (options: KpiOptions) => {
      await printKpis(options.db, options);
    });
}
