import type { Engine } from '../../core/engine.js';
import type { Result } from '../../core/result.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { OutgoingMail } from '../mail/mailer.js';

/**
 * What a kind of job is: the code that knows its parameters and how to run it. Adding a kind is
 * one file in `kinds/` exporting a `JobKind` and one line in `kinds/index.ts`.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The database as the server shares it: statements queue for the one writing connection. */
export interface ExclusiveEngine extends Engine {
  /** Runs `work` with the writing connection to itself (see src/server/serialized-engine.ts). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `work` in its turn with the other fact rebuilds of the server (imports, settings, webhook
   * batches), which may run on other connections; missing where nothing else rebuilds.
   */
  rebuilding?<T>(work: () => Promise<T>): Promise<T>;
}

/** `work` in its turn with the server's other fact rebuilds, where there are any. */
export function inRebuildTurn<T>(engine: ExclusiveEngine, work: () => Promise<T>): Promise<T> {
  return engine.rebuilding ? engine.rebuilding(work) : work();
}

/** One thing wrong with a job's parameters, by field. */
export interface ParamIssue {
  field: string;
  reason: string;
}

export interface JobProgress {
  /** A short line for logs and the dashboard: "tickets page 3 (300 records)". */
  message: string;
  detail?: JsonObject;
}

export interface JobContext<P> {
  /** The shared database: writes go through `transaction` or `exclusive` like every other write. */
  engine: ExclusiveEngine;
  /**
   * The same database as a DuckDB engine for code that needs DuckDB's own paths (imports, syncs),
   * each statement queued on the writing connection; null on another engine.
   */
  duckdb: DuckDbEngine | null;
  params: P;
  /** What the last run of this job saved, or null: where to resume. */
  cursor: Json;
  /**
   * Stores where the run has got to, at once and durably: a run cut off after this resumes here.
   * Called inside a transaction, it commits with the work it describes.
   */
  saveCursor(cursor: Json): Promise<void>;
  /** Aborted when the server stops: finish the step in hand and return (or throw its reason). */
  signal: AbortSignal;
  progress(progress: JobProgress): void;
  /** Where secrets named in the parameters are read from (the process environment). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Whether an address in the parameters (baseUrl) may replace the vendor's own. A job's secret is
   * sent to that address: allowed only to a run on the file by the CLI and to tests.
   */
  allowBaseUrl: boolean;
  /** Where survey e-mails go out (`serve --smtp`); null or missing when no mail server is set. */
  mail?: OutgoingMail | null;
  now(): Date;
}

/** What a run did, or why it failed: kept in the job's history. */
export type JobRunResult = Result<JsonObject, { message: string; detail?: JsonObject }>;

/** A parameter as a form asks for it; its meaning is in the kind's documentation. */
export interface JobParamField {
  name: string;
  required: boolean;
}

export interface JobKind<P = unknown> {
  readonly kind: string;
  /** The parameters a form asks for, in order. */
  readonly fields: readonly JobParamField[];
  /** What a run does, in a line for lists: "Pull acme.zendesk.com as lead@acme.com". */
  describe(params: P): string;
  /** The parameters in their typed form, or every issue with them. */
  validate(params: unknown): Result<P, ParamIssue[]>;
  run(context: JobContext<P>): Promise<JobRunResult>;
}

/**
 * A kind with its parameter type forgotten, for the registry: `validate` is the only door in, so
 * `describe` and `run` only ever see parameters it accepted.
 */
export interface AnyJobKind {
  readonly kind: string;
  readonly fields: readonly JobParamField[];
  describe(params: unknown): string;
  validate(params: unknown): Result<unknown, ParamIssue[]>;
  run(context: JobContext<unknown>): Promise<JobRunResult>;
}

export function eraseParams<P>(kind: JobKind<P>): AnyJobKind {
  const accepted = (params: unknown): P => {
    const checked = kind.validate(params);
    if (!checked.ok)
      throw new Error(
        `${kind.kind}: parameters no longer valid: ${checked.error.map((i) => `${i.field}: ${i.reason}`).join('; ')}`,
      );
    return checked.data;
  };
  return {
    kind: kind.kind,
    fields: kind.fields,
    describe: (params) => kind.describe(accepted(params)),
    validate: (params) => kind.validate(params),
    run: (context) => kind.run({ ...context, params: accepted(context.params) }),
  };
}

export type JobKinds = ReadonlyMap<string, AnyJobKind>;

export function jobKinds(kinds: readonly AnyJobKind[]): JobKinds {
  return new Map(kinds.map((k) => [k.kind, k]));
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
