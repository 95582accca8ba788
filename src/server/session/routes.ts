/**
 * Health, the first admin, signing in and out, and the signed-in user's own account. Who may call each
 * is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { User } from '../schemas.js';
import {
  Health,
  LoginRequest,
  MeUpdate,
  PasswordChange,
  Session,
  SetupRequest,
  SetupStatus,
} from './schemas.js';

export const health = createRoute({
  operationId: 'health',
  tags: ['system'],
  method: 'get',
  path: '/api/health',
  summary: 'Liveness',
  responses: { 200: json(Health, 'The server is up') },
});

export const getSetup = createRoute({
  operationId: 'getSetup',
  tags: ['auth'],
  method: 'get',
  path: '/api/setup',
  summary: 'Whether the first admin still has to be created',
  responses: { 200: json(SetupStatus, 'Setup status') },
});

export const setup = createRoute({
  operationId: 'setup',
  tags: ['auth'],
  method: 'post',
  path: '/api/setup',
  summary:
    'Create the first admin and sign in; refused once an admin exists, and from another machine without the setup token',
  request: { body: body(SetupRequest) },
  responses: { 201: json(Session, 'The admin, signed in'), ...problems(400, 403, 404, 409, 429) },
});

export const login = createRoute({
  operationId: 'login',
  tags: ['auth'],
  method: 'post',
  path: '/api/auth/login',
  summary: 'Sign in with e-mail and password; sets the sm_session cookie',
  request: { body: body(LoginRequest) },
  responses: { 200: json(Session, 'Signed in'), ...problems(400, 401, 429) },
});

export const logout = createRoute({
  operationId: 'logout',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'post',
  path: '/api/auth/logout',
  summary: 'Sign out: ends the session',
  responses: { 204: { description: 'Signed out' }, ...authed },
});

export const getSession = createRoute({
  operationId: 'getSession',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'get',
  path: '/api/auth/session',
  summary: 'The signed-in user and the CSRF token of the session',
  responses: { 200: json(Session, 'The session'), ...authed },
});

export const updateMe = createRoute({
  operationId: 'updateMe',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'patch',
  path: '/api/me',
  summary: 'Change own name or language',
  request: { body: body(MeUpdate) },
  responses: { 200: json(User, 'The user'), ...problems(400, 401, 403, 404, 409) },
});

export const changePassword = createRoute({
  operationId: 'changePassword',
  security: SIGNED_IN,
  tags: ['auth'],
  method: 'post',
  path: '/api/me/password',
  summary: 'Change own password; ends the other sessions',
  request: { body: body(PasswordChange) },
  responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403, 404, 409) },
});
