import { readFile, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { instantRangeProblem, utcText } from '../../core/time-range.js';
import { readTextLines, textProblem } from '../records.js';
import type { ConvertContext } from './format.js';

/**
 * Reading API responses saved as files: a whole JSON document (`.json`), or newline-delimited
 * JSON (`.ndjson`, `.jsonl`), either optionally gzipped. Values stay `unknown` until a `JsonObject`
 * reader has checked them, so a field of the wrong type is a rejection, never a crash.
 */

/** One JSON document of a file: the whole file, or one line of an NDJSON file. */
export interface JsonDocument {
  file: string;
  /** Line the document is on: 1 for a whole-file document. */
  line: number;
  value: unknown;
  /** The document's text, for the rejects file. */
  text: string;
}

export type JsonFileKind = 'json' | 'ndjson' | 'other';

export function jsonFileKind(path: string): JsonFileKind {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'ndjson';
  if (name.endsWith('.json')) return 'json';
  return 'other';
}

/**
 * The documents of a JSON or NDJSON file. A line or file that is not JSON is rejected through
 * `context` (file, line, reason) and skipped.
 */
export async function* readJsonDocuments(
  path: string,
  context: ConvertContext,
): AsyncGenerator<JsonDocument> {
  const totalBytes = (await stat(path)).size;
  if (jsonFileKind(path) === 'ndjson') {
    const progress = { bytesRead: 0 };
    for await (const batch of readTextLines(path, progress)) {
      for (const { line, text } of batch) {
        const value = parseJson(text);
        if (value.ok) yield { file: path, line, value: value.value, text };
        else
          context.reject({ file: path, line, column: '(line)', reason: `not JSON: ${value.reason}` }, text);
      }
      context.progress(path, progress.bytesRead, totalBytes);
      await context.out.flush();
    }
    return;
  }
  let bytes = await readFile(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  context.progress(path, totalBytes, totalBytes);
  const value = parseJson(text);
  if (value.ok) yield { file: path, line: 1, value: value.value, text };
  else context.reject({ file: path, line: 1, column: '(file)', reason: `not JSON: ${value.reason}` }, '');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The problems of one source record: the first one is reported (with the path of the field inside
 * the document, e.g. `payload[3].created_at`); `failed` tells the caller to skip the record.
 */
export class RecordCheck {
  failed = false;

  constructor(private readonly report: (column: string, reason: string) => void) {}

  problem(column: string, reason: string): void {
    if (!this.failed) this.report(column, reason);
    this.failed = true;
  }
}

/**
 * Typed access to the fields of one JSON object. A field of the wrong type is a problem of the
 * record (`check`); the accessor then returns null.
 */
export class JsonObject {
  constructor(
    readonly value: Record<string, unknown>,
    /** Path of this object inside its document, e.g. `payload[3]`; empty for the document itself. */
    readonly path: string,
    readonly check: RecordCheck,
  ) {}

  get failed(): boolean {
    return this.check.failed;
  }

  column(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  fail(name: string, reason: string): null {
    this.check.problem(this.column(name), reason);
    return null;
  }

  has(name: string): boolean {
    return this.value[name] !== undefined && this.value[name] !== null;
  }

  /** A nested object, or null when absent; anything else is a problem. */
  object(name: string): JsonObject | null {
    const value = this.value[name];
    if (value === undefined || value === null) return null;
    if (!isRecord(value)) return this.fail(name, 'is not an object');
    return new JsonObject(value, this.column(name), this.check);
  }

  /** An array of objects, or null when absent. */
  objects(name: string): JsonObject[] | null {
    const value = this.value[name];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) return this.fail(name, 'is not an array');
    const items: JsonObject[] = [];
    for (const [index, item] of value.entries()) {
      if (!isRecord(item)) return this.fail(`${name}[${index}]`, 'is not an object');
      items.push(new JsonObject(item, `${this.column(name)}[${index}]`, this.check));
    }
    return items;
  }

  /**
   * A string, or null when absent or empty. A control character (or an over-long text) is a problem
   * of the record here, where the field is known, before the text could reach the database.
   */
  text(name: string): string | null {
    const value = this.readText(name);
    if (value === null) return null;
    const problem = textProblem(value);
    return problem === null ? value : this.fail(name, problem);
  }

  /**
   * A string only looked at, never stored (e.g. a message body read for its status change): a
   * control character in it does no harm, so it is not refused.
   */
  readText(name: string): string | null {
    const value = this.value[name];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') return this.fail(name, `${JSON.stringify(value)} is not a string`);
    return value;
  }

  /** An id given as a number or a string, as text; null when absent. */
  id(name: string): string | null {
    const value = this.value[name];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    if (typeof value === 'string') {
      const problem = textProblem(value);
      return problem === null ? value : this.fail(name, problem);
    }
    return this.fail(name, `${JSON.stringify(value)} is not an id (a whole number or a string)`);
  }

  requiredId(name: string): string | null {
    return this.id(name) ?? this.fail(name, 'is missing');
  }

  /** A Unix time in whole seconds, as milliseconds; null when absent (or 0, the APIs' "never"). */
  epochMs(name: string): number | null {
    const value = this.value[name];
    if (value === undefined || value === null || value === 0) return null;
    let ms: number | null = null;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) ms = value * 1000;
    else if (typeof value === 'string' && /^\d{9,11}$/.test(value)) ms = Number(value) * 1000;
    if (ms === null) return this.fail(name, `${JSON.stringify(value)} is not a Unix time in seconds`);
    const outside = instantRangeProblem(ms);
    return outside === null ? ms : this.fail(name, `${JSON.stringify(value)} (${utcText(ms)}) ${outside}`);
  }

  requiredEpochMs(name: string): number | null {
    return this.epochMs(name) ?? this.fail(name, 'is missing');
  }

  /** A whole number, or null when absent. */
  integer(name: string): number | null {
    const value = this.value[name];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    return this.fail(name, `${JSON.stringify(value)} is not a whole number`);
  }

  boolean(name: string): boolean | null {
    const value = this.value[name];
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value;
    return this.fail(name, `${JSON.stringify(value)} is not true or false`);
  }
}
