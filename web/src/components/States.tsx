import { type ReactNode, useEffect, useState } from 'react';
import { formatDuration } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { problemTitle } from '../problems.js';

/** Seconds after which a wait is worth counting out loud, and after which it is called long. */
const COUNT_AFTER_S = 1;
const STILL_WORKING_AFTER_S = 5;

/**
 * A spinner. Given `since` (when the request started), it counts the seconds and, on a long wait,
 * says it is still working; given `onCancel`, it offers to stop — a slow query is never an
 * endless "Loading…". The live region says "Loading…" and, once, "Still working…": the ticking
 * seconds stay outside it, or a screen reader would read out every second.
 */
export function Loading({
  label,
  since,
  onCancel,
}: {
  label?: string;
  since?: number | null;
  onCancel?: () => void;
}) {
  const { t, locale } = useI18n();
  const elapsed = useElapsedSeconds(since ?? null);
  const counting = since !== undefined && since !== null && elapsed >= COUNT_AFTER_S;
  const announced =
    counting && elapsed >= STILL_WORKING_AFTER_S ? t('trends.stillWorking') : (label ?? t('state.loading'));
  return (
    <div className="state state-loading" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      <span role="status" aria-live="polite" data-testid="loading-status">
        {announced}
      </span>
      {counting ? (
        <span className="muted" aria-hidden="true" data-testid="loading-elapsed">
          {' '}
          {t('trends.elapsed', { elapsed: formatDuration(locale, elapsed) })}
        </span>
      ) : null}
      {counting && onCancel ? (
        <button type="button" className="secondary" onClick={onCancel} data-testid="loading-cancel">
          {t('action.cancel')}
        </button>
      ) : null}
    </div>
  );
}

/** Whole seconds since `since`, ticking once a second; 0 without a start. */
function useElapsedSeconds(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

export function ErrorState({
  error,
  onRetry,
}: {
  error: { status?: number; title: string; detail?: string; issues?: readonly string[] };
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const detail = [error.detail, ...(error.issues ?? [])].filter(Boolean).join('; ');
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{problemTitle(t, error)}</strong>
        {detail ? ` — ${detail}` : null}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('action.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** No rows at all in the database: say how to get data in. */
export function NoData() {
  const { t } = useI18n();
  return (
    <div className="state state-empty" data-testid="no-data">
      <h1>{t('empty.noDataTitle')}</h1>
      <p>{t('empty.noDataBody')}</p>
      <pre>
        <code>
          servicemeter import exports/ --db servicemeter.duckdb &amp;&amp; servicemeter serve --db
          servicemeter.duckdb
        </code>
      </pre>
      <p>{t('empty.noDataDemo')}</p>
      <pre>
        <code>npm run demo</code>
      </pre>
    </div>
  );
}

/** Data exists, but not for these filters. */
export function EmptyFilters({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="state state-empty" data-testid="empty">
      <p>{t('empty.noMatch')}</p>
      {children}
    </div>
  );
}
