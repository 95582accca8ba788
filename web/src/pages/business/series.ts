/**
 * The monthly figures of the Business page shaped for its charts and tables: one value per month
 * and indicator, null where the month has none. An empty value is never drawn or written as 0 — a
 * month without cost rows has no cost per contact, which is not a cost of nothing. Pure, so it is
 * tested without a browser.
 */

export interface MonthValue {
  value: number | null;
  n: number;
  low: number | null;
  high: number | null;
}

export interface MonthSeries {
  id: string;
  values: (MonthValue | null)[];
  /** Months with a row but no value: what a notice ("no cost data for this period") explains. */
  emptyMonths: number;
}

export interface MonthTable {
  periods: string[];
  series: MonthSeries[];
}

type Cell = { value: number | null; n: number; low?: number | null; high?: number | null } | null;
type Row = Record<string, unknown> & { period?: unknown };

function cellOf(row: Row, id: string): Cell {
  const cell = row[id];
  return cell !== null && typeof cell === 'object' && 'n' in cell ? (cell as Cell) : null;
}

/** The rows of a KPI answer by month (`period`), for the indicators asked, in the order asked. */
export function monthTable(rows: readonly Row[], ids: readonly string[]): MonthTable {
  const periods = [...new Set(rows.map((r) => String(r.period ?? '')).filter(Boolean))].sort();
  const at = new Map(periods.map((p, i) => [p, i]));
  const series = ids.map((id): MonthSeries => {
    const values: (MonthValue | null)[] = periods.map(() => null);
    for (const row of rows) {
      const i = at.get(String(row.period ?? ''));
      const cell = cellOf(row, id);
      if (i === undefined || !cell) continue;
      values[i] = { value: cell.value, n: cell.n, low: cell.low ?? null, high: cell.high ?? null };
    }
    return { id, values, emptyMonths: values.filter((v) => v !== null && v.value === null).length };
  });
  return { periods, series };
}

/** One value per indicator over the whole range (a query without grain: one row). */
export function totals(rows: readonly Row[], ids: readonly string[]): Record<string, MonthValue | null> {
  const [row] = rows;
  return Object.fromEntries(
    ids.map((id) => {
      const cell = row ? cellOf(row, id) : null;
      return [
        id,
        cell ? { value: cell.value, n: cell.n, low: cell.low ?? null, high: cell.high ?? null } : null,
      ];
    }),
  );
}

/** The values of a series as a chart draws them: a gap (null) where there is no value. */
export function chartValues(series: MonthSeries, scale = 1): (number | null)[] {
  return series.values.map((v) => (v && v.value !== null ? v.value * scale : null));
}

const MONTH_START = /^(\d{4})-(\d{2})/;

/**
 * The last `count` complete months before `anchor` (the day after the newest data or today, as
 * the presets use it): `from` the first day of the oldest, `to` (exclusive) the first day of the
 * anchor's month, which is not complete yet — or just complete when the anchor is its first day.
 */
export function lastCompleteMonths(anchor: string, count: number): { from: string; to: string } {
  const found = MONTH_START.exec(anchor);
  if (!found) throw new Error(`not a day: ${anchor}`);
  const year = Number(found[1]);
  const month = Number(found[2]);
  const start = (offset: number) => {
    const d = new Date(Date.UTC(year, month - 1 + offset, 1));
    return d.toISOString().slice(0, 10);
  };
  return { from: start(-count), to: start(0) };
}
