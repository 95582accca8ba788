import { type FormEvent, useEffect, useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';
import { Link, navigate, useLocation } from '../../router.js';
import { addressOfView, type Dashboard, viewsApi } from './api.js';
import './dashboards.css';

/**
 * The Dashboards page: the role's default dashboard when an admin set one (the list stays one link
 * away), else the dashboards and saved views the reader may open, and a form for a new dashboard.
 */
export function Dashboards() {
  const { t } = useI18n();
  const { search } = useLocation();
  const listAsked = search.has('all');
  const [checkedDefault, setCheckedDefault] = useState(listAsked);

  useEffect(() => {
    if (checkedDefault) return;
    let live = true;
    viewsApi.defaultDashboard().then((found) => {
      if (!live) return;
      if (found.ok) navigate(`/dashboards/${encodeURIComponent(found.data.id)}`, { replace: true });
      else setCheckedDefault(true);
    });
    return () => {
      live = false;
    };
  }, [checkedDefault]);

  useEffect(() => {
    document.title = `${t('dashboards.title')} · servicemeter`;
  }, [t]);

  if (!checkedDefault) return <Loading since={null} />;
  return (
    <section className="dashboards-page">
      <h1>{t('dashboards.title')}</h1>
      <p className="intro">{t('dashboards.intro')}</p>
      <DashboardList />
      <NewDashboard />
      <SavedViewList />
    </section>
  );
}

function marks(d: Dashboard, t: ReturnType<typeof useI18n>['t']): string {
  const parts = [
    t('dashboards.tiles', { count: d.tiles.length }),
    d.shared ? t('dashboards.sharedMark') : t('dashboards.privateMark'),
  ];
  if (d.defaultFor.length > 0)
    parts.push(
      t('dashboards.defaultMark', {
        roles: d.defaultFor.map((r) => t(`role.${r}` as MessageKey)).join(', '),
      }),
    );
  return parts.join(' · ');
}

function DashboardList() {
  const { t } = useI18n();
  const result = useApi('dashboards', () => viewsApi.listDashboards());
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error') return <ErrorState error={result.error} onRetry={result.reload} />;
  const { dashboards } = result.data;
  return (
    <section aria-labelledby="dashboards-list">
      <h2 id="dashboards-list">{t('dashboards.list')}</h2>
      {dashboards.length === 0 ? (
        <p>{t('dashboards.empty')}</p>
      ) : (
        <ul className="dashboard-list" data-testid="dashboard-list">
          {dashboards.map((d) => (
            <li key={d.id}>
              <Link to={`/dashboards/${encodeURIComponent(d.id)}`}>{d.name}</Link>{' '}
              <span className="hint">{marks(d, t)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewDashboard() {
  const { t } = useI18n();
  const { status } = useAppData();
  const id = useId();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await viewsApi.createDashboard({
      name,
      shared,
      state: { period: { preset: 'last30' }, timezone: status.timezone, filters: {}, grain: null },
      tiles: [],
    });
    if (created.ok) navigate(`/dashboards/${encodeURIComponent(created.data.id)}?edit=1`);
    else setProblem(created.error.detail ?? created.error.title);
  };
  return (
    <form className="new-dashboard" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('dashboards.new')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('dashboards.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          required
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <label className="check">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />{' '}
        {t('dashboards.shared')}
      </label>
      <button type="submit">{t('dashboards.create')}</button>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function SavedViewList() {
  const { t } = useI18n();
  const { user } = useAppData();
  const result = useApi('views', () => viewsApi.listViews());
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error') return <ErrorState error={result.error} onRetry={result.reload} />;
  const { views } = result.data;
  return (
    <section aria-labelledby="saved-views">
      <h2 id="saved-views">{t('views.title')}</h2>
      {views.length === 0 ? (
        <p>{t('views.empty')}</p>
      ) : (
        <ul className="dashboard-list" data-testid="saved-views">
          {views.map((v) => (
            <li key={v.id}>
              <Link to={addressOfView(v)}>{v.name}</Link>{' '}
              <span className="hint">
                {t('views.page')}: {v.page} ·{' '}
                {v.shared ? t('dashboards.sharedMark') : t('dashboards.privateMark')}
              </span>{' '}
              {v.ownerId === user.id ? (
                <button
                  type="button"
                  className="link-button"
                  onClick={async () => {
                    const removed = await viewsApi.deleteView(v.id);
                    if (removed.ok) result.reload();
                  }}
                >
                  {t('views.delete')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
