import { type Policies, roles } from '../access.js';

const readers = roles('admin', 'manager', 'viewer', 'finance');
const money = roles('admin', 'manager', 'finance');

/**
 * The business figures. Retention, conversion after contact and the notices are counts and shares:
 * every role but agents reads them (viewers not per agent, handlers.ts narrows it). Lifetime value
 * and the people figures are money or per-person: admins and finance see them whole, managers as
 * team totals (no hourly cost). Finance and admins change the settings; managers read them.
 */
export const BUSINESS_POLICIES: Policies = {
  getBusinessCohorts: readers,
  getBusinessClv: money,
  getBusinessConversion: readers,
  getBusinessPeople: money,
  getBusinessSettings: money,
  updateBusinessSettings: roles('admin', 'finance'),
  listBusinessNotices: readers,
};
