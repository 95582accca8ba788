/**
 * The team's time on the command line: `staffing` (the staffing week of a channel, with what-if
 * changes), `forecast` (arrivals ahead and how accurate the forecast has been), `schedules` (list,
 * add, remove, copy a week) and `workforce` (the settings and the days marked apart). Each works on
 * the database file or, while a server holds it, through that server's /api/workforce.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../core/engine.js';
import { SCHEDULE_ACTIVITIES, type ScheduleActivity } from '../../core/schema.js';
import type { QueueModel, StaffingTarget } from '../../core/workforce/erlang.js';
import { getUser } from '../../services/users.js';
import {
  type ForecastView,
  type MarkedDayView,
  type ScheduleBlock,
  STAFFED_CHANNELS,
  type StaffedChannel,
  type StaffingInterval,
  type StaffingWeek,
  type WhatIf,
  type WorkforceProblem,
  type WorkforceSettings,
} from '../../services/workforce/contract.js';
import { forecastView } from '../../services/workforce/forecast.js';
import { addMarkedDay, listMarkedDays, removeMarkedDay } from '../../services/workforce/marked-days.js';
import {
  addScheduleBlock,
  copyScheduleWeek,
  listSchedule,
  removeScheduleBlock,
} from '../../services/workforce/schedules.js';
import { getWorkforceSettings, updateWorkforceSettings } from '../../services/workforce/settings.js';
import { staffingWeek } from '../../services/workforce/staffing.js';
import { CliError } from '../database.js';
import { list } from '../options.js';
import { note, out } from '../output.js';
import { onServerOrFile, type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

const DAY_MS = 86_400_000;

type Format = 'table' | 'json' | 'csv';

/** The same work through the server's workforce API or on the file. */
function run<T>(
  options: Where,
  remote: (api: ServerApi) => Promise<T>,
  local: (db: Engine) => Promise<T>,
): Promise<T> {
  return onServerOrFile(targetOf(options, 'api/workforce/'), remote, local);
}

/** A service's refusal as one line, naming the field or option at fault. */
function problemText(error: WorkforceProblem, names: Record<string, string> = {}): string {
  switch (error.kind) {
    case 'invalid':
      return error.issues.map((i) => `${names[i.path] ?? i.path ?? '(input)'}: ${i.message}`).join('; ');
    case 'not_found':
      return `no ${error.what}`;
    case 'forbidden':
    case 'conflict':
      return error.reason;
    default: {
      const unreachable: never = error;
      throw new Error(`unknown workforce problem ${JSON.stringify(unreachable)}`);
    }
  }
}

function unwrap<T>(
  result: { ok: true; data: T } | { ok: false; error: WorkforceProblem },
  names?: Record<string, string>,
): T {
  if (!result.ok) throw new CliError(problemText(result.error, names));
  return result.data;
}

// ─── option values ──────────────────────────────────────────────────────────

function calendarDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-09');
  return value;
}

/** An instant with `Z` or an offset; a day and a time without one is refused (whose 09:00?). */
function instant(value: string): string {
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
    return value;
  throw new InvalidArgumentError(
    'expected an instant with Z or an offset, e.g. 2026-03-09T08:00:00Z or 2026-03-09T09:00+01:00',
  );
}

function numberIn(min: number, max: number, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^[+-]?\d+(\.\d+)?$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`expected ${what}`);
    return n;
  };
}

const percentChange = numberIn(-90, 500, 'a percentage from -90 to +500, e.g. +10 or -5');
const seconds = (value: string) => {
  const n = numberIn(0, 86_400, 'seconds above 0, at most 86400')(value);
  if (n === 0) throw new InvalidArgumentError('expected seconds above 0, at most 86400');
  return n;
};
const share = (value: string) => {
  const n = numberIn(0, 1, 'a share from 0 to below 1, e.g. 0.3 for 30 %')(value);
  if (n >= 1) throw new InvalidArgumentError('expected a share from 0 to below 1, e.g. 0.3 for 30 %');
  return n;
};
const abandonPercent = (value: string) => {
  const n = numberIn(0, 100, 'a percentage above 0 and below 100, e.g. 5')(value);
  if (n <= 0 || n >= 100)
    throw new InvalidArgumentError('expected a percentage above 0 and below 100, e.g. 5');
  return n;
};
const weeks = (max: number) => numberIn(1, max, `a whole number of weeks from 1 to ${max}`);
const wholeWeeks = (max: number) => (value: string) => {
  const n = weeks(max)(value);
  if (!Number.isInteger(n))
    throw new InvalidArgumentError(`expected a whole number of weeks from 1 to ${max}`);
  return n;
};

