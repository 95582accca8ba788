import { describe, expect, test } from 'vitest';
import {
  BUSINESS_KPIS,
  canSeeBusiness,
  kpisFor,
  moneyAccess,
  moneyFilters,
  seesAgentRows,
  seesLifetimeValue,
} from './pages.js';

const ROLES = ['admin', 'finance', 'manager', 'viewer', 'agent'] as const;
/** A catalog that has every indicator of the page, none flagged as money by itself. */
const everything = () => ({ money: false });

describe('who sees what of the Business page', () => {
  test('every role but agents has the page; money in full for admins and finance, totals for managers', () => {
    expect(ROLES.filter(canSeeBusiness)).toEqual(['admin', 'finance', 'manager', 'viewer']);
    expect(ROLES.map(moneyAccess)).toEqual(['all', 'all', 'totals', 'none', 'none']);
    expect(ROLES.filter(seesAgentRows)).toEqual(['admin', 'finance', 'manager']);
    expect(ROLES.filter(seesLifetimeValue)).toEqual(['admin', 'finance', 'manager']);
  });

  test('a viewer is never asked a money indicator; admins, finance and managers the costs', () => {
    const costs = BUSINESS_KPIS.costs.map((k) => k.id);
    expect(kpisFor('costs', 'viewer', everything)).toEqual([]);
    expect(kpisFor('costs', 'admin', everything).map((k) => k.id)).toEqual(costs);
    expect(kpisFor('costs', 'finance', everything).map((k) => k.id)).toEqual(costs);
    expect(kpisFor('costs', 'manager', everything).map((k) => k.id)).toEqual(costs);
    expect(kpisFor('customers', 'viewer', everything).map((k) => k.id)).toContain('churn_rate');
  });

  test("the catalog's money flag wins, and an indicator the catalog lacks is not asked for", () => {
    const catalog = (id: string) =>
      id === 'churn_rate' ? undefined : { money: id === 'escalations_per_1000_customers' };
    const viewer = kpisFor('customers', 'viewer', catalog).map((k) => k.id);
    expect(viewer).not.toContain('churn_rate');
    expect(viewer).not.toContain('escalations_per_1000_customers');
    expect(viewer).toContain('customers_new');
    const admin = kpisFor('customers', 'admin', catalog);
    expect(admin.find((k) => k.id === 'escalations_per_1000_customers')?.money).toBe(true);
  });

  test("a manager's money query never carries an agent filter; an admin's keeps it", () => {
    const filters: { team?: string[]; agent?: string[] } = { team: ['t1'], agent: ['a1'] };
    expect(moneyFilters(filters, 'manager')).toEqual({ team: ['t1'] });
    expect(moneyFilters(filters, 'admin')).toEqual(filters);
    const teamOnly: typeof filters = { team: ['t1'] };
    expect(moneyFilters(teamOnly, 'manager')).toEqual({ team: ['t1'] });
  });
});
