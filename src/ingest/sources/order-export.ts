import { stat } from 'node:fs/promises';
import { currencyCode } from '../../core/currency.js';
import { instantRangeProblem } from '../../core/time-range.js';
import { RecordSyntaxError, readCsvRecords, textProblem } from '../records.js';
import type { ConvertContext } from './format.js';
import { localTimeToMs } from './freshdesk.js';

/**
 * What the Shopify, WooCommerce and Stripe exports share: amounts written by hand or by spreadsheets,
 * times with or without an offset, and customers known by their e-mail address. Each order becomes
 * a row of `orders`, each customer a row of `customers` whose id is the address in lower case: the
 * id helpdesks give their customers, so contacts and orders meet.
 */

/** How a file writes the decimal separator of its amounts, decided by the first amount that shows it. */
interface DecimalStyle {
  separator: '.' | ',';
  /** Where it was decided, for the reason of a refusal: `line 3, Total '1,234.56'`. */
  where: string;
}

/** An amount, or why it cannot be read. */
export type AmountResult = { ok: true; value: number } | { ok: false; reason: string };

/**
 * Reads the amounts of one file. Exports write `12.50`; a file that went through a spreadsheet may
 * write `1,234.56`, `12,50`, `1.234,56` or `12.5000000001`. The separator a file uses for decimals is
 * decided by its first amount that shows it (`1,234.56` and `12.5` show a point, `1.234,56` and
 * `12,50` a comma); an amount that needs the other one is refused as ambiguous rather than read as a
 * number a thousand times too large or too small. A lone separator before exactly three digits
 * (`1,234`, `1.234`) follows the file's style, and a point when none is known yet (the exports' own).
 * Binary noise of spreadsheets (`12.5000000001`) is rounded to six decimals.
 */
export class AmountReader {
  private style: DecimalStyle | null = null;

  read(text: string, where: string): AmountResult {
    const raw = text.trim();
    const negative = raw.startsWith('-');
    const body = negative ? raw.slice(1) : raw;
    if (!/^\d[\d.,]*$/.test(body) || /[.,]$/.test(body) || /[.,]{2}/.test(body))
      return { ok: false, reason: `'${text}' is not an amount such as 12.50` };
    const points = body.split('.').length - 1;
    const commas = body.split(',').length - 1;
    let separator: '.' | ',' | null;
    if (points > 0 && commas > 0) separator = body.lastIndexOf('.') > body.lastIndexOf(',') ? '.' : ',';
    else if (points + commas === 0) separator = null;
    else {
      const mark = points > 0 ? '.' : ',';
      const count = points + commas;
      const after = body.length - body.lastIndexOf(mark) - 1;
      // `1,234,567` groups thousands; `1,234` may be either, and follows the file.
      if (count > 1) separator = mark === '.' ? ',' : '.';
      else if (after === 3) separator = this.style?.separator ?? '.';
      else separator = mark;
    }
    if (separator !== null) {
      if (this.style === null) this.style = { separator, where };
      else if (this.style.separator !== separator)
        return {
          ok: false,
          reason: `'${text}' writes decimals with a ${name(separator)} but ${this.style.where} writes them with a ${name(this.style.separator)}: the amount is ambiguous; write every amount of the file the same way`,
        };
    }
    const thousands = separator === ',' ? '.' : ',';
    const grouped = body.split(thousands).join('');
    const groups = body.split(separator ?? '\u0000')[0]?.split(thousands) ?? [];
    if (groups.length > 1 && groups.slice(1).some((g) => g.length !== 3))
      return { ok: false, reason: `'${text}' groups its thousands unevenly` };
    const value = Number(separator === ',' ? grouped.replace(',', '.') : grouped);
    if (!Number.isFinite(value)) return { ok: false, reason: `'${text}' is not an amount such as 12.50` };
    if (negative && value !== 0) return { ok: false, reason: `'${text}' is negative` };
    return { ok: true, value: Math.round(value * 1e6) / 1e6 };
  }
}

