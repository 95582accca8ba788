import { createUser, deleteUser, listUsers, updateUser } from '../../services/users.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext, userProblem } from '../context.js';
import * as r from './routes.js';

export function usersRouter(ctx: ServerContext) {
  const { engine, audit, now } = ctx;
  return featureRouter()
    .openapi(r.listUsers, async (c) => c.json({ users: await listUsers(engine) }, 200))

    .openapi(r.createUser, async (c) => {
      const body = c.req.valid('json');
      const result = await createUser(engine, body, now());
      if (!result.ok) return userProblem(c, result.error);
      await audit(c, signedIn(c).user, 'user.create', {
        target: result.data.id,
        detail: { email: result.data.email, role: result.data.role, agentId: result.data.agentId },
      });
      return c.json(result.data, 201);
    })

    .openapi(r.updateUser, async (c) => {
      const { id } = c.req.valid('param');
      const changes = c.req.valid('json');
      const result = await updateUser(engine, id, changes, { now: now() });
      if (!result.ok) return userProblem(c, result.error);
      const { password, ...shown } = changes;
      await audit(c, signedIn(c).user, 'user.update', {
        target: id,
        detail: { ...shown, ...(password !== undefined ? { password: 'changed' } : {}) },
      });
      return c.json(result.data, 200);
    })

    .openapi(r.deleteUser, async (c) => {
      const { id } = c.req.valid('param');
      const result = await deleteUser(engine, id);
      if (!result.ok) return userProblem(c, result.error);
      await audit(c, signedIn(c).user, 'user.delete', { target: id, detail: { email: result.data.email } });
      return c.body(null, 204);
    });
}
