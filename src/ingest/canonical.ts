import { createWriteStream, type WriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { benchmarkProblems } from '../core/benchmarks/checks.js';
import { parseTimeOfDay } from '../core/calendar.js';
import { err, ok, type Result } from '../core/result.js';
import { CANONICAL_TABLES, type CanonicalTableName, importOrder, TABLES } from '../core/schema.js';
import { compileColumns, type FieldCheck, type FieldTest } from './fields.js';
import {
  FIELD_LIMIT,
  fieldCountReason,
  InvalidUtf8Error,
  mayHoldControl,
  RECORD_LIMIT,
  type ReadProgress,
  type RecordFormat,
  type RecordShape,
  RecordSyntaxError,
  readCsvRecords,
  readTextLines,
  recordFields,
  textProblem,
} from './records.js';

/** A reason a row of a file cannot be imported: where exactly, and why. */
export interface RowProblem {
  file: string;
  line: number;
  column: string;
  reason: string;
}

export type ImportError =
  | { kind: 'bad_rows'; problems: RowProblem[]; total: number }
  | { kind: 'unknown_format'; file: string; reason: string }
  | { kind: 'not_found'; file: string }
  | { kind: 'database_busy'; file: string; reason: string };

export interface ImportFile {
  path: string;
  table: CanonicalTableName;
  format: RecordFormat;
}

const EXTENSIONS: ReadonlyArray<readonly [string, RecordFormat]> = [
  ['.csv', { kind: 'csv', delimiter: ',' }],
  ['.tsv', { kind: 'csv', delimiter: '\t' }],
  ['.txt', { kind: 'csv', delimiter: '\t' }],
  ['.ndjson', { kind: 'ndjson' }],
  ['.jsonl', { kind: 'ndjson' }],
];

function formatOf(path: string): { format: RecordFormat; stem: string } | null {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  for (const [extension, format] of EXTENSIONS) {
    if (name.endsWith(extension)) return { format, stem: name.slice(0, -extension.length) };
  }
  return null;
}

/** The table a file feeds, from its name: `contacts.csv`, `contact_events-2026-01.ndjson.gz`, … */
function tableFromName(stem: string): CanonicalTableName | null {
  const byLength = [...CANONICAL_TABLES].sort((a, b) => b.length - a.length);
  return byLength.find((t) => stem === t || new RegExp(`^${t}[-_.\\d]`).test(stem)) ?? null;
}

async function expand(path: string): Promise<Result<string[], ImportError>> {
  const info = await stat(path).catch(() => null);
  if (!info) return err({ kind: 'not_found', file: path });
  if (!info.isDirectory()) return ok([path]);
  const names = (await readdir(path)).sort();
  return ok(names.filter((n) => formatOf(n) !== null).map((n) => join(path, n)));
}

/** Files and folders → files with their table, in dependency order (calendars … survey answers). */
export async function resolveImportFiles(
  paths: readonly string[],
): Promise<Result<ImportFile[], ImportError>> {
  const files: ImportFile[] = [];
  for (const path of paths) {
    const expanded = await expand(path);
    if (!expanded.ok) return expanded;
    for (const file of expanded.data) {
      const detected = formatOf(file);
      if (!detected) {
        return err({
          kind: 'unknown_format',
          file,
          reason: 'expected .csv, .tsv, .txt (tab-separated), .ndjson or .jsonl, optionally .gz',
        });
      }
      const table = tableFromName(detected.stem);
      if (!table) {
        return err({
          kind: 'unknown_format',
          file,
          reason: `the file name must start with a table name: ${CANONICAL_TABLES.join(', ')}`,
        });
      }
      files.push({ path: file, table, format: detected.format });
    }
  }
  const order = importOrder();
  files.sort((a, b) => order.indexOf(a.table) - order.indexOf(b.table));
  return ok(files);
}

export interface FileCheck {
  file: ImportFile;
  /** Columns present in the file, in file order (CSV) or the table's order (NDJSON). */
  columns: string[];
  rowsRead: number;
  rowsRejected: number;
  problems: RowProblem[];
  problemCount: number;
  /** The file cannot be read as a whole (header, empty file, broken quoting): no row of it can be trusted. */
  fatal: boolean;
  /**
   * Records holding a carriage return as text (a CSV whose lines end in LF): DuckDB's reader
   * cannot read such a file, so its checked copy is loaded instead.
   */
  carriageReturnsInFields: number;
}

export interface ValidateOptions {
  /** Keep at most this many problems in the report (the count is always complete). */
  maxProblems?: number;
  progress?: ReadProgress;
  /** Called with every good record's values in `columns` order (used to write a cleaned copy). */
  onGoodRecord?: (values: string[], line: number) => void;
  onBadRecord?: (line: number, values: string[], problems: RowProblem[]) => void;
  /** Called once with the file's columns, before any record. */
  onColumns?: (columns: string[]) => void;
  /** Awaited after every batch of records, so writers can honour back-pressure. */
  afterBatch?: () => Promise<void>;
  /** Read only a CSV file's header: its columns, or its problems. */
  headerOnly?: boolean;
}

type RowCheck = (get: (column: string) => string, problem: (column: string, reason: string) => void) => void;

/** Rules that span several fields of one row. */
/** `end` is on or after `start` (both `YYYY-MM-DD`, or either empty). */
function notBefore(get: (column: string) => string, start: string, end: string): boolean {
  return get(start) === '' || get(end) === '' || get(end) >= get(start);
}

const ROW_CHECKS: Partial<Record<CanonicalTableName, RowCheck>> = {
  costs: (get, problem) => {
    if (!notBefore(get, 'period_start', 'period_end'))
      problem('period_end', `${get('period_end')} is before period_start ${get('period_start')}`);
  },
  paid_hours: (get, problem) => {
    if (!notBefore(get, 'period_start', 'period_end'))
      problem('period_end', `${get('period_end')} is before period_start ${get('period_start')}`);
  },
  people: (get, problem) => {
    if (!notBefore(get, 'hired_on', 'left_on'))
      problem('left_on', `${get('left_on')} is before hired_on ${get('hired_on')}`);
    if (get('hourly_cost') !== '' && get('currency') === '')
      problem('currency', 'is required with hourly_cost: an amount without its currency cannot be converted');
  },
  orders: (get, problem) => {
    const refunded = get('refunded_amount');
    if (refunded !== '' && Number(refunded) > Number(get('revenue')))
      problem('refunded_amount', `${refunded} is more than the revenue ${get('revenue')}`);
  },
  exchange_rates: (get, problem) => {
    if (Number(get('rate')) === 0)
      problem('rate', 'must be above 0: a currency worth nothing converts every amount to 0');
  },
  benchmarks: (get, problem) => {
    for (const { column, reason } of benchmarkProblems({
      kpiId: get('kpi_id'),
      value: get('value'),
      sourceUrl: get('source_url'),
    }))
      problem(column, reason);
  },
  calendar_intervals: (get, problem) => {
    if (parseTimeOfDay(get('start_time'), false) === parseTimeOfDay(get('end_time'), true)) {
      problem('end_time', 'equals start_time: an interval must have a length');
    }
  },
  survey_responses: (get, problem) => {
    const min = Number(get('scale_min'));
    const max = Number(get('scale_max'));
    // A scale of one point (0–0) is how an answer without a score is written: a text or a choice.
    const scoreless = min === max && get('score') === '' && get('kind') === 'custom';
    if (get('scale_min') !== '' && get('scale_max') !== '' && !(min < max) && !scoreless) {
      problem(
        'scale_max',
        `must be greater than scale_min (${min}), unless the row is a custom answer without a score`,
      );
      return;
    }
    const score = get('score');
    if (score !== '' && (Number(score) < min || Number(score) > max)) {
      problem('score', `${score} is outside the scale ${min}–${max}`);
    }
    if (score !== '' && get('responded_at') === '')
      problem('responded_at', 'is required when a score is given');
    if (score === '' && get('sent_at') === '' && get('responded_at') === '') {
      problem('sent_at', 'a row without a score must say when the survey was sent');
    }
  },
};

/** Whether some rule of the table spans several fields of a row. */
export function hasRowRule(table: CanonicalTableName): boolean {
  return ROW_CHECKS[table] !== undefined;
}

/**
 * Reads a whole file once, checking every field against the schema. Streaming: nothing but the
 * first problems is kept in memory.
 */
export async function validateFile(file: ImportFile, options: ValidateOptions = {}): Promise<FileCheck> {
  const spec = TABLES[file.table];
  const compiled = compileColumns(spec.columns);
  const maxProblems = options.maxProblems ?? 20;
  const check: FileCheck = {
    file,
    columns: [],
    rowsRead: 0,
    rowsRejected: 0,
    problems: [],
    problemCount: 0,
    fatal: false,
    carriageReturnsInFields: 0,
  };
  const report = (p: RowProblem) => {
    check.problemCount++;
    if (check.problems.length < maxProblems) check.problems.push(p);
  };

  let columns: string[] = [];
  // Per file column: its check (null for free text) and whether it is required.
  let checks: (FieldCheck | null)[] = [];
  let tests: (FieldTest | null)[] = [];
  let required: boolean[] = [];
  // Where the fields of the line `plainLineIsGood` last looked at start and end.
  let fieldStarts = new Int32Array(0);
  let fieldEnds = new Int32Array(0);
  const rowCheck = ROW_CHECKS[file.table];
  const requiredColumns = spec.columns.filter((c) => c.required).map((c) => c.name);
  const isRequired = new Set(requiredColumns);
  const setColumns = (names: string[]) => {
    columns = names;
    checks = names.map((n) => {
      const column = compiled.get(n);
      return column === undefined || column.spec.type.kind === 'text' ? null : column.check;
    });
    tests = names.map((n) => compiled.get(n)?.test ?? null);
    required = names.map((n) => isRequired.has(n));
    fieldStarts = new Int32Array(names.length);
    fieldEnds = new Int32Array(names.length);
    check.columns = names;
    options.onColumns?.(names);
  };

  /**
   * A good row allocates no list of problems. `shape` is what the reader saw of the record; with
   * `control` set, some field may hold a control character.
   */
  const checkRecord = (line: number, values: string[], shape: RecordShape = {}, control = false) => {
    check.rowsRead++;
    let problems: RowProblem[] | null = null;
    const problem = (column: string, reason: string) => {
      problems ??= [];
      problems.push({ file: file.path, line, column, reason });
    };
    let length = 0;
    for (const value of values) length += value.length;
    if (values.length !== columns.length) {
      problem('(row)', fieldCountReason(shape, values.length, columns.length));
    } else if (length > RECORD_LIMIT) {
      problem(
        '(row)',
        `is ${length.toLocaleString('en-US')} characters long, over the limit of ${RECORD_LIMIT.toLocaleString('en-US')} (4 MiB) per record`,
      );
    } else {
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as string;
        if (value === '') {
          if (required[i]) problem(columns[i] as string, 'is required');
          continue;
        }
        if (control || value.length > FIELD_LIMIT) {
          const reason = textProblem(value);
          if (reason !== null) {
            problem(columns[i] as string, reason);
            continue;
          }
        }
        const fieldCheck = checks[i];
        if (fieldCheck === null || fieldCheck === undefined) continue;
        const reason = fieldCheck(value);
        if (reason !== null) problem(columns[i] as string, reason);
      }
      if (problems === null && rowCheck) {
        rowCheck((c) => {
          const i = columns.indexOf(c);
          return i === -1 ? '' : (values[i] ?? '');
        }, problem);
      }
    }
    if (problems === null) {
      options.onGoodRecord?.(values, line);
      return;
    }
    check.rowsRejected++;
    for (const p of problems as RowProblem[]) report(p);
    options.onBadRecord?.(line, values, problems);
  };

  /**
   * Whether every field of the unsplit line `text.slice(start, end)` is good, decided without
   * making their strings: exactly when `checkRecord` would find no problem in a field. A line it
   * cannot vouch for goes through `checkRecord`, which says why.
   */
  const plainLineIsGood = (text: string, start: number, end: number, delimiter: string): boolean => {
    const last = columns.length - 1;
    let from = start;
    for (let i = 0; i <= last; i++) {
      let to = text.indexOf(delimiter, from);
      if (i === last) {
        if (to !== -1 && to < end) return false; // more fields than columns
        to = end;
      } else if (to === -1 || to >= end) {
        return false; // fewer fields than columns
      }
      fieldStarts[i] = from;
      fieldEnds[i] = to;
      if (to === from) {
        if (required[i]) return false;
      } else {
        const test = tests[i];
        if (test && !test(text, from, to)) return false;
      }
      from = to + 1;
    }
    return true;
  };

  /** Whether the table's row rules find nothing in the line `plainLineIsGood` just passed. */
  const plainLinePassesRowCheck = (text: string): boolean => {
    let passes = true;
    rowCheck?.(
      (c) => {
        const i = columns.indexOf(c);
        return i === -1 ? '' : text.slice(fieldStarts[i], fieldEnds[i]);
      },
      () => {
        passes = false;
      },
    );
    return passes;
  };

  const headerProblems = (names: string[]): boolean => {
    let bad = false;
    const seen = new Set<string>();
    for (const name of names) {
      if (!compiled.has(name)) {
        report({
          file: file.path,
          line: 1,
          column: name,
          reason: `unknown column for ${file.table} (expected: ${[...compiled.keys()].join(', ')})`,
        });
        bad = true;
      } else if (seen.has(name)) {
        report({ file: file.path, line: 1, column: name, reason: 'appears twice in the header' });
        bad = true;
      }
      seen.add(name);
    }
    for (const name of requiredColumns) {
      if (!seen.has(name)) {
        report({
          file: file.path,
          line: 1,
          column: name,
          reason: 'required column is missing from the header',
        });
        bad = true;
      }
    }
    return bad;
  };

  try {
    if (file.format.kind === 'csv') {
      let header = true;
      const delimiter = file.format.delimiter;
      // Good rows nobody needs the values of can be checked as unsplit lines.
      const plain = options.onGoodRecord === undefined;
      for await (const batch of readCsvRecords(file.path, delimiter, options.progress, plain)) {
        for (const record of batch) {
          if (record.bareCr === 'inside') check.carriageReturnsInFields++;
          if (header) {
            header = false;
            setColumns(recordFields(record, delimiter).map((f) => f.trim()));
            if (headerProblems(columns)) {
              check.fatal = true;
              return check;
            }
            if (options.headerOnly) return check;
            continue;
          }
          if (
            record.fields === null &&
            record.control === undefined &&
            record.end - record.start <= FIELD_LIMIT &&
            plainLineIsGood(record.text, record.start, record.end, delimiter) &&
            (rowCheck === undefined || plainLinePassesRowCheck(record.text))
          ) {
            check.rowsRead++;
            continue;
          }
          checkRecord(record.line, recordFields(record, delimiter), record, record.control === true);
        }
        await options.afterBatch?.();
      }
      if (header) {
        check.fatal = true;
        report({
          file: file.path,
          line: 1,
          column: '(header)',
          reason: 'the file is empty: a header row is required',
        });
      }
    } else {
      setColumns(spec.columns.map((c) => c.name));
      const known = new Set(columns);
      for await (const batch of readTextLines(file.path, options.progress, true)) {
        for (const { line, text } of batch) {
          // A line that is no JSON object is a rejected row like any other: reported, and passed
          // on as its raw text so --skip-bad-rows lists it in the rejects file.
          const rejectLine = (reason: string) => {
            const problem: RowProblem = { file: file.path, line, column: '(row)', reason };
            check.rowsRead++;
            check.rowsRejected++;
            report(problem);
            options.onBadRecord?.(line, [text], [problem]);
          };
          if (text.length > RECORD_LIMIT) {
            rejectLine(
              `is ${text.length.toLocaleString('en-US')} characters long, over the limit of ${RECORD_LIMIT.toLocaleString('en-US')} (4 MiB) per record`,
            );
            continue;
          }
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch (error) {
            rejectLine(`not valid JSON: ${(error as Error).message}`);
            continue;
          }
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            rejectLine('each line must be one JSON object');
            continue;
          }
          const object = parsed as Record<string, unknown>;
          const shapeProblems: RowProblem[] = [];
          for (const key of Object.keys(object)) {
            if (!known.has(key))
              shapeProblems.push({
                file: file.path,
                line,
                column: key,
                reason: `unknown field for ${file.table}`,
              });
          }
          const values = columns.map((name) => {
            const v = object[name];
            if (v === null || v === undefined) return '';
            if (typeof v === 'string') return v;
            if (typeof v === 'number' || typeof v === 'boolean') return String(v);
            shapeProblems.push({
              file: file.path,
              line,
              column: name,
              reason: 'must be a string, number, boolean or null',
            });
            return '';
          });
          if (shapeProblems.length > 0) {
            check.rowsRead++;
            check.rowsRejected++;
            for (const p of shapeProblems) report(p);
            options.onBadRecord?.(line, values, shapeProblems);
            continue;
          }
          checkRecord(line, values, {}, mayHoldControl(text));
        }
        await options.afterBatch?.();
      }
    }
  } catch (error) {
    if (!(error instanceof RecordSyntaxError)) throw error;
    check.fatal = true;
    if (!(error instanceof InvalidUtf8Error)) {
      report({ file: file.path, line: error.line, column: '(row)', reason: error.message });
      return check;
    }
    const column =
      error.field === undefined
        ? '(row)'
        : columns.length === 0
          ? '(header)'
          : (columns[error.field] ?? `field ${error.field + 1}`);
    report({
      file: file.path,
      line: error.line,
      column,
      reason: `${error.message}; save the file as UTF-8 (canonical files are read as UTF-8 only)`,
    });
  }
  return check;
}

/** RFC 4180 writer for cleaned copies, rejects and exports. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** A write stream that buffers lines and honours back-pressure only at flush points. */
export class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
  }

  /** Call between batches; waits when the OS buffer is full. */
  async flush(force = false): Promise<void> {
    if (!force && this.size < 1 << 20) return;
    const text = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(text))
      await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush(true);
    await new Promise<void>((resolve, reject) =>
      this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }
}