function name(separator: '.' | ','): string {
  return separator === '.' ? 'point' : 'comma';
}

/**
 * A time of an export: `2024-03-04 10:15:23 +0100` or ISO 8601 with an offset; without an offset
 * (`2024-03-04 10:15:23`) it is read in `timezone`. Null when it is no such time.
 */
export function exportTimeToMs(text: string, timezone: string): number | null {
  const withOffset = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) ?(Z|[+-]\d{2}:?\d{2})$/.exec(
    text,
  );
  if (withOffset) {
    const offset =
      withOffset[3] === 'Z' ? 'Z' : (withOffset[3] ?? '').replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
    const ms = Date.parse(`${withOffset[1]}T${withOffset[2]}${offset}`);
    return Number.isNaN(ms) ? null : ms;
  }
  return localTimeToMs(text.replace('T', ' '), timezone);
}

/** Two amounts the same to the cent. */
export function sameAmount(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005 + 1e-9;
}

/** The customer id of an e-mail address: the address in lower case; null when it is none. */
export function customerIdOf(email: string): string | null {
  const address = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : null;
}

/** One order as an export tells it, in the canonical columns of `orders`. */
export interface OrderRow {
  external_id: string;
  customer_id: string;
  ordered_at: string;
  revenue: number;
  currency: string;
  status: 'paid' | 'pending' | 'cancelled';
  refunded_amount: number | null;
  refunded_at: string | null;
}

/** What one record of an export says, given to a format's `read`. */
export interface ExportRecord {
  line: number;
  /** The trimmed value of a column by its header name (or one of its names); '' when absent. */
  value(name: string): string;
  /** Whether the header has the column. */
  has(name: string): boolean;
  /** Refuses the record: file, line, column and reason. */
  reject(column: string, reason: string): void;
  warn(message: string, id: string): void;
  /** An amount of a column; null (and the record refused) when it cannot be read, 0 when empty and `empty` allows. */
  amount(column: string, empty?: 'zero' | 'required'): number | null;
  /** A time of a column; null (and the record refused) when it cannot be read, undefined when empty. */
  time(column: string, zone?: string): number | null | undefined;
  /** The currency code of a column; null (and the record refused) when it is none. */
  currency(column: string): string | null;
  /** The order, and its customer with what the export says of them. */
  order(row: OrderRow, customer: { name: string | null; country: string | null }): void;
}

export interface OrderExport {
  /** The format's name for messages: `Shopify order export`. */
  label: string;
  /** Columns the header must have, each by any of its names. */
  required: readonly (readonly string[])[];
  /** Other names of columns, by the name the format reads them with. */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /** A reader of one file's records, each after the header in turn. */
  reader(): (record: ExportRecord) => void;
}

/** Header names compared without case, spaces, punctuation or a UTF-8 byte-order mark. */
function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Whether a header line has every required column (by any name): what `detect` asks. */
export function headerHas(head: string, required: readonly (readonly string[])[]): boolean {
  const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const names = new Set(first.split(',').map((n) => headerKey(n.replace(/^"|"$/g, ''))));
  return required.every((column) => column.some((n) => names.has(headerKey(n))));
}

/**
 * Converts the files of an order export: a header line, then one record per order or line item.
 * Customers are written once, after every file, with the first name and country the files give;
 * those already stored are left as they are.
 */
