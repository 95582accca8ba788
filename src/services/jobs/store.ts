import { randomBytes } from 'node:crypto';
import type { Engine, Row } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { dataStatus } from '../data-status.js';
import { isJsonObject, type JobKinds, type Json, type JsonObject, type ParamIssue } from './kind.js';
import { nextScheduledRun, retryAt, scheduleProblem, timeZoneProblem } from './schedule.js';

/**
 * The jobs table and the history of runs. Every change is one transaction, so that on the server
 * (where a transaction holds the writing connection) a check and the write it allows never
 * interleave with another request's.
 */

export type JobOutcome = 'ok' | 'failed' | 'interrupted';

export interface JobView {
  id: string;
  kind: string;
  name: string;
  /** What a run does, from the kind: "Pull acme.zendesk.com as lead@acme.com". */
  description: string;
  params: JsonObject;
  /** A five-field cron schedule; null: the job runs only when asked to. */
  schedule: string | null;
  /** The IANA time zone the schedule is read in. */
  timezone: string;
  paused: boolean;
  /** When it runs next by itself (its schedule, or a retry after a failure); null when paused. */
  nextRunAt: string | null;
  /** Set while a run has been asked for and has not started yet. */
  runRequestedAt: string | null;
  /** Set while a run is in progress. */
  runningSince: string | null;
  /** Where its runs have got to; the kind decides what it holds. */
  cursor: Json;
  /** Failures in a row; 0 after a run that went well. */
  attempts: number;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: JobOutcome | null;
  lastError: string | null;
  lastErrorAt: string | null;
  createdAt: string;
}

export interface JobRunView {
  jobId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: JobOutcome;
  detail: JsonObject | null;
  error: string | null;
}

export type JobError =
  | { kind: 'not_found'; id: string }
  | { kind: 'invalid'; issues: ParamIssue[] }
  | { kind: 'running'; id: string; since: string };

export function describeJobError(error: JobError): string {
  switch (error.kind) {
    case 'not_found':
      return `no job '${error.id}'`;
    case 'invalid':
      return error.issues.map((i) => `${i.field}: ${i.reason}`).join('; ');
    case 'running':
      return `job '${error.id}' is running (since ${error.since}): wait for the run to end`;
  }
}

/** Runs kept per job; older ones are removed as new ones are recorded. */
export const RUNS_KEPT = 200;

const NAME_LIMIT = 100;

function parseJson(text: unknown): Json {
  if (text === null || text === undefined) return null;
  return JSON.parse(String(text)) as Json;
}

function outcomeOf(value: unknown): JobOutcome | null {
  return value === 'ok' || value === 'failed' || value === 'interrupted' ? value : null;
}

function viewOf(row: Row, kinds: JobKinds): JobView {
  const params = parseJson(row.params);
  const safeParams = isJsonObject(params) ? params : {};
  const kind = kinds.get(String(row.kind));
  let description: string;
  try {
    description = kind ? kind.describe(safeParams) : `unknown kind '${String(row.kind)}'`;
  } catch (error) {
    description = error instanceof Error ? error.message : String(error);
  }
  const paused = row.paused === true;
  return {
    id: String(row.id),
    kind: String(row.kind),
    name: String(row.name),
    description,
    params: safeParams,
    schedule: row.schedule === null ? null : String(row.schedule),
    timezone: String(row.timezone),
    paused,
    nextRunAt: paused ? null : isoInstant(row.next_run_at),
    runRequestedAt: isoInstant(row.run_requested_at),
    runningSince: isoInstant(row.running_since),
    cursor: parseJson(row.cursor),
    attempts: Number(row.attempts ?? 0),
    lastStartedAt: isoInstant(row.last_started_at),
    lastFinishedAt: isoInstant(row.last_finished_at),
    lastOutcome: outcomeOf(row.last_outcome),
    lastError: row.last_error === null ? null : String(row.last_error),
    lastErrorAt: isoInstant(row.last_error_at),
    createdAt: isoInstant(row.created_at) ?? '',
  };
}

export async function listJobs(engine: Engine, kinds: JobKinds): Promise<JobView[]> {
  const rows = await engine.all('SELECT * FROM jobs ORDER BY created_at, id');
  return rows.map((r) => viewOf(r, kinds));
}

export async function getJob(engine: Engine, kinds: JobKinds, id: string): Promise<JobView | null> {
  const rows = await engine.all(`SELECT * FROM jobs WHERE id = ${engine.dialect.placeholder(1)}`, [id]);
  return rows[0] ? viewOf(rows[0], kinds) : null;
}

export interface NewJob {
  kind: string;
  /** Default: the kind. */
  name?: string;
  params: unknown;
  /** Five-field cron; null or absent: only on demand. */
  schedule?: string | null;
  /** Default: the team's time zone (the default calendar's). */
  timezone?: string;
  paused?: boolean;
}

