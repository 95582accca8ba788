/**
 * Helpdesk webhooks: the address vendors push their events to, and the sources an admin sets up.
 * Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { authed, body, json, problems, SIGNED_IN } from '../routes.js';
import { IdParam } from '../schemas.js';
import {
  WebhookReceived,
  WebhookReceiveParams,
  WebhookSecretReplace,
  WebhookSetup,
  WebhookSource,
  WebhookSourceCreate,
  WebhookSourceWithSecret,
} from './schemas.js';

export const listWebhookSources = createRoute({
  operationId: 'listWebhookSources',
  security: SIGNED_IN,
  tags: ['webhooks'],
  method: 'get',
  path: '/api/webhooks',
  summary: 'Webhook sources with their address, last event and counts, and what each vendor needs',
  responses: { 200: json(WebhookSetup, 'Sources'), ...authed },
});

export const createWebhookSource = createRoute({
  operationId: 'createWebhookSource',
  security: SIGNED_IN,
  tags: ['webhooks'],
  method: 'post',
  path: '/api/webhooks',
  summary:
    "Set up a source: with the vendor's secret, or one servicemeter makes and shows only in this response",
  request: { body: body(WebhookSourceCreate) },
  responses: { 201: json(WebhookSourceWithSecret, 'Created'), ...problems(400, 401, 403) },
});

// Before the webhook address below, which `/api/webhooks/{id}/secret` would also match.
export const replaceWebhookSecret = createRoute({
  operationId: 'replaceWebhookSecret',
  security: SIGNED_IN,
  tags: ['webhooks'],
  method: 'post',
  path: '/api/webhooks/{id}/secret',
  summary: "Replace a source's secret: with the vendor's new one, or one servicemeter makes and shows once",
  request: { params: IdParam, body: body(WebhookSecretReplace) },
  responses: { 200: json(WebhookSourceWithSecret, 'Replaced'), ...problems(400, 401, 403, 404) },
});

export const deleteWebhookSource = createRoute({
  operationId: 'deleteWebhookSource',
  security: SIGNED_IN,
  tags: ['webhooks'],
  method: 'delete',
  path: '/api/webhooks/{id}',
  summary: 'Remove a source and the events it stored; the rows they became stay',
  request: { params: IdParam },
  responses: { 200: json(WebhookSource, 'Removed'), ...problems(401, 403, 404) },
});

export const receiveWebhook = createRoute({
  operationId: 'receiveWebhook',
  tags: ['webhooks'],
  method: 'post',
  path: '/api/webhooks/{vendor}/{sourceId}',
  summary: "A helpdesk's webhook request, authenticated by the vendor's signature (or shared secret)",
  description:
    'The body is read as the vendor sent it, whatever its content type (at most 1 MiB), and verified before it is parsed. The answer 200 comes once the events are on disk; a repeated event id is acknowledged and not stored again.',
  request: { params: WebhookReceiveParams },
  responses: { 200: json(WebhookReceived, 'Stored'), ...problems(400, 401, 404, 429) },
});
