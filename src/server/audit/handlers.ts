import { listAudit } from '../../services/audit.js';
import { featureRouter, type ServerContext } from '../context.js';
import * as r from './routes.js';

export function auditRouter(ctx: ServerContext) {
  const { engine } = ctx;
  return featureRouter().openapi(r.listAudit, async (c) =>
    c.json(await listAudit(engine, c.req.valid('query')), 200),
  );
}
