/**
 * Lifetime value by how the customer's problems were handled: resolved at first contact, resolved
 * later, not resolved, or no contact at all. Means with t intervals, and each group against
 * first_contact with a Welch interval, so a team can see whether solving problems raises lifetime
 * value. Beside it the cohort method: the mean cumulative margin per customer of each monthly
 * cohort. Money: admins, finance and managers (whose figures are totals, never an agent's).
 */
import type { Engine } from '../../core/engine.js';
import { err, ok, type Result } from '../../core/result.js';
import { compareMeans, meanInterval } from '../../core/stats.js';
import { customerConditions, lastCompleteMonth, monthIndexSql, monthLabel, rangeProblem } from './cohorts.js';
import {
  type BusinessActor,
  type BusinessNotice,
  type BusinessProblem,
  type BusinessRange,
  type ClvView,
  HANDLINGS,
  type Handling,
} from './contract.js';
import { factsCurrency, listBusinessNotices } from './facts.js';

/** Roles that see lifetime value: money, as totals for managers. */
export const CLV_ROLES: readonly BusinessActor['role'][] = ['admin', 'finance', 'manager'];

const METHOD =
  "Historical: a customer's lifetime value is the margin of their own paid orders (revenue − refunds − cost of goods, in the reporting currency) up to now. Customers first seen in the range are grouped by how their contacts were handled: every contact resolved at first contact, some resolved later, some not resolved, or no contact. Mean with a 95 % t interval; the difference with first_contact has a Welch interval. Cohort: the margin of a monthly cohort's customers (each customer's margin spread over the months of their orders in proportion to the months' net revenue), cumulated month by month and divided by the cohort's size, customers without orders included. Not a randomised comparison: customers with problems differ from those without.";

/** The currency every amount of the facts is in, as their last rebuild chose it. */
export async function reportingCurrencyOf(engine: Engine): Promise<string | null> {
  return factsCurrency(engine);
}

/** What the customer figures leave out: every notice but the one about costs. */
export async function customerNotices(engine: Engine): Promise<BusinessNotice[]> {
  return (await listBusinessNotices(engine)).filter((notice) => notice.kind !== 'no_costs');
}

export async function clvByHandling(
  engine: Engine,
  range: BusinessRange,
  actor: BusinessActor,
): Promise<Result<ClvView, BusinessProblem>> {
  if (!CLV_ROLES.includes(actor.role))
    return err({
      kind: 'forbidden',
      reason: 'lifetime value is a money figure: admins, finance and managers',
    });
  const problem = rangeProblem(range);
  if (problem) return err(problem);

  const conditions = customerConditions(range);
  const groupRows = await engine.all(
    `SELECT COALESCE(handling, 'no_contact') AS handling, count(*) AS customers, count(clv) AS n,
            avg(clv) AS mean, stddev_samp(clv) AS sd
     FROM business_customer_facts
     ${conditions.where}
     GROUP BY 1`,
    conditions.params,
  );
  const stats = new Map<Handling, { customers: number; n: number; mean: number | null; sd: number }>();
  for (const row of groupRows)
    stats.set(row.handling as Handling, {
      customers: Number(row.customers),
      n: Number(row.n),
      mean: row.mean === null ? null : Number(row.mean),
      sd: row.sd === null ? 0 : Number(row.sd),
    });
  const reference = stats.get('first_contact');
  const groups: ClvView['groups'] = HANDLINGS.map((handling) => {
    const group = stats.get(handling);
    if (!group || group.mean === null)
      return { handling, customers: group?.customers ?? 0, meanClv: null, interval: null, difference: null };
    let difference: ClvView['groups'][number]['difference'] = null;
    if (handling !== 'first_contact' && reference && reference.mean !== null) {
      const compared = compareMeans(group.mean, group.sd, group.n, reference.mean, reference.sd, reference.n);
      difference = {
        value: group.mean - reference.mean,
        interval: compared === null ? null : { low: compared.low, high: compared.high },
      };
    }
    return {
      handling,
      customers: group.customers,
      meanClv: group.mean,
      interval: meanInterval(group.mean, group.sd, group.n),
      difference,
    };
  });

  return ok({
    currency: await reportingCurrencyOf(engine),
    method: METHOD,
    groups,
    cohorts: await cumulativeMarginByCohort(engine, range),
    notices: await customerNotices(engine),
  });
}

/**
 * The facts hold a customer's margin in the reporting currency but not per month: it is spread
 * over the months of their paid orders in proportion to each month's net revenue (in the order's
 * own currency; a customer pays in one currency as a rule).
 */
async function cumulativeMarginByCohort(engine: Engine, range: BusinessRange): Promise<ClvView['cohorts']> {
  const conditions = customerConditions(range, 'c');
  const cohortIndex = monthIndexSql('c.first_seen_at');
  const sizes = await engine.all(
    `SELECT ${cohortIndex} AS cohort_index, count(*) AS size FROM business_customer_facts c ${conditions.where} GROUP BY 1`,
    conditions.params,
  );
  const margins = await engine.all(
    `WITH cohort AS (
       SELECT c.customer_id, ${cohortIndex} AS cohort_index, c.margin
       FROM business_customer_facts c ${conditions.where}
     ),
     monthly AS (
       SELECT o.customer_id, ${monthIndexSql('o.ordered_at')} AS month_index,
              sum(o.revenue - COALESCE(o.refunded_amount, 0)) AS net
       FROM orders o JOIN cohort ON cohort.customer_id = o.customer_id
       WHERE COALESCE(o.status, 'paid') = 'paid'
       GROUP BY 1, 2
     ),
     totals AS (SELECT customer_id, sum(net) AS net FROM monthly GROUP BY 1)
     SELECT cohort.cohort_index, GREATEST(monthly.month_index - cohort.cohort_index, 0) AS month_offset,
            sum(cohort.margin * monthly.net / totals.net) AS margin
     FROM cohort
     JOIN monthly ON monthly.customer_id = cohort.customer_id
     JOIN totals ON totals.customer_id = cohort.customer_id
     WHERE cohort.margin IS NOT NULL AND totals.net <> 0
     GROUP BY 1, 2`,
    conditions.params,
  );
  const last = await lastCompleteMonth(engine);
  const byCohort = new Map<number, Map<number, number>>();
  for (const row of margins) {
    const index = Number(row.cohort_index);
    const offsets = byCohort.get(index) ?? new Map<number, number>();
    offsets.set(Number(row.month_offset), Number(row.margin));
    byCohort.set(index, offsets);
  }
  return sizes
    .map((row) => ({ index: Number(row.cohort_index), size: Number(row.size) }))
    .sort((a, b) => a.index - b.index)
    .map(({ index, size }) => {
      const offsets = byCohort.get(index) ?? new Map<number, number>();
      const cumulative: { offset: number; meanMargin: number }[] = [];
      let sum = 0;
      for (let offset = 0; last !== null && index + offset <= last; offset++) {
        sum += offsets.get(offset) ?? 0;
        cumulative.push({ offset, meanMargin: sum / size });
      }
      return { cohort: monthLabel(index), size, cumulative };
    });
}