function checkName(name: string, issues: ParamIssue[]): void {
  if (name.trim() === '') issues.push({ field: 'name', reason: 'must not be empty' });
  else if (name.length > NAME_LIMIT)
    issues.push({ field: 'name', reason: `longer than ${NAME_LIMIT} characters` });
}

function checkSchedule(schedule: string | null, timezone: string, issues: ParamIssue[]): void {
  const zoneProblem = timeZoneProblem(timezone);
  if (zoneProblem) {
    issues.push({ field: 'timezone', reason: zoneProblem });
    return;
  }
  const problem = schedule === null ? null : scheduleProblem(schedule, timezone);
  if (problem) issues.push({ field: 'schedule', reason: problem });
}

function checkParams(
  kinds: JobKinds,
  kind: string,
  params: unknown,
  issues: ParamIssue[],
): JsonObject | null {
  const known = kinds.get(kind);
  if (!known) {
    issues.push({
      field: 'kind',
      reason: `'${kind}' is not a kind of job (known: ${[...kinds.keys()].join(', ')})`,
    });
    return null;
  }
  const checked = known.validate(params);
  if (!checked.ok) {
    issues.push(...checked.error.map((i) => ({ field: `params.${i.field}`, reason: i.reason })));
    return null;
  }
  // Stored as the kind read them, defaults filled in, so that a list shows what a run will use.
  return isJsonObject(checked.data) ? checked.data : {};
}

export async function createJob(
  engine: Engine,
  kinds: JobKinds,
  input: NewJob,
  now = new Date(),
): Promise<Result<JobView, JobError>> {
  const issues: ParamIssue[] = [];
  const name = input.name ?? input.kind;
  checkName(name, issues);
  const schedule = input.schedule ?? null;
  const timezone = input.timezone ?? (await dataStatus(engine)).timezone;
  checkSchedule(schedule, timezone, issues);
  const params = checkParams(kinds, input.kind, input.params, issues);
  if (issues.length > 0 || params === null) return err({ kind: 'invalid', issues });
  const id = randomBytes(5).toString('hex');
  const paused = input.paused ?? false;
  const next = nextScheduledRun(schedule, timezone, now);
  const p = engine.dialect.placeholder;
  await engine.transaction(() =>
    engine.run(
      `INSERT INTO jobs (id, kind, name, params, schedule, timezone, paused, next_run_at, run_requested_at, running_since, cursor, attempts, last_started_at, last_finished_at, last_outcome, last_error, last_error_at, created_at)
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, CAST(${p(8)} AS TIMESTAMP), NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, CAST(${p(9)} AS TIMESTAMP))`,
      [
        id,
        input.kind,
        name.trim(),
        JSON.stringify(params),
        schedule,
        timezone,
        paused,
        next === null ? null : sqlInstant(next),
        sqlInstant(now),
      ],
    ),
  );
  const job = await getJob(engine, kinds, id);
  if (!job) throw new Error(`job ${id} vanished after insert`);
  return ok(job);
}

export interface JobChanges {
  name?: string;
  params?: unknown;
  schedule?: string | null;
  timezone?: string;
  paused?: boolean;
}

/**
 * Changes a job. A new schedule or time zone, and a resume, set the next run from the schedule (a
 * resumed job whose last run was interrupted runs at once, to finish it). New parameters start
 * from no cursor, since a cursor belongs to the parameters it was saved under; they are refused
 * while a run uses the old ones.
 */
export async function updateJob(
  engine: Engine,
  kinds: JobKinds,
  id: string,
  changes: JobChanges,
  now = new Date(),
): Promise<Result<JobView, JobError>> {
  const p = engine.dialect.placeholder;
  const changed = await engine.transaction(async (): Promise<Result<null, JobError>> => {
    const current = await getJob(engine, kinds, id);
    if (!current) return err({ kind: 'not_found', id });
    const issues: ParamIssue[] = [];
    if (changes.name !== undefined) checkName(changes.name, issues);
    const schedule = changes.schedule === undefined ? current.schedule : changes.schedule;
    const timezone = changes.timezone ?? current.timezone;
    if (changes.schedule !== undefined || changes.timezone !== undefined)
      checkSchedule(schedule, timezone, issues);
    const params =
      changes.params === undefined
        ? current.params
        : checkParams(kinds, current.kind, changes.params, issues);
    if (issues.length > 0 || params === null) return err({ kind: 'invalid', issues });
    if (changes.params !== undefined && current.runningSince !== null)
      return err({ kind: 'running', id, since: current.runningSince });

    const paused = changes.paused ?? current.paused;
    const resumed = current.paused && !paused;
    const rescheduled = changes.schedule !== undefined || changes.timezone !== undefined;
    let next: Date | null = null;
    if (resumed && current.lastOutcome === 'interrupted') next = now;
    else if (resumed || rescheduled) next = nextScheduledRun(schedule, timezone, now);
    const keepNext = !resumed && !rescheduled;
    await engine.run(
      `UPDATE jobs SET name = ${p(2)}, params = ${p(3)}, schedule = ${p(4)}, timezone = ${p(5)}, paused = ${p(6)},
         next_run_at = CASE WHEN ${keepNext ? 'TRUE' : 'FALSE'} THEN next_run_at ELSE CAST(${p(7)} AS TIMESTAMP) END,
         cursor = ${changes.params === undefined ? 'cursor' : 'NULL'}
       WHERE id = ${p(1)}`,
      [
        id,
        (changes.name ?? current.name).trim(),
        JSON.stringify(params),
        schedule,
        timezone,
        paused,
        next === null ? null : sqlInstant(next),
      ],
    );
    return ok(null);
  });
  if (!changed.ok) return changed;
  const job = await getJob(engine, kinds, id);
  if (!job) throw new Error(`job ${id} vanished after update`);
  return ok(job);
}

