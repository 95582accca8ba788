/**
 * Imports sent to a running server: each upload becomes a job that waits its turn (one import at
 * a time), runs the same pipeline as `servicemeter import` and keeps its progress, its result or
 * its error, and its rejects file, to be followed by whoever sent it.
 *
 * An import works on a connection of its own (`openWriter`): its checks, staging, load and rebuild
 * never hold the connection every other request writes through, so a sign-in, a session's touch or
 * an audit entry goes on beside it, and the dashboard reads from its readers meanwhile. DuckDB lets
 * two connections write at once and refuses the second of two changes to the same rows; PostgreSQL
 * makes the second wait, and refuses one of two that wait for each other (a deadlock). Rebuilds of
 * the facts therefore take turns (`aroundRebuild`, the server's `rebuilding` lock, which settings
 * changes, repairs and webhook batches take too); a load refused so (a webhook batch wrote the same
 * contacts meanwhile) is run again, as an import is idempotent. Rows loaded whose rebuild failed
 * stay: the job succeeds and its `error` says the facts were not rebuilt.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { Engine } from '../core/engine.js';
import type { DuckDbEngine } from '../engines/duckdb/engine.js';
import type { PostgresEngine } from '../engines/postgres/engine.js';
import { type ImportError, resolveImportFiles } from '../ingest/canonical.js';
import { detectSourceFormats, findSourceFormat, SOURCE_FORMATS } from '../ingest/sources/index.js';
import { recordAudit } from './audit.js';
import { FactsNotRebuilt, type ImportProgress, type ImportSummary, importFiles } from './import.js';
import type { Upload, UploadedFile } from './import-jobs-upload.js';
import { importSource, type SourceImportSummary } from './import-source.js';
import { makeWorkDir } from './work-dir.js';

export type ImportJobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** What the sender chose, as `servicemeter import` takes it. */
export interface ImportSettings {
  /** A source format's name, `canonical`, or null to detect it from the files. */
  format: string | null;
  skipBadRows: boolean;
  /** Rebuild the facts afterwards (default true). */
  rebuild: boolean;
  source: string | null;
  timezone: string | null;
  idleGapSeconds: number | null;
}

export interface ImportJobFailure {
  /** One sentence, or the first problems with their file, line, field and reason. */
  message: string;
  /** The refusal of the import itself (file, line, column, reason); null for other failures. */
  importError: ImportError | null;
}

/**
 * A job that succeeded may still carry an `error`: its rows were imported but the rebuild of the
 * facts failed ("imported, facts not rebuilt: …"), so the figures are stale until a rebuild.
 */

export interface ImportJobView {
  id: string;
  state: ImportJobState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The e-mail of who sent it. */
  createdBy: string | null;
  files: { name: string; bytes: number }[];
  mapping: string | null;
  /** `canonical` or the source format the files were imported as (null until known). */
  format: string | null;
  skipBadRows: boolean;
  /** Imports that run before this one (0 when it runs or has run). */
  waitingFor: number;
  progress: ImportProgress | null;
  /** The import's summary, as `servicemeter import --json` would have it. */
  result: ImportSummary | SourceImportSummary | null;
  error: ImportJobFailure | null;
  /** Rows or records rejected with --skip-bad-rows; their file is GET /api/imports/{id}/rejects. */
  rejected: number | null;
}

export type ImportJobEvent =
  | { event: 'state'; data: ImportJobView }
  | { event: 'progress'; data: ImportProgress }
  | { event: 'result'; data: ImportJobView }
  | { event: 'failed'; data: ImportJobView };

interface Job {
  view: ImportJobView;
  dir: string;
  upload: Upload;
  settings: ImportSettings;
  listeners: Set<(event: ImportJobEvent) => void>;
  rejectsPath: string | null;
  /** Set while it runs: stops its statements when the server stops. */
  writer: ImportConnection | null;
}

/** The connection an import writes through, and how to stop the statement it runs. */
interface ImportConnection {
  engine: Engine;
  interrupt(): void;
  close(): Promise<void>;
}

/** A database imports can open connections of their own on. */
export type ImportDatabase = DuckDbEngine | PostgresEngine;

