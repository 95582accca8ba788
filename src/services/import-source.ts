import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Engine } from '../core/engine.js';
import { err, ok, type Result } from '../core/result.js';
import { isDuckDb } from '../engines/duckdb/engine.js';
import { csvLine, type ImportError, LineWriter } from '../ingest/canonical.js';
import {
  type ContactRowCounts,
  ConversionLog,
  type ConvertContext,
  type SourceFormat,
  type SourceWarning,
} from '../ingest/sources/format.js';
import { CanonicalWriter } from '../ingest/sources/writer.js';
import { storeQualityNotices } from './data-quality.js';
import { type ImportOptions, type ImportSummary, importFiles, importStaged } from './import.js';
import { makeWorkDir } from './work-dir.js';

/** Customer ids looked up per query when an order export asks which customers are stored. */
const CUSTOMER_LOOKUP_BATCH = 1_000;

export interface SourceImportOptions extends ImportOptions {
  /** The `source` of every row (default: the format's name), e.g. to keep two phone systems apart. */
  source?: string;
  /** The mapping file (--map) of formats that take one. */
  mappingPath?: string;
  /** IANA time zone of source times without an offset (default UTC). */
  timezone?: string;
  /** For formats with an `idleGap`: seconds of silence after which a customer starts a new contact. */
  idleGapSeconds?: number;
}

export interface SourceImportSummary extends ImportSummary {
  format: string;
  /** The source files read, folders expanded. */
  sourceFiles: string[];
  warnings: SourceWarning[];
  /**
   * One-row-per-contact files (`rows: "contact"` mappings): rows converted, rows merged into a
   * contact they repeat, conflicting rows, and the contacts they made; null for other formats.
   */
  contactRows: ContactRowCounts | null;
  /** Whether the rows were staged by SQL (`mapping-sql.ts`) or converted row by row, and why not. */
  conversion: { by: 'sql' } | { by: 'rows'; reason: string | null };
}

const REJECTS_HEADER = ['file', 'line', 'column', 'reason', 'record'];

async function expandPaths(paths: readonly string[]): Promise<Result<string[], ImportError>> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) return err({ kind: 'not_found', file: path });
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    for (const name of (await readdir(path)).sort()) {
      if (!name.startsWith('.')) files.push(join(path, name));
    }
  }
  return ok(files);
}

/**
 * Imports files in a source format (a helpdesk export, a phone-queue log, …): the format converts
 * them into canonical rows in a temporary folder, which then go through the canonical import, so
 * the import stays atomic and idempotent. A source record the format cannot understand stops the
 * import with its file, line, field and reason; with `skipBadRows` it goes to the rejects file.
 * On PostgreSQL the rows are always converted one by one: the faster staging of `format.stage` is
 * DuckDB's SQL in the database itself.
 */
