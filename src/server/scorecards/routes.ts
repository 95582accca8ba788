/**
 * Agent scorecards: every agent against the rest of their team, and one agent's card. Who may call
 * each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { json, problems, SIGNED_IN } from '../routes.js';
import { AgentParam, Scorecard, ScorecardList, ScorecardQuery } from './schemas.js';

export const listScorecards = createRoute({
  operationId: 'listScorecards',
  security: SIGNED_IN,
  tags: ['scorecards'],
  method: 'get',
  path: '/api/scorecards',
  summary: 'Every agent against the rest of their team, with coaching candidates',
  request: { query: ScorecardQuery },
  responses: { 200: json(ScorecardList, 'Scorecards'), ...problems(400, 401, 403, 503) },
});

export const getScorecard = createRoute({
  operationId: 'getScorecard',
  security: SIGNED_IN,
  tags: ['scorecards'],
  method: 'get',
  path: '/api/scorecards/{agent}',
  summary: "One agent's scorecard",
  request: { params: AgentParam, query: ScorecardQuery },
  responses: { 200: json(Scorecard, 'Scorecard'), ...problems(400, 401, 403, 404, 503) },
});
