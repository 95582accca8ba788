import { type CSSProperties, type FormEvent, useEffect, useId, useState } from 'react';
import { useApi } from '../../api.js';
import { useAppData } from '../../app-data.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useI18n } from '../../i18n/index.js';
import { useLabels } from '../../labels.js';
import { Link, navigate, useLocation } from '../../router.js';
import { type Dashboard, type DashboardTile, moveTile, type TileKind, viewsApi } from './api.js';
import { TileBody } from './Tile.js';
import './dashboards.css';

const KINDS: TileKind[] = ['value', 'chart', 'table'];
const WIDTHS = [1, 2, 3, 4];
const HEIGHTS = [1, 2, 3];

/** A dashboard of tiles; its owner (or an admin, for a shared one) arranges, resizes and adds them. */
export function DashboardPage({ dashboardId }: { dashboardId: string }) {
  const { t } = useI18n();
  const result = useApi(`dashboard:${dashboardId}`, () => viewsApi.getDashboard(dashboardId));
  if (result.state === 'loading') return <Loading since={result.startedAt} />;
  if (result.state === 'error')
    return result.error.status === 404 ? (
      <section>
        <p>{t('dashboards.notFound')}</p>
        <Link to="/dashboards?all=1">{t('dashboards.allLink')}</Link>
      </section>
    ) : (
      <ErrorState error={result.error} onRetry={result.reload} />
    );
  return <DashboardView key={result.data.updatedAt} dashboard={result.data} onSaved={result.reload} />;
}

function DashboardView({ dashboard, onSaved }: { dashboard: Dashboard; onSaved: () => void }) {
  const { t, kpiName } = useI18n();
  const { user } = useAppData();
  const { search } = useLocation();
  const mayChange = dashboard.ownerId === user.id || (dashboard.shared && user.role === 'admin');
  const [editing, setEditing] = useState(mayChange && search.has('edit'));
  const [tiles, setTiles] = useState<DashboardTile[]>(dashboard.tiles);
  const [dragged, setDragged] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${dashboard.name} · servicemeter`;
  }, [dashboard.name]);

  const change = (index: number, patch: Partial<DashboardTile>) =>
    setTiles((all) => all.map((tile, i) => (i === index ? { ...tile, ...patch } : tile)));
  const save = async () => {
    const saved = await viewsApi.updateDashboard(dashboard.id, { tiles });
    if (!saved.ok) return setProblem(saved.error.detail ?? saved.error.title);
    setProblem(null);
    setEditing(false);
    if (search.has('edit')) navigate(`/dashboards/${encodeURIComponent(dashboard.id)}`, { replace: true });
    onSaved();
  };
  const remove = async () => {
    if (!window.confirm(t('dashboards.deleteConfirm', { name: dashboard.name }))) return;
    const removed = await viewsApi.deleteDashboard(dashboard.id);
    if (removed.ok) navigate('/dashboards?all=1');
  };

  const shown = editing ? tiles : dashboard.tiles;
  return (
    <section className="dashboard-page" data-testid="dashboard">
      <p>
        <Link to="/dashboards?all=1">{t('dashboards.allLink')}</Link>
      </p>
      <h1>{dashboard.name}</h1>
      {dashboard.defaultFor.includes(user.role) ? (
        <p className="hint">{t('dashboards.openedDefault')}</p>
      ) : null}
      {mayChange ? (
        <div className="toolbar">
          {editing ? (
            <>
              <button type="button" onClick={save} data-testid="save-dashboard">
                {t('dashboards.done')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setTiles(dashboard.tiles);
                  setEditing(false);
                }}
              >
                {t('dashboards.cancel')}
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setEditing(true)}>
              {t('dashboards.edit')}
            </button>
          )}
          <button type="button" className="link-button" onClick={remove}>
            {t('dashboards.delete')}
          </button>
        </div>
      ) : null}
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      {editing ? <p className="hint">{t('dashboards.editHint')}</p> : null}
      {shown.length === 0 ? <p>{t('dashboards.noTiles')}</p> : null}
      <div className="tile-grid" data-testid="tile-grid">
        {shown.map((tile, index) => {
          const name = tile.title ?? kpiName(tile.kpi);
          return (
            <article
              key={tile.id}
              className={`tile${editing ? ' is-editing' : ''}${over === index && dragged !== index ? ' is-drop-target' : ''}`}
              style={{ '--tile-width': tile.width, '--tile-height': tile.height } as CSSProperties}
              aria-label={t('dashboards.tileLabel', { name })}
              data-testid="tile"
              data-kpi={tile.kpi}
              data-width={tile.width}
              data-height={tile.height}
              draggable={editing}
              onDragStart={(e) => {
                setDragged(index);
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(index));
              }}
              onDragOver={(e) => {
                if (!editing) return;
                e.preventDefault();
                setOver(index);
              }}
              onDragLeave={() => setOver((o) => (o === index ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                const from = dragged ?? Number(e.dataTransfer.getData('text/plain'));
                if (Number.isInteger(from) && from !== index) setTiles((all) => moveTile(all, from, index));
                setDragged(null);
                setOver(null);
              }}
              onDragEnd={() => {
                setDragged(null);
                setOver(null);
              }}
            >
              <h2>{name}</h2>
              <TileBody tile={tile} state={dashboard.state} />
              {editing ? (
                <TileTools
                  tile={tile}
                  index={index}
                  count={tiles.length}
                  onChange={(patch) => change(index, patch)}
                  onMove={(to) => setTiles((all) => moveTile(all, index, to))}
                  onRemove={() => setTiles((all) => all.filter((_, i) => i !== index))}
                />
              ) : null}
            </article>
          );
        })}
      </div>
      {editing ? <AddTile onAdd={(tile) => setTiles((all) => [...all, tile])} /> : null}
    </section>
  );
}

function TileTools({
  tile,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  tile: DashboardTile;
  index: number;
  count: number;
  onChange: (patch: Partial<DashboardTile>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="tile-tools">
      <button type="button" disabled={index === 0} onClick={() => onMove(index - 1)}>
        {t('dashboards.earlier')}
      </button>
      <button type="button" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
        {t('dashboards.later')}
      </button>
      <label htmlFor={`${id}-w`}>{t('dashboards.width')}</label>
      <select id={`${id}-w`} value={tile.width} onChange={(e) => onChange({ width: Number(e.target.value) })}>
        {WIDTHS.map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-h`}>{t('dashboards.height')}</label>
      <select
        id={`${id}-h`}
        value={tile.height}
        onChange={(e) => onChange({ height: Number(e.target.value) })}
      >
        {HEIGHTS.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
      <button type="button" onClick={onRemove}>
        {t('dashboards.remove')}
      </button>
    </div>
  );
}

