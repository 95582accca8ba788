import type { ClientResponse } from 'hono/client';
import { err, ok, type Result } from '../../../../src/core/result.js';
import type {
  Dashboard,
  DashboardTile,
  SavedView,
  TileKind,
  ViewFilters,
  ViewState,
} from '../../../../src/services/views/contract.js';
import { type ApiProblem, call, client } from '../../api.js';

/** Saved views and dashboards as the dashboard calls them; the shapes are the capability's contract. */
export type { Dashboard, DashboardTile, SavedView, TileKind, ViewFilters, ViewState };

async function answer<T>(request: Promise<ClientResponse<unknown>>): Promise<Result<T, ApiProblem>> {
  const result = await call(request);
  return result.ok ? ok(result.data as T) : err(result.error);
}

type DashboardChanges = Partial<Pick<Dashboard, 'name' | 'shared' | 'tiles' | 'defaultFor'>> & {
  state?: Partial<Dashboard['state']>;
};

const views = client.api.views;
const dashboards = client.api.dashboards;

export const viewsApi = {
  listViews: () => answer<{ views: SavedView[] }>(views.$get()),
  createView: (body: { name: string; shared: boolean; page: string; state: Partial<ViewState> }) =>
    answer<SavedView>(views.$post({ json: body as never })),
  deleteView: (id: string) => answer<SavedView>(views[':id'].$delete({ param: { id } })),
  listDashboards: () => answer<{ dashboards: Dashboard[] }>(dashboards.$get()),
  defaultDashboard: () => answer<Dashboard>(dashboards.default.$get()),
  getDashboard: (id: string) => answer<Dashboard>(dashboards[':id'].$get({ param: { id } })),
  createDashboard: (body: DashboardChanges & { name: string }) =>
    answer<Dashboard>(dashboards.$post({ json: body as never })),
  updateDashboard: (id: string, body: DashboardChanges) =>
    answer<Dashboard>(dashboards[':id'].$put({ param: { id }, json: body as never })),
  deleteDashboard: (id: string) => answer<Dashboard>(dashboards[':id'].$delete({ param: { id } })),
};

/** The tiles with one moved from `from` to `to`: what a drop or a move button does. */
export function moveTile<T>(tiles: readonly T[], from: number, to: number): T[] {
  const next = [...tiles];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, moved);
  return next;
}

/** A page's address as a saved view keeps it: the page and its query string. */
export function viewOfAddress(pathname: string, search: string): { page: string; search: string } {
  const page = pathname.replace(/^\/+|\/+$/g, '') || 'overview';
  return { page, search: search && search !== '?' ? (search.startsWith('?') ? search : `?${search}`) : '' };
}

/** The address a saved view opens: its page with its query string. */
export function addressOfView(view: Pick<SavedView, 'page' | 'state'>): string {
  const path = view.page === 'overview' ? '/' : `/${view.page}`;
  return `${path}${view.state.search}`;
}
