import { useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { formatCount, formatInstant } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { browserTimeZone } from '../reports/schedule.js';
import { alertsApi } from './api.js';
import { canSeeAlerts } from './roles.js';
import './alerts.css';

/** Often enough to hear of an alert within a minute, rarely enough to cost nothing. */
const POLL_MS = 60_000;

/** The alerts' notification list in the header, for the roles that see alerts. */
export function NotificationBell() {
  const { user } = useAppData();
  return canSeeAlerts(user.role) ? <Bell /> : null;
}

function Bell() {
  const { t, locale } = useI18n();
  const id = useId();
  const tz = browserTimeZone();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const list = useApi('notifications', (signal) => alertsApi.notifications(signal));
  const { reload } = list;

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  // The list closes when the reader goes elsewhere, as a menu does.
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);

  const markRead = async (ids: string[] | 'all') => {
    const marked = await alertsApi.markRead(ids);
    if (marked.ok) reload();
  };

  const unread = list.state === 'ok' ? list.data.unread : 0;
  const notifications = list.state === 'ok' ? list.data.notifications : [];
  return (
    <div className="notification-bell" ref={box}>
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">🔔</span> {t('notifications.label')}
        {unread > 0 ? (
          <span className="notification-count" data-testid="notification-count">
            <span aria-hidden="true">{formatCount(locale, unread)}</span>
            <span className="visually-hidden">
              {t('notifications.unread', { count: formatCount(locale, unread) })}
            </span>
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="notification-panel" id={`${id}-panel`} data-testid="notification-panel">
          {notifications.length === 0 ? <p>{t('notifications.none')}</p> : null}
          {notifications.length > 0 ? (
            <>
              {unread > 0 ? (
                <button type="button" className="link" onClick={() => void markRead('all')}>
                  {t('notifications.markAllRead')}
                </button>
              ) : null}
              <ul>
                {notifications.map((n) => (
                  <li key={n.id} className={n.read ? undefined : 'unread'} data-testid="notification">
                    <Link
                      to={n.link}
                      onClick={() => {
                        setOpen(false);
                        if (!n.read) void markRead([n.id]);
                      }}
                    >
                      {n.ruleName}: {n.message}
                    </Link>
                    <br />
                    <span className="muted">
                      {t(`alerts.event.${n.kind}`)} · {formatInstant(locale, n.occurredAt, tz)}
                    </span>
                    {n.read ? null : (
                      <>
                        {' '}
                        <button type="button" className="link" onClick={() => void markRead([n.id])}>
                          {t('notifications.markRead')}
                        </button>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            <Link to="/alerts" onClick={() => setOpen(false)}>
              {t('notifications.allAlerts')}
            </Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}
