import { readFile, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Engine } from '../../core/engine.js';
import { QA_REVIEW_KINDS } from '../../core/schema.js';
import {
  GOAL_SCOPES,
  type GoalScope,
  type GoalView,
  goalProgress,
  listAssignments,
  listGoals,
  setGoal,
} from '../../services/qa/assignments.js';
import {
  calibrationResult,
  closeCalibrationSession,
  createCalibrationSession,
  listCalibrationSessions,
} from '../../services/qa/calibration.js';
import type { CheckRuleView } from '../../services/qa/checks.js';
import { listCheckRules, runChecks } from '../../services/qa/checks.js';
import {
  createCoachingSession,
  listCoachingSessions,
  recordTrainingDay,
  trainingNeeds,
} from '../../services/qa/coaching.js';
import {
  ASSIGNMENT_STATUSES,
  type AssignmentView,
  type CalibrationResult,
  type CalibrationSessionView,
  type CoachingSessionView,
  type ContactRef,
  DISPUTE_STATUSES,
  type DisputeView,
  type GoalProgress,
  type QaActor,
  type QaProblem,
  type ReviewerDrift,
  type ReviewInput,
  type ReviewSummary,
  type ReviewView,
  type ScorecardView,
  type TrainingNeed,
} from '../../services/qa/contract.js';
import { listDisputes, resolveDispute } from '../../services/qa/disputes.js';
import { reviewerDrift } from '../../services/qa/drift.js';
import { listReviews, submitReview } from '../../services/qa/reviews.js';
import {
  createSamplingRule,
  type DrawOutcome,
  deleteSamplingRule,
  drawSample,
  listSamplingRules,
  type SamplingRuleView,
  updateSamplingRule,
} from '../../services/qa/sampling.js';
import { createScorecard, getScorecard, listScorecards } from '../../services/qa/scorecards.js';
import { getUser } from '../../services/users.js';
import { CliError } from '../database.js';
import { positiveInteger } from '../options.js';
import { note, out } from '../output.js';
import { onServerOrFile, type ServerApi, serverOptions, targetOf, type Where } from '../server-api.js';

const DAY_MS = 86_400_000;
/** The span the training needs and the reviewer drift look at without --from. */
const DEFAULT_RANGE_DAYS = 30;
/** The most reviews one `qa reviews` lists. */
const REVIEWS_MAX = 10_000;

/** On the file itself the owner works as an admin; a review given there names its reviewer. */
const fileActor = (userId: string): QaActor => ({ userId, role: 'admin', agentId: null });

/**
 * On the file, the user named by --by, held to what the server lets their role do: only a manager
 * or an admin leads quality reviews. Through a server the token names them instead.
 */
async function staffActor(db: Engine, by: string | undefined, doing: string): Promise<QaActor> {
  if (by === undefined)
    throw new CliError(
      `who ${doing}? give --by <user id> of a manager or an admin (through a server, the token names them)`,
    );
  const user = await getUser(db, by);
  if (!user) throw new CliError(`--by: there is no user ${by} in the database`);
  if (user.disabled) throw new CliError(`--by: user ${by} is disabled`);
  if (user.role !== 'admin' && user.role !== 'manager')
    throw new CliError(
      `--by: user ${by} is ${user.role === 'agent' ? 'an agent' : `a ${user.role === 'finance' ? 'finance user' : 'viewer'}`}; a manager or an admin ${doing}`,
    );
  return { userId: user.id, role: user.role, agentId: user.agentId ?? null };
}

/** The same work through the server's quality-review API or on the file. */
function run<T>(
  options: Where,
  remote: (api: ServerApi) => Promise<T>,
  local: (db: Engine) => Promise<T>,
): Promise<T> {
  return onServerOrFile(targetOf(options, 'api/qa/'), remote, local);
}

/**
 * A subcommand's options with those its parent took: commander gives an option both define (--db,
 * --server, --token, --format) to the parent, wherever it stands on the line.
 */
function withParentOptions<T>(command: Command): T {
  const own = command.opts();
  const parent = command.parent;
  if (!parent) return own as T;
  const taken = command.options
    .map((option) => option.attributeName())
    .filter((key) => parent.getOptionValueSource(key) === 'cli')
    .map((key) => [key, parent.getOptionValue(key)] as const);
  return { ...own, ...Object.fromEntries(taken) } as T;
}

function formatOption() {
  return new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
}

/** A service's refusal as one line, naming the file when the input came from one. */
function problemText(error: QaProblem, file?: string): string {
  const where = file === undefined ? '' : `${file}: `;
  switch (error.kind) {
    case 'invalid':
      return `${where}${error.issues.map((i) => `${i.path || '(the file)'}: ${i.message}`).join('; ')}`;
    case 'not_found':
      return `${where}no ${error.what}`;
    case 'forbidden':
    case 'conflict':
      return `${where}${error.reason}`;
    default: {
      const unreachable: never = error;
      throw new Error(`unknown qa problem ${JSON.stringify(unreachable)}`);
    }
  }
}

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: QaProblem }, file?: string): T {
  if (!result.ok) throw new CliError(problemText(result.error, file));
  return result.data;
}

/** A server's refusal of a file's content, named by the file. */
async function fromFile<T>(file: string, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof CliError && !error.message.startsWith(`${file}:`))
      throw new CliError(`${file}: ${error.message}`);
    throw error;
  });
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  return `line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')}`;
}

/** A JSON value from a file, or a one-line refusal naming the file and where it went wrong. */
async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new CliError(
      `${file}: not JSON${position === undefined ? '' : ` (${lineAndColumn(text, Number(position))})`}: ${(error as Error).message}`,
    );
  }
  return value;
}

/** A JSON object from a file, or a one-line refusal naming the file and where it went wrong. */
async function readJsonObject(file: string, what: string): Promise<Record<string, unknown>> {
  const value = await readJson(file);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new CliError(`${file}: expected ${what} as a JSON object`);
  return value as Record<string, unknown>;
}

/** The revised ratings of an accepted dispute: a JSON array of ratings, or { "ratings": [ … ] }. */
async function readRatings(file: string): Promise<ReviewInput['ratings']> {
  const value = await readJson(file);
  const ratings =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>).ratings
      : value;
  if (!Array.isArray(ratings))
    throw new CliError(
      `${file}: expected the revised ratings as [ { "categoryId", "rating" } ] or { "ratings": [ … ] }`,
    );
  ratings.forEach((rating, i) => {
    if (rating === null || typeof rating !== 'object' || typeof rating.categoryId !== 'string')
      throw new CliError(`${file}: ratings.${i}: expected { "categoryId", "rating" (null: not applicable) }`);
  });
  return ratings as ReviewInput['ratings'];
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

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);
const shown = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '–' : String(value);
const contactKeyOf = (contact: { source: string; externalId: string }) =>
  `${contact.source}|${contact.externalId}`;

