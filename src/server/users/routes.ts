/**
 * The users and their roles (admins only). Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam, User } from '../schemas.js';
import { UserCreate, UserList, UserUpdate } from './schemas.js';

export const listUsers = createRoute({
  operationId: 'listUsers',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'get',
  path: '/api/users',
  summary: 'Every user',
  responses: { 200: json(UserList, 'Users'), ...authed },
});

export const createUser = createRoute({
  operationId: 'createUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'post',
  path: '/api/users',
  summary: 'Add a user',
  request: { body: body(UserCreate) },
  responses: { 201: json(User, 'Created'), ...problems(400, 401, 403, 404, 409) },
});

export const updateUser = createRoute({
  operationId: 'updateUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'patch',
  path: '/api/users/{id}',
  summary: "Change a user's name, role, agent, password, language or disable them",
  request: { params: IdParam, body: body(UserUpdate) },
  responses: { 200: json(User, 'Changed'), ...problems(400, 401, 403, 404, 409) },
});

export const deleteUser = createRoute({
  operationId: 'deleteUser',
  security: SIGNED_IN,
  tags: ['users'],
  method: 'delete',
  path: '/api/users/{id}',
  summary: 'Delete a user, their sessions and tokens',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404, 409) },
});
