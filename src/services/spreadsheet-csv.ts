import type { KpiDefinition } from '../core/kpi/define.js';
import type { KpiRow, KpiValue } from '../core/kpi/query.js';
import { csvField } from '../ingest/canonical.js';

/**
 * A text cell that a spreadsheet would run as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe. Numbers stay numbers: they are written from numeric values,
 * never from text, so a negative number is not a formula.
 */
export function spreadsheetCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function spreadsheetLine(values: readonly unknown[]): string {
  return `${values.map((v) => csvField(spreadsheetCell(v))).join(',')}\r\n`;
}

/**
 * KPI rows as `servicemeter kpi --format csv` and the API's export write them: group columns, then
 * value, n, low and high per KPI (and the previous period's value and n with `compare`).
 */
export function kpiRowsCsv(
  rows: readonly KpiRow[],
  kpis: readonly KpiDefinition[],
  options: { compare?: boolean } = {},
): string {
  const ids = new Set(kpis.map((k) => k.id));
  const dims: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!ids.has(key) && !dims.includes(key)) dims.push(key);
  // A query with `compare` has the previous period's value and n beside each value.
  const compared = options.compare === true;
  const parts = ['', '_n', '_low', '_high', ...(compared ? ['_previous', '_previous_n'] : [])];
  const headers = [...dims, ...kpis.flatMap((k) => parts.map((part) => `${k.id}${part}`))];
  const lines = rows.map((row) =>
    spreadsheetLine([
      ...dims.map((d) => row[d]),
      ...kpis.flatMap((k) => {
        const v = row[k.id] as KpiValue | undefined;
        const values: unknown[] = [v?.value, v?.n, v?.low, v?.high];
        return compared ? [...values, v?.previous?.value, v?.previous?.n] : values;
      }),
    ]),
  );
  return spreadsheetLine(headers) + lines.join('');
}