function printed<T>(format: 'table' | 'json', value: T, asTable: (value: T) => string, empty?: string) {
  if (format === 'json') out(JSON.stringify(value, null, 2));
  else if (empty !== undefined && Array.isArray(value) && value.length === 0) note(empty);
  else out(asTable(value));
}

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : Array.isArray(value) ? value.join('|') : String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet; a reviewer's words must stay words.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function calendarDay(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-31');
  return value;
}

function period(value: string): string {
  if (/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/.test(value)) return value;
  try {
    return calendarDay(value);
  } catch {
    throw new InvalidArgumentError('expected a day (YYYY-MM-DD) or an ISO week (YYYY-Www, e.g. 2026-W10)');
  }
}

/** A repeatable option's values, in the order given. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A conversation as source|external_id. */
function contactOf(key: string): ContactRef {
  const bar = key.indexOf('|');
  const source = key.slice(0, bar).trim();
  const externalId = key.slice(bar + 1).trim();
  if (bar < 0 || source === '' || externalId === '')
    throw new CliError(`--contact ${key}: expected source|external_id, e.g. helpdesk|t1`);
  return { source, externalId };
}

function month(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    throw new InvalidArgumentError('expected a month as YYYY-MM, e.g. 2026-03');
  return value;
}

function reviewsPerMonth(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 10_000)
    throw new InvalidArgumentError('expected a whole number from 0 (no goal) to 10000');
  return n;
}

