import type { KpiDefinition, KpiFormat } from '../core/kpi/define.js';
import type { KpiRow, KpiValue } from '../core/kpi/query.js';

export type OutputFormat = 'table' | 'json' | 'csv';

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${String(Math.floor((s % 86_400) / 3600)).padStart(2, '0')}h`;
}

/** Two decimals and, when known, the reporting currency's code: `1,234.50 EUR`. */
function formatMoney(value: number, currency: string | null): string {
  const amount = value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${amount} ${currency}` : amount;
}

/** A plain rate (resolutions per paid hour): two significant decimals, more for small values. */
function formatRate(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.1) return value.toPrecision(2);
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatNumber(
  value: number | null | undefined,
  format: KpiFormat,
  currency: string | null = null,
): string {
  if (value === null || value === undefined) return '–';
  switch (format) {
    case 'count':
      return value.toLocaleString('en-US');
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'duration':
      return formatDuration(value);
    case 'score':
      return value.toFixed(2);
    case 'nps':
      return `${value > 0 ? '+' : ''}${value.toFixed(1)}`;
    case 'money':
      return formatMoney(value, currency);
    case 'rate':
      return formatRate(value);
    default: {
      const unreachable: never = format;
      throw new Error(`unknown format: ${String(unreachable)}`);
    }
  }
}

function intervalText(kpi: KpiDefinition, v: KpiValue, currency: string | null): string {
  if (v.low === undefined || v.low === null || v.high === undefined || v.high === null) return '';
  return `${formatNumber(v.low, kpi.format, currency)}–${formatNumber(v.high, kpi.format, currency)}`;
}

function changeText(kpi: KpiDefinition, v: KpiValue, currency: string | null): string {
  if (!v.previous) return '';
  const prev = v.previous.value;
  // One of the two periods has no figure: no change to show, but the column says it was compared.
  if (prev === null || v.value === null) return '–';
  const delta = v.value - prev;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '';
  const magnitude = Math.abs(delta);
  const text =
    kpi.format === 'percent'
      ? `${sign}${(magnitude * 100).toFixed(1)} pt`
      : kpi.format === 'nps'
        ? `${sign}${magnitude.toFixed(1)}`
        : `${sign}${formatNumber(magnitude, kpi.format, currency)}`;
  return delta !== 0 && unclearChange(v) ? `${text} ~` : text;
}

/** A change whose 95 % interval includes zero: shown, but marked, as the dashboard shows it grey. */
function unclearChange(v: KpiValue): boolean {
  return v.change?.clear === false;
}

const UNCLEAR_LEGEND = '~ not a clear change: its 95 % interval includes 0';

function changeLegend(rows: readonly KpiRow[], kpis: readonly KpiDefinition[]): string {
  const marked = rows.some((r) =>
    kpis.some((k) => {
      const v = r[k.id] as KpiValue | undefined;
      return v !== undefined && v.change?.difference !== 0 && unclearChange(v);
    }),
  );
  return marked ? `\n${UNCLEAR_LEGEND}` : '';
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function dimensionColumns(rows: readonly KpiRow[], kpis: readonly KpiDefinition[]): string[] {
  const ids = new Set(kpis.map((k) => k.id));
  return Object.keys(rows[0] ?? {}).filter((k) => !ids.has(k));
}

/** An n as counted: a whole count as is, minutes or hours weighed out to two decimals at most. */
function weightText(n: number): string {
  return Number.isInteger(n)
    ? String(n)
    : n.toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: false });
}

function groupLabel(row: KpiRow, dims: string[]): string {
  return dims.map((d) => (row[d] === null || row[d] === undefined ? '(none)' : String(row[d]))).join(' · ');
}

/**
 * The KPI rows as a text table: one line per indicator without groups, else one line per group and
 * a column per indicator. With `compare`, each indicator also has its change on the previous period
 * (as JSON has `previous` and CSV `<id>_previous`).
 */
export function renderKpiTable(
  rows: readonly KpiRow[],
  kpis: readonly KpiDefinition[],
  /** `currency`: the reporting currency of the money figures (`KpiResult.currency`). */
  options: { compare?: boolean; currency?: string | null } = {},
): string {
  const currency = options.currency ?? null;
  const dims = dimensionColumns(rows, kpis);
  const hasPrevious =
    options.compare === true ||
    rows.some((r) => kpis.some((k) => (r[k.id] as KpiValue | undefined)?.previous));
  if (dims.length === 0) {
    const row = rows[0] ?? {};
    const headers = ['indicator', 'value', 'n', '95% interval', ...(hasPrevious ? ['vs previous'] : [])];
    const body = kpis.map((kpi) => {
      const v = row[kpi.id] as KpiValue;
      return [
        `${kpi.label} (${kpi.id})`,
        formatNumber(v.value, kpi.format, currency),
        kpi.format === 'money' && v.n === v.value ? '' : v.n.toLocaleString('en-US'),
        intervalText(kpi, v, currency),
        ...(hasPrevious ? [changeText(kpi, v, currency)] : []),
      ];
    });
    return table(headers, body) + changeLegend(rows, kpis);
  }
  const headers = [dims.join(' · '), ...kpis.flatMap((k) => (hasPrevious ? [k.id, 'vs previous'] : [k.id]))];
  const body = rows.map((row) => [
    groupLabel(row, dims),
    ...kpis.flatMap((kpi) => {
      const v = row[kpi.id] as KpiValue;
      const flag = v.comparison?.clear ? (isWorse(kpi, v.comparison.difference) ? ' ▼' : ' ▲') : '';
      // A sum of money is its own n: the count of rows behind it is not the amount again.
      const n = kpi.format === 'money' && v.n === v.value ? '' : ` (n ${weightText(v.n)})`;
      const cell = `${formatNumber(v.value, kpi.format, currency)}${n}${flag}`;
      return hasPrevious ? [cell, changeText(kpi, v, currency)] : [cell];
    }),
  ]);
  const legend = rows.some((r) => kpis.some((k) => (r[k.id] as KpiValue).comparison?.clear))
    ? '\n▲/▼ clearly better/worse than the rest of the team (95 %, Bonferroni-corrected over agents)'
    : '';
  return table(headers, body) + legend + changeLegend(rows, kpis);
}

export function isWorse(kpi: KpiDefinition, difference: number): boolean {
  if (kpi.better === 'neutral') return false;
  return kpi.better === 'higher' ? difference < 0 : difference > 0;
}

export function renderCatalogTable(kpis: readonly KpiDefinition[]): string {
  return kpis
    .map((k) => `${k.id}  —  ${k.label}\n  ${k.definition}${k.options ? `\n  Options: ${k.options}` : ''}`)
    .join('\n\n');
}

/** An ISO instant to the minute for a table cell: `2026-12-05T08:00:00.000Z` → `2026-12-05 08:00` (UTC). */
export function minuteText(instant: string): string {
  return instant.slice(0, 16).replace('T', ' ');
}
