import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** The most characters one field may hold; a longer one is refused, never cut. */
export const FIELD_LIMIT = 1 << 20;
/** The most characters one record may hold: a CSV row's fields together, or one NDJSON line. */
export const RECORD_LIMIT = 4 << 20;

/**
 * NUL and the other control characters, which no export means as text: C0 controls but tab, line
 * feed and carriage return; DEL and the C1 controls (bytes of another encoding read as Latin-1);
 * a byte order mark after the start of a file (where two files were joined).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF]/;

function characterName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `${hex} (NUL)`;
  if (code === 0xfeff) return `${hex} (a byte order mark)`;
  return hex;
}

/**
 * Why a field's text cannot be imported as it is, or null: over `FIELD_LIMIT` characters, or
 * holding a control character.
 */
export function textProblem(value: string): string | null {
  if (value.length > FIELD_LIMIT) {
    return `is ${value.length.toLocaleString('en-US')} characters long, over the limit of ${FIELD_LIMIT.toLocaleString('en-US')} (1 MiB) per field`;
  }
  const at = value.search(CONTROL);
  if (at === -1) return null;
  return `holds the control character ${characterName(value.charCodeAt(at))} at character ${at + 1}; NUL and control characters other than tab, line feed and carriage return are refused`;
}

const CONTROL_FROM = new RegExp(CONTROL.source, 'g');

/** Whether a line of JSON may hold a control character, raw or escaped. */
export function mayHoldControl(text: string): boolean {
  return text.includes('\\u') || CONTROL.test(text);
}

function isControl(c: number): boolean {
  return c < 32 ? c !== 9 && c !== 10 && c !== 13 : c >= 127 && (c <= 159 || c === 0xfeff);
}

/**
 * What the reader saw of a record's shape, for the error about its field count: a carriage return
 * that ended a line of a CRLF file in the middle of a field (`split`), one kept as text inside a
 * field of an LF file (`inside`), and the line a quoted field spanning several lines opened on.
 */
export interface RecordShape {
  bareCr?: 'split' | 'inside';
  quoteFrom?: number;
  /** The record holds a control character somewhere: `textProblem` says where. */
  control?: true;
}

/**
 * One record and the 1-based line of the file it starts on: its fields, or, when the reader was
 * asked for plain lines, a record without quotes as `text.slice(start, end)`, left to the caller
 * to split on the delimiter (most of the cost of reading is making a string of every field).
 */
export type FileRecord = RecordShape &
  (
    | { line: number; fields: string[] }
    | { line: number; fields: null; text: string; start: number; end: number }
  );

/** A one-character field separator. */
export type Delimiter = ',' | ';' | '\t' | '|';

/** The fields of a record. */
export function recordFields(record: FileRecord, delimiter: Delimiter): string[] {
  return record.fields ?? record.text.slice(record.start, record.end).split(delimiter);
}

/** "has 5 fields, the header has 7", with what the reader saw that may explain it. */
export function fieldCountReason(record: RecordShape, count: number, expected: number): string {
  const seen =
    record.bareCr === 'split'
      ? ' (a carriage return inside a field?)'
      : record.quoteFrom !== undefined
        ? ` (an unclosed quote starting on line ${record.quoteFrom}?)`
        : '';
  return `has ${count} field${count === 1 ? '' : 's'}, the header has ${expected}${seen}`;
}

export type RecordFormat = { kind: 'csv'; delimiter: ',' | '\t' } | { kind: 'ndjson' };

export class RecordSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
    /** The 0-based field of the record it is in, when known. */
    readonly field?: number,
  ) {
    super(reason);
  }
}

/** Bytes that are no UTF-8, where they are. */
export class InvalidUtf8Error extends RecordSyntaxError {}

export interface ReadProgress {
  bytesRead: number;
}

/** Thrown by `decodeUtf8` at the first byte that is no UTF-8; `offset` counts from the file start. */
class InvalidUtf8 extends Error {
  constructor(
    readonly offset: number,
    readonly byte: number | undefined,
  ) {
    super('not valid UTF-8');
  }

