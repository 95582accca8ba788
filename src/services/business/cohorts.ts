/**
 * Retention by monthly cohort of new customers: the heatmap of the Business page. A cohort is the
 * customers first seen in one month (UTC); month k of a cohort counts those not churned by the end
 * of that month (business_customer_facts.churned_at), with a Wilson interval.
 *
 * Also the pieces the other business views share: the month arithmetic, the filters of a range and
 * the last month the data covers whole.
 */
import type { Engine } from '../../core/engine.js';
import { ok, type Result } from '../../core/result.js';
import { wilsonInterval } from '../../core/stats.js';
import type { BusinessProblem, BusinessRange, RetentionCohortsView } from './contract.js';

/** Months since year 0 of a timestamp, so that month offsets are a subtraction on both engines. */
export const monthIndexSql = (timestamp: string) =>
  `(CAST(EXTRACT(YEAR FROM ${timestamp}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM ${timestamp}) AS INTEGER) - 1)`;

export const monthLabel = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

export const monthIndexOf = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/** SQL conditions and their parameters, numbered from `first`. */
export class Conditions {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly first = 1) {}

  private next(value: unknown): string {
    this.params.push(value);
    return `$${this.first + this.params.length - 1}`;
  }

  add(sql: (placeholder: (value: unknown) => string) => string): this {
    this.parts.push(sql((value) => this.next(value)));
    return this;
  }

  /** `column IN (…)` when values are given; nothing when the list is absent or empty. */
  within(column: string, values: readonly string[] | undefined): this {
    if (values === undefined || values.length === 0) return this;
    this.parts.push(`${column} IN (${values.map((v) => this.next(v)).join(', ')})`);
    return this;
  }

  /** `column` in [from, to): the range's UTC days. */
  during(column: string, range: Pick<BusinessRange, 'from' | 'to'>): this {
    this.parts.push(
      `${column} >= CAST(${this.next(range.from)} AS TIMESTAMP) AND ${column} < CAST(${this.next(range.to)} AS TIMESTAMP)`,
    );
    return this;
  }

  get where(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

/** The customers of the range's filters: segment and acquisition channel. */
export function customerConditions(range: BusinessRange, alias = ''): Conditions {
  const at = alias === '' ? '' : `${alias}.`;
  return new Conditions()
    .during(`${at}first_seen_at`, range)
    .within(`${at}segment`, range.segment)
    .within(`${at}acquisition_channel`, range.acquisitionChannel);
}

/** A range's days as the views take them: YYYY-MM-DD, `to` after `from`. */
export function rangeProblem(range: BusinessRange): BusinessProblem | null {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const issues: { path: string; message: string }[] = [];
  for (const name of ['from', 'to'] as const)
    if (!day.test(range[name]) || Number.isNaN(Date.parse(`${range[name]}T00:00:00Z`)))
      issues.push({ path: name, message: `expected a day as YYYY-MM-DD, got '${range[name]}'` });
  if (issues.length === 0 && range.to <= range.from)
    issues.push({ path: 'to', message: 'must be after from (to is exclusive)' });
  return issues.length === 0 ? null : { kind: 'invalid', issues };
}

/**
 * The month index of the last month the data covers whole: the data ends with the latest order,
 * contact or first sighting of a customer, and a month counts when the data reaches its last day.
 * Null without any customer.
 */
export async function lastCompleteMonth(engine: Engine): Promise<number | null> {
  const [row] = await engine.all(
    `SELECT max(t) AS data_end FROM (
       SELECT max(last_order_at) AS t FROM business_customer_facts
       UNION ALL SELECT max(first_seen_at) FROM business_customer_facts
       UNION ALL SELECT max(created_at) FROM business_contact_facts
     ) ends`,
  );
  const end = row?.data_end;
  if (end === null || end === undefined) return null;
  const day = String(end).slice(0, 10);
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  const index = monthIndexOf(day);
  return next.getUTCDate() === 1 ? index : index - 1;
}

const METHOD =
  'Cohort: the customers first seen in a month (UTC). Month k: the share of the cohort not churned by the end of the k-th month after it (churned: closed, or lapsed after churnAfterDays without an order or contact), with a 95 % Wilson interval. Months the data does not reach the last day of are left out.';

export async function retentionCohorts(
  engine: Engine,
  range: BusinessRange,
): Promise<Result<RetentionCohortsView, BusinessProblem>> {
  const problem = rangeProblem(range);
  if (problem) return { ok: false, error: problem };
  const conditions = customerConditions(range);
  // One row per cohort and month of churn: the heatmap is their running sums.
  const rows = await engine.all(
    `SELECT ${monthIndexSql('first_seen_at')} AS cohort_index,
            CASE WHEN churned_at IS NULL THEN NULL ELSE ${monthIndexSql('churned_at')} END AS churn_index,
            count(*) AS customers
     FROM business_customer_facts
     ${conditions.where}
     GROUP BY 1, 2`,
    conditions.params,
  );
  const last = await lastCompleteMonth(engine);
  const cohorts = new Map<number, { size: number; churnedIn: Map<number, number> }>();
  for (const row of rows) {
    const index = Number(row.cohort_index);
    const cohort = cohorts.get(index) ?? { size: 0, churnedIn: new Map<number, number>() };
    const n = Number(row.customers);
    cohort.size += n;
    if (row.churn_index !== null) {
      const churned = Number(row.churn_index);
      cohort.churnedIn.set(churned, (cohort.churnedIn.get(churned) ?? 0) + n);
    }
    cohorts.set(index, cohort);
  }
  const view: RetentionCohortsView = {
    method: METHOD,
    cohorts: [...cohorts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, cohort]) => {
        const months: RetentionCohortsView['cohorts'][number]['months'] = [];
        let churned = 0;
        // Churned before the cohort's own month (data out of order) is churned at month 0.
        for (const [month, n] of cohort.churnedIn) if (month < index) churned += n;
        for (let offset = 0; last !== null && index + offset <= last; offset++) {
          churned += cohort.churnedIn.get(index + offset) ?? 0;
          const retained = cohort.size - churned;
          months.push({
            offset,
            retained,
            share: retained / cohort.size,
            interval: wilsonInterval(retained, cohort.size),
          });
        }
        return { cohort: monthLabel(index), size: cohort.size, months };
      }),
  };
  return ok(view);
}