/** `80/20`: 80 % answered within 20 seconds. */
function serviceLevelTarget(value: string): string {
  const parts = /^(\d{1,2}(?:\.\d+)?)\/(\d{1,5})$/.exec(value.trim());
  const percent = Number(parts?.[1]);
  if (!parts || !(percent > 0 && percent < 100))
    throw new InvalidArgumentError(
      'expected percent/seconds such as 80/20 (80 % answered within 20 seconds)',
    );
  return value.trim();
}

const channelOption = (required: boolean) => {
  const option = new Option('--channel <channel>', 'phone, chat, email or social').choices([
    ...STAFFED_CHANNELS,
  ]);
  return required ? option.makeOptionMandatory() : option;
};
const intervalOption = () =>
  new Option('--interval <minutes>', 'minutes per interval (default: the workforce settings, 30)').choices([
    '15',
    '30',
    '60',
  ]);
const formatOption = (formats: Format[] = ['table', 'json', 'csv']) =>
  new Option('--format <format>', 'output format').choices(formats).default('table');

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
  // A cell starting with = + - @ is a formula to a spreadsheet; a note must stay words.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csv = (headers: string[], rows: unknown[][]) =>
  `${[headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
const fixed = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '–' : value.toFixed(digits);
const secondsText = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${Math.round(value)} s`;

function targetText(target: StaffingTarget | { responseTargetSeconds: number }): string {
  if ('responseTargetSeconds' in target) return `answered within ${target.responseTargetSeconds} s`;
  switch (target.kind) {
    case 'service-level':
      return `${Math.round(target.share * 1000) / 10} % within ${target.seconds} s`;
    case 'asa':
      return `mean answer time at most ${target.seconds} s`;
    case 'abandonment':
      return `at most ${Math.round(target.share * 1000) / 10} % abandoned`;
    default: {
      const unreachable: never = target;
      throw new Error(`unknown target ${JSON.stringify(unreachable)}`);
    }
  }
}

const STAFFING_COLUMNS = [
  'local',
  'start',
  'open',
  'forecastArrivals',
  'ahtSeconds',
  'required',
  'requiredScheduled',
  'scheduled',
  'available',
  'serviceLevelAtRequired',
  'asaAtRequired',
  'abandonmentAtRequired',
  'serviceLevelAtScheduled',
  'staffing',
] as const;

const staffingCells = (i: StaffingInterval): unknown[] => [
  i.local,
  i.start,
  i.open,
  i.forecastArrivals,
  i.ahtSeconds,
  i.required,
  i.requiredScheduled,
  i.scheduled,
  i.available,
  i.atRequired?.serviceLevel,
  i.atRequired?.asa,
  i.atRequired?.abandonment,
  i.atScheduled?.serviceLevel,
  i.staffing,
];

const STAFFING_MARK: Record<StaffingInterval['staffing'], string> = {
  under: 'UNDER',
  over: 'over',
  ok: '',
  closed: 'closed',
};

