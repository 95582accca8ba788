import { type Command, InvalidArgumentError, Option } from 'commander';
import {
  chatOutcome,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  type IntervalLoad,
  type QueueModel,
  type QueueOutcome,
  queueOutcome,
  requiredAgents,
  requiredChatAgents,
  type StaffingTarget,
} from '../../core/workforce/erlang.js';
import { CliError } from '../database.js';
import { formatDuration } from '../format.js';
import { positiveInteger } from '../options.js';
import { out } from '../output.js';

interface ErlangOptions {
  calls: number;
  interval: number;
  aht: number;
  targetSl: ServiceLevelTarget;
  patience?: number;
  agents?: number;
  targetAsa?: number;
  maxAbandon?: number;
  maxOccupancy?: number;
  concurrency?: number;
  format: 'table' | 'json';
}

interface ServiceLevelTarget {
  share: number;
  seconds: number;
}

function number(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

function contacts(value: string): number {
  const n = number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number of contacts, 0 or more');
  return n;
}

function seconds(value: string): number {
  const n = number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds above 0');
  return n;
}

function wholeAgents(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('expected a whole number of agents, 0 or more');
  return n;
}

/** `5` or `5%`: a percentage strictly between 0 and 100, as a share. */
function percentBetween(value: string): number {
  const n = number(value.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n <= 0 || n >= 100)
    throw new InvalidArgumentError('expected a percentage above 0 and below 100, such as 5');
  return n / 100;
}

/** `85` or `85%`: a percentage above 0 up to 100, as a share. */
function percentUpTo100(value: string): number {
  const n = number(value.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n <= 0 || n > 100)
    throw new InvalidArgumentError('expected a percentage above 0 up to 100, such as 85');
  return n / 100;
}

/** `80/20`: 80 % of contacts answered within 20 seconds. */
export function serviceLevelArgument(value: string): ServiceLevelTarget {
  const parsed = /^\s*(\d+(?:\.\d+)?)\s*%?\s*\/\s*(\d+(?:\.\d+)?)\s*s?\s*$/.exec(value);
  const percent = Number(parsed?.[1]);
  const within = Number(parsed?.[2]);
  if (!parsed || !(percent > 0 && percent < 100))
    throw new InvalidArgumentError(
      'expected percent/seconds such as 80/20 (80 % answered within 20 seconds), the percentage above 0 and below 100',
    );
  return { share: percent / 100, seconds: within };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Waits under a minute keep a decimal: an ASA of 7.8 s and 8.4 s differ to a planner. */
function waitText(value: number): string {
  if (value === 0) return '0s';
  if (value < 0.05) return '<0.1s';
  return value < 59.95 ? `${value.toFixed(1)}s` : formatDuration(value);
}

/** A number of seconds the user gave, as given while under a minute. */
const givenSeconds = (value: number) => (value < 60 ? `${value}s` : formatDuration(value));

const modelName = (model: QueueModel) => (model === 'erlang-a' ? 'Erlang A' : 'Erlang C');

interface ErlangResult {
  model: QueueModel;
  /** required: the fewest agents meeting every target; given: the outcome at --agents. */
  mode: 'required' | 'given';
  calls: number;
  intervalSeconds: number;
  ahtSeconds: number;
  patienceSeconds: number | null;
  concurrency: number | null;
  targets: {
    serviceLevel: ServiceLevelTarget | null;
    asaSeconds: number | null;
    maxAbandonment: number | null;
    maxOccupancy: number | null;
  };
  /** The answer time the service level below is measured at. */
  serviceLevelSeconds: number;
  outcome: QueueOutcome & { slots?: number };
  meetsTargets: boolean;
}

function meetsAll(outcome: QueueOutcome, targets: ErlangResult['targets']): boolean {
  if (!outcome.stable) return false;
  if (targets.serviceLevel && outcome.serviceLevel < targets.serviceLevel.share) return false;
  if (targets.asaSeconds !== null && (outcome.asa === null || outcome.asa > targets.asaSeconds)) return false;
  if (targets.maxAbandonment !== null && outcome.abandonment > targets.maxAbandonment) return false;
  if (targets.maxOccupancy !== null && outcome.occupancy > targets.maxOccupancy) return false;
  return true;
}

function compute(options: ErlangOptions, serviceLevelGiven: boolean): ErlangResult {
  if (options.maxAbandon !== undefined && options.patience === undefined)
    throw new CliError(
      '--max-abandon needs --patience: without the callers’ patience the queue is Erlang C, where nobody abandons',
    );
  const model: QueueModel = options.patience === undefined ? 'erlang-c' : 'erlang-a';
  const load: IntervalLoad = {
    arrivals: options.calls,
    intervalSeconds: options.interval,
    ahtSeconds: options.aht,
    ...(options.patience === undefined ? {} : { patienceSeconds: options.patience }),
  };
  // --target-sl always says at which answer time the service level is shown; it is a target to staff
  // for unless only --target-asa or --max-abandon was asked for.
  const otherTarget = options.targetAsa !== undefined || options.maxAbandon !== undefined;
  const serviceLevelTarget = serviceLevelGiven || !otherTarget ? options.targetSl : null;
  const targets: ErlangResult['targets'] = {
    serviceLevel: serviceLevelTarget,
    asaSeconds: options.targetAsa ?? null,
    maxAbandonment: options.maxAbandon ?? null,
    maxOccupancy: options.maxOccupancy ?? null,
  };
  const serviceLevelSeconds = options.targetSl.seconds;
  const concurrency = options.concurrency ?? null;

  let outcome: QueueOutcome & { slots?: number };
  if (options.agents !== undefined) {
    outcome =
      concurrency === null
        ? queueOutcome(model, load, options.agents, serviceLevelSeconds)
        : chatOutcome(model, load, options.agents, concurrency, serviceLevelSeconds);
  } else {
    const staffing: StaffingTarget[] = [];
    if (serviceLevelTarget) staffing.push({ kind: 'service-level', ...serviceLevelTarget });
    if (options.targetAsa !== undefined) staffing.push({ kind: 'asa', seconds: options.targetAsa });
    if (options.maxAbandon !== undefined) staffing.push({ kind: 'abandonment', share: options.maxAbandon });
    const staffingOptions = {
      serviceLevelSeconds,
      ...(options.maxOccupancy === undefined ? {} : { maxOccupancy: options.maxOccupancy }),
    };
    // Every target met at once: the most agents any one of them asks for.
    const agents = Math.max(
      ...staffing.map((target) =>
        concurrency === null
          ? requiredAgents(model, load, target, staffingOptions).agents
          : requiredChatAgents(model, load, concurrency, target, staffingOptions).agents,
      ),
    );
    outcome =
      concurrency === null
        ? queueOutcome(model, load, agents, serviceLevelSeconds)
        : chatOutcome(model, load, agents, concurrency, serviceLevelSeconds);
  }
  return {
    model,
    mode: options.agents === undefined ? 'required' : 'given',
    calls: options.calls,
    intervalSeconds: options.interval,
    ahtSeconds: options.aht,
    patienceSeconds: options.patience ?? null,
    concurrency,
    targets,
    serviceLevelSeconds,
    outcome,
    meetsTargets: meetsAll(outcome, targets),
  };
}

function rows(result: ErlangResult): [string, string][] {
  const o = result.outcome;
  const t = result.targets;
  const lines: [string, string][] = [];
  const agentsLabel = result.mode === 'required' ? 'agents required' : 'agents';
  lines.push([agentsLabel, String(o.agents)]);
  if (o.slots !== undefined) lines.push(['chat slots', `${o.slots} (${result.concurrency} per agent)`]);
  if (!o.stable) {
    lines.push([
      'stable',
      `no: ${o.trafficErlangs.toFixed(2)} Erlangs on ${o.slots ?? o.agents} servers, the queue grows without bound`,
    ]);
  }
  const slTarget = t.serviceLevel ? ` (target ${percent(t.serviceLevel.share)})` : '';
  lines.push([
    'service level',
    `${percent(o.serviceLevel)} within ${givenSeconds(result.serviceLevelSeconds)}${slTarget}`,
  ]);
  lines.push(['probability of waiting', percent(o.probabilityWait)]);
  const asaTarget = t.asaSeconds === null ? '' : ` (target ${givenSeconds(t.asaSeconds)})`;
  const asaText = o.asa !== null ? waitText(o.asa) : o.stable ? 'none answered' : 'unbounded';
  lines.push(['ASA', `${asaText}${asaTarget}`]);
  const abandonTarget = t.maxAbandonment === null ? '' : ` (at most ${percent(t.maxAbandonment)})`;
  lines.push([
    'abandonment',
    result.model === 'erlang-c'
      ? '– (Erlang C: nobody abandons)'
      : `${percent(o.abandonment)}${abandonTarget}`,
  ]);
  const occupancyCap = t.maxOccupancy === null ? '' : ` (at most ${percent(t.maxOccupancy)})`;
  lines.push(['occupancy', `${percent(o.occupancy)}${occupancyCap}`]);
  if (result.mode === 'given') lines.push(['meets the targets', result.meetsTargets ? 'yes' : 'no']);
  return lines;
}

function table(result: ErlangResult): string {
  const unit = result.concurrency === null ? 'calls' : 'chats';
  const patience =
    result.patienceSeconds === null ? '' : `, patience ${givenSeconds(result.patienceSeconds)}`;
  const heading =
    `${modelName(result.model)}: ${result.calls} ${unit} in ${formatDuration(result.intervalSeconds)}, ` +
    `AHT ${givenSeconds(result.ahtSeconds)}${patience}, ${result.outcome.trafficErlangs.toFixed(2)} Erlangs`;
  const lines = rows(result);
  const width = Math.max(...lines.map(([label]) => label.length));
  return [heading, ...lines.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n');
}

export function erlangCommand(program: Command): void {
  program
    .command('erlang')
    .description(
      'Agents one interval needs for a target (Erlang C, or Erlang A with --patience), or with --agents what that number delivers',
    )
    .requiredOption('--calls <n>', 'contacts arriving in the interval', contacts)
    .requiredOption('--interval <seconds>', 'length of the interval in seconds, e.g. 1800', seconds)
    .requiredOption(
      '--aht <seconds>',
      'mean handle time in seconds (talk, hold and after-contact work)',
      seconds,
    )
    .addOption(
      new Option(
        '--target-sl <percent/seconds>',
        'service level target, e.g. 80/20 (80 % answered within 20 s); its seconds are where the service level is shown',
      )
        .argParser(serviceLevelArgument)
        .default({ share: 0.8, seconds: DEFAULT_SERVICE_LEVEL_SECONDS }, '80/20'),
    )
    .option(
      '--patience <seconds>',
      "callers' mean patience: Erlang A (abandonment) instead of Erlang C",
      seconds,
    )
    .option('--agents <n>', 'the outcome at this many agents instead of the agents required', wholeAgents)
    .option('--target-asa <seconds>', 'staff for an average speed of answer of at most this', seconds)
    .option(
      '--max-abandon <percent>',
      'staff for at most this percentage abandoning (needs --patience)',
      percentBetween,
    )
    .option(
      '--max-occupancy <percent>',
      'keep agents busy at most this percentage of the time',
      percentUpTo100,
    )
    .option(
      '--concurrency <k>',
      'chat: each agent handles up to k chats at once (k slots per agent)',
      positiveInteger,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Examples:
  servicemeter erlang --calls 100 --interval 1800 --aht 180 --target-sl 80/20
  servicemeter erlang --calls 100 --interval 1800 --aht 180 --patience 120 --max-abandon 5
  servicemeter erlang --calls 100 --interval 1800 --aht 180 --agents 12 --format json
  servicemeter erlang --calls 300 --interval 1800 --aht 360 --concurrency 2 --target-sl 80/60`,
    )
    .action((options: ErlangOptions, command: Command) => {
      const serviceLevelGiven = command.getOptionValueSource('targetSl') === 'cli';
      let result: ErlangResult;
      try {
        result = compute(options, serviceLevelGiven);
      } catch (error) {
        // The models refuse what they cannot compute (a target beyond a million agents, a queue too long).
        if (error instanceof RangeError) throw new CliError(error.message);
        throw error;
      }
      out(options.format === 'json' ? JSON.stringify(result, null, 2) : table(result));
    });
}
