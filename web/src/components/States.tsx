import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { problemTitle } from '../problems.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('state.loading')}
    </div>
  );
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
