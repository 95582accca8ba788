/**
 * What the service does for the business on the command line: `business cohorts` (retention by
 * monthly cohort), `business clv` (lifetime value by how problems were handled), `business
 * conversion` (orders after contact), `business people` (the people figures), `business notices`
 * and `business settings`. Each works on the database file, as its owner (every figure), or, while
 * a server holds it, through that server's /api/business with the token's role.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../core/engine.js';
import type { Interval } from '../../core/stats.js';
import { clvByHandling } from '../../services/business/clv.js';
import { retentionCohorts } from '../../services/business/cohorts.js';
import type {
  BusinessActor,
  BusinessNotice,
  BusinessProblem,
  BusinessRange,
  BusinessSettings,
  ClvView,
  ConversionView,
  PeopleView,
  RetentionCohortsView,
} from '../../services/business/contract.js';
import {
  CONVERSION_GROUPS,
  type ConversionGroup,
  conversionView,
} from '../../services/business/conversion.js';
import { listBusinessNotices } from '../../services/business/facts.js';
import { peopleView } from '../../services/business/people.js';
import { getBusinessSettings, updateBusinessSettings } from '../../services/business/settings.js';
import { CliError } from '../database.js';
import { list } from '../options.js';
import { note, out } from '../output.js';
import { onServerOrFile, type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

const DAY_MS = 86_400_000;
/** On the file its owner works: every figure, money included. */
const FILE_OWNER: BusinessActor = { userId: 'file', role: 'admin', agentId: null };

type Format = 'table' | 'json' | 'csv';

interface RangeOptions extends Where {
  from?: string;
  to?: string;
  segment?: string[];
  acquisitionChannel?: string[];
  team?: string[];
  format: Format;
  json?: boolean;
}

function run<T>(
  options: Where,
  remote: (api: ServerApi) => Promise<T>,
  local: (db: Engine) => Promise<T>,
): Promise<T> {
  return onServerOrFile(targetOf(options, 'api/business/'), remote, local);
}

/** The view's options as the service names its fields. */
const OPTION_NAMES: Record<string, string> = { from: '--from', to: '--to', by: '--by' };

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: BusinessProblem }): T {
  if (result.ok) return result.data;
  const error = result.error;
  if (error.kind === 'forbidden') throw new CliError(error.reason);
  throw new CliError(error.issues.map((i) => `${OPTION_NAMES[i.path] ?? i.path}: ${i.message}`).join('; '));
}

// ─── options ────────────────────────────────────────────────────────────────

function calendarDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-09');
  return value;
}

const formatOf = (options: { format: Format; json?: boolean }): Format =>
  options.json ? 'json' : options.format;

function rangeCommand(parent: Command, name: string, description: string, formats: Format[]): Command {
  return serverOptions(
    parent
      .command(name)
      .description(description)
      .option(
        '--from <day>',
        'first day (UTC), included; default the first of the month a year before --to',
        calendarDay,
      )
      .option('--to <day>', 'the day after the last (UTC), excluded; default tomorrow', calendarDay)
      .option('--segment <names>', 'customer segments, comma-separated', list)
      .option('--acquisition-channel <names>', 'how the customers were won, comma-separated', list)
      .option('--team <ids>', 'teams, comma-separated', list)
      .addOption(new Option('--format <format>', 'output format').choices(formats).default('table'))
      .option('--json', 'the same as --format json'),
  );
}

/** The range asked for; by default a year of whole months up to today, as the server reckons it. */
function rangeOf(options: RangeOptions): BusinessRange {
  const to = options.to ?? new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const from = options.from ?? `${Number(to.slice(0, 4)) - 1}-${to.slice(5, 7)}-01`;
  if (to <= from) throw new CliError('--to: must be after --from (--to is excluded)');
  return {
    from,
    to,
    ...(options.segment?.length ? { segment: options.segment } : {}),
    ...(options.acquisitionChannel?.length ? { acquisitionChannel: options.acquisitionChannel } : {}),
    ...(options.team?.length ? { team: options.team } : {}),
  };
}

function queryOf(range: BusinessRange, more: Record<string, string> = {}): string {
  const query = new URLSearchParams({ from: range.from, to: range.to, ...more });
  if (range.segment) query.set('segment', range.segment.join(','));
  if (range.acquisitionChannel) query.set('acquisition_channel', range.acquisitionChannel.join(','));
  if (range.team) query.set('team', range.team.join(','));
  return query.toString();
}

// ─── output ─────────────────────────────────────────────────────────────────

