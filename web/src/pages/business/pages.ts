import type { BusinessActor } from '../../../../src/services/business/contract.js';
import { MONEY_ROLES } from '../../../../src/services/business/contract.js';

/**
 * Who sees what of the Business page. The server refuses the rest all the same (money KPIs come
 * back withheld, the views answer 403); this keeps the page from asking for what it would be
 * refused, so a viewer's page never holds a money figure, not even a withheld one.
 */
export type BusinessRole = BusinessActor['role'];

/** What a role sees of money: everything, totals (never by or filtered to an agent), or nothing. */
export type MoneyAccess = 'all' | 'totals' | 'none';

export function canSeeBusiness(role: BusinessRole): boolean {
  return role !== 'agent';
}

export function moneyAccess(role: BusinessRole): MoneyAccess {
  if ((MONEY_ROLES as readonly string[]).includes(role)) return 'all';
  return role === 'manager' ? 'totals' : 'none';
}

/** Tables with a row per agent (conversion, people): everyone on the page but viewers. */
export function seesAgentRows(role: BusinessRole): boolean {
  return role === 'admin' || role === 'finance' || role === 'manager';
}

/**
 * Lifetime value and the people view are money or per person: admins and finance whole, managers
 * as their team's (without hourly cost); viewers not at all.
 */
export function seesLifetimeValue(role: BusinessRole): boolean {
  return moneyAccess(role) !== 'none';
}

export interface BusinessKpi {
  id: string;
  format: 'count' | 'percent' | 'money' | 'rate' | 'duration';
  money: boolean;
}

const kpi = (id: string, format: BusinessKpi['format'], money = false): BusinessKpi => ({
  id,
  format,
  money,
});

/** The indicators of each section, in the order the page shows them. */
export const BUSINESS_KPIS = {
  customers: [
    kpi('customers_new', 'count'),
    kpi('customers_churned', 'count'),
    kpi('customers_active', 'count'),
    kpi('returning_customers', 'count'),
    kpi('retention_rate', 'percent'),
    kpi('churn_rate', 'percent'),
    kpi('escalations_per_1000_customers', 'rate'),
  ],
  costs: [
    kpi('cost_per_contact', 'money', true),
    kpi('cost_per_resolution', 'money', true),
    kpi('service_cost', 'money', true),
    kpi('payroll_cost', 'money', true),
    kpi('revenue', 'money', true),
    kpi('gross_margin', 'money', true),
    kpi('service_cost_share', 'percent', true),
    kpi('acquisition_spend', 'money', true),
    kpi('retention_spend', 'money', true),
  ],
  people: [
    kpi('productivity', 'rate'),
    kpi('productivity_per_fte', 'rate'),
    kpi('employee_turnover', 'percent'),
    kpi('tenure', 'rate'),
    kpi('training_days', 'rate'),
    kpi('training_days_per_fte', 'rate'),
  ],
} as const satisfies Record<string, readonly BusinessKpi[]>;

export type BusinessSection = keyof typeof BUSINESS_KPIS;

/**
 * The indicators of a section this role may ask for: no money indicator without money. `catalog`
 * says what the server's catalog has of each (absent: not there, so not asked for); its money flag
 * wins over the page's own list, so a figure the server counts as money is never asked by a viewer.
 */
export function kpisFor(
  section: BusinessSection,
  role: BusinessRole,
  catalog: (id: string) => { money?: boolean; format?: string } | undefined,
): BusinessKpi[] {
  const money = moneyAccess(role) !== 'none';
  return BUSINESS_KPIS[section].flatMap((k): BusinessKpi[] => {
    const entry = catalog(k.id);
    if (!entry) return [];
    const isMoney = k.money || entry.money === true;
    if (isMoney && !money) return [];
    return [{ ...k, money: isMoney }];
  });
}

/**
 * The dimension filters a money query may carry for this role: a manager's money figures are
 * totals, so an agent filter never goes with them.
 */
export function moneyFilters<F extends { agent?: string[] | undefined }>(filters: F, role: BusinessRole): F {
  if (moneyAccess(role) !== 'totals' || !filters.agent) return filters;
  const { agent: _agent, ...rest } = filters;
  return rest as F;
}
