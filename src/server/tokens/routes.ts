/**
 * API tokens, acting with their creator's role. Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import { TokenCreate, TokenCreated, TokenList } from './schemas.js';

export const listTokens = createRoute({
  operationId: 'listTokens',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'get',
  path: '/api/tokens',
  summary: 'API tokens: own ones; an admin sees all',
  responses: { 200: json(TokenList, 'Tokens'), ...authed },
});

export const createToken = createRoute({
  operationId: 'createToken',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'post',
  path: '/api/tokens',
  summary: "Create an API token acting with the creator's role; the token is shown only in this response",
  request: { body: body(TokenCreate) },
  responses: { 201: json(TokenCreated, 'Created'), ...problems(400, 401, 403) },
});

export const revokeToken = createRoute({
  operationId: 'revokeToken',
  security: SIGNED_IN,
  tags: ['tokens'],
  method: 'delete',
  path: '/api/tokens/{id}',
  summary: 'Revoke an API token',
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404) },
});
