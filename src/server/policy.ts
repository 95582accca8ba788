import type { Role } from './schemas.js';

/** Who may call an operation: anyone, or signed-in users with one of these roles. */
export type Policy = { public: true } | RolePolicy;
export interface RolePolicy {
  public: false;
  roles: readonly Role[];
  /** Refused to API tokens: only a signed-in person may do it. */
  sessionOnly?: boolean;
}

const anyone: Policy = { public: true };
const roles = (...allowed: Role[]): RolePolicy => ({ public: false, roles: allowed });
const everyRole = roles('admin', 'manager', 'agent', 'viewer');

/**
 * The single table of who may call what, by operationId. The authorization middleware refuses an
 * operation that is missing here, and a test calls every operation of the OpenAPI document as each
 * role. Data scoping inside an operation (an agent sees only their own contacts and their team's
 * aggregates) is in scope.ts.
 */
export const POLICIES: Record<string, Policy> = {
  health: anyone,
  getSetup: anyone,
  setup: anyone,
  login: anyone,

  logout: everyRole,
  getSession: everyRole,
  updateMe: everyRole,
  // Changing a password needs the person, not a script.
  changePassword: { ...roles('admin', 'manager', 'agent', 'viewer'), sessionOnly: true },

  getCatalog: everyRole,
  getStatus: everyRole,
  // File names and lines of the imports: for the people who run them.
  getDataQuality: roles('admin', 'manager'),
  getFilterValues: everyRole,
  queryKpis: everyRole,
  exportKpis: roles('admin', 'manager', 'agent'),
  queryContacts: roles('admin', 'manager', 'agent'),
  exportContacts: roles('admin', 'manager', 'agent'),
  getContact: roles('admin', 'manager', 'agent'),
  listScorecards: everyRole,
  getScorecard: everyRole,

  getSettings: roles('admin'),
  putCalendar: roles('admin'),
  deleteCalendar: roles('admin'),
  updateTeam: roles('admin'),
  putThresholds: roles('admin'),
  putTargets: roles('admin'),

  listUsers: roles('admin'),
  createUser: roles('admin'),
  updateUser: roles('admin'),
  deleteUser: roles('admin'),

  listTokens: everyRole,
  // A token cannot mint or revoke tokens: a leaked one must not be able to entrench itself.
  createToken: { ...everyRole, sessionOnly: true },
  revokeToken: { ...everyRole, sessionOnly: true },

  listAudit: roles('admin'),
  // Deletes rows (keeping a copy in the quarantine table): for whoever administers the data.
  getRepair: roles('admin'),
  repair: roles('admin'),
};
