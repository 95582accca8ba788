import type { ReactNode } from 'react';
import { Alerts } from './Alerts.js';
import { canSeeAlerts } from './roles.js';

/** The Alerts page at /alerts for the roles that see alerts; null otherwise, which the router answers as not found. */
export function alertsPage(segments: readonly string[], role: string): ReactNode | null {
  if (segments.length > 0 || !canSeeAlerts(role)) return null;
  return <Alerts />;
}
