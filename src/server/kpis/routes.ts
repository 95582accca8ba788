/**
 * The indicators: their catalog, what data there is, filter values, and the KPI query and its CSV
 * export. Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, csv, json, problems, SIGNED_IN } from '../routes.js';
import { Catalog, DataStatus, FilterValues, KpiQuery, KpiResult } from '../schemas.js';

export const getCatalog = createRoute({
  operationId: 'getCatalog',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/catalog',
  summary: 'Every indicator with its definition, the dimensions, grains and targets',
  responses: { 200: json(Catalog, 'The catalog'), ...authed },
});

export const getStatus = createRoute({
  operationId: 'getStatus',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/status',
  summary: 'What data there is: counts, date span, last import and rebuild',
  responses: { 200: json(DataStatus, 'Data status'), ...authed },
});

export const getFilterValues = createRoute({
  operationId: 'getFilterValues',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'get',
  path: '/api/filter-values',
  summary: 'The values each dimension has in the data, for filter pickers',
  responses: { 200: json(FilterValues, 'Values per dimension'), ...authed },
});

export const queryKpis = createRoute({
  operationId: 'queryKpis',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'post',
  path: '/api/kpi/query',
  summary: 'Compute indicators: value, n and interval per group (the `servicemeter kpi` query)',
  request: { body: body(KpiQuery) },
  responses: { 200: json(KpiResult, 'Rows'), ...problems(400, 401, 403, 503) },
});

export const exportKpis = createRoute({
  operationId: 'exportKpis',
  security: SIGNED_IN,
  tags: ['kpi'],
  method: 'post',
  path: '/api/kpi/export',
  summary: 'The same query as CSV: group columns, then <id>, <id>_n, <id>_low, <id>_high per indicator',
  request: { body: body(KpiQuery) },
  responses: { 200: csv('CSV'), ...problems(400, 401, 403, 503) },
});
