import { everyRole, type Policies, roles } from '../access.js';

export const KPIS_POLICIES: Policies = {
  getCatalog: everyRole,
  getStatus: everyRole,
  getFilterValues: everyRole,
  queryKpis: everyRole,
  // A viewer reads figures on the dashboard; finance takes them into its own spreadsheets.
  exportKpis: roles('admin', 'manager', 'agent', 'finance'),
};
