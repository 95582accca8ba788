import { type Policies, roles } from '../access.js';

/** Imports change the data everyone reads: admins and managers only, as from the command line. */
export const IMPORTS_POLICIES: Policies = {
  createImport: roles('admin', 'manager'),
  listImports: roles('admin', 'manager'),
  getImport: roles('admin', 'manager'),
  followImport: roles('admin', 'manager'),
  getImportRejects: roles('admin', 'manager'),
};
