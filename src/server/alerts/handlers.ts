import type { Context } from 'hono';
import type { AlertsProblem } from '../../services/alerts/contract.js';
import { testRule } from '../../services/alerts/evaluate.js';
import { listEvents, listNotifications, markRead } from '../../services/alerts/notifications.js';
import { createRule, findRule, listRules, removeRule, updateRule } from '../../services/alerts/rules.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { featureProblem, problem } from '../problem.js';
import * as r from './routes.js';

export function alertsProblem(c: Context, error: AlertsProblem) {
  return featureProblem(c, error);
}

export function alertsRouter(ctx: ServerContext) {
  const { engine, now } = ctx;
  const actorOf = (c: Context) => {
    const { id, role } = signedIn(c).user;
    return { id, role };
  };

  return (
    featureRouter()
      .openapi(r.listAlertRules, async (c) => {
        const rules = await listRules(engine, actorOf(c));
        if (!rules.ok) return alertsProblem(c, rules.error);
        return c.json({ rules: rules.data }, 200);
      })

      .openapi(r.createAlertRule, async (c) => {
        const user = signedIn(c).user;
        const created = await createRule(engine, actorOf(c), c.req.valid('json'), now());
        if (!created.ok) return alertsProblem(c, created.error);
        await ctx.audit(c, user, 'alert.create', {
          target: created.data.id,
          detail: { name: created.data.name },
        });
        void ctx.deps.jobs?.wake();
        return c.json(created.data, 201);
      })

      // Registered before /api/alerts/{id}, which would otherwise take "events" for an id.
      .openapi(r.listAlertEvents, async (c) => {
        const query = c.req.valid('query');
        const events = await listEvents(engine, actorOf(c), {
          ...(query.rule !== undefined ? { rule: query.rule } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
        });
        if (!events.ok) return alertsProblem(c, events.error);
        return c.json({ events: events.data }, 200);
      })

      .openapi(r.getAlertRule, async (c) => {
        const found = await findRule(engine, actorOf(c), c.req.valid('param').id);
        if (!found.ok) return alertsProblem(c, found.error);
        return c.json(found.data, 200);
      })

      .openapi(r.updateAlertRule, async (c) => {
        const user = signedIn(c).user;
        const { id } = c.req.valid('param');
        const changed = await updateRule(engine, actorOf(c), id, c.req.valid('json'), now());
        if (!changed.ok) return alertsProblem(c, changed.error);
        await ctx.audit(c, user, 'alert.update', {
          target: changed.data.id,
          detail: { name: changed.data.name },
        });
        return c.json(changed.data, 200);
      })

      .openapi(r.deleteAlertRule, async (c) => {
        const user = signedIn(c).user;
        const removed = await removeRule(engine, actorOf(c), c.req.valid('param').id);
        if (!removed.ok) return alertsProblem(c, removed.error);
        await ctx.audit(c, user, 'alert.delete', { target: removed.data.id });
        return c.json(removed.data, 200);
      })

      .openapi(r.testAlertRule, async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        let at = now();
        if (input.at !== undefined) {
          const parsed = Date.parse(input.at);
          if (Number.isNaN(parsed))
            return problem(c, 400, 'at: expected an instant such as 2026-03-09T08:00:00Z');
          at = new Date(parsed);
        }
        const tested = await testRule(
          engine,
          actorOf(c),
          id,
          { at, deliver: input.deliver ?? false },
          { mail: ctx.deps.mail ?? null, publicUrl: ctx.deps.publicUrl ?? ctx.deps.mail?.publicUrl ?? null },
        );
        if (!tested.ok) return alertsProblem(c, tested.error);
        return c.json(tested.data, 200);
      })

      .openapi(r.listNotifications, async (c) => {
        const query = c.req.valid('query');
        const listed = await listNotifications(engine, actorOf(c), { unreadOnly: query.unreadOnly ?? false });
        return c.json(listed, 200);
      })

      .openapi(r.markNotificationsRead, async (c) => {
        const { ids } = c.req.valid('json');
        const marked = await markRead(engine, actorOf(c), ids, now());
        return c.json({ marked }, 200);
      })
  );
}