function AddTile({ onAdd }: { onAdd: (tile: DashboardTile) => void }) {
  const { t, kpiName } = useI18n();
  const { catalog, filterValues } = useAppData();
  const labels = useLabels();
  const id = useId();
  const [kpi, setKpi] = useState(catalog.kpis[0]?.id ?? '');
  const [kind, setKind] = useState<TileKind>('value');
  const [channel, setChannel] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAdd({
      id: crypto.randomUUID(),
      kpi,
      kind,
      width: kind === 'chart' ? 2 : 1,
      height: kind === 'chart' ? 2 : 1,
      filters: channel ? { channel: [channel] } : {},
      grain: null,
      split: null,
      title: null,
    });
  };
  return (
    <form className="add-tile" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="add-tile">
      <h2 id={`${id}-title`}>{t('dashboards.addTile')}</h2>
      <div className="field">
        <label htmlFor={`${id}-kpi`}>{t('dashboards.tileKpi')}</label>
        <select id={`${id}-kpi`} value={kpi} onChange={(e) => setKpi(e.target.value)}>
          {catalog.kpis.map((k) => (
            <option key={k.id} value={k.id}>
              {kpiName(k.id)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('dashboards.tileKind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as TileKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`dashboards.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('dashboards.tileChannel')}</label>
        <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">{t('dashboards.anyChannel')}</option>
          {filterValues.channel.map((value) => (
            <option key={value} value={value}>
              {labels.value('channel', value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{t('dashboards.add')}</button>
    </form>
  );
}
