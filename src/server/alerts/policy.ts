import { everyRole, type Policies, roles } from '../access.js';

const staff = roles('admin', 'manager');

/**
 * Admins and managers manage alert rules (a manager their own: the services check the owner) and
 * read the alerts raised. Every signed-in user has a notification list, since the dashboard asks
 * for it on every page; the services leave it empty for the roles that are told of no alert.
 */
export const ALERTS_POLICIES: Policies = {
  listAlertRules: staff,
  createAlertRule: staff,
  getAlertRule: staff,
  updateAlertRule: staff,
  deleteAlertRule: staff,
  testAlertRule: staff,
  listAlertEvents: staff,
  listNotifications: everyRole,
  markNotificationsRead: everyRole,
};
