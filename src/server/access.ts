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
export const everyRole = roles('admin', 'manager', 'agent', 'viewer');
