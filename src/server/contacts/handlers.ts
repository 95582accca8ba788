import type { Context } from 'hono';
import { stopReads } from '../../core/engine.js';
import { QUERY_LIMITS } from '../../core/kpi/limits.js';
import { type ContactsError, exportContacts, getContact, listContacts } from '../../services/contacts.js';
import { withinBudget } from '../../services/kpi.js';
import { signedIn } from '../auth.js';
import { auditedQuery, csvFileName, featureRouter, kpiProblem, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { checkAgentFilter, checkAgentMoney, contactsScope } from '../scope.js';
import * as r from './routes.js';

function contactsProblem(c: Context, error: ContactsError) {
  return error.kind === 'unknown_kpi'
    ? problem(c, 400, `unknown KPI '${error.id}'`)
    : problem(c, 400, error.detail, { issues: [error.detail] });
}

export function contactsRouter(ctx: ServerContext) {
  const { engine, scopeOf, audit, now } = ctx;
  return featureRouter()
    .openapi(r.queryContacts, async (c) => {
      const { user } = signedIn(c);
      const scope = await scopeOf(user);
      const { page, pageSize, ...query } = c.req.valid('json');
      // Each contact is one agent's: the money figure behind it would add up to theirs.
      const refused =
        checkAgentFilter(scope, query.filters.agent) ??
        checkAgentMoney(user.role, query.kpi === undefined ? [] : [query.kpi]);
      if (refused) return problem(c, 403, refused);
      const answer = await withinBudget(engine, c.req.raw.signal, (bounded) =>
        listContacts(bounded, query, { page, pageSize }, contactsScope(scope)),
      );
      if (!answer.ok) return kpiProblem(c, answer.error);
      const result = answer.data;
      if (!result.ok) return contactsProblem(c, result.error);
      return c.json(result.data, 200);
    })

    .openapi(r.exportContacts, async (c) => {
      const auth = signedIn(c);
      const scope = await scopeOf(auth.user);
      const query = c.req.valid('json');
      const refused =
        checkAgentFilter(scope, query.filters.agent) ??
        checkAgentMoney(auth.user.role, query.kpi === undefined ? [] : [query.kpi]);
      if (refused) return problem(c, 403, refused);
      // Streamed in chunks: each statement has the time budget, and all stop when the client goes.
      const reads = stopReads(engine, c.req.raw.signal, QUERY_LIMITS.budgetMs);
      const result = await exportContacts(reads, query, contactsScope(scope));
      if (!result.ok) return contactsProblem(c, result.error);
      await audit(c, auth.user, 'export.contacts', { detail: { query: auditedQuery(query) } });
      const encoder = new TextEncoder();
      const lines = result.data.rows();
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
        async cancel() {
          await lines.return(undefined);
        },
      });
      return c.body(stream, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${csvFileName('contacts', now())}"`,
      });
    })

    .openapi(r.getContact, async (c) => {
      const scope = await scopeOf(signedIn(c).user);
      const { key } = c.req.valid('param');
      const result = await getContact(engine, key, contactsScope(scope));
      // Someone else's contact is answered as a missing one: an agent cannot learn which keys exist.
      if (!result.ok) return problem(c, 404, `no contact ${key}`);
      return c.json(result.data, 200);
    });
}
