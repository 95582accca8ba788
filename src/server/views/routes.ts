/**
 * Saved views and custom dashboards: every signed-in user keeps their own and reads the shared ones.
 * Who may change which is checked in src/services/views/; the figures a view shows come from the
 * KPI endpoints, scoped to whoever opens it.
 */
import { createRoute } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import {
  DashboardCreate,
  DashboardList,
  DashboardSchema,
  DashboardUpdate,
  SavedViewCreate,
  SavedViewList,
  SavedViewSchema,
  SavedViewUpdate,
} from './schemas.js';

const tags = ['views'];
// Every operation may meet each problem of the services (viewsProblem in handlers.ts).
const answered = problems(400, 401, 403, 404, 409);

export const listSavedViews = createRoute({
  operationId: 'listSavedViews',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/views',
  summary: "The caller's saved views and every shared one, by name",
  responses: { 200: json(SavedViewList, 'Saved views'), ...answered },
});

export const createSavedView = createRoute({
  operationId: 'createSavedView',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/views',
  summary: 'Save a page with its period, filters and grain under a name, private or shared',
  request: { body: body(SavedViewCreate) },
  responses: { 201: json(SavedViewSchema, 'Saved'), ...answered },
});

export const getSavedView = createRoute({
  operationId: 'getSavedView',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/views/{id}',
  summary: "A saved view of the caller's or a shared one",
  request: { params: IdParam },
  responses: { 200: json(SavedViewSchema, 'The view'), ...answered },
});

export const updateSavedView = createRoute({
  operationId: 'updateSavedView',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/views/{id}',
  summary: 'Change a saved view (the fields given); a shared one only its owner or an admin',
  request: { params: IdParam, body: body(SavedViewUpdate) },
  responses: { 200: json(SavedViewSchema, 'Changed'), ...answered },
});

export const deleteSavedView = createRoute({
  operationId: 'deleteSavedView',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/views/{id}',
  summary: 'Remove a saved view; a shared one only its owner or an admin',
  request: { params: IdParam },
  responses: { 200: json(SavedViewSchema, 'Removed'), ...answered },
});

export const listDashboards = createRoute({
  operationId: 'listDashboards',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/dashboards',
  summary: "The caller's dashboards and every shared one, by name",
  responses: { 200: json(DashboardList, 'Dashboards'), ...answered },
});

export const createDashboard = createRoute({
  operationId: 'createDashboard',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/dashboards',
  summary:
    'Create a dashboard of tiles (an indicator as a value, chart or table, 1–4 columns wide, 1–3 rows high, at most 24); only admins make one the default of a role',
  request: { body: body(DashboardCreate) },
  responses: { 201: json(DashboardSchema, 'Created'), ...answered },
});

export const getDefaultDashboard = createRoute({
  operationId: 'getDefaultDashboard',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/dashboards/default',
  summary: "The dashboard the caller's role opens on, or 404 when none is set",
  responses: { 200: json(DashboardSchema, 'The default dashboard'), ...answered },
});

export const getDashboard = createRoute({
  operationId: 'getDashboard',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/dashboards/{id}',
  summary: "A dashboard of the caller's or a shared one",
  request: { params: IdParam },
  responses: { 200: json(DashboardSchema, 'The dashboard'), ...answered },
});

export const updateDashboard = createRoute({
  operationId: 'updateDashboard',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/dashboards/{id}',
  summary:
    'Change a dashboard (the fields given; tiles in their new order); a shared one only its owner or an admin',
  request: { params: IdParam, body: body(DashboardUpdate) },
  responses: { 200: json(DashboardSchema, 'Changed'), ...answered },
});

export const deleteDashboard = createRoute({
  operationId: 'deleteDashboard',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/dashboards/{id}',
  summary: 'Remove a dashboard; a shared one only its owner or an admin',
  request: { params: IdParam },
  responses: { 200: json(DashboardSchema, 'Removed'), ...answered },
});
