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

/** KPI rows as `servicemeter kpi --format csv` writes them: group columns, then value, n, low, high per KPI. */
export function kpiRowsCsv(rows: readonly KpiRow[], kpis: readonly KpiDefinition[]): string {
  const ids = new Set(kpis.map((k) => k.id));
  const dims: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!ids.has(key) && !dims.includes(key)) dims.push(key);
  const headers = [...dims, ...kpis.flatMap((k) => [k.id, `${k.id}_n`, `${k.id}_low`, `${k.id}_high`])];
  const lines = rows.map((row) =>
    spreadsheetLine([
      ...dims.map((d) => row[d]),
      ...kpis.flatMap((k) => {
        const v = row[k.id] as KpiValue | undefined;
        return [v?.value, v?.n, v?.low, v?.high];
      }),
    ]),
  );
  return spreadsheetLine(headers) + lines.join('');
}