/** Asks for a run as soon as the runner is free; a paused job runs too (someone asked for it). */
export async function requestRun(
  engine: Engine,
  kinds: JobKinds,
  id: string,
  now = new Date(),
): Promise<Result<JobView, JobError>> {
  const p = engine.dialect.placeholder;
  const requested = await engine.transaction(async (): Promise<Result<null, JobError>> => {
    const current = await getJob(engine, kinds, id);
    if (!current) return err({ kind: 'not_found', id });
    if (current.runningSince !== null) return err({ kind: 'running', id, since: current.runningSince });
    await engine.run(
      `UPDATE jobs SET run_requested_at = coalesce(run_requested_at, CAST(${p(2)} AS TIMESTAMP)) WHERE id = ${p(1)}`,
      [id, sqlInstant(now)],
    );
    return ok(null);
  });
  if (!requested.ok) return requested;
  const job = await getJob(engine, kinds, id);
  if (!job) throw new Error(`job ${id} vanished after a run was asked for`);
  return ok(job);
}

/** Removes a job and its history; refused while it runs (pause it, and remove it once the run ends). */
export async function removeJob(
  engine: Engine,
  kinds: JobKinds,
  id: string,
): Promise<Result<JobView, JobError>> {
  const p = engine.dialect.placeholder;
  return engine.transaction(async (): Promise<Result<JobView, JobError>> => {
    const current = await getJob(engine, kinds, id);
    if (!current) return err({ kind: 'not_found', id });
    if (current.runningSince !== null) return err({ kind: 'running', id, since: current.runningSince });
    await engine.run(`DELETE FROM job_runs WHERE job_id = ${p(1)}`, [id]);
    await engine.run(`DELETE FROM jobs WHERE id = ${p(1)}`, [id]);
    return ok(current);
  });
}

/** A job's runs, newest first. */
export async function listRuns(engine: Engine, id: string, limit = RUNS_KEPT): Promise<JobRunView[]> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT * FROM job_runs WHERE job_id = ${p(1)} ORDER BY started_at DESC, finished_at DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    [id],
  );
  return rows.map((r) => {
    const detail = parseJson(r.detail);
    return {
      jobId: String(r.job_id),
      startedAt: isoInstant(r.started_at) ?? '',
      finishedAt: isoInstant(r.finished_at),
      outcome: outcomeOf(r.outcome) ?? 'failed',
      detail: isJsonObject(detail) ? detail : null,
      error: r.error === null ? null : String(r.error),
    };
  });
}

// What the runner does with the table.

/** The job a run should start for now: one asked for first, then the longest overdue. */
export async function nextDueJob(engine: Engine, kinds: JobKinds, now: Date): Promise<JobView | null> {
  const p = engine.dialect.placeholder;
  const rows = await engine.all(
    `SELECT * FROM jobs
     WHERE running_since IS NULL
       AND (run_requested_at IS NOT NULL OR (NOT paused AND next_run_at <= CAST(${p(1)} AS TIMESTAMP)))
     ORDER BY CASE WHEN run_requested_at IS NULL THEN 1 ELSE 0 END, coalesce(run_requested_at, next_run_at), id
     LIMIT 1`,
    [sqlInstant(now)],
  );
  return rows[0] ? viewOf(rows[0], kinds) : null;
}

/** When the runner next has something to do by itself, or null when nothing is scheduled. */
export async function nextWakeAt(engine: Engine): Promise<Date | null> {
  const rows = await engine.all(
    'SELECT min(next_run_at) AS at FROM jobs WHERE NOT paused AND running_since IS NULL AND next_run_at IS NOT NULL',
  );
  const at = isoInstant(rows[0]?.at);
  return at === null ? null : new Date(at);
}

