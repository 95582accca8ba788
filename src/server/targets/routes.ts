/**
 * Targets per channel, team or agent from a date, the history of their changes, and baselines
 * taken from a past period. Who may call each is in ./policy.ts; an agent's list leaves out a
 * colleague's and another team's (handlers.ts).
 */
import { createRoute } from '@hono/zod-openapi';
import { body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import {
  BaselineList,
  BaselineSchema,
  BaselineTake,
  TargetHistory,
  TargetHistoryQuery,
  TargetList,
  TargetsPutSchema,
  TargetsQuery,
} from './schemas.js';

const tags = ['targets'];

export const listTargets = createRoute({
  operationId: 'listTargets',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/targets',
  summary: 'The targets of every indicator, per channel, team or agent and from a date',
  request: { query: TargetsQuery },
  responses: { 200: json(TargetList, 'The targets'), ...problems(400, 401, 403) },
});

export const replaceTargets = createRoute({
  operationId: 'replaceTargets',
  security: SIGNED_IN,
  tags,
  method: 'put',
  path: '/api/targets',
  summary:
    'Replace the targets of the scopes named (and of every target given); the others stay. Each change is kept in the history',
  request: { body: body(TargetsPutSchema) },
  responses: { 200: json(TargetList, 'Every target after the change'), ...problems(400, 401, 403, 404) },
});

export const getTargetHistory = createRoute({
  operationId: 'getTargetHistory',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/targets/history',
  summary: 'Every change of a target, newest first: who, when, the old and the new value',
  request: { query: TargetHistoryQuery },
  responses: { 200: json(TargetHistory, 'The changes'), ...problems(400, 401, 403) },
});

export const listBaselines = createRoute({
  operationId: 'listBaselines',
  security: SIGNED_IN,
  tags,
  method: 'get',
  path: '/api/baselines',
  summary: 'The baselines: an indicator’s value over a past period in a scope, kept',
  request: { query: TargetsQuery },
  responses: { 200: json(BaselineList, 'The baselines'), ...problems(400, 401, 403) },
});

export const takeBaseline = createRoute({
  operationId: 'takeBaseline',
  security: SIGNED_IN,
  tags,
  method: 'post',
  path: '/api/baselines',
  summary: 'Measure an indicator over a past period and scope and keep the value and n as a baseline',
  request: { body: body(BaselineTake) },
  responses: { 201: json(BaselineSchema, 'The baseline'), ...problems(400, 401, 403, 404) },
});

export const deleteBaseline = createRoute({
  operationId: 'deleteBaseline',
  security: SIGNED_IN,
  tags,
  method: 'delete',
  path: '/api/baselines/{id}',
  summary: 'Remove a baseline',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404) },
});
