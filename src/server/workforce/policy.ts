import { everyRole, type Policies, roles } from '../access.js';

const staff = roles('admin', 'manager');
const planners = roles('admin', 'manager', 'viewer', 'finance');

/**
 * Admins and managers plan the team's time: they see and change the schedules, the marked days and
 * the settings. A viewer reads the plan as aggregates (the staffing week, the forecast, the
 * settings and marked days) but no agent's schedule. An agent reads only their own schedule
 * (handlers.ts narrows it); their indicators come from the KPI API, which keeps to their scope. The
 * Erlang calculator works on the caller's own numbers, so every role may use it.
 */
export const WORKFORCE_POLICIES: Policies = {
  getWorkforceStaffing: planners,
  getWorkforceForecast: planners,
  listWorkforceSchedules: roles('admin', 'manager', 'agent'),
  createWorkforceSchedule: staff,
  copyWorkforceScheduleWeek: staff,
  updateWorkforceSchedule: staff,
  deleteWorkforceSchedule: staff,
  getWorkforceSettings: planners,
  updateWorkforceSettings: staff,
  listWorkforceMarkedDays: planners,
  createWorkforceMarkedDay: staff,
  deleteWorkforceMarkedDay: staff,
  calculateErlang: everyRole,
};