function table(headers: string[], rows: string[][], alignRight: readonly number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (alignRight.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csv = (headers: string[], rows: unknown[][]) =>
  `${[headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
const fixed = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? '–' : value.toFixed(digits);
const percentInterval = (interval: Interval | null) =>
  interval === null ? '–' : `${percent(interval.low)} … ${percent(interval.high)}`;
const amountInterval = (interval: Interval | null) =>
  interval === null ? '–' : `${fixed(interval.low)} … ${fixed(interval.high)}`;

function cohortsTable(view: RetentionCohortsView): string {
  const width = Math.max(0, ...view.cohorts.map((c) => c.months.length));
  const offsets = Array.from({ length: width }, (_, k) => k);
  return table(
    ['cohort', 'customers', ...offsets.map((k) => `month ${k}`)],
    view.cohorts.map((c) => [
      c.cohort,
      String(c.size),
      ...offsets.map((k) => {
        const month = c.months[k];
        return month ? percent(month.share) : '';
      }),
    ]),
    [1, ...offsets.map((k) => k + 2)],
  );
}

function clvText(view: ClvView): string {
  const currency = view.currency ?? '';
  const groups = table(
    [
      'handling',
      'customers',
      `mean CLV ${currency}`.trim(),
      '95 % interval',
      'vs first contact',
      '95 % interval',
    ],
    view.groups.map((g) => [
      g.handling.replace('_', ' '),
      String(g.customers),
      fixed(g.meanClv),
      amountInterval(g.interval),
      g.difference === null ? '–' : `${g.difference.value >= 0 ? '+' : ''}${fixed(g.difference.value)}`,
      g.difference === null ? '–' : amountInterval(g.difference.interval),
    ]),
    [1, 2, 4],
  );
  const width = Math.max(0, ...view.cohorts.map((c) => c.cumulative.length));
  const offsets = Array.from({ length: width }, (_, k) => k);
  const cohorts = table(
    ['cohort', 'customers', ...offsets.map((k) => `month ${k}`)],
    view.cohorts.map((c) => [
      c.cohort,
      String(c.size),
      ...offsets.map((k) => {
        const month = c.cumulative[k];
        return month ? fixed(month.meanMargin) : '';
      }),
    ]),
    [1, ...offsets.map((k) => k + 2)],
  );
  return [groups, '', `cumulative margin per customer${currency ? ` (${currency})` : ''}:`, cohorts].join(
    '\n',
  );
}

function conversionText(view: ConversionView): string {
  return [
    table(
      [view.by, 'contacts', 'converted', 'rate', '95 % interval'],
      view.rows.map((r) => [
        r.label === r.key ? r.key : `${r.key} (${r.label})`,
        String(r.contacts),
        String(r.converted),
        percent(r.rate),
        percentInterval(r.interval),
      ]),
      [1, 2, 3],
    ),
    `without a contact: ${percent(view.baseline.rate)} (${percentInterval(view.baseline.interval)}) over ${view.baseline.n} customer-months`,
  ].join('\n');
}

function peopleText(view: PeopleView): string {
  const agents = table(
    [
      'agent',
      'team',
      'hired',
      'left',
      'tenure (y)',
      'FTE',
      'paid hours',
      'resolved',
      'per paid hour',
      'training days',
      `hourly cost ${view.currency ?? ''}`.trim(),
    ],
    view.agents.map((a) => [
      a.name === a.agentId ? a.agentId : `${a.agentId} (${a.name})`,
      a.teamId ?? '',
      a.hiredOn ?? '',
      a.leftOn ?? '',
      fixed(a.tenureYears, 1),
      fixed(a.fte),
      fixed(a.paidHours, 1),
      String(a.resolved),
      fixed(a.resolvedPerPaidHour),
      fixed(a.trainingDays, 1),
      fixed(a.hourlyCost),
    ]),
    [4, 5, 6, 7, 8, 9, 10],
  );
  const groups = table(
    ['agents', 'count', 'FCR', '95 % interval', 'n', 'CSAT', '95 % interval', 'n'],
    view.tenureGroups.map((g) => [
      g.group === 'new' ? `new (< ${view.newAgentDays} days)` : 'experienced',
      String(g.agents),
      percent(g.fcr.value),
      percentInterval(g.fcr.interval),
      String(g.fcr.n),
      percent(g.csat.value),
      percentInterval(g.csat.interval),
      String(g.csat.n),
    ]),
    [1, 2, 4, 5, 7],
  );
  return [agents, '', groups].join('\n');
}

const noticesText = (notices: BusinessNotice[]) =>
  notices
    .map((n) => `${n.kind}: ${n.message}${n.rowsLeftOut > 0 ? ` (${n.rowsLeftOut} rows)` : ''}`)
    .join('\n');

function settingsText(settings: BusinessSettings): string {
  return table(
    ['setting', 'value'],
    [
      [
        'reportingCurrency',
        settings.reportingCurrency ?? 'the currency of the data without rates, else the most used',
      ],
      ['churnAfterDays', String(settings.churnAfterDays)],
      ['conversionDays', String(settings.conversionDays)],
      ['newAgentDays', String(settings.newAgentDays)],
      [
        'defaultMarginShare',
        settings.defaultMarginShare === null ? 'none' : String(settings.defaultMarginShare),
      ],
    ],
  );
}

/** `--set key=value`, repeatable; the value is read as JSON when it is JSON (numbers, null), else as text. */
function settingAssignment(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const equals = value.indexOf('=');
  const key = value.slice(0, equals).trim();
  if (equals < 1 || !/^[A-Za-z]+$/.test(key))
    throw new InvalidArgumentError(
      `expected key=value, e.g. conversionDays=14 or reportingCurrency=EUR; got '${value}'`,
    );
  const text = value.slice(equals + 1).trim();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { ...previous, [key]: parsed };
}

// ─── the commands ───────────────────────────────────────────────────────────

const RANGE_HELP = `
The range is of UTC days, --from included and --to excluded; --segment and --acquisition-channel
keep those customers. On the database file every figure is shown; through a server (--server, or
the one holding --db) the token's role decides: agents see none of it, viewers no money and no
agent's conversion, managers no hourly cost.`;

export function businessCommand(program: Command): void {
  const business = program
    .command('business')
    .description(
      'What the service does for the business: retention, lifetime value, conversion after contact, the people figures',
    )
    .addHelpText(
      'after',
      `
Examples:
  servicemeter business cohorts --from 2026-01-01 --to 2026-07-01
  servicemeter business clv --segment consumer --format json
  servicemeter business conversion --by agent --from 2026-03-01 --to 2026-04-01
  servicemeter business people --team support
  servicemeter business settings --set reportingCurrency=EUR --set conversionDays=14
  servicemeter business notices`,
    );

  rangeCommand(
    business,
    'cohorts',
    'Retention by monthly cohort of new customers: the share not churned by the end of each month after',
    ['table', 'json', 'csv'],
  )
    .addHelpText(
      'after',
      `${RANGE_HELP}

Examples:
  servicemeter business cohorts --from 2026-01-01 --to 2026-07-01
  servicemeter business cohorts --acquisition-channel search,referral --format csv > cohorts.csv`,
    )
    .action(async (options: RangeOptions) => {
      const range = rangeOf(options);
      const view = await run(
        options,
        (api) => api.json<RetentionCohortsView>('GET', `cohorts?${queryOf(range)}`),
        async (db) => unwrap(await retentionCohorts(db, range)),
      );
      const format = formatOf(options);
      if (format === 'json') out(JSON.stringify(view, null, 2));
      else if (format === 'csv')
        process.stdout.write(
          csv(
            ['cohort', 'size', 'offset', 'retained', 'share', 'low', 'high'],
            view.cohorts.flatMap((c) =>
              c.months.map((m) => [
                c.cohort,
                c.size,
                m.offset,
                m.retained,
                m.share,
                m.interval?.low,
                m.interval?.high,
              ]),
            ),
          ),
        );
      else if (view.cohorts.length === 0) note('no customers first seen in that range');
      else {
        out(cohortsTable(view));
        note(view.method);
      }
    });

  rangeCommand(
    business,
    'clv',
    'Lifetime value of the customers first seen in the range by how their problems were handled, and cumulated per cohort',
    ['table', 'json'],
  )
    .addHelpText(
      'after',
      `${RANGE_HELP}

Examples:
  servicemeter business clv --from 2025-01-01 --to 2026-01-01
  servicemeter business clv --segment consumer --json`,
    )
    .action(async (options: RangeOptions) => {
      const range = rangeOf(options);
      const view = await run(
        options,
        (api) => api.json<ClvView>('GET', `clv?${queryOf(range)}`),
        async (db) => unwrap(await clvByHandling(db, range, FILE_OWNER)),
      );
      if (formatOf(options) === 'json') out(JSON.stringify(view, null, 2));
      else {
        out(clvText(view));
        if (view.notices.length > 0) note(noticesText(view.notices));
        note(view.method);
      }
    });

  rangeCommand(
    business,
    'conversion',
    'Contacts followed by an order of the same customer within the conversion days, per channel, team or agent',
    ['table', 'json', 'csv'],
  )
    .addOption(
      new Option('--by <group>', 'rows per channel, team or agent')
        .choices([...CONVERSION_GROUPS])
        .default('channel'),
    )
    .addHelpText(
      'after',
      `${RANGE_HELP}

The baseline is the customers without a contact in the same months; it is no randomised
comparison (see the method printed below the table).

Examples:
  servicemeter business conversion --from 2026-03-01 --to 2026-04-01
  servicemeter business conversion --by agent --team support --format csv > conversion.csv`,
    )
    .action(async (options: RangeOptions & { by: ConversionGroup }) => {
      const range = rangeOf(options);
      const view = await run(
        options,
        (api) => api.json<ConversionView>('GET', `conversion?${queryOf(range, { by: options.by })}`),
        async (db) => unwrap(await conversionView(db, range, options.by, FILE_OWNER)),
      );
      const format = formatOf(options);
      if (format === 'json') out(JSON.stringify(view, null, 2));
      else if (format === 'csv')
        process.stdout.write(
          csv(
            ['key', 'label', 'contacts', 'converted', 'rate', 'low', 'high'],
            [
              ...view.rows.map((r) => [
                r.key,
                r.label,
                r.contacts,
                r.converted,
                r.rate,
                r.interval?.low,
                r.interval?.high,
              ]),
              [
                '',
                'without a contact',
                view.baseline.n,
                '',
                view.baseline.rate,
                view.baseline.interval?.low,
                view.baseline.interval?.high,
              ],
            ],
          ),
        );
      else {
        out(conversionText(view));
        note(view.method);
      }
    });

  rangeCommand(
    business,
    'people',
    'Per agent employed in the range: tenure, FTE, paid hours, resolved per paid hour, training, hourly cost; FCR and CSAT of new vs experienced agents',
    ['table', 'json'],
  )
    .addHelpText(
      'after',
      `${RANGE_HELP}

Examples:
  servicemeter business people --from 2026-01-01 --to 2026-04-01
  servicemeter business people --team support --json`,
    )
    .action(async (options: RangeOptions) => {
      const range = rangeOf(options);
      const view = await run(
        options,
        (api) => api.json<PeopleView>('GET', `people?${queryOf(range)}`),
        async (db) => unwrap(await peopleView(db, range, FILE_OWNER)),
      );
      if (formatOf(options) === 'json') out(JSON.stringify(view, null, 2));
      else if (view.agents.length === 0 && view.tenureGroups.every((g) => g.fcr.n === 0 && g.csat.n === 0))
        note('no agent with a people row was employed in that range');
      else out(peopleText(view));
    });

  serverOptions(
    business
      .command('notices')
      .description('What the last rebuild of the business facts left out or chose')
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .option('--json', 'the same as --format json'),
  ).action(async (options: Where & { format: Format; json?: boolean }) => {
    const notices = await run(
      options,
      async (api) => (await api.json<{ notices: BusinessNotice[] }>('GET', 'notices')).notices,
      (db) => listBusinessNotices(db),
    );
    if (formatOf(options) === 'json') out(JSON.stringify(notices, null, 2));
    else if (notices.length === 0) note('no notices: every amount was converted and every row placed');
    else out(noticesText(notices));
  });

  serverOptions(
    business
      .command('settings')
      .description('Show the business settings, or change them with --set (the business facts are rebuilt)')
      .option('--set <key=value>', 'change a setting (repeatable)', settingAssignment)
      .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
      .option('--json', 'the same as --format json'),
  )
    .addHelpText(
      'after',
      `
Settings: reportingCurrency (ISO 4217, or null: the currency of the data without rates, else the most used),
churnAfterDays (a customer without an order or contact this long has lapsed), conversionDays (an
order this many days after a contact converts it), newAgentDays (agents employed fewer days are
new), defaultMarginShare (margin as a share of revenue for orders without a cost of goods, or null).

Examples:
  servicemeter business settings
  servicemeter business settings --set reportingCurrency=EUR --set conversionDays=14
  servicemeter business settings --set defaultMarginShare=null`,
    )
    .action(async (options: Where & { set?: Record<string, unknown>; format: Format; json?: boolean }) => {
      const changes = options.set;
      const settings = await run(
        options,
        (api) =>
          changes
            ? api.json<BusinessSettings>('PUT', 'settings', changes)
            : api.json<BusinessSettings>('GET', 'settings'),
        async (db) => {
          if (!changes) return getBusinessSettings(db);
          const updated = await updateBusinessSettings(db, changes, new Date());
          if (!updated.ok) {
            const error = updated.error;
            throw new CliError(
              error.kind === 'forbidden'
                ? error.reason
                : error.issues.map((i) => `--set ${i.path || '(settings)'}: ${i.message}`).join('; '),
            );
          }
          return updated.data;
        },
      );
      if (changes) note(`changed ${Object.keys(changes).join(', ')}; the business facts are rebuilt`);
      if (formatOf(options) === 'json') out(JSON.stringify(settings, null, 2));
      else out(settingsText(settings));
    });
}
