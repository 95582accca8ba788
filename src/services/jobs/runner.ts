import { abortReason } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { OutgoingMail } from '../mail/mailer.js';
import type { ExclusiveEngine, JobContext, JobKinds, JobProgress } from './kind.js';
import { sharedDuckDb } from './shared-duckdb.js';
import {
  claimJob,
  type FinishedRun,
  finishRun,
  getJob,
  type JobView,
  nextDueJob,
  nextWakeAt,
  recoverInterruptedRuns,
  saveJobCursor,
} from './store.js';

/**
 * Runs the jobs of the jobs table, one at a time in the whole server: a job whose time has come (or
 * that someone asked to run) is claimed in one write, run, and released with its outcome. Runs of
 * different jobs never overlap, so two syncs never import into the same tables at once and a rebuild
 * never runs under a sync; a job waits for the one before it.
 */

/** A timer the runner sets for its next job; tests drive their own. */
export interface RunnerTimer {
  set(delayMs: number, fire: () => void): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: RunnerTimer = {
  set(delayMs, fire) {
    const handle = setTimeout(fire, delayMs);
    // A waiting job never keeps the process alive by itself.
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type JobLogEntry =
  | { event: 'recovered'; job: string }
  | { event: 'started'; job: string; kind: string }
  | { event: 'progress'; job: string; kind: string; message: string }
  | {
      event: 'finished';
      job: string;
      kind: string;
      outcome: FinishedRun['outcome'];
      ms: number;
      error: string | null;
    }
  | { event: 'error'; error: string };

export interface JobRunnerOptions {
  /** The shared database (the server's serialized engine). */
  engine: ExclusiveEngine;
  /** The DuckDB engine under `engine`, for kinds that need DuckDB's own paths; null on another engine. */
  duckdb: DuckDbEngine | null;
  kinds: JobKinds;
  now?: () => Date;
  timer?: RunnerTimer;
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Let kinds follow an address named in a job's parameters (baseUrl) instead of the vendor's own.
   * Off in a server, where whoever may add a job could send a token anywhere and read the answer
   * in its error; only `servicemeter jobs run` on the file and tests turn it on.
   */
  allowBaseUrl?: boolean;
  /** The mail server survey kinds send through; without one they fail with a message saying so. */
  mail?: OutgoingMail | null;
  log?: (entry: JobLogEntry) => void;
}

export interface RunningJob {
  jobId: string;
  kind: string;
  since: Date;
  progress: JobProgress | null;
}

export interface JobRunner {
  /** Records runs a killed server left behind as interrupted, then starts running what is due. */
  start(): Promise<void>;
  /** Looks for due jobs now (after a job was added, changed or asked to run); resolves once that pass has ended. */
  wake(): Promise<void>;
  /** Resolves once the runner has nothing in hand. */
  idle(): Promise<void>;
  /**
   * Runs this job now, whatever its schedule, after the run in hand: for a command run by hand.
   * Resolves with how it ended, or null when there is no such job or another run holds it.
   */
  runOne(id: string): Promise<FinishedRun | null>;
  /** The run in progress, if any. */
  current(): RunningJob | null;
  /**
   * Asks the run in progress to stop, waits for it up to `graceMs` and records it interrupted (its
   * job runs again at the next start). A run that takes longer is left to be found by that start:
   * its statements are refused from now on.
   */
  stop(graceMs?: number): Promise<void>;
}

/** The runner looks at the table at least this often, whatever the next run: a clock may be set. */
const LONGEST_SLEEP_MS = 3_600_000;
/** After the table could not be read, the runner tries again after this. */
const AFTER_ERROR_MS = 60_000;

/** The engine, refusing every statement once `signal` is aborted. */
function stoppedBy<E extends ExclusiveEngine>(engine: E, signal: AbortSignal): ExclusiveEngine {
  const guard = <T>(work: () => Promise<T>): Promise<T> =>
    signal.aborted ? Promise.reject(abortReason(signal)) : work();
  const guarded: ExclusiveEngine = {
    kind: engine.kind,
    dialect: engine.dialect,
    exclusive: (work) => guard(() => engine.exclusive(() => guard(work))),
    run: (sql, params) => guard(() => engine.run(sql, params)),
    all: (sql, params, options) => guard(() => engine.all(sql, params, options)),
    transaction: (work) => guard(() => engine.transaction(() => guard(work))),
    insertRows: (table, columns, rows) => guard(() => engine.insertRows(table, columns, rows)),
    ...(engine.rebuilding
      ? {
          rebuilding: <T>(work: () => Promise<T>) =>
            guard(() => (engine.rebuilding as NonNullable<ExclusiveEngine['rebuilding']>)(work)),
        }
      : {}),
    // The server closes the database; a job only borrows it.
    close: async () => undefined,
  };
  return guarded;
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { engine, kinds } = options;
  const now = options.now ?? (() => new Date());
  const timer = options.timer ?? systemTimer;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const stopping = new AbortController();
  let started = false;
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let armed: unknown = null;
  let active: (RunningJob & { done: Promise<void> }) | null = null;
  let abandoned = false;

  const disarm = () => {
    if (armed !== null) timer.clear(armed);
    armed = null;
  };
  const arm = (delayMs: number) => {
    disarm();
    armed = timer.set(Math.max(0, Math.min(delayMs, LONGEST_SLEEP_MS)), () => {
      armed = null;
      void wake();
    });
  };

  async function runJob(due: JobView): Promise<FinishedRun | null> {
    const since = now();
    const job = await claimJob(engine, kinds, due.id, since);
    if (!job) return null;
    const kind = kinds.get(job.kind);
    log({ event: 'started', job: job.id, kind: job.kind });
    const running: RunningJob = { jobId: job.id, kind: job.kind, since, progress: null };
    let settle: () => void = () => undefined;
    active = { ...running, done: new Promise<void>((resolve) => (settle = resolve)) };
    const signal = stopping.signal;
    const jobEngine = stoppedBy(engine, signal);
    let finished: FinishedRun;
    try {
      if (!kind) {
        finished = {
          outcome: 'failed',
          detail: null,
          error: `'${job.kind}' is not a kind of job this servicemeter knows (known: ${[...kinds.keys()].join(', ')})`,
        };
      } else {
        const context: JobContext<unknown> = {
          engine: jobEngine,
          duckdb: options.duckdb ? sharedDuckDb(engine, options.duckdb, signal) : null,
          params: job.params,
          cursor: job.cursor,
          saveCursor: (cursor) => saveJobCursor(jobEngine, job.id, cursor),
          signal,
          progress: (progress) => {
            if (active) active.progress = progress;
            log({ event: 'progress', job: job.id, kind: job.kind, message: progress.message });
          },
          env,
          allowBaseUrl: options.allowBaseUrl === true,
          mail: options.mail ?? null,
          now,
        };
        const result = await kind.run(context);
        finished = result.ok
          ? { outcome: 'ok', detail: result.data, error: null }
          : { outcome: 'failed', detail: result.error.detail ?? null, error: result.error.message };
      }
    } catch (error) {
      finished = {
        outcome: 'failed',
        detail: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    // Whatever a run stopped by the server says of itself, it did not fail: it runs again at once.
    if (signal.aborted)
      finished = {
        outcome: 'interrupted',
        detail: finished.detail,
        error: 'the server stopped during the run; it resumes from its cursor',
      };
    try {
      if (!abandoned) await finishRun(engine, kinds, job.id, finished, now());
      log({
        event: 'finished',
        job: job.id,
        kind: job.kind,
        outcome: finished.outcome,
        ms: now().getTime() - since.getTime(),
        error: finished.error,
      });
    } finally {
      active = null;
      settle();
    }
    return finished;
  }

  async function pass(): Promise<void> {
    if (stopping.signal.aborted) return;
    disarm();
    try {
      for (;;) {
        if (stopping.signal.aborted) return;
        const due = await nextDueJob(engine, kinds, now());
        if (!due) break;
        await runJob(due);
      }
      if (stopping.signal.aborted) return;
      const at = await nextWakeAt(engine);
      if (at !== null) arm(at.getTime() - now().getTime());
      else arm(LONGEST_SLEEP_MS);
    } catch (error) {
      if (stopping.signal.aborted) return;
      log({ event: 'error', error: error instanceof Error ? error.message : String(error) });
      arm(AFTER_ERROR_MS);
    }
  }

  function wake(): Promise<void> {
    if (!started || stopping.signal.aborted) return chain;
    // A pass not begun yet sees every change made before it begins: one is enough.
    if (queued) return queued;
    const next = chain.then(() => {
      queued = null;
      return pass();
    });
    queued = next;
    chain = next;
    return next;
  }

  return {
    async start() {
      if (started) return;
      started = true;
      for (const job of await recoverInterruptedRuns(engine, kinds, now())) log({ event: 'recovered', job });
      void wake();
    },
    wake,
    idle: () => chain,
    runOne(id) {
      const run = chain.then(async () => {
        if (stopping.signal.aborted) return null;
        const job = await getJob(engine, kinds, id);
        return job ? runJob(job) : null;
      });
      chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    current: () =>
      active
        ? { jobId: active.jobId, kind: active.kind, since: active.since, progress: active.progress }
        : null,
    async stop(graceMs = 10_000) {
      if (stopping.signal.aborted) return;
      stopping.abort(new Error('the server is stopping'));
      disarm();
      const run = active;
      if (!run) return;
      let waiting: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        run.done.then(() => false),
        new Promise<boolean>((resolve) => {
          waiting = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(waiting);
      // A run still going holds its job: the next start records it interrupted, as after a kill.
      if (gaveUp) abandoned = true;
    },
  };
}
