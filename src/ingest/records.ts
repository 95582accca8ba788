import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * One record and the 1-based line of the file it starts on: its fields, or, when the reader was
 * asked for plain lines, a record without quotes as `text.slice(start, end)`, left to the caller
 * to split on the delimiter (most of the cost of reading is making a string of every field).
 */
export type FileRecord =
  | { line: number; fields: string[] }
  | { line: number; fields: null; text: string; start: number; end: number };

/** The fields of a record. */
/** A one-character field separator. */
export type Delimiter = ',' | ';' | '\t' | '|';

export function recordFields(record: FileRecord, delimiter: Delimiter): string[] {
  return record.fields ?? record.text.slice(record.start, record.end).split(delimiter);
}

export type RecordFormat = { kind: 'csv'; delimiter: ',' | '\t' } | { kind: 'ndjson' };

export class RecordSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

export interface ReadProgress {
  bytesRead: number;
}

function openText(path: string, progress?: ReadProgress): AsyncIterable<string> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (progress) raw.on('data', (chunk) => (progress.bytesRead += chunk.length));
  const stream = path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding('utf8');
  return stream as AsyncIterable<string>;
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
 * may hold delimiters, doubled quotes and line breaks; CRLF and a leading BOM are accepted.
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
  let first = true;
  let endedOnCr = false;
  let batch: FileRecord[] = [];

  for await (let chunk of openText(path, progress)) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let start = 0;
    const length = chunk.length;
    // A CRLF split across two chunks: the CR already ended the record.
    if (endedOnCr && !inQuotes && chunk.charCodeAt(0) === LF) start = 1;
    // The next line feed, quote and CR at or after the scan position (`length` when there is
    // none): a record that starts a line and holds no quote or lone CR is split natively instead
    // of character by character. Cached, so a chunk is searched once for each.
    let nextLf = -1;
    let nextQuote = -1;
    let nextCr = -1;
    for (let i = start; i < length; i++) {
      if (i === start && field === '' && fields.length === 0 && !inQuotes && !quoteJustClosed) {
        if (nextLf < i) nextLf = indexOrEnd(chunk, '\n', i);
        const lf = nextLf;
        if (lf < length) {
          if (nextQuote < i) nextQuote = indexOrEnd(chunk, '"', i);
          if (nextCr < i) nextCr = indexOrEnd(chunk, '\r', i);
          const end = nextCr === lf - 1 ? lf - 1 : lf;
          if (nextQuote > lf && (nextCr > lf || nextCr === end)) {
            if (end > i) {
              batch.push(
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
      if (inQuotes) {
        if (c === QUOTE) {
          field += chunk.slice(start, i);
          inQuotes = false;
          quoteJustClosed = true;
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
          start = i + 1;
        } else {
          // Records before the broken one are still reported on; nothing after it can be read.
          if (batch.length > 0) yield batch;
          throw new RecordSyntaxError(
            line,
            'a quote inside an unquoted field (quote the whole field and double the quote)',
          );
        }
        continue;
      }
      if (c === delim) {
        fields.push(field + chunk.slice(start, i));
        field = '';
        quoteJustClosed = false;
        start = i + 1;
      } else if (c === LF || c === CR) {
        const end = i;
        if (c === CR && chunk.charCodeAt(i + 1) === LF) i++;
        fields.push(field + chunk.slice(start, end));
        field = '';
        quoteJustClosed = false;
        start = i + 1;
        if (!(fields.length === 1 && fields[0] === '')) {
          batch.push({ line: recordLine, fields });
          if (batch.length >= 4096) {
            yield batch;
            batch = [];
          }
        }
        fields = [];
        line++;
        recordLine = line;
      } else if (quoteJustClosed) {
        if (batch.length > 0) yield batch;
        throw new RecordSyntaxError(
          line,
          'text after a closing quote (a quote inside a field must be doubled)',
        );
      }
    }
    field += chunk.slice(start);
    endedOnCr = chunk.charCodeAt(length - 1) === CR;
  }
  if (inQuotes) {
    if (batch.length > 0) yield batch;
    throw new RecordSyntaxError(recordLine, 'a quoted field is not closed before the end of the file');
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    batch.push({ line: recordLine, fields });
  }
  if (batch.length > 0) yield batch;
}

/** Non-empty lines of a text file (NDJSON, a queue_log, …) with their line numbers, in batches. */
export async function* readTextLines(
  path: string,
  progress?: ReadProgress,
): AsyncGenerator<{ line: number; text: string }[]> {
  let pending = '';
  let line = 0;
  let batch: { line: number; text: string }[] = [];
  let first = true;
  for await (let chunk of openText(path, progress)) {
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
  line++;
  if (pending.trim() !== '') batch.push({ line, text: pending.trim() });
  if (batch.length > 0) yield batch;
}
