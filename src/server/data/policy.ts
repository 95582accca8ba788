import { type Policies, roles } from '../access.js';

export const DATA_POLICIES: Policies = {
  // File names and lines of the imports: for the people who run them.
  getDataQuality: roles('admin', 'manager'),
  // Deletes rows (keeping a copy in the quarantine table): for whoever administers the data.
  getRepair: roles('admin'),
  repair: roles('admin'),
};
