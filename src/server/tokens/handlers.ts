import { createToken, listTokens, revokeToken } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

export function tokensRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;
  return featureRouter()
    .openapi(r.listTokens, async (c) => {
      const { user } = signedIn(c);
      return c.json({ tokens: await listTokens(engine, user.role === 'admin' ? null : user.id) }, 200);
    })

    .openapi(r.createToken, async (c) => {
      const { user } = signedIn(c);
      const created = await createToken(engine, user.id, c.req.valid('json'), now());
      await audit(c, user, 'token.create', { target: created.id, detail: { name: created.name } });
      return c.json(created, 201);
    })

    .openapi(r.revokeToken, async (c) => {
      const { user } = signedIn(c);
      const { id } = c.req.valid('param');
      const revoked = await revokeToken(engine, id, user.role === 'admin' ? null : user.id, now());
      if (!revoked) return problem(c, 404, `no token ${id}`);
      await audit(c, user, 'token.revoke', {
        target: id,
        detail: { name: revoked.name, owner: revoked.userEmail },
      });
      return c.body(null, 204);
    });
}