export async function convertOrderExport(
  format: OrderExport,
  paths: readonly string[],
  context: ConvertContext,
): Promise<void> {
  const { out, source, timezone } = context;
  const customers = new Map<string, { name: string | null; country: string | null }>();
  for (const path of paths) {
    const totalBytes = (await stat(path)).size;
    const progress = { bytesRead: 0 };
    const amounts = new AmountReader();
    const read = format.reader();
    let columns: Map<string, number> | null = null;
    let header: string[] = [];
    try {
      for await (const batch of readCsvRecords(path, ',', progress)) {
        for (const fileRecord of batch) {
          const fields = fileRecord.fields ?? [];
          if (columns === null) {
            header = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
            columns = new Map(header.map((h, i) => [headerKey(h), i]));
            const known = columns;
            const missing = format.required.filter((names) => !names.some((n) => known.has(headerKey(n))));
            if (missing.length > 0) {
              context.reject(
                {
                  file: path,
                  line: fileRecord.line,
                  column: '(header)',
                  reason: `not a ${format.label}: no column ${missing.map((m) => `"${m.join('" or "')}"`).join(', ')}`,
                },
                fields.join(','),
              );
              return;
            }
            continue;
          }
          if (fields.length === 1 && fields[0]?.trim() === '') continue;
          readRecord(path, fileRecord.line, fields, columns, header, amounts, read);
        }
        context.progress(path, progress.bytesRead, totalBytes);
        await out.flush();
      }
    } catch (error) {
      if (!(error instanceof RecordSyntaxError)) throw error;
      context.reject({ file: path, line: error.line, column: '(record)', reason: error.message }, '');
    }
  }
  // Only customers not stored yet: a stored one keeps what a customers file said of them.
  const stored = (await context.storedCustomers?.([...customers.keys()])) ?? new Set<string>();
  for (const [id, customer] of customers) if (!stored.has(id)) out.write('customers', { id, ...customer });

  function readRecord(
    file: string,
    line: number,
    fields: string[],
    columns: Map<string, number>,
    header: string[],
    amounts: AmountReader,
    read: (record: ExportRecord) => void,
  ): void {
    let refused = false;
    const indexOf = (name: string): number | undefined => {
      for (const candidate of [name, ...(format.aliases?.[name] ?? [])]) {
        const index = columns.get(headerKey(candidate));
        if (index !== undefined) return index;
      }
      return undefined;
    };
    const columnName = (name: string) => {
      const index = indexOf(name);
      return index === undefined ? name : (header[index] ?? name);
    };
    const record: ExportRecord = {
      line,
      value(name) {
        const index = indexOf(name);
        return index === undefined ? '' : (fields[index] ?? '').trim();
      },
      has: (name) => indexOf(name) !== undefined,
      reject(column, reason) {
        if (refused) return;
        refused = true;
        context.reject({ file, line, column: columnName(column), reason }, fields.join(','));
      },
      warn(message, id) {
        context.warn(file.split(/[\\/]/).pop() ?? file, message, `line ${line} (order ${id})`);
      },
      amount(column, empty = 'zero') {
        const text = record.value(column);
        if (text === '') {
          if (empty === 'zero') return 0;
          record.reject(column, 'the amount is empty');
          return null;
        }
        const read = amounts.read(text, `line ${line}, ${columnName(column)} '${text}'`);
        if (!read.ok) {
          record.reject(column, read.reason);
          return null;
        }
        return read.value;
      },
      time(column, zone = timezone) {
        const text = record.value(column);
        if (text === '') return undefined;
        const ms = exportTimeToMs(text, zone);
        if (ms === null) {
          record.reject(column, `'${text}' is not a time YYYY-MM-DD HH:MM:SS, with an offset or in ${zone}`);
          return null;
        }
        const outside = instantRangeProblem(ms);
        if (outside !== null) {
          record.reject(column, `'${text}' ${outside}`);
          return null;
        }
        return ms;
      },
      currency(column) {
        const text = record.value(column);
        const code = currencyCode(text);
        if (code === null)
          record.reject(column, `'${text}' is not an ISO 4217 currency code such as EUR or USD`);
        return code;
      },
      order(row, customer) {
        if (refused) return;
        out.write('orders', { source, ...row });
        const known = customers.get(row.customer_id);
        customers.set(row.customer_id, {
          name: known?.name ?? customer.name,
          country: known?.country ?? customer.country,
        });
      },
    };
    for (const [index, value] of fields.entries()) {
      const problem = textProblem(value);
      if (problem !== null) {
        record.reject(header[index] ?? `column ${index + 1}`, problem);
        return;
      }
    }
    read(record);
  }
}