/** A due time: a day (due at its end, UTC) or an ISO 8601 instant. */
function due(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${calendarDay(value)}T23:59:59Z`;
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  )
    return value;
  throw new InvalidArgumentError('expected a day YYYY-MM-DD or an instant such as 2026-03-31T17:00:00Z');
}

function hours(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 24) throw new InvalidArgumentError('expected hours from 0 to 24');
  return n;
}

/** `from`/`to` days as a range, `to` included; the last DEFAULT_RANGE_DAYS days without them. */
function rangeOf(options: { from?: string; to?: string }): { from: Date; to: Date } {
  const to = options.to ? new Date(Date.parse(`${options.to}T00:00:00Z`) + DAY_MS) : new Date();
  const from = options.from
    ? new Date(`${options.from}T00:00:00Z`)
    : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  return { from, to };
}

function rangeQuery(options: { from?: string; to?: string; agent?: string }): string {
  const query = new URLSearchParams();
  if (options.from) query.set('from', options.from);
  if (options.to) query.set('to', options.to);
  if (options.agent) query.set('agent', options.agent);
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

// ─── tables ─────────────────────────────────────────────────────────────────

const scorecardsTable = (list: ScorecardView[]) =>
  table(
    ['id', 'name', 'status', 'version', 'categories', 'critical', 'pass mark', 'applies to'],
    list.map((s) => [
      s.id,
      s.name,
      s.status,
      String(s.version),
      String(s.definition.categories.length),
      s.definition.categories
        .filter((c) => c.critical)
        .map((c) => c.id)
        .join(',') || '–',
      percent(s.definition.passMark),
      [...s.definition.channels, ...s.definition.teams].join(',') || 'everything',
    ]),
  );

function scorecardText(s: ScorecardView): string {
  const d = s.definition;
  const lines = [
    `${s.id}: ${s.name} (${s.status}, version ${s.version}); passes at ${percent(d.passMark)}; a failed critical category fails the ${d.criticalScope}`,
    `applies to: ${[...d.channels, ...d.teams].join(', ') || 'every channel and team'}`,
    '',
    table(
      ['category', 'name', 'scale', 'weight', 'N/A', 'critical', 'group'],
      d.categories.map((c) => [
        c.id,
        c.name,
        c.scale,
        String(c.weight),
        c.allowNotApplicable ? 'yes' : 'no',
        c.critical ? `below ${percent(c.passMark)}` : 'no',
        c.group ?? '–',
      ]),
    ),
  ];
  return lines.join('\n');
}

const rulesTable = (list: SamplingRuleView[]) =>
  table(
    ['id', 'name', 'enabled', 'schedule', 'per agent', 'reviewers', 'scorecard', 'last run'],
    list.map((r) => [
      r.id,
      r.name,
      r.enabled ? 'yes' : 'no',
      r.definition.schedule,
      String(r.definition.perAgent),
      r.definition.selfReview ? 'self-review' : r.definition.reviewers.join(','),
      shown(r.definition.scorecardId),
      shown(r.lastRunAt),
    ]),
  );

const assignmentsTable = (list: AssignmentView[]) =>
  table(
    ['id', 'contact', 'agent', 'reviewer', 'kind', 'scorecard', 'due', 'status', 'rule', 'period'],
    list.map((a) => [
      a.id,
      contactKeyOf(a.contact),
      a.agentId,
      a.reviewerId,
      a.kind,
      shown(a.scorecardId),
      shown(a.dueAt),
      a.status,
      shown(a.ruleId),
      shown(a.period),
    ]),
  );

const REVIEW_COLUMNS = [
  'id',
  'reviewedAt',
  'contact',
  'agentId',
  'reviewerId',
  'kind',
  'scorecardId',
  'score',
  'passed',
  'criticalFailed',
  'disputed',
  'channel',
] as const;

const reviewCells = (r: ReviewSummary): unknown[] =>
  REVIEW_COLUMNS.map((column) => (column === 'contact' ? contactKeyOf(r.contact) : r[column]));

const reviewsTable = (list: ReviewSummary[]) =>
  table(
    [
      'reviewed at',
      'contact',
      'agent',
      'reviewer',
      'kind',
      'scorecard',
      'score',
      'passed',
      'critical',
      'disputed',
    ],
    list.map((r) => [
      r.reviewedAt,
      contactKeyOf(r.contact),
      r.agentId,
      r.reviewerId,
      r.kind,
      shown(r.scorecardId),
      percent(r.score),
      r.passed ? 'yes' : 'no',
      r.criticalFailed ? 'failed' : '–',
      r.disputed ? 'yes' : '–',
    ]),
  );

const disputesTable = (list: DisputeView[]) =>
  table(
    ['id', 'review', 'agent', 'status', 'category', 'opened at', 'score before', 'score after', 'reason'],
    list.map((d) => [
      d.id,
      d.reviewId,
      d.agentId,
      d.status,
      shown(d.categoryId),
      d.openedAt,
      percent(d.scoreBefore),
      percent(d.scoreAfter),
      d.reason.replace(/\s+/g, ' ').slice(0, 60),
    ]),
  );

const calibrationsTable = (list: CalibrationSessionView[]) =>
  table(
    ['id', 'name', 'scorecard', 'status', 'reviewers', 'contacts', 'reference', 'created at'],
    list.map((s) => [
      s.id,
      s.name,
      `${s.scorecardId} v${s.scorecardVersion}`,
      s.status,
      String(s.reviewers.length),
      String(s.contacts.length),
      shown(s.referenceReviewerId),
      s.createdAt,
    ]),
  );

function calibrationText(result: CalibrationResult): string {
  const agreement = (a: { agreement: number | null; alpha: number | null; pairs: number }) => [
    String(a.pairs),
    percent(a.agreement),
    a.alpha === null ? '–' : a.alpha.toFixed(3),
  ];
  return [
    `calibration ${result.sessionId}: ${result.reviews} reviews`,
    '',
    table(
      ['category', 'pairs', 'agreement', "Krippendorff's alpha"],
      [
        ...result.categories.map((c) => [c.name ?? c.categoryId, ...agreement(c)]),
        ['overall', ...agreement(result.overall)],
      ],
    ),
    '',
    table(
      ['reviewer', 'reviews', 'mean score', 'distance to reference'],
      result.reviewers.map((r) => [
        r.reviewerId,
        String(r.reviews),
        percent(r.meanScore),
        percent(r.distanceToReference),
      ]),
    ),
  ].join('\n');
}

const checksTable = (list: CheckRuleView[]) =>
  table(
    ['id', 'kind', 'label', 'enabled'],
    list.map((r) => [r.id, r.kind, r.label, r.enabled ? 'yes' : 'no']),
  );

const needsTable = (list: TrainingNeed[]) =>
  table(
    ['agent', 'category', 'root cause', 'low ratings', 'category score', 'last seen'],
    list.map((n) => [
      n.agentId,
      n.categoryName ?? n.categoryId,
      n.rootCause,
      String(n.count),
      percent(n.categoryScore),
      n.lastSeenAt,
    ]),
  );

const driftTable = (list: ReviewerDrift[]) =>
  table(
    ['reviewer', 'reviews', 'mean score', 'others', 'difference', 'p', 'drifting'],
    list.map((d) => [
      d.reviewerId,
      String(d.reviews),
      percent(d.meanScore),
      percent(d.othersMeanScore),
      `${d.difference >= 0 ? '+' : ''}${(d.difference * 100).toFixed(1)} points`,
      d.pValue === null ? '–' : d.pValue.toFixed(3),
      d.drifting ? 'yes' : '–',
    ]),
  );

const goalsTable = (list: GoalView[]) =>
  table(
    ['scope', 'for', 'reviews per month', 'set at'],
    list.map((g) => [g.scope, g.scopeId || 'everyone', String(g.reviewsPerMonth), g.updatedAt]),
  );

const progressTable = (list: GoalProgress[]) =>
  table(
    ['agent', 'month', 'reviews', 'goal', 'reached', 'goal set for'],
    list.map((g) => [
      g.agentId,
      g.month,
      String(g.reviews),
      String(g.goal),
      g.reviews >= g.goal ? 'yes' : `${g.goal - g.reviews} to go`,
      g.scope === 'all' ? 'everyone' : `${g.scope} ${g.scopeId}`,
    ]),
  );

const coachingTable = (list: CoachingSessionView[]) =>
  table(
    ['id', 'agent', 'coach', 'status', 'held on', 'follow up on', 'reviews', 'actions done'],
    list.map((s) => [
      s.id,
      s.agentId,
      s.coachId,
      s.status,
      shown(s.heldOn),
      shown(s.followUpOn),
      String(s.reviewIds.length),
      `${s.actions.filter((a) => a.done).length} of ${s.actions.length}`,
    ]),
  );

/** The current month, UTC, as YYYY-MM. */
const thisMonth = () => new Date().toISOString().slice(0, 7);

// ─── the command ────────────────────────────────────────────────────────────

export function qaCommand(program: Command): void {
  const qa = program
    .command('qa')
    .description(
      'Quality reviews: scorecards, sampling rules and their draws, assignments, reviews, calibration, disputes, goals, coaching, automatic checks, training and reviewer drift',
    )
    .addHelpText(
      'after',
      `
Conversations are reviewed against a scorecard; the score of a review (IQS) is computed by the
database from its ratings, and qa_score and the other qa_ indicators read it. Every command works on
the database file, or, while a server holds it, through that server (with an API token of an admin
or manager: --token or SERVICEMETER_TOKEN). On the file, the commands that act as someone (review,
disputes resolve, coaching add, calibration create) name that user with --by (review: --reviewer);
through a server the token names them. The dashboard's Quality pages do the same.

Examples:
  servicemeter qa scorecards add support.json
  servicemeter qa rules add weekly.json
  servicemeter qa sample weekly --period 2026-W10 --seed march --dry-run
  servicemeter qa assignments --reviewer lead@example.com
  servicemeter qa review review.json --reviewer u-lead
  servicemeter qa reviews --agent ann --format csv > reviews.csv
  servicemeter qa calibration create --name March --scorecard support --reviewer u-lead \\
    --reviewer u-coach --contact 'helpdesk|t1' --by u-lead
  servicemeter qa calibration result cal-1
  servicemeter qa disputes resolve d1 --reject --resolution "The greeting was missing" --by u-lead
  servicemeter qa goals set --scope all --reviews-per-month 4
  servicemeter qa goals progress --month 2026-03
  servicemeter qa coaching add ann-march.json --by u-lead
  servicemeter qa checks run
  servicemeter qa drift --from 2026-03-01`,
    );

  // ─── scorecards ───────────────────────────────────────────────────────────
  const scorecards = qa.command('scorecards').description('List, add, show and export quality scorecards');

  serverOptions(
    scorecards.command('list').description('The scorecards, id first').addOption(formatOption()),
  ).action(async (options: Where & { format: 'table' | 'json' }) => {
    const list = await run(
      options,
      async (api) => (await api.json<{ scorecards: ScorecardView[] }>('GET', 'scorecards')).scorecards,
      (db) => listScorecards(db),
    );
    printed(
      options.format,
      list,
      scorecardsTable,
      'no scorecards yet: add one with servicemeter qa scorecards add <file>',
    );
  });

  serverOptions(
    scorecards
      .command('add')
      .description('Add a scorecard from a JSON file: a definition, or { "id", "status", "definition" }')
      .argument('<file>', 'the JSON file (servicemeter qa scorecards export <id> writes one)')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
A definition has name, categories (id, name, scale pass_fail|1-3|1-5, weight, allowNotApplicable,
critical, passMark, group, link), groups, passMark (0.8), criticalScope (review|group), rootCauses,
channels and teams. A refused file is named with the field at fault, e.g.
"support.json: definition.categories.0.scale: …".

Example:
  servicemeter qa scorecards add support.json`,
    )
    .action(async (file: string, options: Where & { format: 'table' | 'json' }) => {
      const read = await readJsonObject(file, 'a scorecard definition or { "id", "status", "definition" }');
      const input =
        'definition' in read
          ? {
              definition: read.definition,
              ...(typeof read.id === 'string' ? { id: read.id } : {}),
              ...(typeof read.status === 'string' ? { status: read.status } : {}),
            }
          : { definition: read };
      const created = await run(
        options,
        (api) => fromFile(file, api.json<ScorecardView>('POST', 'scorecards', input)),
        async (db) =>
          unwrap(
            await createScorecard(db, input as Parameters<typeof createScorecard>[1], null, new Date()),
            file,
          ),
      );
      if (options.format === 'json') out(JSON.stringify(created, null, 2));
      else
        out(
          `added scorecard ${created.id} (${created.name}): ${created.status}, version ${created.version}, ${created.definition.categories.length} categories`,
        );
    });

  const oneScorecard = (options: Where, id: string) =>
    run(
      options,
      (api) => api.json<ScorecardView>('GET', `scorecards/${encodeURIComponent(id)}`),
      async (db) => {
        const found = await getScorecard(db, id);
        if (!found) throw new CliError(`no scorecard ${id} (servicemeter qa scorecards list shows them)`);
        return found;
      },
    );

  serverOptions(
    scorecards
      .command('show')
      .description("A scorecard's categories, scales, weights and critical pass marks")
      .argument('<id>', 'the scorecard')
      .addOption(formatOption()),
  ).action(async (id: string, options: Where & { format: 'table' | 'json' }) => {
    printed(options.format, await oneScorecard(options, id), scorecardText);
  });

  serverOptions(
    scorecards
      .command('export')
      .description('Write a scorecard as JSON, which qa scorecards add reads back')
      .argument('<id>', 'the scorecard')
      .option('--out <file>', 'the file to write (default: standard output)'),
  ).action(async (id: string, options: Where & { out?: string }) => {
    const s = await oneScorecard(options, id);
    const text = `${JSON.stringify({ id: s.id, status: s.status, definition: s.definition }, null, 2)}\n`;
    if (options.out === undefined) process.stdout.write(text);
    else {
      await writeFile(options.out, text);
      note(`${options.out}: scorecard ${s.id}, version ${s.version}`);
    }
  });

  // ─── sampling ─────────────────────────────────────────────────────────────
  const rules = qa.command('rules').description('List and add the sampling rules that draw conversations');

  serverOptions(rules.command('list').description('The sampling rules').addOption(formatOption())).action(
    async (options: Where & { format: 'table' | 'json' }) => {
      const list = await run(
        options,
        async (api) => (await api.json<{ rules: SamplingRuleView[] }>('GET', 'sampling-rules')).rules,
        (db) => listSamplingRules(db),
      );
      printed(
        options.format,
        list,
        rulesTable,
        'no sampling rules yet: add one with servicemeter qa rules add <file>',
      );
    },
  );

  serverOptions(
    rules
      .command('add')
      .description('Add a sampling rule from a JSON file')
      .argument('<file>', '{ "id"?, "name", "schedule", "perAgent", "filters", "reviewers", … }')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
A rule has name, schedule (daily|weekly), perAgent, stratifyByChannel, filters (channels, teams,
agents, lowCsat, reopened, escalated, longHandle, topics, tags, newAgentDays, checks), scorecardId,
reviewers (user ids), dueDays, selfReview and seed; see docs/qa.md.

Example:
  servicemeter qa rules add weekly.json && servicemeter qa sample weekly --dry-run`,
    )
    .action(async (file: string, options: Where & { format: 'table' | 'json' }) => {
      const input = await readJsonObject(file, 'a sampling rule');
      const created = await run(
        options,
        (api) => fromFile(file, api.json<SamplingRuleView>('POST', 'sampling-rules', input)),
        async (db) => unwrap(await createSamplingRule(db, input, new Date()), file),
      );
      if (options.format === 'json') out(JSON.stringify(created, null, 2));
      else
        out(
          `added sampling rule ${created.id} (${created.name}): ${created.definition.schedule}, ${created.definition.perAgent} per agent`,
        );
    });

  serverOptions(
    rules
      .command('update')
      .description("Change a sampling rule from a JSON file: the fields given replace the rule's")
      .argument('<id>', 'the sampling rule (servicemeter qa rules list)')
      .argument('<file>', '{ "name"?, "enabled"?, "perAgent"?, "filters"?, "reviewers"?, … }')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Fields left out keep their value; "filters" is replaced as a whole. "enabled": false pauses the
rule's scheduled draws.

Example:
  echo '{ "perAgent": 3 }' > more.json && servicemeter qa rules update weekly more.json`,
    )
    .action(async (id: string, file: string, options: Where & { format: 'table' | 'json' }) => {
      const changes = await readJsonObject(file, "a sampling rule's changes");
      const updated = await run(
        options,
        (api) =>
          fromFile(
            file,
            api.json<SamplingRuleView>('PATCH', `sampling-rules/${encodeURIComponent(id)}`, changes),
          ),
        async (db) => unwrap(await updateSamplingRule(db, id, changes, new Date()), file),
      );
      if (options.format === 'json') out(JSON.stringify(updated, null, 2));
      else
        out(
          `changed sampling rule ${updated.id} (${updated.name}): ${updated.enabled ? 'enabled' : 'disabled'}, ${updated.definition.schedule}, ${updated.definition.perAgent} per agent`,
        );
    });

  serverOptions(
    rules
      .command('remove')
      .description('Remove a sampling rule and its scheduled draws; the assignments it drew stay')
      .argument('<id>', 'the sampling rule'),
  ).action(async (id: string, options: Where) => {
    await run(
      options,
      (api) => api.json<{ deleted: string }>('DELETE', `sampling-rules/${encodeURIComponent(id)}`),
      async (db) => ({ deleted: unwrap(await deleteSamplingRule(db, id)).id }),
    );
    out(`removed sampling rule ${id}`);
  });

  serverOptions(
    qa
      .command('sample')
      .description("Draw a period's sample of a rule now: conversations assigned to its reviewers")
      .argument('<ruleId>', 'the sampling rule (servicemeter qa rules list)')
      .option(
        '--period <period>',
        'a day YYYY-MM-DD or an ISO week YYYY-Www (default: the previous full one)',
        period,
      )
      .option('--seed <seed>', 'the seed of the draw: the same seed over the same data draws the same')
      .option('--dry-run', 'show what would be drawn, assign nothing')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
A conversation once assigned or reviewed is never drawn again.

Examples:
  servicemeter qa sample weekly --period 2026-W10 --seed march --dry-run
  servicemeter qa sample weekly`,
    )
    .action(
      async (
        ruleId: string,
        options: Where & { period?: string; seed?: string; dryRun?: boolean; format: 'table' | 'json' },
      ) => {
        const request = {
          ...(options.period !== undefined ? { period: options.period } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.dryRun ? { dryRun: true } : {}),
        };
        const drawn = await run(
          options,
          (api) =>
            api.json<DrawOutcome>('POST', `sampling-rules/${encodeURIComponent(ruleId)}/draw`, request),
          async (db) => unwrap(await drawSample(db, ruleId, { ...request, now: new Date() })),
        );
        if (options.format === 'json') {
          out(JSON.stringify(drawn, null, 2));
          return;
        }
        note(
          `${options.dryRun ? 'would draw' : 'drew'} ${drawn.drawn.length} of ${drawn.candidates} conversations in ${drawn.period} (${drawn.alreadyReviewed} already assigned or reviewed)`,
        );
        if (drawn.drawn.length > 0) out(assignmentsTable(drawn.drawn));
      },
    );

  serverOptions(
    qa
      .command('assignments')
      .description('Review assignments: who reviews which conversation, by when')
      .option('--reviewer <id>', "a reviewer's user id (me: the token's user, through a server)")
      .option('--agent <id>', 'the agent reviewed')
      .addOption(new Option('--status <status>', 'open, done or skipped').choices([...ASSIGNMENT_STATUSES]))
      .option('--limit <n>', 'at most this many', positiveInteger, 100)
      .addOption(formatOption()),
  ).action(
    async (
      options: Where & {
        reviewer?: string;
        agent?: string;
        status?: AssignmentView['status'];
        limit: number;
        format: 'table' | 'json';
      },
    ) => {
      const page = await run(
        options,
        (api) => {
          const query = new URLSearchParams({ limit: String(Math.min(options.limit, 500)) });
          if (options.reviewer) query.set('reviewer', options.reviewer);
          if (options.agent) query.set('agent', options.agent);
          if (options.status) query.set('status', options.status);
          return api.json<{ assignments: AssignmentView[]; total: number }>('GET', `assignments?${query}`);
        },
        (db) =>
          listAssignments(db, {
            ...(options.reviewer ? { reviewerId: options.reviewer } : {}),
            ...(options.agent ? { agentId: options.agent } : {}),
            ...(options.status ? { status: options.status } : {}),
            limit: options.limit,
            offset: 0,
          }),
      );
      printed(options.format, page.assignments, assignmentsTable, 'no assignments');
      if (options.format === 'table' && page.total > page.assignments.length)
        note(`${page.assignments.length} of ${page.total} shown: --limit shows more`);
    },
  );

  // ─── reviews ──────────────────────────────────────────────────────────────
  serverOptions(
    qa
      .command('reviews')
      .description('Reviews, newest first, with their scores')
      .option('--agent <id>', 'of this agent')
      .option('--reviewer <id>', 'given by this user')
      .option('--scorecard <id>', 'with this scorecard')
      .addOption(new Option('--kind <kind>', 'review, self or calibration').choices([...QA_REVIEW_KINDS]))
      .option('--from <day>', 'first day reviewed, YYYY-MM-DD (UTC)', calendarDay)
      .option('--to <day>', 'last day, included', calendarDay)
      .option('--disputed', 'only disputed reviews')
      .option('--limit <n>', 'at most this many', positiveInteger, 1000)
      .addOption(
        new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'),
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  servicemeter qa reviews --agent ann
  servicemeter qa reviews --from 2026-03-01 --to 2026-03-31 --format csv > march.csv`,
    )
    .action(
      async (
        options: Where & {
          agent?: string;
          reviewer?: string;
          scorecard?: string;
          kind?: ReviewSummary['kind'];
          from?: string;
          to?: string;
          disputed?: boolean;
          limit: number;
          format: 'table' | 'csv' | 'json';
        },
      ) => {
        const limit = Math.min(options.limit, REVIEWS_MAX);
        const reviews = await run(
          options,
          async (api) => {
            const all: ReviewSummary[] = [];
            let total = Number.POSITIVE_INFINITY;
            while (all.length < Math.min(limit, total)) {
              const query = new URLSearchParams({
                limit: String(Math.min(500, limit - all.length)),
                offset: String(all.length),
              });
              for (const [name, value] of [
                ['agent', options.agent],
                ['reviewer', options.reviewer],
                ['scorecard', options.scorecard],
                ['kind', options.kind],
                ['from', options.from],
                ['to', options.to],
              ] as const)
                if (value !== undefined) query.set(name, value);
              if (options.disputed) query.set('disputed', 'true');
              const page = await api.json<{ reviews: ReviewSummary[]; total: number }>(
                'GET',
                `reviews?${query}`,
              );
              all.push(...page.reviews);
              total = page.total;
              if (page.reviews.length === 0) break;
            }
            return all;
          },
          async (db) =>
            (
              await listReviews(db, {
                ...(options.agent ? { agentIds: [options.agent] } : {}),
                ...(options.reviewer ? { reviewerId: options.reviewer } : {}),
                ...(options.scorecard ? { scorecardId: options.scorecard } : {}),
                ...(options.kind ? { kind: options.kind } : {}),
                ...(options.from ? { from: new Date(`${options.from}T00:00:00Z`) } : {}),
                ...(options.to ? { to: new Date(Date.parse(`${options.to}T00:00:00Z`) + DAY_MS) } : {}),
                ...(options.disputed ? { disputed: true } : {}),
                limit,
                offset: 0,
              })
            ).reviews,
        );
        if (options.format === 'csv') {
          const lines = [
            REVIEW_COLUMNS.join(','),
            ...reviews.map((r) => reviewCells(r).map(csvCell).join(',')),
          ];
          process.stdout.write(`${lines.join('\r\n')}\r\n`);
        } else printed(options.format, reviews, reviewsTable, 'no reviews');
      },
    );

  serverOptions(
    qa
      .command('review')
      .description('Submit a review from a JSON file: { "contact", "scorecardId", "ratings", "comment"? }')
      .argument('<file>', 'the review')
      .option(
        '--reviewer <id>',
        "the reviewer's user id, on a database file (through a server: the token's user)",
      )
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
The file: { "contact": { "source", "externalId" }, "scorecardId", "ratings": [ { "categoryId",
"rating" (null: not applicable), "comment"?, "quote"?, "rootCauses"? } ], "comment"?, "kind"?,
"assignmentId"? }. The same reviewer submitting again for the same conversation replaces their review.

Example:
  servicemeter qa review review.json --reviewer u-lead`,
    )
    .action(async (file: string, options: Where & { reviewer?: string; format: 'table' | 'json' }) => {
      const input = (await readJsonObject(file, 'a review')) as unknown as ReviewInput;
      const review = await run(
        options,
        (api) => fromFile(file, api.json<ReviewView>('POST', 'reviews', input)),
        async (db) => {
          if (options.reviewer === undefined)
            throw new CliError(
              'who reviewed? give --reviewer <user id> (through a server, the token names them)',
            );
          if (typeof input.contact !== 'object' || input.contact === null || !Array.isArray(input.ratings))
            throw new CliError(
              `${file}: expected { "contact": { "source", "externalId" }, "scorecardId", "ratings": [ … ] }`,
            );
          return unwrap(await submitReview(db, fileActor(options.reviewer), input, new Date()), file);
        },
      );
      if (options.format === 'json') out(JSON.stringify(review, null, 2));
      else
        out(
          `review ${review.id} of ${contactKeyOf(review.contact)} (agent ${review.agentId}): ${percent(review.score)}, ${review.passed ? 'passed' : 'not passed'}${review.criticalFailed ? ', a critical category failed' : ''}`,
        );
    });

  // ─── calibration and disputes ─────────────────────────────────────────────
  const calibration = qa.command('calibration').description('Calibration sessions and their agreement');

  serverOptions(
    calibration.command('list').description('The calibration sessions').addOption(formatOption()),
  ).action(async (options: Where & { format: 'table' | 'json' }) => {
    const list = await run(
      options,
      async (api) => (await api.json<{ sessions: CalibrationSessionView[] }>('GET', 'calibrations')).sessions,
      (db) => listCalibrationSessions(db),
    );
    printed(options.format, list, calibrationsTable, 'no calibration sessions');
  });

  serverOptions(
    calibration
      .command('result')
      .description(
        "A session's agreement per category (percentage and Krippendorff's alpha) and each reviewer's distance to the reference",
      )
      .argument('<id>', 'the session')
      .addOption(formatOption()),
  ).action(async (id: string, options: Where & { format: 'table' | 'json' }) => {
    const result = await run(
      options,
      (api) => api.json<CalibrationResult>('GET', `calibrations/${encodeURIComponent(id)}/result`),
      async (db) => {
        const found = await calibrationResult(db, id);
        if (!found)
          throw new CliError(`no calibration session ${id} (servicemeter qa calibration list shows them)`);
        return found;
      },
    );
    printed(options.format, result, calibrationText);
  });

  serverOptions(
    calibration
      .command('create')
      .description(
        'Start a calibration session: every reviewer reviews the same conversations, blind to the others until it closes',
      )
      .requiredOption('--name <name>', 'what the session is called')
      .requiredOption('--scorecard <id>', 'the scorecard reviewed with (its current version)')
      .requiredOption('--reviewer <id>', 'a reviewer, by user id (repeat: at least two)', collect)
      .requiredOption('--contact <key>', 'a conversation, source|external_id (repeat for more)', collect)
      .option('--reference <id>', 'the reviewer whose ratings the others are measured against')
      .option('--due <when>', 'due by: a day YYYY-MM-DD (its end, UTC) or an ISO 8601 instant', due)
      .option(
        '--by <id>',
        'the manager or admin starting it, on a database file (through a server: the token)',
      )
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Each reviewer gets one calibration assignment per conversation. The result (agreement per category,
Krippendorff's alpha, distance to the reference) is read with servicemeter qa calibration result.

Example:
  servicemeter qa calibration create --name "March" --scorecard support \\
    --reviewer u-lead --reviewer u-coach --contact 'helpdesk|t1' --contact 'helpdesk|t2' --reference u-lead`,
    )
    .action(
      async (
        options: Where & {
          name: string;
          scorecard: string;
          reviewer: string[];
          contact: string[];
          reference?: string;
          due?: string;
          by?: string;
          format: 'table' | 'json';
        },
      ) => {
        const input = {
          name: options.name,
          scorecardId: options.scorecard,
          reviewers: options.reviewer,
          contacts: options.contact.map(contactOf),
          ...(options.reference !== undefined ? { referenceReviewerId: options.reference } : {}),
          ...(options.due !== undefined ? { dueAt: options.due } : {}),
        };
        const created = await run(
          options,
          (api) => api.json<CalibrationSessionView>('POST', 'calibrations', input),
          async (db) => {
            const by =
              options.by === undefined
                ? null
                : (await staffActor(db, options.by, 'starts a calibration')).userId;
            return unwrap(
              await createCalibrationSession(
                db,
                {
                  name: input.name,
                  scorecardId: input.scorecardId,
                  reviewers: input.reviewers,
                  contacts: input.contacts,
                  ...(options.reference !== undefined ? { referenceReviewerId: options.reference } : {}),
                  ...(options.due !== undefined ? { dueAt: new Date(options.due) } : {}),
                },
                by,
                new Date(),
              ),
            );
          },
        );
        if (options.format === 'json') out(JSON.stringify(created, null, 2));
        else
          out(
            `started calibration ${created.id} (${created.name}): ${created.reviewers.length} reviewers × ${created.contacts.length} conversations with ${created.scorecardId} v${created.scorecardVersion}`,
          );
      },
    );

  serverOptions(
    calibration
      .command('close')
      .description(
        'Close a session: it takes no more reviews, open assignments are skipped, its reviews are seen',
      )
      .argument('<id>', 'the session')
      .addOption(formatOption()),
  ).action(async (id: string, options: Where & { format: 'table' | 'json' }) => {
    const closed = await run(
      options,
      (api) => api.json<CalibrationSessionView>('POST', `calibrations/${encodeURIComponent(id)}/close`),
      async (db) => unwrap(await closeCalibrationSession(db, id, new Date())),
    );
    if (options.format === 'json') out(JSON.stringify(closed, null, 2));
    else out(`closed calibration ${closed.id} (${closed.name})`);
  });

  const disputes = serverOptions(
    qa
      .command('disputes')
      .description('Disputes of reviews, newest first; resolve one with disputes resolve')
      .addOption(new Option('--status <status>', 'open, accepted or rejected').choices([...DISPUTE_STATUSES]))
      .option('--agent <id>', 'of this agent')
      .addOption(formatOption()),
  ).action(
    async (options: Where & { status?: DisputeView['status']; agent?: string; format: 'table' | 'json' }) => {
      const list = await run(
        options,
        async (api) => {
          const query = new URLSearchParams();
          if (options.status) query.set('status', options.status);
          if (options.agent) query.set('agent', options.agent);
          return (await api.json<{ disputes: DisputeView[] }>('GET', `disputes?${query}`)).disputes;
        },
        (db) =>
          listDisputes(db, {
            ...(options.status ? { status: options.status } : {}),
            ...(options.agent ? { agentId: options.agent } : {}),
          }),
      );
      printed(options.format, list, disputesTable, 'no disputes');
    },
  );

  serverOptions(
    disputes
      .command('resolve')
      .description('Accept or reject an open dispute, with the resolution the agent reads')
      .argument('<id>', 'the dispute (servicemeter qa disputes --status open)')
      .addOption(new Option('--accept', 'the agent is right').conflicts('reject'))
      .addOption(new Option('--reject', 'the review stands').conflicts('accept'))
      .requiredOption('--resolution <text>', 'why, in words the agent reads')
      .option(
        '--ratings <file>',
        'with --accept: the revised ratings, [ { "categoryId", "rating" } ] (the review is rescored)',
      )
      .option('--by <id>', 'the manager or admin resolving, on a database file (through a server: the token)')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
Neither the agent who disputed nor the reviewer of the review resolves it (an admin may resolve
their own review's dispute). Accepted with --ratings, the review keeps its id and reviewer and is
scored again; the dispute keeps the score before and after.

Examples:
  servicemeter qa disputes resolve d1 --reject --resolution "The greeting was missing" --by u-lead
  servicemeter qa disputes resolve d1 --accept --resolution "Tone was fine" --ratings tone.json --by u-lead`,
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = withParentOptions<
        Where & {
          accept?: boolean;
          reject?: boolean;
          resolution: string;
          ratings?: string;
          by?: string;
          format: 'table' | 'json';
        }
      >(command);
      if (!options.accept && !options.reject)
        throw new CliError('give --accept (the agent is right) or --reject (the review stands)');
      if (options.reject && options.ratings !== undefined)
        throw new CliError('--ratings go with --accept: a rejected dispute changes no rating');
      const file = options.ratings;
      const request = {
        accept: options.accept === true,
        resolution: options.resolution,
        ...(file !== undefined ? { ratings: await readRatings(file) } : {}),
      };
      const withFile = <T>(work: Promise<T>) => (file === undefined ? work : fromFile(file, work));
      const resolved = await run(
        options,
        (api) =>
          withFile(api.json<DisputeView>('POST', `disputes/${encodeURIComponent(id)}/resolve`, request)),
        async (db) => {
          const actor = await staffActor(db, options.by, 'resolves a dispute');
          const result = await resolveDispute(db, actor, id, request, new Date());
          // Only the ratings come from the file: what else is refused is no fault of it.
          return unwrap(
            result,
            !result.ok &&
              result.error.kind === 'invalid' &&
              result.error.issues.some((i) => i.path.startsWith('ratings'))
              ? file
              : undefined,
          );
        },
      );
      if (options.format === 'json') out(JSON.stringify(resolved, null, 2));
      else
        out(
          `dispute ${resolved.id} ${resolved.status}: review ${resolved.reviewId} ${percent(resolved.scoreBefore)} → ${percent(resolved.scoreAfter)}`,
        );
    });

  // ─── goals ────────────────────────────────────────────────────────────────
  const goals = qa.command('goals').description('Review goals: how many reviews each agent gets a month');

  serverOptions(goals.command('list').description('The goals set').addOption(formatOption())).action(
    async (options: Where & { format: 'table' | 'json' }) => {
      const list = await run(
        options,
        async (api) => (await api.json<{ goals: GoalView[] }>('GET', 'goals')).goals,
        (db) => listGoals(db),
      );
      printed(
        options.format,
        list,
        goalsTable,
        'no goals yet: set one with servicemeter qa goals set --scope all --reviews-per-month 4',
      );
    },
  );

  serverOptions(
    goals
      .command('set')
      .description('Set the reviews per month an agent gets: for everyone, a team, or one agent')
      .addOption(
        new Option('--scope <scope>', 'all, team or agent').choices([...GOAL_SCOPES]).makeOptionMandatory(),
      )
      .option('--id <id>', 'the team or agent, with --scope team or agent')
      .requiredOption('--reviews-per-month <n>', 'the goal; 0 removes it', reviewsPerMonth)
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
The most specific goal applies: an agent's own, else their team's, else everyone's. A goal of 0
removes it, and the next less specific one applies again.

Examples:
  servicemeter qa goals set --scope all --reviews-per-month 4
  servicemeter qa goals set --scope agent --id ann --reviews-per-month 8`,
    )
    .action(
      async (
        options: Where & { scope: GoalScope; id?: string; reviewsPerMonth: number; format: 'table' | 'json' },
      ) => {
        if (options.scope === 'all' && options.id !== undefined)
          throw new CliError('--id goes with --scope team or agent: a goal for all names no one');
        if (options.scope !== 'all' && options.id === undefined)
          throw new CliError(`--scope ${options.scope} needs --id <${options.scope} id>`);
        const goal = {
          scope: options.scope,
          scopeId: options.id ?? '',
          reviewsPerMonth: options.reviewsPerMonth,
        };
        const set = await run(
          options,
          (api) =>
            api.json<{ scope: GoalScope; scopeId: string; reviewsPerMonth: number }>('PUT', 'goals', goal),
          async (db) => unwrap(await setGoal(db, goal, new Date())) ?? goal,
        );
        if (options.format === 'json') out(JSON.stringify(set, null, 2));
        else {
          const whom = set.scope === 'all' ? 'everyone' : `${set.scope} ${set.scopeId}`;
          out(
            set.reviewsPerMonth === 0
              ? `removed the goal for ${whom}`
              : `goal for ${whom}: ${set.reviewsPerMonth} reviews per month`,
          );
        }
      },
    );

  serverOptions(
    goals
      .command('progress')
      .description("Each agent's reviews in a month against the goal that applies to them")
      .option('--month <month>', 'YYYY-MM (default: this month, UTC)', month)
      .option('--agent <id>', 'of this agent')
      .addOption(formatOption()),
  ).action(async (options: Where & { month?: string; agent?: string; format: 'table' | 'json' }) => {
    const chosen = options.month ?? thisMonth();
    const progress = await run(
      options,
      async (api) => {
        const query = new URLSearchParams({ month: chosen });
        if (options.agent) query.set('agent', options.agent);
        return (await api.json<{ progress: GoalProgress[] }>('GET', `goals/progress?${query}`)).progress;
      },
      async (db) =>
        (await goalProgress(db, chosen)).filter(
          (p) => options.agent === undefined || p.agentId === options.agent,
        ),
    );
    printed(options.format, progress, progressTable, `no agent has a goal in ${chosen}`);
  });

  // ─── coaching ─────────────────────────────────────────────────────────────
  const coaching = qa
    .command('coaching')
    .description('Coaching sessions with agents, linked to their reviews');

  serverOptions(
    coaching
      .command('list')
      .description('The coaching sessions')
      .option('--agent <id>', 'with this agent')
      .addOption(formatOption()),
  ).action(async (options: Where & { agent?: string; format: 'table' | 'json' }) => {
    const list = await run(
      options,
      async (api) => {
        const query = options.agent ? `?${new URLSearchParams({ agent: options.agent })}` : '';
        return (await api.json<{ sessions: CoachingSessionView[] }>('GET', `coaching${query}`)).sessions;
      },
      (db) => listCoachingSessions(db, options.agent !== undefined ? { agentId: options.agent } : {}),
    );
    printed(options.format, list, coachingTable, 'no coaching sessions');
  });

  serverOptions(
    coaching
      .command('add')
      .description('Plan or record a coaching session from a JSON file')
      .argument('<file>', '{ "agentId", "heldOn"?, "reviewIds"?, "categories"?, "notes"?, "actions"?, … }')
      .option('--by <id>', 'the coach, a manager or admin, on a database file (through a server: the token)')
      .addOption(formatOption()),
  )
    .addHelpText(
      'after',
      `
The file: { "agentId", "coachId"? (default: --by, or the token's user), "heldOn"? YYYY-MM-DD,
"reviewIds"? (reviews of that agent), "categories"?, "notes"?, "actions"? [ { "text", "done"? } ],
"followUpOn"? YYYY-MM-DD, "status"? planned|held|followed_up }.

Example:
  servicemeter qa coaching add ann-march.json --by u-lead`,
    )
    .action(async (file: string, options: Where & { by?: string; format: 'table' | 'json' }) => {
      const input = await readJsonObject(file, 'a coaching session');
      const created = await run(
        options,
        (api) => fromFile(file, api.json<CoachingSessionView>('POST', 'coaching', input)),
        async (db) => {
          const coach =
            options.by === undefined && typeof input.coachId === 'string'
              ? null
              : (await staffActor(db, options.by, 'coaches')).userId;
          return unwrap(await createCoachingSession(db, input, coach, new Date()), file);
        },
      );
      if (options.format === 'json') out(JSON.stringify(created, null, 2));
      else
        out(
          `added coaching session ${created.id} with ${created.agentId} (coach ${created.coachId}): ${created.status}${created.followUpOn ? `, follow up on ${created.followUpOn}` : ''}`,
        );
    });

  // ─── checks ───────────────────────────────────────────────────────────────
  const checks = qa.command('checks').description('The automatic checks run on every conversation');

  serverOptions(checks.command('list').description('The check rules').addOption(formatOption())).action(
    async (options: Where & { format: 'table' | 'json' }) => {
      const list = await run(
        options,
        async (api) => (await api.json<{ rules: CheckRuleView[] }>('GET', 'checks')).rules,
        (db) => listCheckRules(db),
      );
      printed(options.format, list, checksTable);
    },
  );

  serverOptions(
    checks
      .command('run')
      .description('Check conversations again with the current rules')
      .option('--contact <key...>', 'only these conversations, source|external_id (default: every one)'),
  ).action(async (options: Where & { contact?: string[] }) => {
    const ran = await run(
      options,
      (api) =>
        api.json<{ checked: number; hits: number }>(
          'POST',
          'checks/run',
          options.contact ? { contactKeys: options.contact } : {},
        ),
      (db) => runChecks(db, options.contact ? { contactKeys: options.contact } : 'all', new Date()),
    );
    out(`checked ${ran.checked} conversations: ${ran.hits} hits`);
  });

  // ─── training ─────────────────────────────────────────────────────────────
  const training = qa.command('training').description('Training needs from the reviews, and training days');

  serverOptions(
    training
      .command('needs')
      .description('Training needs per agent and category, from the root causes picked on low ratings')
      .option('--from <day>', 'first day, YYYY-MM-DD (default: 30 days before --to)', calendarDay)
      .option('--to <day>', 'last day, included (default: today)', calendarDay)
      .option('--agent <id>', 'of this agent')
      .addOption(formatOption()),
  ).action(
    async (options: Where & { from?: string; to?: string; agent?: string; format: 'table' | 'json' }) => {
      const needs = await run(
        options,
        async (api) =>
          (await api.json<{ needs: TrainingNeed[] }>('GET', `training-needs${rangeQuery(options)}`)).needs,
        (db) =>
          trainingNeeds(db, { ...rangeOf(options), ...(options.agent ? { agentId: options.agent } : {}) }),
      );
      printed(options.format, needs, needsTable, 'no training needs in the period');
    },
  );

  serverOptions(
    training
      .command('add')
      .description('Record a training day of an agent')
      .requiredOption('--agent <id>', 'the agent trained')
      .requiredOption('--day <day>', 'the day, YYYY-MM-DD', calendarDay)
      .option('--hours <hours>', 'hours of training', hours)
      .option('--topic <topic>', 'what was trained')
      .option('--category <id>', 'the scorecard category it trains'),
  ).action(
    async (
      options: Where & { agent: string; day: string; hours?: number; topic?: string; category?: string },
    ) => {
      const input = {
        agentId: options.agent,
        day: options.day,
        ...(options.hours !== undefined ? { hours: options.hours } : {}),
        ...(options.topic !== undefined ? { topic: options.topic } : {}),
        ...(options.category !== undefined ? { categoryId: options.category } : {}),
      };
      await run(
        options,
        (api) => api.json<unknown>('POST', 'training-days', input),
        async (db) => unwrap(await recordTrainingDay(db, input, new Date())),
      );
      out(`recorded a training day of ${options.agent} on ${options.day}`);
    },
  );

  // ─── drift ────────────────────────────────────────────────────────────────
  serverOptions(
    qa
      .command('drift')
      .description("Reviewers whose scores differ clearly from the others' on comparable conversations")
      .option('--from <day>', 'first day reviewed, YYYY-MM-DD (default: 30 days before --to)', calendarDay)
      .option('--to <day>', 'last day, included (default: today)', calendarDay)
      .addOption(formatOption()),
  ).action(async (options: Where & { from?: string; to?: string; format: 'table' | 'json' }) => {
    const drift = await run(
      options,
      async (api) =>
        (await api.json<{ reviewers: ReviewerDrift[] }>('GET', `drift${rangeQuery(options)}`)).reviewers,
      (db) => reviewerDrift(db, rangeOf(options)),
    );
    printed(options.format, drift, driftTable, 'no reviewers to compare in the period');
  });
}