/**
 * Claims the job for a run in one write: it fails when another run holds it. The claim is what a
 * restart finds when the run was cut off.
 */
export async function claimJob(
  engine: Engine,
  kinds: JobKinds,
  id: string,
  now: Date,
): Promise<JobView | null> {
  const p = engine.dialect.placeholder;
  return engine.transaction(async () => {
    const current = await getJob(engine, kinds, id);
    if (!current || current.runningSince !== null) return null;
    await engine.run(
      `UPDATE jobs SET running_since = CAST(${p(2)} AS TIMESTAMP), last_started_at = CAST(${p(2)} AS TIMESTAMP), run_requested_at = NULL
       WHERE id = ${p(1)} AND running_since IS NULL`,
      [id, sqlInstant(now)],
    );
    return getJob(engine, kinds, id);
  });
}

export async function saveJobCursor(engine: Engine, id: string, cursor: Json): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.transaction(() =>
    engine.run(`UPDATE jobs SET cursor = ${p(2)} WHERE id = ${p(1)}`, [id, JSON.stringify(cursor)]),
  );
}

export interface FinishedRun {
  outcome: JobOutcome;
  detail: JsonObject | null;
  error: string | null;
}

async function recordRun(
  engine: Engine,
  id: string,
  startedAt: string,
  finishedAt: Date,
  run: FinishedRun,
): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(
    `INSERT INTO job_runs (job_id, started_at, finished_at, outcome, detail, error)
     VALUES (${p(1)}, CAST(${p(2)} AS TIMESTAMP), CAST(${p(3)} AS TIMESTAMP), ${p(4)}, ${p(5)}, ${p(6)})`,
    [
      id,
      sqlInstant(new Date(startedAt)),
      sqlInstant(finishedAt),
      run.outcome,
      run.detail === null ? null : JSON.stringify(run.detail),
      run.error,
    ],
  );
  await engine.run(
    `DELETE FROM job_runs WHERE job_id = ${p(1)} AND started_at < (
       SELECT min(started_at) FROM (SELECT started_at FROM job_runs WHERE job_id = ${p(1)} ORDER BY started_at DESC LIMIT ${RUNS_KEPT}) kept)`,
    [id],
  );
}

/**
 * Ends the run the job holds: records it, releases the claim and sets the next run. A run that went
 * well clears the failures; a failure counts one more and waits its back-off (`retryAt`); an
 * interrupted run (the server stopped) runs again at once, from its cursor.
 */
export async function finishRun(
  engine: Engine,
  kinds: JobKinds,
  id: string,
  run: FinishedRun,
  now: Date,
): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.transaction(async () => {
    const job = await getJob(engine, kinds, id);
    if (!job || job.runningSince === null) return;
    await recordRun(engine, id, job.runningSince, now, run);
    const attempts = run.outcome === 'failed' ? job.attempts + 1 : run.outcome === 'ok' ? 0 : job.attempts;
    const next =
      run.outcome === 'interrupted'
        ? now
        : run.outcome === 'failed'
          ? retryAt(attempts, job.schedule, job.timezone, now)
          : nextScheduledRun(job.schedule, job.timezone, now);
    const failed = run.outcome === 'ok' ? null : (run.error ?? run.outcome);
    await engine.run(
      `UPDATE jobs SET running_since = NULL, last_finished_at = CAST(${p(2)} AS TIMESTAMP), last_outcome = CAST(${p(3)} AS VARCHAR),
         attempts = ${p(4)}, next_run_at = CAST(${p(5)} AS TIMESTAMP),
         last_error = CASE WHEN CAST(${p(3)} AS VARCHAR) = 'ok' THEN last_error ELSE ${p(6)} END,
         last_error_at = CASE WHEN CAST(${p(3)} AS VARCHAR) = 'ok' THEN last_error_at ELSE CAST(${p(2)} AS TIMESTAMP) END
       WHERE id = ${p(1)}`,
      [id, sqlInstant(now), run.outcome, attempts, next === null ? null : sqlInstant(next), failed],
    );
  });
}

/**
 * At start: every run still holding its job was cut off (kill -9, a power cut) and is recorded
 * as interrupted; its job runs again at once, resuming from its cursor. Returns those jobs' ids.
 */
export async function recoverInterruptedRuns(engine: Engine, kinds: JobKinds, now: Date): Promise<string[]> {
  const held = await engine.all('SELECT id FROM jobs WHERE running_since IS NOT NULL ORDER BY id');
  const ids = held.map((r) => String(r.id));
  for (const id of ids)
    await finishRun(
      engine,
      kinds,
      id,
      {
        outcome: 'interrupted',
        detail: null,
        error: 'the server stopped during the run; it resumes from its cursor',
      },
      now,
    );
  return ids;
}
