import { everyRole, type Policies } from '../access.js';

/**
 * Every role may schedule a report, the figures in it being what each recipient may see: admins and
 * managers to anyone and any report, the others only their own reports to themselves. That a report
 * is the caller's own, and to whom it may go, is decided per report in src/services/reports/.
 */
export const REPORTS_POLICIES: Policies = {
  listReports: everyRole,
  createReport: everyRole,
  getReport: everyRole,
  updateReport: everyRole,
  deleteReport: everyRole,
  sendReport: everyRole,
  listReportDeliveries: everyRole,
};
