import { type Policies, roles } from '../access.js';

/**
 * Jobs pull data in and rebuild the facts: only admins see and change them. A job sends a secret of
 * the server's environment to a helpdesk, so adding, changing and running one takes a signed-in
 * admin: a leaked API token must not be able to aim a sync.
 */
export const JOBS_POLICIES: Policies = {
  listJobs: roles('admin'),
  createJob: { ...roles('admin'), sessionOnly: true },
  updateJob: { ...roles('admin'), sessionOnly: true },
  runJob: { ...roles('admin'), sessionOnly: true },
  deleteJob: roles('admin'),
  listJobRuns: roles('admin'),
};
