import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, kpiColumn, kpiDifferenceColumn, toCsv } from './csv.js';
import { plainValue } from './format.js';

describe('csvCell', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    for (const danger of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) {
      const cell = csvCell(danger);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=a,b')).toBe('"\'=a,b"');
  });

  it('leaves empty values empty and ordinary text alone', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('Chat – Amsterdam')).toBe('Chat – Amsterdam');
    expect(csvCell(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('writes a BOM, a header and CRLF lines', () => {
    const text = toCsv(
      ['kpi', 'value'],
      [
        ['frt', 12.5],
        ['-bad', null],
      ],
    );
    expect(text).toBe("\uFEFFkpi,value\r\nfrt,12.5\r\n'-bad,\r\n");
  });
});

describe('csvFileName', () => {
  it('names the view and range with safe characters only', () => {
    expect(csvFileName('trend-frt', { from: '2026-01-01', to: '2026-02-01' })).toBe(
      'servicemeter-trend-frt-2026-01-01-2026-02-01.csv',
    );
    expect(csvFileName('a b/c')).toBe('servicemeter-a_b_c.csv');
  });
});

describe('KPI values in a CSV', () => {
  it('stay unrounded numbers, whatever the page shows', () => {
    expect(csvCell(plainValue('percent', 0.8567123))).toBe('85.67123');
    expect(csvCell(plainValue('duration', 2952.25))).toBe('2952.25');
    expect(csvCell(plainValue('nps', -12.34))).toBe('-12.34');
  });

  it('have a header that says the unit', () => {
    expect(kpiColumn('frt', 'duration')).toBe('frt_seconds');
    expect(kpiColumn('csat', 'percent')).toBe('csat_percent');
    expect(kpiColumn('csat', 'percent', 'previous')).toBe('csat_previous_percent');
    expect(kpiColumn('nps', 'nps')).toBe('nps_points');
    expect(kpiColumn('contacts_created', 'count')).toBe('contacts_created_count');
    expect(kpiColumn('frt', 'duration', 'low')).toBe('frt_low_seconds');
  });

  it('name a difference of shares in percentage points', () => {
    expect(kpiDifferenceColumn('csat', 'percent')).toBe('csat_difference_percentage_points');
    expect(kpiDifferenceColumn('frt', 'duration')).toBe('frt_difference_seconds');
    expect(kpiDifferenceColumn('nps', 'nps')).toBe('nps_difference_points');
  });
});
