import { everyRole, type Policies, roles } from '../access.js';

const planners = roles('admin', 'manager');

/**
 * Targets and baselines. Every role reads them (an agent only those for everyone, a channel, their
 * own team and themselves: handlers.ts narrows it); admins and managers set targets, take and
 * remove baselines. The history names who changed what: not for agents.
 */
export const TARGETS_POLICIES: Policies = {
  listTargets: everyRole,
  replaceTargets: planners,
  getTargetHistory: roles('admin', 'manager', 'viewer', 'finance'),
  listBaselines: everyRole,
  takeBaseline: planners,
  deleteBaseline: planners,
};
