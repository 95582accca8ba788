import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { type CanonicalTableName, TABLES } from '../../core/schema.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted, with inner quotes doubled, when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Column positions of a canonical table, so rows follow the schema's order without retyping it. */
export function columnPositions<T extends string>(
  table: CanonicalTableName,
  names: readonly T[],
): Record<T, number> {
  const columns = TABLES[table].columns.map((c) => c.name);
  const positions = {} as Record<T, number>;
  for (const name of names) {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`demo generator: ${table} has no column ${name}`);
    positions[name] = index;
  }
  return positions;
}

const CHUNK = 1 << 20;

/**
 * Buffered CSV output for one table: rows are gathered into ~1 MB strings, written to the file
 * stream, and `flush()` waits for 'drain' when the stream asks for it (backpressure).
 */
export class CsvTableWriter {
  readonly table: CanonicalTableName;
  readonly width: number;
  rows = 0;
  private readonly stream: WriteStream;
  private buffer = '';
  private failure: Error | undefined;

  constructor(table: CanonicalTableName, path: string) {
    this.table = table;
    const columns = TABLES[table].columns;
    this.width = columns.length;
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.buffer = `${columns.map((c) => csvField(c.name)).join(',')}\n`;
  }

  /** Appends a row of already-escaped fields. */
  push(fields: readonly string[]): void {
    this.buffer += `${fields.join(',')}\n`;
    this.rows++;
  }

  /** A fresh row of empty fields to fill by column position. */
  emptyRow(): string[] {
    return new Array<string>(this.width).fill('');
  }

  get full(): boolean {
    return this.buffer.length >= CHUNK;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Stops writing after a failure; the file is left incomplete. */
  abort(): void {
    this.buffer = '';
    this.stream.destroy();
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }
}