function staffingTable(week: StaffingWeek, all: boolean): string {
  const shown = week.intervals.filter((i) => all || i.open || i.scheduled > 0);
  return table(
    [
      'local time',
      'forecast',
      'handle time',
      'required',
      'to schedule',
      'scheduled',
      'available',
      'SL',
      'ASA',
      'abandoned',
      '',
    ],
    shown.map((i) => [
      i.local.replace('T', ' '),
      fixed(i.forecastArrivals),
      secondsText(i.ahtSeconds),
      String(i.required),
      String(i.requiredScheduled),
      fixed(i.scheduled),
      fixed(i.available),
      percent(i.atRequired?.serviceLevel),
      secondsText(i.atRequired?.asa),
      percent(i.atRequired?.abandonment),
      STAFFING_MARK[i.staffing],
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
}

function staffingHeader(week: StaffingWeek): string {
  const patience = week.patience
    ? `; patience ${week.patience.meanSeconds === null ? 'none seen (nobody abandoned: Erlang C)' : `${Math.round(week.patience.meanSeconds)} s`}${week.patience.setByWhatIf ? ' (what-if)' : ` from ${week.patience.abandoned} abandoned waits`}`
    : '';
  return [
    `${week.channel}, week of ${week.weekStart} (${week.timezone}), ${week.intervalMinutes}-minute intervals`,
    `model ${week.model}${week.concurrency !== null ? ` (${week.concurrency} chats at once)` : ''}; target ${targetText(week.target)}; shrinkage ${percent(week.shrinkage.value)} (${week.shrinkage.measured ? 'measured' : 'set'})${patience}`,
  ].join('\n');
}

function staffingTotals(week: StaffingWeek): string {
  const t = week.totals;
  return `forecast ${fixed(t.forecastArrivals, 0)} contacts; required ${fixed(t.requiredHours)} agent hours, scheduled ${fixed(t.scheduledHours)}; ${t.underIntervals} intervals under-staffed, ${t.overIntervals} over`;
}

function forecastTable(view: ForecastView): string {
  const rows = view.series.filter((s) => (s.actual ?? 0) > 0 || (s.forecast ?? 0) > 0);
  return table(
    ['local time', 'actual', 'forecast', 'low', 'high', 'handle time'],
    rows.map((s) => [
      s.local.replace('T', ' '),
      s.actual === null ? '–' : String(s.actual),
      fixed(s.forecast),
      fixed(s.low, 0),
      fixed(s.high, 0),
      secondsText(s.ahtSeconds),
    ]),
    [1, 2, 3, 4, 5],
  );
}

function accuracyLines(view: ForecastView): string {
  const a = view.accuracy;
  const heldBack = a.heldBack
    ? `held-back weeks ${a.heldBack.from} … ${a.heldBack.to}`
    : 'no held-back weeks yet';
  const line = (name: string, figures: { wape: number | null; bias: number | null }) => [
    name,
    percent(figures.wape),
    figures.bias === null ? '–' : `${figures.bias >= 0 ? '+' : ''}${(figures.bias * 100).toFixed(1)} %`,
  ];
  return [
    `accuracy on ${heldBack}:`,
    table(
      ['forecast', 'WAPE', 'bias'],
      [
        line(view.method, a.method),
        line('last 4 weeks', a.lastFourWeeks),
        line('same week last year', a.sameWeekLastYear),
      ],
      [1, 2],
    ),
  ].join('\n');
}

const SCHEDULE_COLUMNS = [
  'source',
  'externalId',
  'agentId',
  'agentName',
  'teamId',
  'startsAt',
  'endsAt',
  'activity',
  'note',
] as const;

const scheduleTable = (blocks: ScheduleBlock[]) =>
  table(
    ['agent', 'starts at', 'ends at', 'activity', 'note', 'key'],
    blocks.map((b) => [
      b.agentName ? `${b.agentId} (${b.agentName})` : b.agentId,
      b.startsAt.replace('.000Z', 'Z'),
      b.endsAt.replace('.000Z', 'Z'),
      b.activity,
      b.note ?? '',
      `${b.source} ${b.externalId}`,
    ]),
  );

const markedDaysTable = (days: MarkedDayView[]) =>
  table(
    ['id', 'day', 'kind', 'factor', 'channel', 'label'],
    days.map((d) => [
      d.id,
      d.day,
      d.kind,
      d.factor === null ? (d.kind === 'event' ? 'learnt' : '–') : String(d.factor),
      d.channel ?? 'every channel',
      d.label,
    ]),
  );

function settingsText(settings: WorkforceSettings): string {
  const t = settings.targets;
  return table(
    ['setting', 'value'],
    [
      ['graceMinutes', String(settings.graceMinutes)],
      ['intervalMinutes', String(settings.intervalMinutes)],
      ['model', settings.model],
      ['targets.phone', targetText(t.phone)],
      ['targets.chat', targetText(t.chat)],
      ['targets.email', targetText(t.email)],
      ['targets.social', targetText(t.social)],
      ['chatConcurrency', String(settings.chatConcurrency)],
      ['maxOccupancy', String(settings.maxOccupancy)],
      ['shrinkage', settings.shrinkage === null ? 'measured' : String(settings.shrinkage)],
      ['writtenReplyMinutes', String(settings.writtenReplyMinutes)],
    ],
  );
}

// ─── --set key=value ────────────────────────────────────────────────────────

/**
 * `--set key=value`, repeatable: a dotted key reaches into the targets (targets.phone.seconds=30);
 * the value is read as JSON when it is JSON (numbers, null, objects), else as text.
 */
function settingAssignment(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const equals = value.indexOf('=');
  const key = value.slice(0, equals).trim();
  if (equals < 1 || !/^[A-Za-z]+(\.[A-Za-z]+)*$/.test(key))
    throw new InvalidArgumentError(
      `expected key=value, e.g. graceMinutes=3 or targets.phone.seconds=30; got '${value}'`,
    );
  const text = value.slice(equals + 1).trim();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  const result = structuredClone(previous);
  const path = key.split('.');
  let at: Record<string, unknown> = result;
  for (const part of path.slice(0, -1)) {
    const next = at[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[path[path.length - 1] as string] = parsed;
  return result;
}

/**
 * A changed target is replaced whole by the service: `targets.phone.seconds=15` alone would drop the
 * share, so the fields not given are filled from the current target.
 */
function completeTargets(
  changes: Record<string, unknown>,
  current: WorkforceSettings,
): Record<string, unknown> {
  const targets = changes.targets;
  if (targets === null || typeof targets !== 'object' || Array.isArray(targets)) return changes;
  const completed: Record<string, unknown> = {};
  for (const [channel, target] of Object.entries(targets as Record<string, unknown>)) {
    const before = (current.targets as Record<string, object | undefined>)[channel];
    const kindChanged =
      target !== null && typeof target === 'object' && 'kind' in target && before && 'kind' in before
        ? (target as { kind: unknown }).kind !== (before as { kind: unknown }).kind
        : false;
    completed[channel] =
      before && target !== null && typeof target === 'object' && !kindChanged
        ? { ...before, ...target }
        : target;
  }
  return { ...changes, targets: completed };
}

// ─── who acts, on the file ──────────────────────────────────────────────────

/**
 * On the file, the user named by --by, held to what the server lets their role do; none: the
 * file's owner, recorded without a user. Through a server the token names them.
 */
async function fileActor(db: Engine, by: string | undefined): Promise<string | null> {
  if (by === undefined) return null;
  const user = await getUser(db, by);
  if (!user) throw new CliError(`--by: there is no user ${by} in the database`);
  if (user.disabled) throw new CliError(`--by: user ${by} is disabled`);
  if (user.role !== 'admin' && user.role !== 'manager')
    throw new CliError(
      `--by: user ${by} is ${user.role === 'agent' ? 'an agent' : `a ${user.role === 'finance' ? 'finance user' : 'viewer'}`}; a manager or an admin plans schedules`,
    );
  return user.id;
}

const byOption = () =>
  new Option(
    '--by <user id>',
    'on the file: the manager or admin recorded in the audit log (through a server, the token)',
  );

// ─── the commands ───────────────────────────────────────────────────────────

interface StaffingOptions extends Where {
  channel: StaffedChannel;
  week?: string;
  interval?: '15' | '30' | '60';
  targetSl?: string;
  targetAsa?: number;
  maxAbandon?: number;
  model?: QueueModel;
  volume?: number;
  handleTime?: number;
  patience?: number;
  shrinkage?: number;
  team?: string;
  all?: boolean;
  format: Format;
}

function staffingTarget(options: StaffingOptions): StaffingTarget | undefined {
  const given = [
    options.targetSl !== undefined ? '--target-sl' : null,
    options.targetAsa !== undefined ? '--target-asa' : null,
    options.maxAbandon !== undefined ? '--max-abandon' : null,
  ].filter((name) => name !== null);
  if (given.length > 1)
    throw new CliError(
      `${given.join(' and ')}: give one target, a service level, an answer time or an abandonment`,
    );
  if (options.targetSl !== undefined) {
    const [share = '', within = ''] = options.targetSl.split('/');
    return { kind: 'service-level', share: Number(share) / 100, seconds: Number(within) };
  }
  if (options.targetAsa !== undefined) return { kind: 'asa', seconds: options.targetAsa };
  if (options.maxAbandon !== undefined) return { kind: 'abandonment', share: options.maxAbandon / 100 };
  return undefined;
}

/** The service's names of the staffing query's fields, as the options that set them. */
const STAFFING_OPTION_NAMES: Record<string, string> = {
  channel: '--channel',
  week: '--week',
  intervalMinutes: '--interval',
  teamId: '--team',
  'whatIf.volumePercent': '--volume',
  'whatIf.handleTimePercent': '--handle-time',
  'whatIf.patienceSeconds': '--patience',
  'whatIf.shrinkage': '--shrinkage',
  'whatIf.model': '--model',
  'whatIf.target': '--target-sl/--target-asa/--max-abandon',
};

function staffingCommand(program: Command): void {
  serverOptions(
    program
      .command('staffing')
      .description(
        'The staffing week of a channel: per interval the forecast, the agents required and to schedule, those scheduled and available, and the service level, ASA and abandonment at the required number',
      )
      .addOption(channelOption(true))
      .option(
        '--week <day>',
        "any day of the week (Monday to Sunday in the team calendar's time zone; default today)",
        calendarDay,
      )
      .addOption(intervalOption())
      .option(
        '--target-sl <percent/seconds>',
        'service level target, e.g. 80/20 (default: the workforce settings)',
        serviceLevelTarget,
      )
      .option('--target-asa <seconds>', 'target: mean answer time at most this many seconds', seconds)
      .option('--max-abandon <percent>', 'target: at most this percent abandon (Erlang A)', abandonPercent)
      .addOption(
        new Option(
          '--model <model>',
          "phone and chat: erlang-c, or erlang-a with the patience of the team's callers",
        ).choices(['erlang-c', 'erlang-a']),
      )
      .option('--volume <percent>', 'what-if: arrivals changed by this percent, e.g. +10', percentChange)
      .option(
        '--handle-time <percent>',
        'what-if: handle time changed by this percent, e.g. -5',
        percentChange,
      )
      .option('--patience <seconds>', 'what-if: mean patience of waiting customers (Erlang A)', seconds)
      .option(
        '--shrinkage <share>',
        'what-if: share of paid time not available for contacts, e.g. 0.3',
        share,
      )
      .option('--team <id>', "a team: its calendar's time zone and opening hours, its agents")
      .option('--all', 'table: every interval, closed ones too (default: open or scheduled ones)')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Required is what the target needs on the channel (Erlang C or A for phone and chat, chat with its
concurrency; the written work to clear within the response target for e-mail and social); "to
schedule" adds the shrinkage. An interval is marked UNDER when fewer are scheduled than that, and
"over" when more than one agent and a fifth above it. The table's SL, ASA and abandoned are the
outcome at the required number. The what-if options change the week at once, nothing is stored.

Examples:
  servicemeter staffing --channel phone --interval 30 --target-sl 80/20
  servicemeter staffing --channel phone --week 2026-03-09 --model erlang-a --volume +10 --handle-time -5
  servicemeter staffing --channel chat --shrinkage 0.3 --format csv > chat-week.csv
  servicemeter staffing --channel email --team support --format json`,
    )
    .action(async (options: StaffingOptions) => {
      const target = staffingTarget(options);
      const whatIf: WhatIf = {
        ...(options.volume !== undefined ? { volumePercent: options.volume } : {}),
        ...(options.handleTime !== undefined ? { handleTimePercent: options.handleTime } : {}),
        ...(options.patience !== undefined ? { patienceSeconds: options.patience } : {}),
        ...(target !== undefined ? { target } : {}),
        ...(options.shrinkage !== undefined ? { shrinkage: options.shrinkage } : {}),
        ...(options.model !== undefined ? { model: options.model } : {}),
      };
      const now = new Date();
      const week = options.week ?? now.toISOString().slice(0, 10);
      const interval =
        options.interval === undefined ? undefined : (Number(options.interval) as 15 | 30 | 60);
      const result = await run(
        options,
        (api) => {
          const query = new URLSearchParams({ channel: options.channel, week });
          const set = (name: string, value: string | number | undefined) => {
            if (value !== undefined) query.set(name, String(value));
          };
          set('interval', options.interval);
          set('team', options.team);
          set('volume', options.volume);
          set('handleTime', options.handleTime);
          set('patience', options.patience);
          set('shrinkage', options.shrinkage);
          set('model', options.model);
          set('targetSl', options.targetSl);
          set('targetAsa', options.targetAsa);
          set('maxAbandon', options.maxAbandon);
          return api.json<StaffingWeek>('GET', `staffing?${query}`);
        },
        async (db) =>
          unwrap(
            await staffingWeek(
              db,
              {
                channel: options.channel,
                week,
                ...(interval !== undefined ? { intervalMinutes: interval } : {}),
                ...(options.team !== undefined ? { teamId: options.team } : {}),
                whatIf,
              },
              now,
            ),
            STAFFING_OPTION_NAMES,
          ),
      );
      if (options.format === 'json') out(JSON.stringify(result, null, 2));
      else if (options.format === 'csv')
        process.stdout.write(csv([...STAFFING_COLUMNS], result.intervals.map(staffingCells)));
      else {
        note(staffingHeader(result));
        out(staffingTable(result, options.all === true));
        note(staffingTotals(result));
      }
    });
}

interface ForecastOptions extends Where {
  channel: StaffedChannel;
  interval?: '15' | '30' | '60';
  weeksBack?: number;
  weeksAhead?: number;
  team?: string;
  format: Format;
}

function forecastCommand(program: Command): void {
  serverOptions(
    program
      .command('forecast')
      .description(
        "A channel's arrivals of the recent weeks and the forecast of the coming ones per interval, with the forecast's accuracy on held-back weeks against two naive baselines",
      )
      .addOption(channelOption(true))
      .addOption(intervalOption())
      .option('--weeks-back <n>', 'weeks of actual arrivals shown (default 4)', wholeWeeks(52))
      .option('--weeks-ahead <n>', 'weeks forecast (default 2)', wholeWeeks(8))
      .option('--team <id>', "a team: its calendar's time zone, holidays and opening hours")
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
The accuracy lines compare the method with the mean of the last four weeks and with the same week
last year, each forecasting recent weeks held back from it: WAPE (the error as a share of the
arrivals, lower is better) and bias (positive: forecast too high).

Examples:
  servicemeter forecast --channel chat --interval 60
  servicemeter forecast --channel phone --weeks-back 8 --weeks-ahead 1 --format csv > phone.csv`,
    )
    .action(async (options: ForecastOptions) => {
      const interval =
        options.interval === undefined ? undefined : (Number(options.interval) as 15 | 30 | 60);
      const view = await run(
        options,
        (api) => {
          const query = new URLSearchParams({ channel: options.channel });
          if (options.interval !== undefined) query.set('interval', options.interval);
          if (options.weeksBack !== undefined) query.set('weeksBack', String(options.weeksBack));
          if (options.weeksAhead !== undefined) query.set('weeksAhead', String(options.weeksAhead));
          if (options.team !== undefined) query.set('team', options.team);
          return api.json<ForecastView>('GET', `forecast?${query}`);
        },
        (db) =>
          forecastView(db, {
            channel: options.channel,
            ...(interval !== undefined ? { intervalMinutes: interval } : {}),
            ...(options.weeksBack !== undefined ? { weeksBack: options.weeksBack } : {}),
            ...(options.weeksAhead !== undefined ? { weeksAhead: options.weeksAhead } : {}),
            ...(options.team !== undefined ? { teamId: options.team } : {}),
            now: new Date(),
          }),
      );
      if (options.format === 'json') out(JSON.stringify(view, null, 2));
      else if (options.format === 'csv')
        process.stdout.write(
          csv(
            ['local', 'start', 'actual', 'forecast', 'low', 'high', 'ahtSeconds'],
            view.series.map((s) => [s.local, s.start, s.actual, s.forecast, s.low, s.high, s.ahtSeconds]),
          ),
        );
      else {
        note(
          `${view.channel}, ${view.intervalMinutes}-minute intervals (${view.timezone}), method ${view.method}`,
        );
        out(forecastTable(view));
        out('');
        out(accuracyLines(view));
      }
    });
}

function schedulesCommand(program: Command): void {
  const schedules = program
    .command('schedules')
    .description("Agents' schedules: list, add and remove blocks, copy a week")
    .addHelpText(
      'after',
      `
A block is an agent's time on one activity: a channel (phone, chat, email, social), a break,
training, a meeting, other work or an absence. A break, meeting or training placed inside a shift
splits the shift; any other overlap is refused, naming the block it meets. Every change rebuilds
the workforce facts, so adherence and the staffing week show it at once.

Examples:
  servicemeter schedules list --from 2026-03-09 --to 2026-03-15 --agent ann
  servicemeter schedules add --agent ann --start 2026-03-09T08:00:00Z --end 2026-03-09T16:00:00Z --activity phone
  servicemeter schedules remove servicemeter 3f2a9c
  servicemeter schedules copy-week --from-week 2026-03-09 --to-week 2026-03-16`,
    );

  serverOptions(
    schedules
      .command('list')
      .description('Schedule blocks meeting a span, by start')
      .requiredOption('--from <day>', 'first day, YYYY-MM-DD (UTC)', calendarDay)
      .requiredOption('--to <day>', 'last day, included', calendarDay)
      .option('--agent <ids>', 'agents, comma-separated', list)
      .option('--team <id>', "a team's agents")
      .addOption(formatOption()),
  ).action(
    async (
      options: Where & { from: string; to: string; agent?: string[]; team?: string; format: Format },
    ) => {
      const from = new Date(`${options.from}T00:00:00Z`);
      const to = new Date(Date.parse(`${options.to}T00:00:00Z`) + DAY_MS);
      if (to <= from) throw new CliError('--to: must not be before --from');
      const blocks = await run(
        options,
        async (api) => {
          const query = new URLSearchParams({ from: options.from, to: options.to });
          if (options.agent?.length) query.set('agent', options.agent.join(','));
          if (options.team !== undefined) query.set('team', options.team);
          return (await api.json<{ blocks: ScheduleBlock[] }>('GET', `schedules?${query}`)).blocks;
        },
        (db) =>
          listSchedule(db, {
            from,
            to,
            ...(options.agent?.length ? { agentIds: options.agent } : {}),
            ...(options.team !== undefined ? { teamId: options.team } : {}),
          }),
      );
      if (options.format === 'json') out(JSON.stringify(blocks, null, 2));
      else if (options.format === 'csv')
        process.stdout.write(
          csv(
            [...SCHEDULE_COLUMNS],
            blocks.map((b) => SCHEDULE_COLUMNS.map((c) => b[c])),
          ),
        );
      else if (blocks.length === 0) note('no schedule blocks in that span');
      else out(scheduleTable(blocks));
    },
  );

  serverOptions(
    schedules
      .command('add')
      .description('Add a schedule block')
      .requiredOption('--agent <id>', 'the agent')
      .requiredOption(
        '--start <instant>',
        'start, e.g. 2026-03-09T08:00:00Z or 2026-03-09T09:00+01:00',
        instant,
      )
      .requiredOption('--end <instant>', 'end (exclusive), after the start, at most 24 hours later', instant)
      .addOption(
        new Option('--activity <activity>', SCHEDULE_ACTIVITIES.join(', '))
          .choices([...SCHEDULE_ACTIVITIES])
          .makeOptionMandatory(),
      )
      .option('--note <text>', 'e.g. the training or the reason of an absence')
      .addOption(byOption())
      .addOption(formatOption(['table', 'json'])),
  ).action(
    async (
      options: Where & {
        agent: string;
        start: string;
        end: string;
        activity: ScheduleActivity;
        note?: string;
        by?: string;
        format: Format;
      },
    ) => {
      const input = {
        agentId: options.agent,
        startsAt: options.start,
        endsAt: options.end,
        activity: options.activity,
        ...(options.note !== undefined ? { note: options.note } : {}),
      };
      const added = await run(
        options,
        (api) => api.json<ScheduleBlock>('POST', 'schedules', input),
        async (db) =>
          unwrap(await addScheduleBlock(db, input, await fileActor(db, options.by), new Date()), {
            agentId: '--agent',
            startsAt: '--start',
            endsAt: '--end',
            activity: '--activity',
            note: '--note',
          }),
      );
      if (options.format === 'json') out(JSON.stringify(added, null, 2));
      else
        out(
          `added ${added.activity} for ${added.agentId} ${added.startsAt} – ${added.endsAt} (${added.source} ${added.externalId})`,
        );
    },
  );

  serverOptions(
    schedules
      .command('remove')
      .description('Remove a schedule block')
      .argument('<source>', "the block's source (servicemeter for blocks made here)")
      .argument('<external-id>', "the block's id in that source (schedules list shows both)")
      .addOption(byOption()),
  ).action(async (source: string, externalId: string, options: Where & { by?: string }) => {
    await run(
      options,
      (api) =>
        api.json<unknown>(
          'DELETE',
          `schedules/${encodeURIComponent(source)}/${encodeURIComponent(externalId)}`,
        ),
      async (db) =>
        unwrap(
          await removeScheduleBlock(db, { source, externalId }, await fileActor(db, options.by), new Date()),
        ),
    );
    out(`removed schedule block ${source} ${externalId}`);
  });

  serverOptions(
    schedules
      .command('copy-week')
      .description("Copy a week's blocks (Monday to Sunday, local time) to another week")
      .requiredOption('--from-week <day>', 'any day of the week copied', calendarDay)
      .requiredOption('--to-week <day>', 'any day of the week it is copied to', calendarDay)
      .option('--agent <ids>', 'only these agents, comma-separated', list)
      .addOption(byOption()),
  )
    .addHelpText(
      'after',
      `
Shifts keep their local wall-clock time across a daylight-saving change. A copy that would meet a
block already in the target week is skipped and counted.

Example:
  servicemeter schedules copy-week --from-week 2026-03-23 --to-week 2026-03-30`,
    )
    .action(async (options: Where & { fromWeek: string; toWeek: string; agent?: string[]; by?: string }) => {
      const request = {
        fromWeek: options.fromWeek,
        toWeek: options.toWeek,
        ...(options.agent?.length ? { agentIds: options.agent } : {}),
      };
      const copied = await run(
        options,
        (api) => api.json<{ copied: number; skipped: number }>('POST', 'schedules/copy-week', request),
        async (db) => copyScheduleWeek(db, request, await fileActor(db, options.by), new Date()),
      );
      out(
        `copied ${copied.copied} blocks from the week of ${options.fromWeek} to the week of ${options.toWeek}${copied.skipped > 0 ? `; ${copied.skipped} skipped: they would meet blocks already there` : ''}`,
      );
    });
}

function workforceSettingsCommands(program: Command): void {
  const workforce = program
    .command('workforce')
    .description('Workforce settings and the days the forecast treats apart')
    .addHelpText(
      'after',
      `
The settings the staffing week and the workforce facts use (grace minutes, interval, model,
targets per channel, chat concurrency, occupancy cap, shrinkage, written reply minutes), and the
days the forecast treats apart. Works on the database file or, with --server, through a server.

Examples:
  servicemeter workforce settings
  servicemeter workforce settings --set graceMinutes=10 --set targets.phone.seconds=15
  servicemeter workforce marked-days add --day 2026-07-01 --kind event --label "Summer sale" --factor 1.6
  servicemeter workforce marked-days list --from 2026-06-01`,
    );

  serverOptions(
    workforce
      .command('settings')
      .description('Show the workforce settings, or change them with --set')
      .option(
        '--set <key=value>',
        'change a setting (repeatable); a dotted key reaches into the targets',
        settingAssignment,
      )
      .addOption(formatOption(['table', 'json'])),
  )
    .addHelpText(
      'after',
      `
Settings: graceMinutes (late after this), intervalMinutes (15, 30, 60), model (erlang-c,
erlang-a), targets.phone and targets.chat ({ kind: service-level, share, seconds } or asa or
abandonment), targets.email and targets.social ({ responseTargetSeconds }), chatConcurrency,
maxOccupancy, shrinkage (a share, or null: measured), writtenReplyMinutes. Values are read as JSON
when they are, else as text.

Examples:
  servicemeter workforce settings
  servicemeter workforce settings --set graceMinutes=3 --set targets.phone.seconds=15
  servicemeter workforce settings --set shrinkage=0.3 --set model=erlang-c
  servicemeter workforce settings --set shrinkage=null`,
    )
    .action(async (options: Where & { set?: Record<string, unknown>; format: Format }) => {
      const changes = options.set;
      const settings = await run(
        options,
        async (api) => {
          if (!changes) return api.json<WorkforceSettings>('GET', 'settings');
          const current = await api.json<WorkforceSettings>('GET', 'settings');
          return api.json<WorkforceSettings>('PATCH', 'settings', completeTargets(changes, current));
        },
        async (db) => {
          if (!changes) return getWorkforceSettings(db);
          const complete = completeTargets(changes, await getWorkforceSettings(db));
          return unwrap(await updateWorkforceSettings(db, complete, new Date()));
        },
      );
      if (changes) note(`changed ${Object.keys(changes).join(', ')}`);
      if (options.format === 'json') out(JSON.stringify(settings, null, 2));
      else out(settingsText(settings));
    });

  const markedDays = workforce
    .command('marked-days')
    .description('Days the forecast treats apart: one-off events and days closed');

  serverOptions(
    markedDays
      .command('list')
      .description('The marked days, in order')
      .option('--from <day>', 'first day, YYYY-MM-DD', calendarDay)
      .option('--to <day>', 'last day, included', calendarDay)
      .addOption(formatOption(['table', 'json'])),
  ).action(async (options: Where & { from?: string; to?: string; format: Format }) => {
    const range = {
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
    };
    const days = await run(
      options,
      async (api) =>
        (await api.json<{ days: MarkedDayView[] }>('GET', `marked-days?${new URLSearchParams(range)}`)).days,
      (db) => listMarkedDays(db, range),
    );
    if (options.format === 'json') out(JSON.stringify(days, null, 2));
    else if (days.length === 0) note('no marked days');
    else out(markedDaysTable(days));
  });

  serverOptions(
    markedDays
      .command('add')
      .description('Mark a day: an event (arrivals × factor) or a day closed')
      .requiredOption('--day <day>', 'the local day, YYYY-MM-DD', calendarDay)
      .addOption(
        new Option('--kind <kind>', 'event or closed').choices(['event', 'closed']).makeOptionMandatory(),
      )
      .requiredOption('--label <text>', 'what it is, e.g. Spring sale')
      .option(
        '--factor <n>',
        'events: arrivals multiplied by this (default: learnt from past events of the label)',
        numberIn(0, 100, 'a factor from 0 to 100, e.g. 1.5'),
      )
      .addOption(channelOption(false).default(undefined, 'every channel'))
      .addOption(byOption())
      .addOption(formatOption(['table', 'json'])),
  )
    .addHelpText(
      'after',
      `
Examples:
  servicemeter workforce marked-days add --day 2026-11-27 --kind event --factor 1.8 --label "Black Friday"
  servicemeter workforce marked-days add --day 2026-12-31 --kind closed --label "Year end" --channel phone`,
    )
    .action(
      async (
        options: Where & {
          day: string;
          kind: 'event' | 'closed';
          label: string;
          factor?: number;
          channel?: StaffedChannel;
          by?: string;
          format: Format;
        },
      ) => {
        const input = {
          day: options.day,
          kind: options.kind,
          label: options.label,
          channel: options.channel ?? null,
          factor: options.factor ?? null,
        };
        const added = await run(
          options,
          (api) => api.json<MarkedDayView>('POST', 'marked-days', input),
          async (db) =>
            unwrap(await addMarkedDay(db, input, await fileActor(db, options.by), new Date()), {
              day: '--day',
              kind: '--kind',
              label: '--label',
              factor: '--factor',
              channel: '--channel',
            }),
        );
        if (options.format === 'json') out(JSON.stringify(added, null, 2));
        else
          out(
            `marked ${added.day} ${added.kind} "${added.label}"${added.factor !== null ? ` × ${added.factor}` : ''} for ${added.channel ?? 'every channel'} (${added.id})`,
          );
      },
    );

  serverOptions(
    markedDays
      .command('remove')
      .description('Remove a marked day')
      .argument('<id>', 'the marked day (marked-days list shows the ids)')
      .addOption(byOption()),
  ).action(async (id: string, options: Where & { by?: string }) => {
    await run(
      options,
      (api) => api.json<unknown>('DELETE', `marked-days/${encodeURIComponent(id)}`),
      async (db) => unwrap(await removeMarkedDay(db, id, await fileActor(db, options.by), new Date())),
    );
    out(`removed marked day ${id}`);
  });
}

/** `staffing`, `forecast`, `schedules` and `workforce`, in that order in `--help`. */
export function workforceCommand(program: Command): void {
  staffingCommand(program);
  forecastCommand(program);
  schedulesCommand(program);
  workforceSettingsCommands(program);
}
