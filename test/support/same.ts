import { expect } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput, KpiRow } from '../../src/core/kpi/query.js';
import { runKpiQuery } from '../../src/services/kpi.js';

/**
 * Answers of two engines compared: numbers agree to floating-point noise (each engine adds doubles
 * in its own order), everything else exactly; `path` names the value that differs.
 */
export function expectSame(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(actual, path).toBeCloseTo(expected, 6);
    return;
  }
  if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected))
      expectSame((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

/** The rows of a KPI answer; a refused query fails the test with its error. */
export async function kpiRows(engine: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const answer = await runKpiQuery(engine, query);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.data.rows;
}
