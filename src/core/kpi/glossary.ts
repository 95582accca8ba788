import { KPIS } from './catalog.js';
import type { CountMeasure, KpiDefinition, Measure } from './define.js';
import { exprText } from './expr.js';
import { KPI_INPUTS } from './inputs.js';
import { SOURCES } from './sources.js';

function countText(c: CountMeasure): string {
  const rows = c.where ? `rows where ${exprText(c.where)}` : 'rows';
  return c.weight ? `\`${c.weight}\` of ${rows}` : rows;
}

function measureText(m: Measure): string {
  switch (m.kind) {
    case 'count':
      return m.weight ? `sum of ${countText(m)}` : `count of ${countText(m)}`;
    case 'ratio':
      return `${countText(m.numerator)} ÷ ${countText(m.denominator)}; n = the denominator; 95 % Wilson interval${m.numerator.weight ? ' (none where the rate passes 1)' : ''}`;
    case 'duration':
      return `${m.defaultStat} of \`${m.calendar}\`${m.business ? ` (\`${m.business}\` in business hours)` : ''}, in seconds; n = rows with a value; --stat median|p90|mean (median and p90 are continuous percentiles: interpolated linearly between the two nearest values)`;
    case 'mean':
      return `mean of \`${m.column}\`${m.rescaleTo ? ` mapped onto ${m.rescaleTo.min}–${m.rescaleTo.max}` : ''}; 95 % t interval`;
    case 'nps':
      return `(${exprText(m.promoters)} − ${exprText(m.detractors)}) ÷ answered × 100; interval from the standard error of the difference`;
    case 'quotient':
      return `${m.scale === undefined ? '' : `${Number(m.scale.toFixed(4))} × `}sum of ${countText(m.numerator)} ÷ sum of ${countText(m.denominator)}; n = the denominator; no interval (sums of amounts or hours, not counts of trials); empty when the denominator is 0`;
    case 'stock':
      return `rows with ${m.openedAt} before the period end and ${m.closedAt} not before it (or empty while ${m.openNow})`;
    default: {
      const unreachable: never = m;
      throw new Error(`unknown measure: ${JSON.stringify(unreachable)}`);
    }
  }
}

function section(kpi: KpiDefinition): string {
  const source = SOURCES[kpi.source];
  const lines = [
    `## \`${kpi.id}\` — ${kpi.label}`,
    '',
    kpi.definition,
    '',
    `| | |`,
    `|---|---|`,
    `| Source | \`${source.table}\` (${source.description}) |`,
    `| Rows | ${kpi.where ? exprText(kpi.where) : 'all'} |`,
    `| Value | ${measureText(kpi.value)} |`,
    `| Period by | \`${kpi.timeColumn}\` |`,
    `| Format | ${kpi.format}; ${kpi.better === 'neutral' ? 'neither higher nor lower is better' : `${kpi.better} is better`} |`,
  ];
  if (kpi.value.kind === 'duration' && kpi.value.business) {
    lines.push(`| Hours | ${kpi.defaultHours ?? 'business'} by default; --hours business\\|calendar |`);
  } else if (kpi.defaultHours) {
    lines.push(`| Hours | ${kpi.defaultHours} by default; --hours business\\|calendar |`);
  }
  if (kpi.agentColumn) lines.push(`| Agent credit | \`${kpi.agentColumn}\` |`);
  if (kpi.options) lines.push(`| Options | ${kpi.options} |`);
  if (kpi.money)
    lines.push(
      '| Money | in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people; other currencies converted at the latest rate on or before the day); admins and finance see it, managers as team totals |',
    );
  if (kpi.minGrain)
    lines.push(
      `| Grain | a ${kpi.minGrain}ly figure: by day, week or hour, or by hour of day or weekday, empty with a notice |`,
    );
  if (kpi.missing)
    lines.push(
      `| Missing | a period without ${kpi.missing} is empty, with the notice "no ${kpi.missing} for this period", never 0 |`,
    );
  if (kpi.needs)
    lines.push(
      `| Needs | ${KPI_INPUTS[kpi.needs].missing}: empty, with a notice, when no source in the selection has any |`,
    );
  return lines.join('\n');
}

