import { everyRole, type Policies } from '../access.js';

/**
 * Saved views and dashboards are saved requests: every role keeps its own and reads the shared ones,
 * and the figures come from the KPI endpoints, which scope them to the reader. Who may change which
 * view, and an agent's filters only on themselves, are checked in src/services/views/.
 */
export const VIEWS_POLICIES: Policies = {
  listSavedViews: everyRole,
  createSavedView: everyRole,
  getSavedView: everyRole,
  updateSavedView: everyRole,
  deleteSavedView: everyRole,
  listDashboards: everyRole,
  createDashboard: everyRole,
  getDefaultDashboard: everyRole,
  getDashboard: everyRole,
  updateDashboard: everyRole,
  deleteDashboard: everyRole,
};
