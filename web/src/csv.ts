/**
 * CSV files for spreadsheets. A text cell starting with = + - @ TAB or CR would be read as a
 * formula by Excel, LibreOffice and Google Sheets, so it gets a leading apostrophe. Numbers are
 * written as numbers: a number is never a formula, and an apostrophe would turn it into text.
 */
import { plainUnit, type ValueFormat } from './format.js';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * The header of a column of KPI values, naming the unit its `plainValue`s are in:
 * `frt_seconds`, `csat_percent`, `nps_points`. A spreadsheet has no other way to tell. A column
 * about the value (its interval, the previous period's) puts its suffix before the unit:
 * `frt_low_seconds`, `csat_previous_percent`; one in another unit (`frt_n`) has none.
 */
export function kpiColumn(kpiId: string, format: ValueFormat, suffix = ''): string {
  return `${kpiId}${suffix ? `_${suffix}` : ''}_${plainUnit(format)}`;
}

/**
 * The header of a column of differences between two values of a KPI. A difference of two shares is
 * in percentage points, not percent: `csat_difference_percentage_points`, `frt_difference_seconds`.
 */
export function kpiDifferenceColumn(kpiId: string, format: ValueFormat, suffix = 'difference'): string {
  const unit = format === 'percent' ? 'percentage_points' : plainUnit(format);
  return `${kpiId}_${suffix}_${unit}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    text = String(value);
  } else if (typeof value === 'boolean') {
    text = value ? 'true' : 'false';
  } else {
    text = FORMULA_START.test(value) ? `'${value}` : value;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 text with CRLF line ends and a byte-order mark, so Excel reads UTF-8 names correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function downloadText(filename: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a view and its range: `servicemeter-trends-2026-01-01-2026-02-01.csv`. */
export function csvFileName(view: string, range?: { from: string; to: string } | null): string {
  const part = range ? `-${range.from}-${range.to}` : '';
  return `servicemeter-${view}${part}.csv`.replace(/[^A-Za-z0-9._-]/g, '_');
}