  /** "not valid UTF-8: byte 0xE9 (é in Windows-1252) at byte 1,234 of the file". */
  describe(compressed: boolean): string {
    const byte = this.byte;
    const where = `at byte ${this.offset.toLocaleString('en-US')} of the ${compressed ? 'uncompressed ' : ''}file`;
    if (byte === undefined) return `not valid UTF-8: the file ends inside a character (${where})`;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const legacy = byte >= 0xa0 ? new TextDecoder('windows-1252').decode(Uint8Array.of(byte)) : '';
    return `not valid UTF-8: byte ${hex}${legacy ? ` (${legacy} in Windows-1252)` : ''} ${where}`;
  }
}

/** The index of the first byte of `bytes` that cannot start or continue UTF-8; -1 if none. An incomplete character at the end is not counted. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return -1;
      const c = bytes[i + k] as number;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `bytes` begin a character that is not complete yet. */
function incompleteTail(bytes: Uint8Array): number {
  for (let k = 1; k <= Math.min(3, bytes.length); k++) {
    const b = bytes[bytes.length - k] as number;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

/**
 * Strict UTF-8 text of a byte stream: the text before the first invalid byte, then `InvalidUtf8`
 * with its place. Node's own decoding would put U+FFFD in its place without a word.
 */
async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let offset = 0;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const joined = Buffer.concat([tail, chunk]);
      const bad = Math.max(0, firstInvalidUtf8(joined));
      if (bad > 0) yield joined.toString('utf8', 0, bad);
      throw new InvalidUtf8(offset - tail.length + bad, joined[bad]);
    }
    const view = chunk.length < 4 ? Buffer.concat([tail, chunk]) : chunk;
    tail = view.subarray(view.length - incompleteTail(view));
    offset += chunk.length;
    if (text !== '') yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new InvalidUtf8(offset - tail.length, undefined);
  }
}

/** The text of a file, gunzipped when its name ends in .gz; `lenient` puts U+FFFD for bytes that are no UTF-8. */
function openText(path: string, progress?: ReadProgress, lenient = false): AsyncIterable<string> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (progress) raw.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const stream = isCompressed(path) ? raw.pipe(createGunzip()) : raw;
  if (!lenient) return decodeUtf8(stream as AsyncIterable<Buffer>);
  stream.setEncoding('utf8');
  return stream as AsyncIterable<string>;
}

function isCompressed(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** A .gz file that cannot be decompressed, as an error on the line reached; null for other errors. */
function brokenGzip(error: unknown, line: number): RecordSyntaxError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('Z_')) return null;
  return new RecordSyntaxError(line, `not a readable gzip file: ${(error as Error).message}`);
}

