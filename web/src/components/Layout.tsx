import { type ReactNode, useEffect, useId } from 'react';
import { useAppData, useCan } from '../app-data.js';
import { filterQuery } from '../filters.js';
import { LOCALE_NAMES, LOCALES, type Locale, type MessageKey, useI18n } from '../i18n/index.js';
import { useLabels } from '../labels.js';
import { NotificationBell } from '../pages/alerts/NotificationBell.js';
import { canSeeAlerts } from '../pages/alerts/roles.js';
import { canSeeBusiness } from '../pages/business/pages.js';
import { canSeeTargetsPage } from '../pages/targets/targets.js';
import { canSeeWords } from '../pages/words/view.js';
import { Link, useLocation } from '../router.js';

interface NavItem {
  path: string;
  label: MessageKey;
  show: boolean;
  /** Data views carry the filters along. */
  data: boolean;
}

export function LanguageSelect({ className }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  const id = useId();
  return (
    <span className={className}>
      <label htmlFor={id}>{t('language.label')}</label>{' '}
      <select
        id={id}
        data-testid="language-select"
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · servicemeter`;
  }, [title]);
}

export function Layout({ children, onLogout }: { children: ReactNode; onLogout: () => void }) {
  const { t } = useI18n();
  const { user } = useAppData();
  const can = useCan();
  const labels = useLabels();
  const { pathname, search } = useLocation();
  const carry = filterQuery(search);

  const items: NavItem[] = [
    { path: '/now', label: 'now.title', show: true, data: false },
    { path: '/', label: 'nav.overview', show: true, data: true },
    { path: '/trends', label: 'nav.trends', show: true, data: true },
    { path: '/breakdown', label: 'nav.breakdown', show: true, data: true },
    { path: '/agents', label: can.allScorecards ? 'nav.agents' : 'nav.myScorecard', show: true, data: true },
    { path: '/heatmap', label: 'nav.heatmap', show: true, data: true },
    { path: '/contacts', label: 'nav.contacts', show: can.drillDown, data: true },
    { path: '/surveys', label: 'surveys.title', show: true, data: false },
    { path: '/qa', label: 'qa.title', show: true, data: false },
    { path: '/workforce', label: 'workforce.title', show: true, data: false },
    { path: '/business', label: 'business.title', show: canSeeBusiness(user.role), data: false },
    { path: '/words', label: 'words.title', show: canSeeWords(user.role), data: true },
    { path: '/dashboards', label: 'dashboards.title', show: true, data: false },
    { path: '/reports', label: 'reports.title', show: true, data: false },
    { path: '/alerts', label: 'alerts.title', show: canSeeAlerts(user.role), data: false },
    { path: '/targets', label: 'targets.title', show: canSeeTargetsPage(user.role), data: false },
    { path: '/benchmarks', label: 'benchmarks.title', show: true, data: false },
    { path: '/settings', label: 'nav.settings', show: can.settings, data: false },
    { path: '/users', label: 'nav.users', show: can.users, data: false },
    { path: '/webhooks', label: 'webhooks.title', show: can.settings, data: false },
    { path: '/imports', label: 'nav.imports', show: can.imports, data: false },
    { path: '/jobs', label: 'nav.jobs', show: can.settings, data: false },
  ];
  const current = (path: string) =>
    path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <Link to={`/${carry}`} className="brand">
          servicemeter
        </Link>
        <nav className="main-nav" aria-label={t('nav.label')}>
          <ul>
            {items
              .filter((i) => i.show)
              .map((i) => (
                <li key={i.path}>
                  <Link
                    to={i.data ? `${i.path}${carry}` : i.path}
                    aria-current={current(i.path) ? 'page' : undefined}
                  >
                    {t(i.label)}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="header-tools">
          <NotificationBell />
          <LanguageSelect />
          <span className="user-box">
            <Link
              to="/account"
              className="account-link"
              aria-current={current('/account') ? 'page' : undefined}
            >
              {user.name ?? user.email}
            </Link>{' '}
            <span className="role">({labels.value('role', user.role)})</span>
          </span>
          <button type="button" className="secondary" onClick={onLogout}>
            {t('action.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
