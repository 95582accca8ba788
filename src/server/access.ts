import type { Role } from './schemas.js';

/** Who may call an operation: anyone, or signed-in users with one of these roles. */
export type Policy = { public: true } | RolePolicy;
export interface RolePolicy {
  public: false;
  roles: readonly Role[];
  /** Refused to API tokens: only a signed-in person may do it. */
  sessionOnly?: boolean;
}

/** A feature's policies: one per operationId of its routes. */
export type Policies = Record<string, Policy>;

export const anyone: Policy = { public: true };
export const roles = (...allowed: Role[]): RolePolicy => ({ public: false, roles: allowed });
/**
 * Every signed-in role. `finance` reads what a viewer reads — the team's aggregates, agents' figures
 * included, never a contact, a comment or a reviewer — and besides them every money figure
 * (`moneyRule`), the KPI export and the business settings. It changes nothing of the service's own
 * data: imports, settings, users, reviews and schedules stay with admins and managers.
 */
export const everyRole = roles('admin', 'manager', 'agent', 'viewer', 'finance');

/**
 * Roles that read the team's figures without its contacts: no contact lists, no reviewers, the
 * counts of the Now page without the contacts behind them.
 */
export function readsAggregatesOnly(role: Role): boolean {
  return role === 'viewer' || role === 'finance';
}

/**
 * Who sees money figures (KPIs with `money`: costs, payroll, revenue, margin, lifetime value):
 * `all` — admins and finance, at any grain; `team_totals` — managers, as totals, never grouped by or
 * filtered to an agent, and never a total whose rows are one agent's; `none` — viewers and agents.
 */
export type MoneyRule = 'all' | 'team_totals' | 'none';

export function moneyRule(role: Role): MoneyRule {
  if (role === 'admin' || role === 'finance') return 'all';
  return role === 'manager' ? 'team_totals' : 'none';
}
