import { useEffect } from 'react';
import type { Role } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { Link, navigate, useLocation } from '../../router.js';

/**
 * The Quality section's pages and who sees each: the server refuses the rest all the same, this
 * only leaves out links that would lead to a refusal.
 */
export const QA_PAGES: { path: string; label: MessageKey; roles: readonly Role[] }[] = [
  { path: '/qa/queue', label: 'qa.nav.queue', roles: ['admin', 'manager', 'agent'] },
  { path: '/qa/reviews', label: 'qa.nav.reviews', roles: ['admin', 'manager', 'agent'] },
  { path: '/qa/disputes', label: 'qa.nav.disputes', roles: ['admin', 'manager'] },
  // The management pages follow here.
  { path: '/qa/quality', label: 'qaManage.nav.quality', roles: ['admin', 'manager', 'viewer', 'finance'] },
  { path: '/qa/scorecards', label: 'qaManage.nav.scorecards', roles: ['admin', 'manager'] },
  { path: '/qa/sampling', label: 'qaManage.nav.sampling', roles: ['admin', 'manager'] },
  { path: '/qa/calibration', label: 'qaManage.nav.calibration', roles: ['admin', 'manager'] },
  { path: '/qa/coaching', label: 'qaManage.nav.coaching', roles: ['admin', 'manager', 'agent'] },
  { path: '/qa/checks', label: 'qaManage.nav.checks', roles: ['admin', 'manager'] },
];

/** Where the Quality entry of the main navigation leads a role first. */
export function qaHome(role: Role): string {
  return QA_PAGES.find((p) => p.roles.includes(role))?.path ?? '/qa';
}

export function QaNav() {
  const { t } = useI18n();
  const { user } = useAppData();
  const { pathname } = useLocation();
  const pages = QA_PAGES.filter((p) => p.roles.includes(user.role));
  if (pages.length < 2) return null;
  return (
    <nav className="qa-nav" aria-label={t('qa.nav.label')}>
      <ul>
        {pages.map((p) => (
          <li key={p.path}>
            <Link
              to={p.path}
              aria-current={pathname === p.path || pathname.startsWith(`${p.path}/`) ? 'page' : undefined}
            >
              {t(p.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `/qa` itself: the first Quality page the reader's role has. */
export function QaHome() {
  const { user } = useAppData();
  useEffect(() => {
    navigate(qaHome(user.role), { replace: true });
  }, [user.role]);
  return null;
}
