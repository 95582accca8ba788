import type { ReactNode } from 'react';
import type { Role } from '../../api.js';
import { Forecast } from './Forecast.js';
import { canSeeWorkforcePage, isWorkforcePage } from './pages.js';
import { Schedules } from './Schedules.js';
import { Staffing } from './Staffing.js';
import { TeamTime } from './TeamTime.js';
import { WorkforceHome } from './WorkforceNav.js';
import { WorkforceSettings } from './WorkforceSettings.js';

/**
 * The workforce pages under /workforce/<page>, as far as the reader's role opens them; null for an
 * address that is not one of them or not theirs, which the router answers as not found.
 */
export function workforcePage([page, extra]: readonly string[], role: Role): ReactNode | null {
  if (page === undefined) return <WorkforceHome />;
  if (extra !== undefined || !isWorkforcePage(page) || !canSeeWorkforcePage(role, page)) return null;
  switch (page) {
    case 'staffing':
      return <Staffing />;
    case 'forecast':
      return <Forecast />;
    case 'schedules':
      return <Schedules />;
    case 'team-time':
      return <TeamTime />;
    case 'settings':
      return <WorkforceSettings />;
  }
}
