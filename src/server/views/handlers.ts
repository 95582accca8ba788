import type { Context } from 'hono';
import type { UserView } from '../../services/users.js';
import type { ViewsProblem } from '../../services/views/contract.js';
import {
  createDashboard,
  defaultDashboard,
  deleteDashboard,
  listDashboards,
  readDashboard,
  updateDashboard,
} from '../../services/views/dashboards.js';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  readSavedView,
  updateSavedView,
  type ViewsUser,
} from '../../services/views/views.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { featureProblem, problem } from '../problem.js';
import * as r from './routes.js';

export function viewsProblem(c: Context, error: ViewsProblem) {
  return featureProblem(c, error);
}

const viewsUser = (user: UserView): ViewsUser => ({ id: user.id, role: user.role, agentId: user.agentId });

export function viewsRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;

  return (
    featureRouter()
      .openapi(r.listSavedViews, async (c) => {
        const views = await listSavedViews(engine, viewsUser(signedIn(c).user));
        return c.json({ views }, 200);
      })

      .openapi(r.createSavedView, async (c) => {
        const user = signedIn(c).user;
        const created = await createSavedView(engine, viewsUser(user), c.req.valid('json'), now());
        if (!created.ok) return viewsProblem(c, created.error);
        const { id, name, shared, page } = created.data;
        await audit(c, user, 'view.create', { target: id, detail: { name, shared, page } });
        return c.json(created.data, 201);
      })

      .openapi(r.getSavedView, async (c) => {
        const view = await readSavedView(engine, viewsUser(signedIn(c).user), c.req.valid('param').id);
        if (!view.ok) return viewsProblem(c, view.error);
        return c.json(view.data, 200);
      })

      .openapi(r.updateSavedView, async (c) => {
        const user = signedIn(c).user;
        const changes = c.req.valid('json');
        const { id } = c.req.valid('param');
        const updated = await updateSavedView(engine, viewsUser(user), id, changes, now());
        if (!updated.ok) return viewsProblem(c, updated.error);
        await audit(c, user, 'view.update', { target: id, detail: { changed: Object.keys(changes) } });
        return c.json(updated.data, 200);
      })

      .openapi(r.deleteSavedView, async (c) => {
        const user = signedIn(c).user;
        const { id } = c.req.valid('param');
        const removed = await deleteSavedView(engine, viewsUser(user), id);
        if (!removed.ok) return viewsProblem(c, removed.error);
        await audit(c, user, 'view.delete', { target: id, detail: { name: removed.data.name } });
        return c.json(removed.data, 200);
      })

      .openapi(r.listDashboards, async (c) => {
        const dashboards = await listDashboards(engine, viewsUser(signedIn(c).user));
        return c.json({ dashboards }, 200);
      })

      .openapi(r.createDashboard, async (c) => {
        const user = signedIn(c).user;
        const created = await createDashboard(engine, viewsUser(user), c.req.valid('json'), now());
        if (!created.ok) return viewsProblem(c, created.error);
        const { id, name, shared, defaultFor, tiles } = created.data;
        await audit(c, user, 'dashboard.create', {
          target: id,
          detail: { name, shared, defaultFor, tiles: tiles.length },
        });
        return c.json(created.data, 201);
      })

      // Before /api/dashboards/{id}, which would take `default` for an id.
      .openapi(r.getDefaultDashboard, async (c) => {
        const { role } = signedIn(c).user;
        const dashboard = await defaultDashboard(engine, role);
        if (!dashboard) return problem(c, 404, `no default dashboard for the role ${role}`);
        return c.json(dashboard, 200);
      })

      .openapi(r.getDashboard, async (c) => {
        const dashboard = await readDashboard(engine, viewsUser(signedIn(c).user), c.req.valid('param').id);
        if (!dashboard.ok) return viewsProblem(c, dashboard.error);
        return c.json(dashboard.data, 200);
      })

      .openapi(r.updateDashboard, async (c) => {
        const user = signedIn(c).user;
        const changes = c.req.valid('json');
        const { id } = c.req.valid('param');
        const updated = await updateDashboard(engine, viewsUser(user), id, changes, now());
        if (!updated.ok) return viewsProblem(c, updated.error);
        await audit(c, user, 'dashboard.update', {
          target: id,
          detail: { changed: Object.keys(changes), defaultFor: updated.data.defaultFor },
        });
        return c.json(updated.data, 200);
      })

      .openapi(r.deleteDashboard, async (c) => {
        const user = signedIn(c).user;
        const { id } = c.req.valid('param');
        const removed = await deleteDashboard(engine, viewsUser(user), id);
        if (!removed.ok) return viewsProblem(c, removed.error);
        await audit(c, user, 'dashboard.delete', { target: id, detail: { name: removed.data.name } });
        return c.json(removed.data, 200);
      })
  );
}
