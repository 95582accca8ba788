import { type Policies, roles } from '../access.js';

export const AUDIT_POLICIES: Policies = {
  listAudit: roles('admin'),
};
