import { findKpi } from '../kpi/catalog.js';

export interface BenchmarkFieldProblem {
  column: 'kpi_id' | 'value' | 'source_url';
  reason: string;
}

/**
 * What is wrong with a benchmark's indicator, value and address: the indicator must be one
 * servicemeter computes, the value in that indicator's unit (a share as a fraction, a duration in
 * seconds), the address an http(s) one. Empty strings are fields left empty.
 */
export function benchmarkProblems(fields: {
  kpiId: string;
  value: string | number;
  sourceUrl: string;
}): BenchmarkFieldProblem[] {
  const problems: BenchmarkFieldProblem[] = [];
  const kpi = findKpi(fields.kpiId);
  if (kpi === undefined) {
    problems.push({
      column: 'kpi_id',
      reason: `${fields.kpiId} is not an indicator servicemeter computes (see servicemeter kpi list)`,
    });
  }
  const value = typeof fields.value === 'number' ? fields.value : Number(fields.value);
  if (fields.value === '' || !Number.isFinite(value)) {
    problems.push({
      column: 'value',
      reason: `${fields.value === '' ? 'is empty' : `${fields.value} is not a number`}`,
    });
  } else if (kpi !== undefined) {
    const reason = unitProblem(kpi.format, value);
    if (reason !== null) problems.push({ column: 'value', reason });
  }
  if (fields.sourceUrl !== '' && !isHttpUrl(fields.sourceUrl)) {
    problems.push({ column: 'source_url', reason: `${fields.sourceUrl} is not an http(s) address` });
  }
  return problems;
}

function unitProblem(format: string, value: number): string | null {
  switch (format) {
    case 'percent':
      if (value > 1 && value <= 100)
        return `${value} is a share written as a percentage: write ${round(value / 100)} (shares are fractions from 0 to 1)`;
      if (value < 0 || value > 1) return `${value} is outside 0–1: a share is a fraction from 0 to 1`;
      return null;
    case 'duration':
      return value < 0 ? `${value} is below 0: a duration is in seconds, 0 or more` : null;
    case 'count':
    case 'rate':
      return value < 0 ? `${value} is below 0: the indicator counts` : null;
    case 'nps':
      return value < -100 || value > 100
        ? `${value} is outside −100–100: a Net Promoter Score is in points`
        : null;
    default:
      return null;
  }
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
