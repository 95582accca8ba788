import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { posix } from 'node:path';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import type { ReadProgress } from './records.js';

/**
 * Excel workbooks (.xlsx, Office Open XML) read without a spreadsheet library: the zip's central
 * directory is read from the end of the file, the small parts (workbook, relationships, shared
 * strings, styles) are inflated whole, and the chosen worksheet is inflated and scanned as a stream,
 * so a sheet of a million rows costs the memory of its shared strings and one batch of rows.
 *
 * Cells become the text a CSV export of the sheet would hold, so that a mapping reads a workbook like
 * a CSV file: numbers in plain decimals, dates and times as `yyyy-MM-dd HH:mm:ss` / `H:mm:ss`
 * (zone-less wall clock), booleans `TRUE` / `FALSE`, errors as Excel writes them (`#N/A`), formulas
 * as their cached result.
 *
 * Not read: zip64 archives (parts or files over 4 GB, or over 65,535 parts), encrypted
 * (password-protected) workbooks, binary workbooks (.xls, .xlsb).
 */

/** A workbook that cannot be read, or a row of it that cannot; `line` is the sheet row, or 1. */
export class XlsxError extends Error {
  constructor(
    message: string,
    readonly line = 1,
    readonly column = '(file)',
  ) {
    super(message);
  }
}

/** One sheet of a workbook, in tab order. */
export interface XlsxSheet {
  name: string;
  /** 1-based position among the workbook's tabs. */
  position: number;
  hidden: boolean;
  /** Worksheets hold cells; chart, dialog and macro sheets do not. */
  kind: 'worksheet' | 'chartsheet' | 'other';
  /** The zip entry of the sheet, or null when the workbook does not say where it is. */
  part: string | null;
}

/** A non-empty sheet row: its row number and its cells up to the last one that holds something. */
export interface XlsxRecord {
  line: number;
  fields: string[];
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

/** How a numeric cell is written, by the number format of its style. */
type NumberKind = 'number' | 'date' | 'datetime' | 'time' | 'elapsed';

const DAY_MS = 86_400_000;
/** Batches of rows, like the CSV reader's: few enough awaits, little memory. */
const BATCH_ROWS = 4096;
/** The widest sheet Excel makes (XFD). */
const MAX_COLUMNS = 16_384;

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;

// ---------------------------------------------------------------------------------------------
// XML: the few shapes of SpreadsheetML, scanned with regular expressions. Elements may carry a
// namespace prefix (`<x:row>`), as some producers write them.

const PREFIX = '(?:[A-Za-z_][\\w.-]*:)?';

/** `<name attrs/>` or `<name attrs>inner</name>`: group 1 the attributes, group 2 the inner XML. */
function elementPattern(name: string): RegExp {
  return new RegExp(`<${PREFIX}${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${PREFIX}${name}\\s*>)`, 'g');
}

/** Start tags only, for elements whose content is not needed (`<xf …>` may or may not be empty). */
function startTagPattern(name: string): RegExp {
  return new RegExp(`<${PREFIX}${name}\\b([^>]*)>`, 'g');
}

const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) found.set(m[1] as string, decodeXml(m[2] ?? m[3] ?? ''));
  return found;
}

