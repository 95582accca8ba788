import { join } from 'node:path';
import { CANONICAL_TABLES, type CanonicalTableName, TABLES } from '../../core/schema.js';
import { csvLine, LineWriter } from '../canonical.js';

/** A canonical row as a source format produces it; absent and null fields are written empty. */
export type CanonicalRow = Readonly<Record<string, string | number | boolean | null | undefined>>;

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV line of `row` in `columns` order, made in one pass: formats write millions of these. */
function csvRow(columns: readonly string[], row: CanonicalRow): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const value = row[columns[i] as string];
    let text: string;
    if (value === null || value === undefined) text = '';
    else if (typeof value === 'string')
      text = NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else text = String(value);
    line = i === 0 ? text : `${line},${text}`;
  }
  return `${line}\n`;
}

const COLUMNS = new Map(
  CANONICAL_TABLES.map((t) => {
    const columns = TABLES[t].columns.map((c) => c.name);
    return [t, { columns, known: new Set(columns) as ReadonlySet<string> }] as const;
  }),
);

/**
 * Writes the canonical rows a source format produces, one `<table>.csv` per table in `dir`, in
 * the canonical import format. Streaming: rows are buffered and flushed between batches.
 */
export class CanonicalWriter {
  private readonly writers = new Map<CanonicalTableName, LineWriter>();
  private readonly rowCounts = new Map<CanonicalTableName, number>();

  constructor(readonly dir: string) {}

  write(table: CanonicalTableName, row: CanonicalRow): void {
    let writer = this.writers.get(table);
    const { columns, known } = COLUMNS.get(table) ?? { columns: [], known: new Set<string>() };
    if (!writer) {
      writer = new LineWriter(join(this.dir, `${table}.csv`));
      writer.write(csvLine(columns));
      this.writers.set(table, writer);
    }
    for (const key in row) {
      if (!known.has(key)) throw new Error(`${table} has no column ${key}`);
    }
    writer.write(csvRow(columns, row));
    this.rowCounts.set(table, (this.rowCounts.get(table) ?? 0) + 1);
  }

  /** Rows written per table so far. */
  counts(): Partial<Record<CanonicalTableName, number>> {
    return Object.fromEntries(
      CANONICAL_TABLES.filter((t) => this.rowCounts.has(t)).map((t) => [t, this.rowCounts.get(t)]),
    );
  }

  /** Call between batches of source records: waits when the disk is behind. */
  async flush(): Promise<void> {
    for (const writer of this.writers.values()) await writer.flush();
  }

  async close(): Promise<void> {
    for (const writer of this.writers.values()) await writer.close();
  }
}

const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedDayPrefix = '';
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * An instant as the canonical files write it: ISO 8601 UTC, milliseconds only when there are any.
 * Formats write millions of these, so the date part is made once per day.
 */
export function utcTimestamp(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString().replace('.000Z', 'Z');
    cachedDay = day;
    cachedDayPrefix = iso.slice(0, 11);
  }
  const inDay = ms - day * DAY_MS;
  const seconds = Math.floor(inDay / 1000);
  const milli = inDay - seconds * 1000;
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  if (milli === 0) return `${cachedDayPrefix}${clock}Z`;
  return `${cachedDayPrefix}${clock}.${String(Math.round(milli * 1000) / 1000).padStart(3, '0')}Z`;
}
