/**
 * A copy of the database while the server runs. Who may call it is in ./policy.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { problems, SIGNED_IN } from '../routes.js';

export const getBackup = createRoute({
  operationId: 'getBackup',
  security: SIGNED_IN,
  tags: ['backup'],
  method: 'get',
  path: '/api/backup',
  summary:
    'A consistent copy of the whole database as a DuckDB file (what was committed when the copy started); servicemeter backup saves it',
  responses: {
    200: {
      description: 'The DuckDB database file',
      content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problems(401, 403, 503),
  },
});
