import { count, defineKpi, type KpiDefinition, quotient, ratio, total } from '../define.js';
import { col, eq, isNotNull, isTrue, not, or } from '../expr.js';

/**
 * Value to the business: indicators over the business facts (src/services/business/facts.ts, rules
 * in src/core/business/). Every amount there is already in the reporting currency, spread over the
 * days of its period, so these only add up.
 */

/** How every money figure reads its amounts. */
const CURRENCY_RULE =
  'Amounts are in the reporting currency (the business setting reportingCurrency, else the most used currency of orders, costs and people), each converted at the latest exchange rate on or before its day; an amount without a rate is left out and named in the business notices, never taken at 1.0.';

/** Where the ledger places money and work. */
const LEDGER_DAY =
  'Placed in the period of the ledger day: a cost line spread evenly over the days of its period, an order on the day it was placed, work on the day of the contact.';

/** The customer month, whatever the query time zone. */
const CUSTOMER_MONTH =
  'A customer month is a calendar month (UTC), placed in the period of its first day at 12:00 UTC, so every time zone within 12 hours reads it in the same month. A monthly figure: empty, with a notice, by day, week or hour.';

/** A ledger row with money of a cost line: service cost or acquisition and retention spend. */
const COST_ROW = or(isNotNull(col('cost')), isNotNull(col('spend')));

/**
 * A ledger row with service cost. Spend alone is no service cost data: a period with only
 * acquisition or retention spend would otherwise read as a service that cost nothing.
 */
const SERVICE_COST_ROW = isNotNull(col('cost'));

/**
 * The rows of days that carry service cost data: cost set against the work or revenue of days
 * without it (costs entered for February only, asked for a quarter) would divide one month's
 * cost by three months' contacts.
 */
const COSTED = isTrue('costed');

const COSTED_DAYS =
  'Over the days that carry cost data (a day with a share of a service cost line, any team), so costs entered for only part of the period are not spread over the work of the rest.';