export async function importSource(
  engine: Engine,
  format: SourceFormat,
  paths: readonly string[],
  options: SourceImportOptions = {},
): Promise<Result<SourceImportSummary, ImportError>> {
  const expanded = await expandPaths(paths);
  if (!expanded.ok) return expanded;
  const source = options.source ?? format.name;
  let sqlReason: string | null = null;
  if (format.stage && !isDuckDb(engine)) sqlReason = 'staging in SQL needs a DuckDB database';
  else if (format.stage && isDuckDb(engine)) {
    const outcome = await format.stage(engine, expanded.data, {
      source,
      mappingPath: options.mappingPath ?? null,
      timezone: options.timezone ?? 'UTC',
    });
    if (outcome.staged !== null) {
      const imported = await importStaged(
        engine,
        outcome.staged.map((s) => ({ ...s, label: `${format.name} output ${s.table}` })),
        {
          rebuild: options.rebuild,
          rebuildScope: options.rebuildScope,
          onProgress: options.onProgress,
          aroundRebuild: options.aroundRebuild,
          now: options.now,
          countChangedContacts: true,
          alongside: (contacts) =>
            storeQualityNotices(engine, source, expanded.data, outcome.warnings, contacts),
        },
      ).finally(() => outcome.release());
      if (!imported.ok) return imported;
      if (options.skipBadRows) {
        // Nothing was rejected; the rejects file still says so.
        const rejects = new LineWriter(options.rejectsPath ?? 'servicemeter-rejects.csv');
        rejects.write(csvLine(REJECTS_HEADER));
        await rejects.close();
      }
      return ok({
        ...imported.data,
        format: format.name,
        sourceFiles: expanded.data,
        rejectsPath: options.skipBadRows ? (options.rejectsPath ?? 'servicemeter-rejects.csv') : null,
        warnings: outcome.warnings,
        contactRows: outcome.contactRows ?? null,
        conversion: { by: 'sql' },
      });
    }
    sqlReason = outcome.reason;
  }
  const workDir = await makeWorkDir(format.name);
  const rejectsPath = options.skipBadRows ? (options.rejectsPath ?? 'servicemeter-rejects.csv') : null;
  const rejects = rejectsPath ? new LineWriter(rejectsPath) : null;
  rejects?.write(csvLine(REJECTS_HEADER));
  const log = new ConversionLog();
  const out = new CanonicalWriter(workDir);
  let contactRows: ContactRowCounts | null = null;
  try {
    const context: ConvertContext = {
      out,
      source,
      mappingPath: options.mappingPath ?? null,
      timezone: options.timezone ?? 'UTC',
      idleGapSeconds: options.idleGapSeconds,
      reject: (problem, record) => {
        log.reject(problem);
        rejects?.write(csvLine([problem.file, String(problem.line), problem.column, problem.reason, record]));
      },
      warn: (file, message, example, quality) => log.warn(file, message, example, quality),
      progress: (file, bytesRead, totalBytes) =>
        options.onProgress?.({ phase: 'check', file, bytesRead, totalBytes, rows: 0 }),
      contactRows: (counts) => {
        contactRows = counts;
      },
      knownAgent: async (idOrEmail) => {
        const [found] = await engine.all(
          'SELECT id FROM agents WHERE id = $1 OR lower(email) = lower($1) ORDER BY id = $1 DESC, id LIMIT 1',
          [idOrEmail],
        );
        return found ? String(found.id) : null;
      },
      storedCustomers: async (ids) => {
        const stored = new Set<string>();
        for (let at = 0; at < ids.length; at += CUSTOMER_LOOKUP_BATCH) {
          const batch = ids.slice(at, at + CUSTOMER_LOOKUP_BATCH);
          const rows = await engine.all(
            `SELECT id FROM customers WHERE id IN (${batch.map((_, i) => engine.dialect.placeholder(i + 1)).join(', ')})`,
            batch,
          );
          for (const row of rows) stored.add(String(row.id));
        }
        return stored;
      },
    };
    await format.convert(expanded.data, context);
    await out.close();
    await rejects?.flush(true);
    if (log.problemCount > 0 && !options.skipBadRows) {
      return err({ kind: 'bad_rows', problems: log.problems, total: log.problemCount });
    }
    const imported = await importFiles(engine, [workDir], {
      rebuild: options.rebuild,
      rebuildScope: options.rebuildScope,
      onProgress: options.onProgress,
      aroundRebuild: options.aroundRebuild,
      now: options.now,
      countChangedContacts: true,
      reportRepeatedKeys: false,
      alongside: (contacts) =>
        storeQualityNotices(engine, source, expanded.data, log.warningList(), contacts),
    });
    if (!imported.ok) {
      // The converted rows failed the canonical checks: say which table, not the temporary file.
      if (imported.error.kind !== 'bad_rows') return imported;
      return err({
        ...imported.error,
        problems: imported.error.problems.map((p) => ({
          ...p,
          file: `${format.name} output ${basename(p.file)}`,
          reason: `${p.reason} (converted from ${expanded.data.join(', ')})`,
        })),
      });
    }
    return ok({
      ...imported.data,
      format: format.name,
      sourceFiles: expanded.data,
      rejectsPath,
      // Source records the format could not import; the canonical rows it made are never rejected.
      rejected: log.problemCount,
      warnings: log.warningList(),
      contactRows,
      conversion: { by: 'rows', reason: sqlReason },
    });
  } finally {
    await rejects?.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
