/** The Now view: what is happening now, as one answer and as a stream. Who may call each is in ./policy.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { json, problems, SIGNED_IN } from '../routes.js';
import { NowView } from './schemas.js';

export const getNow = createRoute({
  operationId: 'getNow',
  security: SIGNED_IN,
  tags: ['now'],
  method: 'get',
  path: '/api/now',
  summary:
    'What is happening now: open and waiting contacts, today against the last four same weekdays, queues, agents, today’s service level and abandonment',
  responses: { 200: json(NowView, 'The view as of now'), ...problems(401, 403, 503) },
});

export const streamNow = createRoute({
  operationId: 'streamNow',
  security: SIGNED_IN,
  tags: ['now'],
  method: 'get',
  path: '/api/now/events',
  summary:
    'Server-Sent Events: a `now` event holding the same JSON as GET /api/now at once, again whenever the data changed, and comment heartbeats',
  responses: {
    200: {
      description: 'An event stream that stays open until the client goes',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...problems(401, 403, 429),
  },
});
