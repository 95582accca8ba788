import { type Policies, roles } from '../access.js';

/** The copy holds everything, users and their password hashes included: admins only. */
export const BACKUP_POLICIES: Policies = {
  getBackup: roles('admin'),
};
