import { type Policies, roles } from '../access.js';

export const CONTACTS_POLICIES: Policies = {
  queryContacts: roles('admin', 'manager', 'agent'),
  exportContacts: roles('admin', 'manager', 'agent'),
  getContact: roles('admin', 'manager', 'agent'),
};
