import { type Policies, roles } from '../access.js';

/** Jobs pull data in and rebuild the facts: only admins see and change them. */
export const JOBS_POLICIES: Policies = {
  listJobs: roles('admin'),
  createJob: roles('admin'),
  updateJob: roles('admin'),
  runJob: roles('admin'),
  deleteJob: roles('admin'),
  listJobRuns: roles('admin'),
};
