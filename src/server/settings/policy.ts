import { type Policies, roles } from '../access.js';

export const SETTINGS_POLICIES: Policies = {
  getSettings: roles('admin'),
  putCalendar: roles('admin'),
  deleteCalendar: roles('admin'),
  updateTeam: roles('admin'),
  putThresholds: roles('admin'),
  putTargets: roles('admin'),
};