/** The KPI glossary, generated from the catalog so it never disagrees with the numbers. */
export function glossaryMarkdown(kpis: readonly KpiDefinition[] = KPIS): string {
  return [
    '# KPI glossary',
    '',
    '<!-- Generated from src/core/kpi/catalog.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every value carries `n`, the number of rows it is computed from (the denominator for shares).',
    'Shares and scores carry a 95 % interval. Durations are in seconds; business-hours durations use',
    'the calendar of the contact’s team, else the default calendar, and equal calendar time when there',
    'is none (the output then says so).',
    '',
    'No figure without data: an indicator with a **Needs** row is computed from an input not every',
    'source records (a call log has no escalations, a ticket export no queue). When no source with',
    'anything in the selection — a contact created or resolved, or a survey sent or answered, on a',
    '(UTC) day of the range, in the channels filtered on — has a single row of that input, the value',
    'is empty and a notice names what is missing, rather than 0 % with a tight interval. When some',
    'sources in the selection have it and others do not, the value is computed over all of them: a',
    'rate such as escalation_rate then counts the contacts of a source without escalations as not',
    'escalated; filter on the channel to leave them out.',
    '',
    'Data quality: implausible values an import found (a queue wait over 12 hours, an answer before',
    'the queue entry, …) are stored per file, problem and day, and every result covering those days',
    'carries a `data_quality` notice: the figures include those contacts, which usually means the',
    'mapping needs a look.',
    '',
    '**Comparisons and changes.** Grouped by agent alone, each agent is compared with the rest of',
    'their team — the other agents of the same team; agents without a team are one team — on the',
    'statistic the value shows, so the difference is the agent’s value less the rest’s, and the rest’s',
    'median is the median of the rest’s own rows, not something derived from the team’s. The interval of',
    'the difference:',
    '',
    '- shares: Newcombe’s hybrid score interval for two proportions (Newcombe 1998, method 10);',
    '- NPS: normal interval from the standard error of each score (multinomial variance);',
    '- means (scores, and durations with `--stat mean`): Welch’s t interval (Welch 1947);',
    '- medians and 90th percentiles: normal interval from each quantile’s standard error',
    '  `√(p(1 − p)/n) · (q(p+h) − q(p−h)) / 2h`, the sparsity estimate of Siddiqui (1960) and Bloch &',
    '  Gastwirth (1968), with `h` = 0.1 for the median (`q(0.4)`, `q(0.6)`) and 0.05 for the 90th',
    '  percentile (`q(0.85)`, `q(0.95)`), computed by the database with the value itself. No interval',
    '  from fewer than `1/h` rows (10 for a median, 20 for a 90th percentile); when ties leave the',
    '  bracket without width the difference is never clear.',
    '',
    'Agents’ intervals are Bonferroni-corrected over the agents compared; a difference is clear when its',
    'interval excludes 0. With `--compare`, every value also carries its change from the previous period',
    'with the same kind of 95 % interval (uncorrected). Counts and backlogs get no interval: their change',
    'is clear when it exceeds 1.96 · √(x1 + x2), the Poisson standard error of a difference of two counts',
    '(for a backlog, whose two instants share the contacts open at both, a rough guide).',
    '',
    '**A year before.** `--compare-with year` (in the API, `compare` with `compareWith: "year"`) sets',
    'the range against the same range a year before instead of the one just before it, each period',
    'against its own: a month against the same month, a day against the same date (the 29th of',
    'February against the 28th), a week against the week 52 weeks before, which has the same weekdays.',
    '**Satisfaction improvement** is `satisfaction_top2` compared so: its `change` is the improvement',
    'in the share of very and extremely satisfied customers, with its 95 % interval, free of the',
    'seasons a comparison with the previous period would measure.',
    '',
    '| id | indicator |',
    '|---|---|',
    ...kpis.map(
      (k) =>
        `| [\`${k.id}\`](#${k.id}--${k.label
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replaceAll(' ', '-')}) | ${k.label} |`,
    ),
    '',
    ...kpis.map((k) => `${section(k)}\n`),
  ].join('\n');
}
