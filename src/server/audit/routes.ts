/**
 * The audit log. Who may call each is in ./policy.ts.
 */
import { createRoute } from '@hono/zod-openapi';
import { json, problems, SIGNED_IN } from '../routes.js';
import { AuditList, AuditQuery } from './schemas.js';

export const listAudit = createRoute({
  operationId: 'listAudit',
  security: SIGNED_IN,
  tags: ['audit'],
  method: 'get',
  path: '/api/audit',
  summary: 'Audit log, newest first: logins, logouts, exports, setting, user and token changes',
  request: { query: AuditQuery },
  responses: { 200: json(AuditList, 'Entries'), ...problems(400, 401, 403) },
});
