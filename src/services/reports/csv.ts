/** A report's figures as CSV: one row per indicator, values as a spreadsheet should see them. */
import { plainUnit, plainValue } from '../../core/reports/format.js';
import { spreadsheetLine } from '../spreadsheet-csv.js';
import type { ReportContent } from './contract.js';

export const REPORT_CSV_HEADER = [
  'period',
  'from',
  'to',
  'kpi',
  'label',
  'unit',
  'value',
  'previous',
  'change',
  'n',
  'target',
  'met',
  'benchmark',
  'benchmark_name',
  'benchmark_year',
  'notice',
] as const;

export function reportCsv(content: ReportContent): string {
  const { period } = content;
  const lines = [spreadsheetLine(REPORT_CSV_HEADER)];
  for (const f of content.figures) {
    const plain = (v: number | null) => plainValue(f.format, v);
    lines.push(
      spreadsheetLine([
        period.key,
        period.from,
        period.to,
        f.kpi,
        f.label,
        plainUnit(f.format),
        plain(f.value),
        plain(f.previous),
        plain(f.change),
        f.n,
        plain(f.target),
        f.met === null ? '' : f.met ? 'yes' : 'no',
        plain(f.benchmark?.value ?? null),
        f.benchmark?.name ?? '',
        f.benchmark?.year ?? '',
        f.notice ?? '',
      ]),
    );
  }
  return lines.join('');
}