async function openImportConnection(database: ImportDatabase): Promise<ImportConnection> {
  if (database.kind === 'duckdb') {
    const writer = await database.openWriter();
    return { engine: writer, interrupt: () => writer.connection.interrupt(), close: () => writer.close() };
  }
  const writer = await database.openWriter();
  return { engine: writer, interrupt: () => writer.interrupt(), close: () => writer.close() };
}

/** The database of `engine` when imports can run on it beside the server's other writes, else null. */
export function importDatabaseOf(engine: Engine): ImportDatabase | null {
  return 'openWriter' in engine && (engine.kind === 'duckdb' || engine.kind === 'postgres')
    ? (engine as ImportDatabase)
    : null;
}

export interface ImportJobsOptions {
  /** The server's own database: imports open connections of their own on it. */
  database: ImportDatabase;
  /** Where the audit entries go: the connection every other request writes through. */
  audit: Engine;
  /** Finished jobs kept to be looked at (their rejects files with them). */
  keepFinished?: number;
  /**
   * Runs an import's rebuild of the facts: the server's lock that keeps it from running while a
   * settings change, a repair or a job rebuilds them on the shared connection.
   */
  aroundRebuild?: <T>(work: () => Promise<T>) => Promise<T>;
  now?: () => Date;
}

/** How many times an import refused by a concurrent change to the same rows is run again. */
const CONFLICT_RETRIES = 2;
/** A progress event at most this often per job: the CLI and the page redraw at that pace anyway. */
const PROGRESS_EVERY_MS = 200;

export class ImportRefused extends Error {}

/** A refusal of the import as one message, like the CLI's. */
export function describeImportFailure(error: ImportError): string {
  switch (error.kind) {
    case 'bad_rows': {
      const lines = error.problems.map((p) => `${p.file}:${p.line} ${p.column}: ${p.reason}`);
      const more =
        error.total > error.problems.length ? [`… and ${error.total - error.problems.length} more`] : [];
      return [
        `${error.total} problem${error.total === 1 ? '' : 's'} found; nothing was imported.`,
        ...lines,
        ...more,
      ].join('\n');
    }
    case 'not_found':
      return `${error.file}: no such file`;
    default:
      return `${error.file}: ${error.reason}`;
  }
}

const isConflict = (error: unknown) =>
  /conflict|deadlock detected/i.test(String((error as Error)?.message ?? error));

