import { useEffect } from 'react';
import { useAppData } from '../../app-data.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { Link, navigate, useLocation } from '../../router.js';
import { canSeeWorkforcePage, WORKFORCE_PAGES, type WorkforcePage, workforceHome } from './pages.js';
import './workforce.css';

const LABELS: Record<WorkforcePage, { planner: MessageKey; agent: MessageKey }> = {
  staffing: { planner: 'workforce.nav.staffing', agent: 'workforce.nav.staffing' },
  forecast: { planner: 'workforce.nav.forecast', agent: 'workforce.nav.forecast' },
  schedules: { planner: 'workforce.nav.schedules', agent: 'workforce.nav.mySchedule' },
  'team-time': { planner: 'workforce.nav.teamTime', agent: 'workforce.nav.myTime' },
  settings: { planner: 'workforce.nav.settings', agent: 'workforce.nav.settings' },
};

/** The Workforce section's pages the reader's role opens. */
export function WorkforceNav() {
  const { t } = useI18n();
  const { user } = useAppData();
  const { pathname } = useLocation();
  const pages = WORKFORCE_PAGES.filter((p) => canSeeWorkforcePage(user.role, p));
  if (pages.length < 2) return null;
  return (
    <nav className="wf-nav" aria-label={t('workforce.nav.label')}>
      <ul>
        {pages.map((page) => {
          const path = `/workforce/${page}`;
          return (
            <li key={page}>
              <Link to={path} aria-current={pathname === path ? 'page' : undefined}>
                {t(user.role === 'agent' ? LABELS[page].agent : LABELS[page].planner)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** `/workforce` itself: the first Workforce page the reader's role has. */
export function WorkforceHome() {
  const { user } = useAppData();
  useEffect(() => {
    navigate(workforceHome(user.role), { replace: true });
  }, [user.role]);
  return null;
}
