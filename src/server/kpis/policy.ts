import { everyRole, type Policies, roles } from '../access.js';

export const KPIS_POLICIES: Policies = {
  getCatalog: everyRole,
  getStatus: everyRole,
  getFilterValues: everyRole,
  queryKpis: everyRole,
  exportKpis: roles('admin', 'manager', 'agent'),
};
