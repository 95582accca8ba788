import type { ReactNode } from 'react';
import { DashboardPage } from './DashboardPage.js';
import { Dashboards } from './Dashboards.js';

/** /dashboards (the role's default, or the list) and /dashboards/<id>; every role has them. */
export function dashboardsPage(segments: readonly string[]): ReactNode | null {
  const [id, ...rest] = segments;
  if (rest.length > 0) return null;
  return id ? <DashboardPage dashboardId={id} /> : <Dashboards />;
}
