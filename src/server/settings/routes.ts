/**
 * Business-hours calendars, team calendars, thresholds and KPI targets. Who may call each is in
 * ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import {
  CalendarInput,
  Settings,
  SettingsChange,
  TargetsUpdate,
  TeamUpdate,
  ThresholdsUpdate,
} from './schemas.js';

export const getSettings = createRoute({
  operationId: 'getSettings',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'get',
  path: '/api/settings',
  summary: 'Business-hours calendars, team calendars, thresholds and KPI targets',
  responses: { 200: json(Settings, 'Settings'), ...authed },
});

export const putCalendar = createRoute({
  operationId: 'putCalendar',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/calendars/{id}',
  summary: 'Create or replace a calendar; rebuilds the facts',
  request: { params: IdParam, body: body(CalendarInput) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const deleteCalendar = createRoute({
  operationId: 'deleteCalendar',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'delete',
  path: '/api/settings/calendars/{id}',
  summary: 'Delete a calendar no team uses; rebuilds the facts',
  request: { params: IdParam },
  responses: { 200: json(SettingsChange, 'Deleted'), ...problems(400, 401, 403, 404, 409) },
});

export const updateTeam = createRoute({
  operationId: 'updateTeam',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'patch',
  path: '/api/settings/teams/{id}',
  summary: "Set a team's calendar; rebuilds the facts",
  request: { params: IdParam, body: body(TeamUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const putThresholds = createRoute({
  operationId: 'putThresholds',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/thresholds',
  summary:
    'Replace every threshold (first-response target, service-level time, short abandon); rebuilds the facts',
  request: { body: body(ThresholdsUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});

export const putTargets = createRoute({
  operationId: 'putTargets',
  security: SIGNED_IN,
  tags: ['settings'],
  method: 'put',
  path: '/api/settings/targets',
  summary: 'Replace every KPI target (target lines and tile status)',
  request: { body: body(TargetsUpdate) },
  responses: { 200: json(SettingsChange, 'Saved'), ...problems(400, 401, 403, 404, 409) },
});