/** A relationship id attribute (`r:id`, whatever the prefix of the relationships namespace). */
function relationshipId(attrs: Map<string, string>): string | undefined {
  for (const [name, value] of attrs) if (name.endsWith(':id')) return value;
  return undefined;
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text as the string it stands for: line ends normalised as XML says, entities resolved. */
function decodeXml(text: string): string {
  let out = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  if (out.indexOf('&') !== -1)
    out = out.replace(ENTITY, (whole, hex?: string, dec?: string, name?: string) => {
      if (name) return NAMED[name] ?? whole;
      const code = hex ? Number.parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  return out;
}

/**
 * Office's escapes for characters XML cannot hold (`_x000D_` is a carriage return); `_x005F_`
 * escapes the underscore of a literal `_x…_`.
 */
function unescapeOffice(text: string): string {
  return text.indexOf('_x') === -1
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function cellString(xmlText: string): string {
  return unescapeOffice(decodeXml(xmlText));
}

const TEXT_RUN = elementPattern('t');
const PHONETIC_RUN = elementPattern('rPh');

/** The text of a string item (`<si>`, `<is>`): plain `<t>` or rich-text runs `<r><t>`, concatenated. */
function stringItem(inner: string): string {
  // Phonetic guides (furigana) are a reading aid printed above the text, not part of it.
  const body = inner.indexOf('rPh') === -1 ? inner : inner.replace(PHONETIC_RUN, '');
  let text = '';
  for (const m of body.matchAll(TEXT_RUN)) text += cellString(m[2] ?? '');
  return text;
}

// ---------------------------------------------------------------------------------------------
// Cells

/** Excel's built-in date and time formats; the other built-in ids are numbers and text. */
const BUILT_IN_KINDS: Record<number, NumberKind> = {
  14: 'date',
  15: 'date',
  16: 'date',
  17: 'date',
  18: 'time',
  19: 'time',
  20: 'time',
  21: 'time',
  22: 'datetime',
  45: 'time',
  46: 'elapsed',
  47: 'time',
};

/**
 * Whether a custom number format shows a date or time, by its letters outside quoted text, escapes
 * and brackets (`[Red]`, `[$-409]`); `[h]`, `[mm]`, `[ss]` are elapsed time. Only the first
 * section counts: it is the one positive numbers, and so dates, are shown with.
 */
export function numberFormatKind(code: string): NumberKind {
  let letters = '';
  let elapsed = false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charAt(i);
    if (c === ';') break;
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      i = close === -1 ? code.length : close;
    } else if (c === '\\' || c === '_' || c === '*') i++;
    else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      const inside = code.slice(i + 1, close === -1 ? code.length : close);
      if (/^(?:h+|m+|s+)$/i.test(inside)) elapsed = true;
      i = close === -1 ? code.length : close;
    } else letters += c.toLowerCase();
  }
  if (elapsed) return 'elapsed';
  const time = /[hs]/.test(letters);
  // `m` is minutes next to hours or seconds, else months.
  const date = /[dy]/.test(letters) || (!time && letters.includes('m'));
  if (date) return time ? 'datetime' : 'date';
  return time ? 'time' : 'number';
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** A duration or time of day in total hours: `9:05:00`, `26:00:00`, `0:00:01.250`. */
function clockText(days: number): string {
  const total = Math.round(Math.abs(days) * DAY_MS);
  const ms = total % 1000;
  const seconds = Math.floor(total / 1000);
  const text = `${Math.floor(seconds / 3600)}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  return `${days < 0 ? '-' : ''}${text}${ms === 0 ? '' : `.${pad3(ms)}`}`;
}

// Day 0 of the 1900 date system is 1899-12-31, but Excel counts 29 February 1900 (day 60), which
// never was: from day 61 on, days count from 1899-12-30.
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const LAST_SERIAL = 2_958_466;

/** Epoch milliseconds read as a zone-less wall clock: `yyyy-MM-dd` alone when `dateOnly` and at midnight. */
function wallClockText(ms: number, dateOnly: boolean): string {
  const d = new Date(ms);
  const day = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const inDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS;
  if (dateOnly && inDay === 0) return day;
  const fraction = d.getUTCMilliseconds();
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${day} ${time}${fraction === 0 ? '' : `.${pad3(fraction)}`}`;
}

/**
 * A date serial (days since the workbook's epoch) as text: a duration or a time of day below one
 * day or in an elapsed-time format, else the date, with its time unless it is a whole day shown as
 * a date.
 */
function serialText(serial: number, kind: NumberKind, date1904: boolean): string {
  if (kind === 'elapsed' || serial < 1) return clockText(serial);
  // Beyond 9999-12-31 Excel shows no date (####): the number is all there is.
  if (serial >= LAST_SERIAL) return numberText(String(serial));
  const epoch = date1904 ? EPOCH_1904 : serial < 61 ? EPOCH_1900_EARLY : EPOCH_1900;
  return wallClockText(epoch + Math.round(serial * DAY_MS), kind === 'date');
}

/** `1.5E-7` → `0.00000015`, `1.2E+21` → `1200000000000000000000`. */
function withoutExponent(text: string): string {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, lead, rest = '', exp] = m;
  const digits = `${lead}${rest}`;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const SHORT_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * A number as Excel shows it in General format, to its 15 significant digits (so the binary
 * noise of 0.1 + 0.2 = 0.30000000000000004 is gone), in plain decimals.
 */
export function numberText(raw: string): string {
  // Up to 15 significant digits and no exponent: the shortest text of the number is the same.
  if (raw.length <= 15 && SHORT_DECIMAL.test(raw)) {
    const short = String(Number(raw));
    if (!short.includes('e')) return short;
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) return raw;
  const text = String(Number(n.toPrecision(15)));
  return Math.abs(n) >= 1e-30 && Math.abs(n) < 1e30 ? withoutExponent(text) : text;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/**
 * A `t="d"` cell: ISO 8601 text, written like a date serial of the same style would be (a time
 * zone in it is dropped: Excel's dates have none). Text that is no ISO date is kept as it is.
 */
function isoDateText(text: string, kind: NumberKind): string {
  const date = ISO_DATE.exec(text);
  if (date) {
    const ms = Date.UTC(
      Number(date[1]),
      Number(date[2]) - 1,
      Number(date[3]),
      Number(date[4] ?? 0),
      Number(date[5] ?? 0),
      Number(date[6] ?? 0),
      Math.round(Number(date[7] ?? 0) * 1000),
    );
    return wallClockText(ms, kind !== 'datetime' && kind !== 'time');
  }
  const time = ISO_TIME.exec(text);
  if (!time) return text;
  const ms =
    Number(time[1]) * 3_600_000 +
    Number(time[2]) * 60_000 +
    Number(time[3] ?? 0) * 1000 +
    Math.round(Number(time[4] ?? 0) * 1000);
  return clockText(ms / DAY_MS);
}

/** The 0-based column of a cell reference (`AB12` → 27), or -1. */
function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) & ~32;
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return i === 0 ? -1 : column - 1;
}

interface SheetContext {
  strings: readonly string[];
  /** The kind of number of each cell style (`s`), by index. */
  styles: readonly NumberKind[];
  date1904: boolean;
}

const CELL = elementPattern('c');
const VALUE = new RegExp(`<${PREFIX}v\\b[^>]*>([\\s\\S]*?)</${PREFIX}v\\s*>`);
const INLINE = new RegExp(`<${PREFIX}is\\b[^>]*>([\\s\\S]*?)</${PREFIX}is\\s*>`);

/** The attributes of a cell that matter: its reference, style and type. */
interface CellAttributes {
  r: string | undefined;
  s: string | undefined;
  t: string | undefined;
}

/** The value of `name="…"` in attributes written the usual way (double quotes, single spaces). */
function plainAttribute(text: string, name: string): string | undefined {
  const at = text.indexOf(` ${name}="`);
  if (at === -1) return undefined;
  const start = at + name.length + 3;
  return text.slice(start, text.indexOf('"', start));
}

function cellAttributes(text: string): CellAttributes {
  // Most cells are written `r="B2" s="1" t="s"`: read by position, without a Map per cell.
  if (/['&\n\r\t]|\s=|=\s/.test(text)) {
    const all = attributes(text);
    return { r: all.get('r'), s: all.get('s'), t: all.get('t') };
  }
  return { r: plainAttribute(text, 'r'), s: plainAttribute(text, 's'), t: plainAttribute(text, 't') };
}

/** The text of one cell, from its attributes and inner XML. */
function cellText(attrs: CellAttributes, inner: string, context: SheetContext, line: number): string {
  const type = attrs.t ?? 'n';
  if (type === 'inlineStr') {
    const inline = INLINE.exec(inner);
    return inline ? stringItem(inline[1] ?? '') : cellString(VALUE.exec(inner)?.[1] ?? '');
  }
  const value = VALUE.exec(inner);
  if (!value) return '';
  const raw = value[1] ?? '';
  switch (type) {
    case 's': {
      const text = context.strings[Number(raw)];
      if (text === undefined)
        throw new XlsxError(`shared string ${raw.trim()} does not exist: the workbook is damaged`, line);
      return text;
    }
    case 'b':
      return raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
    case 'str':
    case 'e':
      return cellString(raw);
    case 'd':
      return isoDateText(raw.trim(), context.styles[Number(attrs.s ?? 0)] ?? 'number');
    default: {
      const kind = context.styles[Number(attrs.s ?? 0)] ?? 'number';
      const text = raw.trim();
      const n = Number(text);
      if (kind === 'number' || text === '' || !Number.isFinite(n)) return numberText(text);
      return serialText(n, kind, context.date1904);
    }
  }
}

/** A `<row>`'s cells, without trailing empty ones; gaps between cells are empty strings. */
function rowCells(inner: string, context: SheetContext, line: number): string[] {
  const fields: string[] = [];
  let column = -1;
  for (const m of inner.matchAll(CELL)) {
    const attrs = cellAttributes(m[1] ?? '');
    const ref = attrs.r;
    const at = ref === undefined ? -1 : columnOf(ref);
    column = at === -1 ? column + 1 : at;
    if (column >= MAX_COLUMNS) throw new XlsxError(`cell ${ref ?? column + 1} is beyond column XFD`, line);
    const text = m[2] === undefined ? '' : cellText(attrs, m[2], context, line);
    if (text === '') continue;
    while (fields.length < column) fields.push('');
    fields[column] = text;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The zip archive

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory: every entry by its name in lower case (part names ignore case). */
async function readDirectory(handle: FileHandle, size: number): Promise<Map<string, ZipEntry>> {
  const magic = await readAt(handle, 0, 8);
  if (magic.equals(CFB_MAGIC))
    throw new XlsxError(
      'an Excel 97–2003 workbook (.xls) or a password-protected workbook: save it as .xlsx without a password, or as CSV',
    );
  if (magic.length < 4 || magic.readUInt32LE(0) !== ZIP_LOCAL)
    throw new XlsxError('not an Excel workbook (.xlsx): the file is not a zip archive');
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end === -1)
    throw new XlsxError('the zip archive has no central directory: the file is cut short or damaged');
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  const zip64 = end >= 20 && tail.readUInt32LE(end - 20) === ZIP64_LOCATOR;
  if (zip64 || count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff)
    throw new XlsxError('a zip64 archive (over 4 GB or over 65,535 parts), which is not supported');
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos + 46 > directory.length || directory.readUInt32LE(pos) !== ZIP_CENTRAL)
      throw new XlsxError('the zip archive has a damaged central directory');
    const nameLength = directory.readUInt16LE(pos + 28);
    const extraLength = directory.readUInt16LE(pos + 30);
    const commentLength = directory.readUInt16LE(pos + 32);
    const name = directory.toString('utf8', pos + 46, pos + 46 + nameLength).replace(/\\/g, '/');
    entries.set(name.replace(/^\//, '').toLowerCase(), {
      name,
      flags: directory.readUInt16LE(pos + 8),
      method: directory.readUInt16LE(pos + 10),
      crc: directory.readUInt32LE(pos + 16),
      compressedSize: directory.readUInt32LE(pos + 20),
      size: directory.readUInt32LE(pos + 24),
      headerOffset: directory.readUInt32LE(pos + 42),
    });
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function checkReadable(entry: ZipEntry): void {
  if (entry.flags & 1)
    throw new XlsxError(`${entry.name} is encrypted: save the workbook without a password, or as CSV`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new XlsxError(
      `${entry.name} is compressed with zip method ${entry.method}, which is not supported`,
    );
}

/** Where an entry's data starts: after its local header, whose name and extra field may differ in length. */
async function dataOffset(handle: FileHandle, entry: ZipEntry): Promise<number> {
  const header = await readAt(handle, entry.headerOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== ZIP_LOCAL)
    throw new XlsxError(`the zip entry ${entry.name} is damaged`);
  return entry.headerOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

async function readEntry(handle: FileHandle, entry: ZipEntry): Promise<string> {
  checkReadable(entry);
  const compressed = await readAt(handle, await dataOffset(handle, entry), entry.compressedSize);
  let data: Buffer;
  try {
    data = entry.method === 0 ? compressed : inflateRawSync(compressed, { maxOutputLength: entry.size || 1 });
  } catch {
    throw new XlsxError(`the zip entry ${entry.name} is damaged (it does not inflate)`);
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc)
    throw new XlsxError(`the zip entry ${entry.name} is damaged (wrong checksum)`);
  return new TextDecoder().decode(data);
}

// ---------------------------------------------------------------------------------------------
// The workbook

/** A part name relative to another part (`worksheets/sheet1.xml` from `xl/workbook.xml`). */
function resolvePart(from: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(from), target);
  return posix.normalize(path).replace(/^\.\//, '');
}

function relsPartOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

interface Relationship {
  type: string;
  target: string;
}

function relationships(xml: string, from: string): Map<string, Relationship> {
  const found = new Map<string, Relationship>();
  for (const m of xml.matchAll(startTagPattern('Relationship'))) {
    const attrs = attributes(m[1] ?? '');
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (id === undefined || target === undefined || attrs.get('TargetMode') === 'External') continue;
    found.set(id, { type: attrs.get('Type') ?? '', target: resolvePart(from, target) });
  }
  return found;
}

function describeSheets(sheets: readonly XlsxSheet[]): string {
  return `its sheets: ${sheets.map((s) => `'${s.name}'`).join(', ')}`;
}

export class XlsxWorkbook {
  private constructor(
    readonly path: string,
    private readonly entries: Map<string, ZipEntry>,
    readonly sheets: readonly XlsxSheet[],
    readonly date1904: boolean,
    private readonly sharedStringsPart: string | null,
    private readonly stylesPart: string | null,
  ) {}

  /** Reads the zip directory and the workbook part; throws XlsxError when the file is no workbook. */
  static async open(path: string): Promise<XlsxWorkbook> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const entries = await readDirectory(handle, size);
      const part = async (name: string) => {
        const entry = entries.get(name.toLowerCase());
        return entry ? readEntry(handle, entry) : null;
      };
      const rootRels = await part('_rels/.rels');
      const main =
        [...relationships(rootRels ?? '', '').values()].find((r) => r.type.endsWith('/officeDocument'))
          ?.target ?? 'xl/workbook.xml';
      if (main.toLowerCase().endsWith('.bin'))
        throw new XlsxError('a binary workbook (.xlsb): save it as .xlsx or as CSV');
      const workbookXml = await part(main);
      if (workbookXml === null)
        throw new XlsxError(`not an Excel workbook (.xlsx): a zip archive without ${main}`);
      const rels = relationships((await part(relsPartOf(main))) ?? '', main);
      // Parts are found through the workbook's relationships, else where Excel puts them.
      const byType = (suffix: string, usual: string) =>
        [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ??
        (entries.has(usual.toLowerCase()) ? usual : null);
      const properties = attributes(startTagPattern('workbookPr').exec(workbookXml)?.[1] ?? '');
      const date1904 = ['1', 'true'].includes(properties.get('date1904') ?? '');
      const sheets: XlsxSheet[] = [];
      for (const m of workbookXml.matchAll(startTagPattern('sheet'))) {
        const attrs = attributes(m[1] ?? '');
        const id = relationshipId(attrs);
        const rel = id === undefined ? undefined : rels.get(id);
        const type = rel?.type ?? '';
        sheets.push({
          name: attrs.get('name') ?? `Sheet${sheets.length + 1}`,
          position: sheets.length + 1,
          hidden: (attrs.get('state') ?? 'visible') !== 'visible',
          kind: type.endsWith('/worksheet')
            ? 'worksheet'
            : type.endsWith('/chartsheet')
              ? 'chartsheet'
              : 'other',
          part: rel?.target ?? null,
        });
      }
      return new XlsxWorkbook(
        path,
        entries,
        sheets,
        date1904,
        byType('/sharedStrings', 'xl/sharedStrings.xml'),
        byType('/styles', 'xl/styles.xml'),
      );
    } finally {
      await handle.close();
    }
  }

  /**
   * The sheet a mapping chooses: a name (exact, else ignoring case, as Excel does), a 1-based
   * position, or the first sheet. Throws XlsxError naming the sheets there are.
   */
  sheet(choice?: string | number): XlsxSheet {
    const found =
      choice === undefined
        ? this.sheets[0]
        : typeof choice === 'number'
          ? this.sheets[choice - 1]
          : (this.sheets.find((s) => s.name === choice) ??
            this.sheets.find((s) => s.name.toLowerCase() === choice.toLowerCase()));
    if (!found) {
      if (this.sheets.length === 0) throw new XlsxError('the workbook has no sheets', 1, 'sheet');
      const wanted = typeof choice === 'number' ? `no sheet ${choice}` : `no sheet '${choice}'`;
      throw new XlsxError(`${wanted} in the workbook; ${describeSheets(this.sheets)}`, 1, 'sheet');
    }
    if (found.kind !== 'worksheet') {
      const what = found.kind === 'chartsheet' ? 'a chart' : 'a dialog or macro sheet';
      throw new XlsxError(
        `sheet '${found.name}' is ${what}, not a table of cells; ${describeSheets(this.sheets)}`,
        1,
        'sheet',
      );
    }
    if (found.part === null || !this.entries.has(found.part.toLowerCase()))
      throw new XlsxError(`sheet '${found.name}' is missing from the zip archive: the workbook is damaged`);
    return found;
  }

  private async context(): Promise<SheetContext> {
    const handle = await open(this.path, 'r');
    try {
      const part = async (name: string | null) => {
        const entry = name === null ? undefined : this.entries.get(name.toLowerCase());
        return entry ? readEntry(handle, entry) : '';
      };
      const strings: string[] = [];
      for (const m of (await part(this.sharedStringsPart)).matchAll(elementPattern('si')))
        strings.push(stringItem(m[2] ?? ''));
      const stylesXml = await part(this.stylesPart);
      const formats = new Map<number, string>();
      for (const m of stylesXml.matchAll(startTagPattern('numFmt'))) {
        const attrs = attributes(m[1] ?? '');
        formats.set(Number(attrs.get('numFmtId')), attrs.get('formatCode') ?? '');
      }
      const styles: NumberKind[] = [];
      const cellXfs = elementPattern('cellXfs').exec(stylesXml)?.[2] ?? '';
      for (const m of cellXfs.matchAll(startTagPattern('xf'))) {
        const id = Number(attributes(m[1] ?? '').get('numFmtId') ?? 0);
        const code = formats.get(id);
        styles.push(code !== undefined ? numberFormatKind(code) : (BUILT_IN_KINDS[id] ?? 'number'));
      }
      return { strings, styles, date1904: this.date1904 };
    } finally {
      await handle.close();
    }
  }

  /**
   * The non-empty rows of a worksheet, in batches, streaming. `progress.bytesRead` counts the
   * compressed bytes of the sheet read so far.
   */
  async *rows(sheet: XlsxSheet, progress?: ReadProgress): AsyncGenerator<XlsxRecord[]> {
    const entry = this.entries.get((sheet.part ?? '').toLowerCase());
    if (!entry) throw new XlsxError(`sheet '${sheet.name}' is missing from the zip archive`);
    checkReadable(entry);
    const context = await this.context();
    const handle = await open(this.path, 'r');
    let start: number;
    try {
      start = await dataOffset(handle, entry);
    } finally {
      await handle.close();
    }
    if (entry.compressedSize === 0) return;
    const raw = createReadStream(this.path, {
      start,
      end: start + entry.compressedSize - 1,
      highWaterMark: 1 << 20,
    });
    if (progress) raw.on('data', (chunk) => (progress.bytesRead += chunk.length));
    const inflater = entry.method === 8 ? createInflateRaw() : null;
    if (inflater) {
      raw.on('error', (error) => inflater.destroy(error));
      raw.pipe(inflater);
    }
    const decoder = new TextDecoder();
    const scanner = new RowScanner(context);
    let checksum = 0;
    let inflated = 0;
    try {
      for await (const chunk of (inflater ?? raw) as AsyncIterable<Buffer>) {
        checksum = crc32(chunk, checksum);
        inflated += chunk.length;
        const batch = scanner.push(decoder.decode(chunk, { stream: true }));
        if (batch.length >= BATCH_ROWS) yield scanner.take();
      }
    } catch (error) {
      if (error instanceof XlsxError) throw error;
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('Z_'))
        throw new XlsxError(`sheet '${sheet.name}' is damaged (it does not inflate)`);
      throw error;
    } finally {
      raw.destroy();
      inflater?.destroy();
    }
    scanner.push(decoder.decode());
    if (inflated !== entry.size || checksum !== entry.crc)
      throw new XlsxError(`sheet '${sheet.name}' is damaged (wrong checksum)`);
    const last = scanner.take();
    if (last.length > 0) yield last;
  }
}

const ROW_OR_SHEET_DATA = new RegExp(`<(/?)${PREFIX}(row|sheetData)\\b`, 'g');
const ROW_END = new RegExp(`</${PREFIX}row\\s*>`, 'g');

/** Finds `<row>` elements in a worksheet's XML as it arrives, chunk by chunk. */
class RowScanner {
  private pending = '';
  private rows: XlsxRecord[] = [];
  private lastRow = 0;
  private done = false;

  constructor(private readonly context: SheetContext) {}

  /** Adds text; returns the rows found so far. */
  push(text: string): XlsxRecord[] {
    if (this.done) return this.rows;
    this.pending += text;
    const xml = this.pending;
    let pos = 0;
    for (;;) {
      ROW_OR_SHEET_DATA.lastIndex = pos;
      const tag = ROW_OR_SHEET_DATA.exec(xml);
      if (!tag) {
        // Keep what may be the start of a tag cut off by the chunk's end.
        const lt = xml.lastIndexOf('<');
        pos = lt >= pos ? lt : xml.length;
        break;
      }
      const close = xml.indexOf('>', tag.index);
      if (close === -1) {
        pos = tag.index;
        break;
      }
      if (tag[2] === 'sheetData') {
        if (tag[1] === '/' || xml.charCodeAt(close - 1) === 47) {
          this.done = true;
          pos = xml.length;
          break;
        }
        pos = close + 1;
        continue;
      }
      if (tag[1] === '/') {
        pos = close + 1;
        continue;
      }
      const attrs = xml.slice(tag.index + tag[0].length, close);
      let inner = '';
      let next = close + 1;
      if (xml.charCodeAt(close - 1) !== 47) {
        ROW_END.lastIndex = close + 1;
        const end = ROW_END.exec(xml);
        if (!end) {
          pos = tag.index;
          break;
        }
        inner = xml.slice(close + 1, end.index);
        next = end.index + end[0].length;
      }
      const r = Number(cellAttributes(attrs).r);
      const line = Number.isInteger(r) && r > 0 ? r : this.lastRow + 1;
      this.lastRow = line;
      const fields = inner === '' ? [] : rowCells(inner, this.context, line);
      if (fields.length > 0) this.rows.push({ line, fields });
      pos = next;
    }
    this.pending = xml.slice(pos);
    return this.rows;
  }

  take(): XlsxRecord[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }
}

/** Whether a path names an Excel workbook by its extension (.xlsx, .xlsm; .xls and .xlsb to refuse). */
export function isWorkbookPath(path: string): boolean {
  return /\.xls[xmb]?$/i.test(path);
}

/**
 * The non-empty rows of one sheet of a workbook (default: the first), in batches: the sheet row
 * number as `line`, the cells as `fields`. Throws XlsxError for a file that is not a readable
 * workbook or has no such sheet.
 */
export async function* readXlsxRecords(
  path: string,
  sheet?: string | number,
  progress?: ReadProgress,
): AsyncGenerator<XlsxRecord[]> {
  const workbook = await XlsxWorkbook.open(path);
  yield* workbook.rows(workbook.sheet(sheet), progress);
}