export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly imported = new Set<(job: ImportJobView) => void>();
  private readonly now: () => Date;

  constructor(private readonly options: ImportJobsOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** A folder for an upload, removed with its job (or by `discard` when the upload is refused). */
  newFolder(): Promise<string> {
    return makeWorkDir('import-upload');
  }

  discard(dir: string): Promise<void> {
    return rm(dir, { recursive: true, force: true });
  }

  /** Called after every import that changed the data (to forget kept results). */
  onImported(listener: (job: ImportJobView) => void): () => void {
    this.imported.add(listener);
    return () => this.imported.delete(listener);
  }

  /**
   * Queues an upload already on disk in `dir` (from `newFolder`). The format is checked (or
   * detected) now, so a wrong choice is refused at once; ImportRefused says why.
   */
  async submit(
    dir: string,
    upload: Upload,
    settings: ImportSettings,
    createdBy: string | null,
  ): Promise<ImportJobView> {
    if (this.closed) throw new ImportRefused('the server is stopping');
    const format = await chooseFormat(upload, settings);
    const id = randomUUID();
    const view: ImportJobView = {
      id,
      state: 'queued',
      createdAt: this.now().toISOString(),
      startedAt: null,
      finishedAt: null,
      createdBy,
      files: upload.files.map((f) => ({ name: f.name, bytes: f.bytes })),
      mapping: upload.mapping?.name ?? null,
      format,
      skipBadRows: settings.skipBadRows,
      waitingFor: 0,
      progress: null,
      result: null,
      error: null,
      rejected: null,
    };
    const job: Job = {
      view,
      dir,
      upload,
      settings: { ...settings, format },
      listeners: new Set(),
      rejectsPath: settings.skipBadRows ? join(dir, 'rejects.csv') : null,
      writer: null,
    };
    this.jobs.set(id, job);
    this.waiting.push(job);
    this.renumber();
    this.running = this.running
      .then(() => this.run(job))
      .catch((error: unknown) => {
        // Never left running: the next import must still get its turn.
        if (job.view.finishedAt === null)
          this.finish(job, { message: `the import failed: ${String(error)}`, importError: null });
      });
    return { ...view };
  }

  /** Imports waiting their turn (not the one running). */
  waitingCount(): number {
    return this.waiting.length;
  }

  get(id: string): ImportJobView | null {
    const job = this.jobs.get(id);
    return job ? { ...job.view } : null;
  }

  /** Newest first. */
  list(): ImportJobView[] {
    return [...this.jobs.values()].map((j) => ({ ...j.view })).reverse();
  }

  /** The rejects file of a finished import run with skipBadRows, if it still exists. */
  async rejects(id: string): Promise<string | null> {
    const job = this.jobs.get(id);
    if (!job?.rejectsPath || job.view.finishedAt === null) return null;
    return (await stat(job.rejectsPath).catch(() => null)) ? job.rejectsPath : null;
  }

  /**
   * Follows a job: `listener` gets every event from now on, starting with its state; the returned
   * function stops it. Null when there is no such job.
   */
  follow(id: string, listener: (event: ImportJobEvent) => void): (() => void) | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    listener({ event: 'state', data: { ...job.view } });
    if (job.view.state === 'succeeded') listener({ event: 'result', data: { ...job.view } });
    else if (job.view.state === 'failed') listener({ event: 'failed', data: { ...job.view } });
    else job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Refuses new imports, stops the one running (its transaction rolls back) and removes every folder. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0))
      this.finish(job, { message: 'the server stopped before this import ran', importError: null });
    // A statement interrupted fails the import (its transaction rolls back); between statements
    // there is nothing to interrupt, so it is asked again until the import has stopped.
    const interrupt = () => {
      for (const job of this.jobs.values()) job.writer?.interrupt();
    };
    interrupt();
    const interrupting = setInterval(interrupt, 100);
    await this.running;
    clearInterval(interrupting);
    await Promise.all([...this.jobs.values()].map((job) => rm(job.dir, { recursive: true, force: true })));
  }

  private emit(job: Job, event: ImportJobEvent): void {
    for (const listener of job.listeners) listener(event);
  }

  private renumber(): void {
    for (const [index, job] of this.waiting.entries()) {
      const runningAhead = this.runningJob() ? 1 : 0;
      if (job.view.waitingFor !== index + runningAhead) {
        job.view.waitingFor = index + runningAhead;
        this.emit(job, { event: 'state', data: { ...job.view } });
      }
    }
  }

  private runningJob(): Job | null {
    for (const job of this.jobs.values()) if (job.view.state === 'running') return job;
    return null;
  }

  private async run(job: Job): Promise<void> {
    const at = this.waiting.indexOf(job);
    if (at < 0) return; // refused at close
    this.waiting.splice(at, 1);
    job.view.state = 'running';
    job.view.waitingFor = 0;
    job.view.startedAt = this.now().toISOString();
    this.emit(job, { event: 'state', data: { ...job.view } });
    this.renumber();
    let lastProgress = 0;
    const onProgress = (progress: ImportProgress) => {
      const mapped = { ...progress, file: this.shownName(job, progress.file) };
      job.view.progress = mapped;
      const time = performance.now();
      // Phase changes always go out; within a phase, a few a second.
      if (
        time - lastProgress < PROGRESS_EVERY_MS &&
        progress.bytesRead !== progress.totalBytes &&
        progress.phase === 'check'
      )
        return;
      lastProgress = time;
      this.emit(job, { event: 'progress', data: mapped });
    };
    let failure: ImportJobFailure | null = null;
    let notice: ImportJobFailure | null = null;
    for (let attempt = 0; ; attempt++) {
      let writer: ImportConnection | null = null;
      try {
        if (this.closed) throw new Error('the server is stopping');
        writer = await openImportConnection(this.options.database);
        job.writer = writer;
        const outcome = await runImport(writer.engine, job, onProgress, this.options.aroundRebuild, this.now);
        if (!outcome.ok)
          failure = {
            message: this.shown(job, describeImportFailure(outcome.error)),
            importError: this.mapped(job, outcome.error),
          };
        else {
          job.view.result = this.mapped(job, outcome.data);
          job.view.rejected = job.settings.skipBadRows ? outcome.data.rejected : null;
        }
        break;
      } catch (error) {
        if (error instanceof FactsNotRebuilt) {
          // The rows are in: the import did its part, and running it again would not help.
          job.view.result = this.mapped(job, error.summary);
          job.view.rejected = job.settings.skipBadRows ? error.summary.rejected : null;
          notice = { message: this.shown(job, error.message), importError: null };
          break;
        }
        if (!this.closed && isConflict(error) && attempt < CONFLICT_RETRIES) continue;
        failure = {
          message: this.closed
            ? 'the server stopped during this import: send it again (importing the same files twice changes nothing)'
            : `the import failed: ${(error as Error)?.message ?? String(error)}`,
          importError: null,
        };
        break;
      } finally {
        job.writer = null;
        await writer?.close();
      }
    }
    // The files are not needed once imported (or refused): only the rejects stay, named as sent.
    await rm(join(job.dir, 'files'), { recursive: true, force: true });
    await rm(join(job.dir, 'mapping'), { recursive: true, force: true });
    if (job.rejectsPath) await this.nameRejects(job, job.rejectsPath).catch(() => undefined);
    // Before anyone hears of it: whoever reads the figures on the result reads the new ones.
    if (!failure) for (const listener of this.imported) listener({ ...job.view });
    job.view.state = failure ? 'failed' : 'succeeded';
    job.view.error = failure ?? notice;
    await this.audit(job);
    this.finish(job, failure, notice);
    await this.forgetOld();
  }

  /** The rejects file with the files named as they were sent, not by their place in the job's folder. */
  private async nameRejects(job: Job, path: string): Promise<void> {
    if (!(await stat(path).catch(() => null))) return;
    const named = `${path}.named`;
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    const out = createWriteStream(named);
    for await (const line of lines) {
      if (!out.write(`${this.shown(job, line)}\n`)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    await rename(named, path);
  }

  private finish(job: Job, failure: ImportJobFailure | null, notice: ImportJobFailure | null = null): void {
    job.view.state = failure ? 'failed' : 'succeeded';
    job.view.error = failure ?? notice;
    job.view.finishedAt = this.now().toISOString();
    job.view.waitingFor = 0;
    const view = { ...job.view };
    this.emit(job, failure ? { event: 'failed', data: view } : { event: 'result', data: view });
    job.listeners.clear();
  }

  private async audit(job: Job): Promise<void> {
    const result = job.view.result;
    await recordAudit(
      this.options.audit,
      {
        action: job.view.state === 'succeeded' ? 'import.finish' : 'import.fail',
        email: job.view.createdBy,
        target: job.view.id,
        detail: {
          format: job.view.format,
          files: job.view.files,
          ...(result
            ? {
                rows: result.files.map((f) => ({
                  table: f.table,
                  read: f.rowsRead,
                  imported: f.rowsImported,
                })),
                rejected: result.rejected,
              }
            : {}),
          ...(job.view.error ? { error: job.view.error.message.split('\n')[0] ?? null } : {}),
        },
      },
      this.now(),
    ).catch((error: unknown) => {
      process.stderr.write(
        `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'import audit', error: String(error) })}\n`,
      );
    });
  }

  private async forgetOld(): Promise<void> {
    const keep = this.options.keepFinished ?? 20;
    const finished = [...this.jobs.values()].filter((j) => j.view.finishedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) {
      this.jobs.delete(job.view.id);
      await rm(job.dir, { recursive: true, force: true });
    }
  }

  /** A path of the job's folder as the sender named it. */
  private shownName(job: Job, path: string): string {
    return this.shown(job, path);
  }

  private shown(job: Job, text: string): string {
    return text
      .split(`${join(job.dir, 'files')}/`)
      .join('')
      .split(`${join(job.dir, 'mapping')}/`)
      .join('')
      .split(`${job.dir}/`)
      .join('');
  }

  /** A value with the job's folder left out of every path in it. */
  private mapped<T>(job: Job, value: T): T {
    return JSON.parse(this.shown(job, JSON.stringify(value))) as T;
  }
}

/** The format to import as: the one chosen (checked), canonical files by their names, or the one detected. */
async function chooseFormat(upload: Upload, settings: ImportSettings): Promise<string> {
  const names = upload.files.map((f) => f.name);
  if (settings.format !== null && settings.format !== 'canonical') {
    const format = findSourceFormat(settings.format);
    if (!format)
      throw new ImportRefused(
        `format '${settings.format}' is not known: canonical, ${SOURCE_FORMATS.map((f) => f.name).join(', ')}`,
      );
    if (format.mapping === 'required' && !upload.mapping)
      throw new ImportRefused(`${format.name} needs its mapping file (the multipart part 'mapping')`);
    if (format.mapping === 'none' && upload.mapping)
      throw new ImportRefused(`${format.name} takes no mapping file`);
    if (settings.idleGapSeconds !== null && !format.idleGap)
      throw new ImportRefused(
        `idleGapSeconds is for ${SOURCE_FORMATS.filter((f) => f.idleGap)
          .map((f) => f.name)
          .join(', ')}`,
      );
    return format.name;
  }
  const sourceOnly = settings.source !== null || settings.idleGapSeconds !== null;
  const canonical = await resolveImportFiles(upload.files.map((f) => f.path));
  if (settings.format === 'canonical' || (canonical.ok && !upload.mapping && !sourceOnly)) {
    if (!canonical.ok) {
      const refusal = canonical.error;
      throw new ImportRefused(
        refusal.kind === 'unknown_format'
          ? `${names[upload.files.findIndex((f) => f.path === refusal.file)] ?? refusal.file}: ${refusal.reason}`
          : 'the files could not be read',
      );
    }
    if (upload.mapping) throw new ImportRefused('canonical files take no mapping file');
    if (sourceOnly) throw new ImportRefused('source and idleGapSeconds are for source formats');
    return 'canonical';
  }
  const found = await Promise.all(upload.files.map((f) => detectSourceFormats(f.path)));
  const common = (found[0] ?? [])
    .map((f) => f.format)
    .filter((format) => found.every((list) => list.some((f) => f.format === format)));
  // A mapping sent says which of the formats that take one is meant only with the format named.
  const chosen = common.find(
    (name) => (findSourceFormat(name)?.mapping === 'required') === (upload.mapping !== null),
  );
  if (chosen === undefined) {
    const seen = names.map(
      (name, i) => `${name}: ${(found[i] ?? []).map((f) => f.format).join(' or ') || 'no known format'}`,
    );
    throw new ImportRefused(
      `the format could not be told from the files (${seen.join('; ')}); choose one: canonical, ${SOURCE_FORMATS.map((f) => f.name).join(', ')}`,
    );
  }
  return chosen;
}

async function runImport(
  writer: Engine,
  job: Job,
  onProgress: (progress: ImportProgress) => void,
  aroundRebuild: ImportJobsOptions['aroundRebuild'],
  now: () => Date,
): Promise<{ ok: true; data: ImportSummary | SourceImportSummary } | { ok: false; error: ImportError }> {
  const { settings, upload } = job;
  const paths = upload.files.map((f: UploadedFile) => f.path);
  const common = {
    skipBadRows: settings.skipBadRows,
    rejectsPath: job.rejectsPath ?? undefined,
    rebuild: settings.rebuild,
    onProgress,
    aroundRebuild,
    now,
  };
  if (settings.format === 'canonical')
    return importFiles(writer, paths, { ...common, countChangedContacts: true });
  const format = findSourceFormat(settings.format ?? '');
  if (!format) throw new Error(`format ${settings.format} vanished`);
  return importSource(writer, format, paths, {
    ...common,
    source: settings.source ?? undefined,
    mappingPath: upload.mapping?.path,
    timezone: settings.timezone ?? undefined,
    idleGapSeconds: settings.idleGapSeconds ?? undefined,
  });
}
