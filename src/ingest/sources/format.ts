import type { CanonicalTableName } from '../../core/schema.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import type { RowProblem } from '../canonical.js';
import type { CanonicalWriter } from './writer.js';

/**
 * Implausible values that are almost certainly a mapping mistake (a queue wait of 18 hours, an
 * answer before the queue entry, …). Besides the import's warnings they are stored as data-quality
 * notices, shown with the figures of the days they affect.
 */
export const DATA_QUALITY_CODES = [
  'long_queue_wait',
  'long_handle_time',
  'answer_before_queue',
  'moved_to_next_day',
  'negative_interval',
] as const;
export type DataQualityCode = (typeof DATA_QUALITY_CODES)[number];

/** Where a plausibility warning applies: its code and the UTC day (`yyyy-MM-dd`) of the contact's creation. */
export interface QualityMark {
  code: DataQualityCode;
  day: string;
}

/**
 * Something in the source that was imported but deserves a look, counted per kind: a call that
 * never ended, a ring without answer, a negative duration. Never silently dropped or kept.
 */
export interface SourceWarning {
  file: string;
  message: string;
  count: number;
  /** The first few places it happened, e.g. `line 12 (call 1699.3)`. */
  examples: string[];
  /** Plausibility warnings: their code and how many contacts created on each UTC day they concern. */
  quality?: { code: DataQualityCode; days: Record<string, number> };
}

/**
 * What became of the rows of a one-row-per-contact file (`rows: "contact"` mappings): rows whose
 * contact id repeats are merged when they agree and dropped (or refused) when they conflict.
 */
export interface ContactRowCounts {
  /** Rows converted into a contact (rows skipped or rejected are not counted). */
  converted: number;
  /** Rows that repeated a contact with the same values: merged into it. */
  merged: number;
  /** Rows that repeated a contact with other values: refused, or dropped by `duplicates`. */
  conflicting: number;
  /** Contacts made of the rows. */
  contacts: number;
}

/** What a source format is handed while it converts files. */
export interface ConvertContext {
  /** Receives the canonical rows. */
  readonly out: CanonicalWriter;
  /** The `source` column of every row written: the format's name unless the user chose another. */
  readonly source: string;
  /** The mapping file given with --map, for formats that need or accept one. */
  readonly mappingPath: string | null;
  /** IANA time zone of source times written without an offset (--timezone; default UTC). */
  readonly timezone: string;
  /** --idle-gap in seconds, for formats with an `idleGap`; undefined: the format's default. */
  readonly idleGapSeconds?: number;
  /**
   * A source record that cannot be imported: where exactly and why. `record` is its raw text,
   * written to the rejects file under --skip-bad-rows.
   */
  reject(problem: RowProblem, record: string): void;
  /**
   * Something imported that deserves a look; counted per `file` and `message`. `quality` marks a
   * plausibility problem, which is also stored as a data-quality notice for its day.
   */
  warn(file: string, message: string, example: string, quality?: QualityMark): void;
  /** Called with the bytes read so far of the file being converted. */
  progress(file: string, bytesRead: number, totalBytes: number): void;
  /** Formats that read one row per contact: how many rows became how many contacts. */
  contactRows?(counts: ContactRowCounts): void;
  /**
   * The id of the stored agent whose id or e-mail address (without case) is `idOrEmail`, or null:
   * for formats that name agents only by e-mail or by file name (a calendar per agent).
   */
  knownAgent?(idOrEmail: string): Promise<string | null>;
  /**
   * Which of these customer ids are stored already: formats that learn of customers from their
   * orders write only the new ones, so a customer's stored segment and dates are never replaced.
   */
  storedCustomers?(ids: readonly string[]): Promise<Set<string>>;
}

/** One format servicemeter reads: a helpdesk export, a phone-queue log, … */
export interface SourceFormat {
  /** The name given on the command line: `servicemeter import <name> <files...>`. */
  name: string;
  /** One line for --help. */
  summary: string;
  /** Whether --map is required, accepted or not used. */
  mapping: 'required' | 'optional' | 'none';
  /**
   * Formats that cut a long-lived conversation into contacts: a customer message after more than
   * this many seconds without any message starts a new contact (--idle-gap changes it).
   */
  idleGap?: { defaultSeconds: number };
  /**
   * Converts the files into canonical rows through `context.out`, reporting every record it
   * cannot import through `context.reject`. Streaming: memory does not grow with file size.
   */
  convert(paths: readonly string[], context: ConvertContext): Promise<void>;
  /**
   * Whether a file looks like this format, from its name and first bytes: what it would import
   * (e.g. "Asterisk queue_log: call events per queue"), or null.
   */
  detect(file: { name: string; head: string }): string | null;
  /**
   * A faster way some formats have for some files: the canonical rows staged straight in the
   * database, with what `convert` would have warned about. `{ staged: null }` (and why) when the
   * files need `convert`, which is then run; nothing is left behind either way.
   */
  stage?(engine: DuckDbEngine, paths: readonly string[], context: StageContext): Promise<StageOutcome>;
}

export interface StageContext {
  readonly source: string;
  readonly mappingPath: string | null;
  readonly timezone: string;
}

export type StageOutcome =
  | {
      /** Stage tables, or queries whose rows never share a key; see `StagedRows`. */
      staged: ({ table: CanonicalTableName; order: string } & (
        | { stage: string; rows: number }
        | { select: string }
      ))[];
      rowsRead: number;
      warnings: SourceWarning[];
      contactRows?: ContactRowCounts;
      /** Drops whatever the staging left in the database; called once the rows are loaded (or not). */
      release(): Promise<void>;
    }
  | { staged: null; reason: string };

/** Collects rejections and warnings while a format converts. */
export class ConversionLog {
  readonly problems: RowProblem[] = [];
  problemCount = 0;
  private readonly warnings = new Map<string, SourceWarning>();

  constructor(private readonly maxProblems = 20) {}

  reject(problem: RowProblem): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
  }

  warn(file: string, message: string, example: string, quality?: QualityMark): void {
    const key = `${file}\u0000${message}`;
    const known: SourceWarning = this.warnings.get(key) ?? { file, message, count: 0, examples: [] };
    known.count++;
    if (known.examples.length < 3) known.examples.push(example);
    if (quality) {
      known.quality ??= { code: quality.code, days: {} };
      known.quality.days[quality.day] = (known.quality.days[quality.day] ?? 0) + 1;
    }
    this.warnings.set(key, known);
  }

  warningList(): SourceWarning[] {
    return [...this.warnings.values()];
  }
}