export const BUSINESS_KPIS: readonly KpiDefinition[] = [
  defineKpi({
    id: 'customers_new',
    label: 'New customers',
    definition:
      'Customers first seen in the period: the first-seen time of the customers table, else the earlier of their first order and first contact. Customers known only from orders count too. Placed in the period of the first-seen time.',
    source: 'business_customer_facts',
    timeColumn: 'first_seen_at',
    value: count(),
    format: 'count',
    better: 'higher',
    options: '--by segment, acquisition_channel.',
  }),
  defineKpi({
    id: 'customers_churned',
    label: 'Churned customers',
    definition:
      'Customers lost in the period: closed (the closing time of the customers table), or lapsed — no paid order and no contact for the business setting churnAfterDays (365 by default), then placed on the day the lapse completed. Customers still within that time after their last order or contact are not counted. Placed in the period of the churn time.',
    source: 'business_customer_facts',
    timeColumn: 'churned_at',
    where: isNotNull(col('churned_at')),
    value: count(),
    format: 'count',
    better: 'lower',
  }),
  defineKpi({
    id: 'clv',
    label: 'Customer lifetime value',
    definition: `Historical lifetime value of the customers first seen in the period: the mean of each customer's margin over their own paid orders to date (net revenue after refunds, less the cost of goods of what was kept). A customer without paid orders counts as 0; one whose paid orders all lack a margin is left out. ${CURRENCY_RULE} The cohort method and the value by how a customer's problems were handled are on the Business page. Placed in the period of the first-seen time; 95 % t interval.`,
    source: 'business_customer_facts',
    timeColumn: 'first_seen_at',
    value: { kind: 'mean', column: 'clv' },
    format: 'money',
    better: 'higher',
    money: true,
  }),
  defineKpi({
    id: 'customers_active',
    label: 'Active customers',
    definition: `Customer months in the period: each customer counts once per month they were a customer in (from the month first seen to the month churned, or until now). Over a quarter or a year it is a sum of months; read it by month. ${CUSTOMER_MONTH}`,
    source: 'business_customer_month_facts',
    timeColumn: 'month_start',
    value: count(isTrue('active')),
    format: 'count',
    better: 'higher',
    minGrain: 'month',
  }),
  defineKpi({
    id: 'churn_rate',
    label: 'Churn rate',
    definition: `Customers on the books at a month's start who churned during it ÷ customers on the books at its start. Customers new in the month are left out of both. Over a quarter or a year it is the customer-weighted mean monthly rate. ${CUSTOMER_MONTH}`,
    source: 'business_customer_month_facts',
    timeColumn: 'month_start',
    where: isTrue('active_at_start'),
    value: ratio(count(isTrue('churned')), count()),
    format: 'percent',
    better: 'lower',
    minGrain: 'month',
  }),
  defineKpi({
    id: 'retention_rate',
    label: 'Retention rate',
    definition: `The cohort of customers on the books at a month's start ÷ those of them still customers at its end (not closed, not lapsed), i.e. 1 − churn rate. Customers new in the month are left out of both. Over a quarter or a year it is the customer-weighted mean monthly rate, not the share kept over the whole span: the cohort heatmap on the Business page follows each starting month over the months after. ${CUSTOMER_MONTH}`,
    source: 'business_customer_month_facts',
    timeColumn: 'month_start',
    where: isTrue('active_at_start'),
    value: ratio(count(not(isTrue('churned'))), count()),
    format: 'percent',
    better: 'higher',
    minGrain: 'month',
  }),
  defineKpi({
    id: 'returning_customers',
    label: 'Returning customers',
    definition: `Customer months with a paid order from a customer who had a paid order before that month. Summed over the months of a quarter or a year. ${CUSTOMER_MONTH}`,
    source: 'business_customer_month_facts',
    timeColumn: 'month_start',
    value: count(isTrue('is_returning')),
    format: 'count',
    better: 'higher',
    minGrain: 'month',
  }),
  defineKpi({
    id: 'escalations_per_1000_customers',
    label: 'Escalations per 1,000 customers',
    definition: `1,000 × escalated contacts of customers ÷ active customer months, so a growing customer base does not read as worse service. Contacts of people who are not customers are left out. Placed in the month the contact was created in. ${CUSTOMER_MONTH}`,
    source: 'business_customer_month_facts',
    timeColumn: 'month_start',
    value: quotient(total('escalations'), count(isTrue('active')), 1000),
    format: 'rate',
    better: 'lower',
    minGrain: 'month',
  }),
  defineKpi({
    id: 'conversion_after_contact',
    label: 'Conversion after contact',
    definition:
      "Contacts of known customers followed by a paid order of the same customer within the business setting conversionDays (7 by default) after the contact was created ÷ contacts of known customers. Contacts whose customer is not in the customer data are left out (the business notices count them), and so are contacts whose window ends after the newest order or contact of the data: whether they convert is not known yet. The comparison with the conversion of comparable customers without a contact, with its method and limits, is on the Business page. Placed in the period of the contact's creation; credited to its assignee.",
    source: 'business_contact_facts',
    timeColumn: 'created_at',
    where: isNotNull(col('ordered_after')),
    value: ratio(count(isTrue('ordered_after')), count()),
    format: 'percent',
    better: 'higher',
  }),
  defineKpi({
    id: 'revenue_after_contact',
    label: 'Revenue after contact',
    definition: `Net revenue (after refunds) of the paid orders a customer placed within conversionDays after a contact, summed over the contacts of the period: an order after two contacts counts for each. Contacts whose window ends after the newest order or contact of the data are left out: their orders are not known yet. ${CURRENCY_RULE} Placed in the period of the contact's creation; credited to its assignee.`,
    source: 'business_contact_facts',
    timeColumn: 'created_at',
    where: isNotNull(col('ordered_after')),
    value: total('revenue_after'),
    format: 'money',
    better: 'higher',
    money: true,
  }),
  defineKpi({
    id: 'service_cost',
    label: 'Service cost',
    definition: `Cost lines of the service — wages, allowances, employer taxes, tools, outsourcing, overhead, training — summed; acquisition and retention spend are left out. ${CURRENCY_RULE} ${LEDGER_DAY} A period without service cost lines is empty: no cost data, not 0 (acquisition and retention spend alone are no service cost data).`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('cost'),
    format: 'money',
    better: 'lower',
    money: true,
    missing: 'cost data',
    carries: SERVICE_COST_ROW,
  }),
  defineKpi({
    id: 'cost_per_contact',
    label: 'Cost per contact',
    definition: `Service cost ÷ contacts handled (created in the period with an agent's reply or an answer); acquisition and retention spend left out. ${COSTED_DAYS} ${CURRENCY_RULE} ${LEDGER_DAY} Empty without service cost lines in the period, and without contacts handled.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: quotient(total('cost', COSTED), total('handled', COSTED)),
    format: 'money',
    better: 'lower',
    money: true,
    missing: 'cost data',
    carries: SERVICE_COST_ROW,
  }),
  defineKpi({
    id: 'cost_per_resolution',
    label: 'Cost per resolution',
    definition: `Service cost ÷ contacts first resolved in the period: the cost of a solved incident. ${COSTED_DAYS} ${CURRENCY_RULE} ${LEDGER_DAY} Empty without service cost lines in the period, and without resolutions.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: quotient(total('cost', COSTED), total('resolved', COSTED)),
    format: 'money',
    better: 'lower',
    money: true,
    missing: 'cost data',
    carries: SERVICE_COST_ROW,
  }),
  defineKpi({
    id: 'payroll_cost',
    label: 'Payroll cost',
    definition: `Cost lines of the categories wages, allowances and employer taxes, summed. ${CURRENCY_RULE} ${LEDGER_DAY} A period without such lines is empty: no payroll data, not 0.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('payroll'),
    format: 'money',
    better: 'lower',
    money: true,
    missing: 'payroll data',
  }),
  defineKpi({
    id: 'service_cost_share',
    label: 'Service cost share of revenue',
    definition: `Service cost ÷ net revenue (after refunds) of the paid orders of the period. ${COSTED_DAYS} ${CURRENCY_RULE} ${LEDGER_DAY} Empty without service cost lines in the period, and without revenue.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: quotient(total('cost', COSTED), total('revenue', COSTED)),
    format: 'percent',
    better: 'lower',
    money: true,
    missing: 'cost data',
    carries: SERVICE_COST_ROW,
  }),
  defineKpi({
    id: 'revenue',
    label: 'Revenue',
    definition: `Net revenue of the paid orders placed in the period: revenue less the refunded amount; cancelled and pending orders left out. ${CURRENCY_RULE} ${LEDGER_DAY} A period without orders is empty: no order data, not 0.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('revenue'),
    format: 'money',
    better: 'higher',
    money: true,
    missing: 'order data',
  }),
  defineKpi({
    id: 'gross_margin',
    label: 'Gross margin',
    definition: `Net revenue of the paid orders − their cost of goods (of what was not returned) − service cost. Orders without a cost of goods count with the business setting defaultMarginShare, else without a margin (the business notices count them). ${COSTED_DAYS} ${CURRENCY_RULE} ${LEDGER_DAY} Empty without service cost lines in the period: a margin without the service cost would look better than it is.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('margin', COSTED),
    format: 'money',
    better: 'higher',
    money: true,
    missing: 'cost data',
    carries: SERVICE_COST_ROW,
  }),
  defineKpi({
    id: 'acquisition_spend',
    label: 'Acquisition spend',
    definition: `Cost lines of the category acquisition spend (winning customers), summed; not part of the service cost. ${CURRENCY_RULE} ${LEDGER_DAY} Empty without cost lines in the period; 0 when there are cost lines but none for acquisition.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('spend', eq(col('cost_category'), 'acquisition')),
    format: 'money',
    better: 'neutral',
    money: true,
    missing: 'cost data',
    carries: COST_ROW,
  }),
  defineKpi({
    id: 'retention_spend',
    label: 'Retention spend',
    definition: `Cost lines of the category retention spend (keeping customers), summed; not part of the service cost. ${CURRENCY_RULE} ${LEDGER_DAY} Empty without cost lines in the period; 0 when there are cost lines but none for retention.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: total('spend', eq(col('cost_category'), 'retention')),
    format: 'money',
    better: 'neutral',
    money: true,
    missing: 'cost data',
    carries: COST_ROW,
  }),
  defineKpi({
    id: 'productivity',
    label: 'Resolutions per paid hour',
    definition: `Contacts first resolved ÷ paid hours (the hours of the payroll, spread evenly over their pay period's days). Hours of agents without resolutions count; resolutions of agents without paid hours count too, so filter by agent to compare like with like. ${LEDGER_DAY} Empty without paid hours in the period.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: quotient(total('resolved'), total('paid_hours')),
    format: 'rate',
    better: 'higher',
    missing: 'paid hours',
    carries: isNotNull(col('paid_hours')),
  }),
  defineKpi({
    id: 'productivity_per_fte',
    label: 'Resolutions per FTE-month',
    definition: `Contacts first resolved ÷ FTE-days of the agents employed (each employed day counts the agent's FTE, 1 when not given) × 365/12: resolutions per full-time agent per month. ${LEDGER_DAY} Empty without people data for the period.`,
    source: 'business_ledger_facts',
    timeColumn: 'day',
    value: quotient(total('resolved'), total('fte_days'), 365 / 12),
    format: 'rate',
    better: 'higher',
    missing: 'people data',
    carries: isNotNull(col('fte_days')),
  }),
  defineKpi({
    id: 'employee_turnover',
    label: 'Employee turnover',
    definition:
      'Leavers (agents on their last employed day) ÷ average headcount over the period (employed agent-days ÷ days), annualised: leavers ÷ employed agent-days × 365. Voluntary and involuntary leavers both count. Placed in the period of the day; credited to the agent.',
    source: 'business_people_facts',
    timeColumn: 'day',
    value: quotient(total('leavers'), total('employed'), 365),
    format: 'percent',
    better: 'lower',
  }),
  defineKpi({
    id: 'tenure',
    label: 'Tenure',
    definition:
      "Mean tenure in years of the headcount, weighted by days employed in the period: each agent's years since hiring on each day they were employed. Placed in the period of the day; 95 % t interval (over agent-days, which are not independent: read it as a guide).",
    source: 'business_people_facts',
    timeColumn: 'day',
    value: { kind: 'mean', column: 'tenure_years' },
    format: 'rate',
    better: 'neutral',
  }),
  defineKpi({
    id: 'training_days',
    label: 'Training days',
    definition:
      'Days of training of the agents (hours ÷ 8; a whole day when no hours are given), summed. Placed in the period of the training day; credited to the agent.',
    source: 'business_people_facts',
    timeColumn: 'day',
    value: total('training_days'),
    format: 'rate',
    better: 'neutral',
  }),
  defineKpi({
    id: 'training_days_per_fte',
    label: 'Training days per FTE',
    definition:
      'Training days ÷ FTE-days of the agents employed × 365: training days per full-time agent per year. Placed in the period of the day; credited to the agent.',
    source: 'business_people_facts',
    timeColumn: 'day',
    value: quotient(total('training_days'), total('fte'), 365),
    format: 'rate',
    better: 'neutral',
  }),
];