/** Chunks of which only the last may end in a carriage return, so a CR always sees the character after it. */
async function* crKeptWithNext(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let held = '';
  for await (const chunk of chunks) {
    const text = held + chunk;
    held = text.endsWith('\r') ? '\r' : '';
    const ready = held ? text.slice(0, -1) : text;
    if (ready !== '') yield ready;
  }
  if (held) yield held;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 records in batches, streaming: memory stays flat whatever the file size. Quoted fields
 * may hold delimiters, doubled quotes and line breaks; a leading BOM is skipped.
 *
 * Line endings are those of the file's first line feed. In a file whose lines end in LF, a
 * carriage return not followed by LF is text of its field (pandas and spreadsheets write such
 * files) and CRLF still ends a line. In a file whose lines end in CRLF, or in CR alone, any of CR,
 * LF and CRLF ends a line. Lines are counted as an editor shows them; a record is named by the line
 * it starts on. Bytes that are no UTF-8 stop the reading with their line, field and offset; a
 * record holding a control character is marked, for the caller to refuse.
 */
export async function* readCsvRecords(
  path: string,
  delimiter: Delimiter,
  progress?: ReadProgress,
  plainLines = false,
): AsyncGenerator<FileRecord[]> {
  const delim = delimiter.charCodeAt(0);
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteJustClosed = false;
  // The line the open (or last) quoted field began on, and the first such field of the record
  // that ran over several lines.
  let quoteLine = 0;
  let quoteFrom: number | undefined;
  let bareCr: RecordShape['bareCr'];
  let afterSplit = false;
  let control = false;
  let first = true;
  let ending: 'lf' | 'crlf' | 'cr' | null = null;
  let batch: FileRecord[] = [];

  const push = (record: FileRecord) => {
    if (bareCr !== undefined) record.bareCr = bareCr;
    if (quoteFrom !== undefined) record.quoteFrom = quoteFrom;
    if (control) record.control = true;
    batch.push(record);
    control = false;
    bareCr = afterSplit ? 'split' : undefined;
    afterSplit = false;
    quoteFrom = undefined;
  };

  try {
    for await (let chunk of crKeptWithNext(openText(path, progress))) {
      if (first) {
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        first = false;
      }
      if (ending === null) {
        const lf = chunk.indexOf('\n');
        if (lf !== -1) ending = lf > 0 && chunk.charCodeAt(lf - 1) === CR ? 'crlf' : 'lf';
        else if (chunk.includes('\r')) ending = 'cr';
      }
      let start = 0;
      const length = chunk.length;
      // The next line feed, quote and CR at or after the scan position (`length` when there is
      // none): a record that starts a line and holds no quote (nor, but in an LF file, a lone CR)
      // is split natively instead of character by character. Cached, so a chunk is searched once
      // for each.
      let nextLf = -1;
      let nextQuote = -1;
      let nextCr = -1;
      let nextControl = -1;
      for (let i = start; i < length; i++) {
        if (
          i === start &&
          field === '' &&
          fields.length === 0 &&
          !inQuotes &&
          !quoteJustClosed &&
          !afterSplit &&
          bareCr === undefined
        ) {
          if (nextLf < i) nextLf = indexOrEnd(chunk, '\n', i);
          const lf = nextLf;
          if (lf < length) {
            if (nextQuote < i) nextQuote = indexOrEnd(chunk, '"', i);
            if (nextCr < i) nextCr = indexOrEnd(chunk, '\r', i);
            const end = lf > i && chunk.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
            const crInside = nextCr < end;
            if (nextQuote > lf && (!crInside || ending === 'lf')) {
              if (end > i) {
                if (crInside) bareCr = 'inside';
                if (nextControl < i) {
                  CONTROL_FROM.lastIndex = i;
                  nextControl = CONTROL_FROM.exec(chunk)?.index ?? length;
                }
                if (nextControl < end) control = true;
                push(
                  plainLines
                    ? { line: recordLine, fields: null, text: chunk, start: i, end }
                    : { line: recordLine, fields: chunk.slice(i, end).split(delimiter) },
                );
                if (batch.length >= 4096) {
                  yield batch;
                  batch = [];
                }
              }
              line++;
              recordLine = line;
              i = lf;
              start = lf + 1;
              continue;
            }
          }
        }
        const c = chunk.charCodeAt(i);
        if (isControl(c)) control = true;
        if (inQuotes) {
          if (c === QUOTE) {
            field += chunk.slice(start, i);
            inQuotes = false;
            quoteJustClosed = true;
            if (quoteLine < line) quoteFrom ??= quoteLine;
            start = i + 1;
          } else if (c === LF) {
            line++;
          }
          continue;
        }
        if (c === QUOTE) {
          if (quoteJustClosed) {
            field += '"';
            inQuotes = true;
            quoteJustClosed = false;
            start = i + 1;
          } else if (i === start && field === '') {
            inQuotes = true;
            quoteLine = line;
            start = i + 1;
          }
          // A quote inside a field that did not start with one (`agent "7`) is text, as a
          // spreadsheet, pandas and DuckDB's reader all read it: nothing else could be meant.
          continue;
        }
        if (c === delim) {
          fields.push(field + chunk.slice(start, i));
          field = '';
          quoteJustClosed = false;
          start = i + 1;
        } else if (c === LF || c === CR) {
          const crlf = c === CR && chunk.charCodeAt(i + 1) === LF;
          // A CR with nothing after it ends the file's last line.
          const lone = c === CR && !crlf && i + 1 < length;
          if (lone && ending === 'lf') {
            bareCr = 'inside';
            if (quoteJustClosed) {
              if (batch.length > 0) yield batch;
              throw afterQuote(fields.length);
            }
            continue;
          }
          const end = i;
          if (crlf) i++;
          fields.push(field + chunk.slice(start, end));
          field = '';
          quoteJustClosed = false;
          start = i + 1;
          if (lone && ending === 'crlf') {
            bareCr = 'split';
            afterSplit = true;
          }
          if (!(fields.length === 1 && fields[0] === '')) {
            push({ line: recordLine, fields });
            if (batch.length >= 4096) {
              yield batch;
              batch = [];
            }
          } else {
            bareCr = afterSplit ? 'split' : undefined;
            afterSplit = false;
            quoteFrom = undefined;
            control = false;
          }
          fields = [];
          line++;
          recordLine = line;
        } else if (quoteJustClosed) {
          if (batch.length > 0) yield batch;
          throw afterQuote(fields.length);
        }
      }
      field += chunk.slice(start);
    }
  } catch (error) {
    const broken = brokenGzip(error, line);
    if (broken) throw broken;
    if (!(error instanceof InvalidUtf8)) throw error;
    if (batch.length > 0) yield batch;
    throw new InvalidUtf8Error(line, error.describe(isCompressed(path)), fields.length);
  }
  if (inQuotes) {
    if (batch.length > 0) yield batch;
    const opened = quoteLine > recordLine ? ` (it opens on line ${quoteLine})` : '';
    throw new RecordSyntaxError(
      recordLine,
      `a quoted field is not closed before the end of the file${opened}: the rest of the file would be one field`,
      fields.length,
    );
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    push({ line: recordLine, fields });
  }
  if (batch.length > 0) yield batch;

  function afterQuote(index: number): RecordSyntaxError {
    const opened =
      quoteLine < line ? ` (the quoted field began on line ${quoteLine}: an unclosed quote there?)` : '';
    return new RecordSyntaxError(
      line,
      `text after a closing quote (a quote inside a field must be doubled)${opened}`,
      index,
    );
  }
}

/**
 * Non-empty lines of a text file (NDJSON, a queue_log, …) with their line numbers, in batches.
 * With `strictUtf8`, bytes that are no UTF-8 stop the reading with their line and offset.
 */
export async function* readTextLines(
  path: string,
  progress?: ReadProgress,
  strictUtf8 = false,
): AsyncGenerator<{ line: number; text: string }[]> {
  let pending = '';
  let line = 0;
  let batch: { line: number; text: string }[] = [];
  let first = true;
  try {
    for await (let chunk of openText(path, progress, !strictUtf8)) {
      if (first) {
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        first = false;
      }
      pending += chunk;
      let newline = pending.indexOf('\n');
      let start = 0;
      while (newline !== -1) {
        line++;
        const text = pending.slice(start, newline).trim();
        if (text !== '') batch.push({ line, text });
        start = newline + 1;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
      if (batch.length >= 4096) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    const broken = brokenGzip(error, line + 1);
    if (broken) throw broken;
    if (!(error instanceof InvalidUtf8)) throw error;
    if (batch.length > 0) yield batch;
    throw new InvalidUtf8Error(line + 1, error.describe(isCompressed(path)));
  }
  line++;
  if (pending.trim() !== '') batch.push({ line, text: pending.trim() });
  if (batch.length > 0) yield batch;
}
