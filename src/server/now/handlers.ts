import type { KpiQuery } from '../../core/kpi/query.js';
import { withinBudget } from '../../services/kpi.js';
import { type NowRequest, type NowView, nowChangeMarker, nowView } from '../../services/now.js';
import { resolveSession, resolveToken, type UserView } from '../../services/users.js';
import { readsAggregatesOnly } from '../access.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import { scopeKpiQuery } from '../scope.js';
import { NowStreams } from './live.js';
import * as r from './routes.js';

/** Which view a user gets: streams with the same key share one computation. */
function viewKey(user: UserView): string {
  if (user.role === 'agent') return `agent\u0000${user.agentId ?? ''}`;
  return readsAggregatesOnly(user.role) ? 'viewer' : 'team';
}

export function nowRouter(ctx: ServerContext) {
  const { engine, quickly, scopeOf, knownStatus, now } = ctx;
  const streams = new NowStreams(() => nowChangeMarker(quickly));

  /**
   * What `user` may see now: an agent their own work (in their team's time zone, their team's KPI
   * figures through their scope), a viewer the counts without the contacts, the rest everything.
   */
  const requestFor = async (user: UserView): Promise<NowRequest> => {
    const scope = await scopeOf(user);
    const timezone = scope?.timezone ?? (await knownStatus()).timezone;
    return {
      now: now(),
      timezone,
      viewer: scope ? { agentId: scope.agentId, teamId: scope.teamId } : null,
      listContacts: !readsAggregatesOnly(user.role),
      ...(scope ? { scopeKpiQuery: (query: KpiQuery) => scopeKpiQuery(scope, query) } : {}),
    };
  };

  /** The view within the query budget; a stream's has no client of its own to stop it. */
  const viewFor = async (user: UserView, signal?: AbortSignal) => {
    const request = await requestFor(user);
    return withinBudget(engine, signal, (bounded, stop) => nowView(bounded, { ...request, signal: stop }));
  };

  return featureRouter()
    .openapi(r.getNow, async (c) => {
      const answer = await viewFor(signedIn(c).user, c.req.raw.signal);
      if (!answer.ok)
        return problem(
          c,
          503,
          answer.error.kind === 'too_slow'
            ? `the Now view took longer than its budget of ${answer.error.budgetMs / 1000} s and was stopped`
            : 'the Now view was stopped before it finished',
        );
      return c.json(answer.data, 200);
    })

    .openapi(r.streamNow, async (c) => {
      const auth = signedIn(c);
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
      // The caller as they are now: the session or token is checked again before every view (as
      // authorization does, on the same engine, whose remembered sessions a sign-out forgets).
      const current = async (): Promise<UserView | null> => {
        if (auth.via === 'token') return bearer === null ? null : resolveToken(engine, bearer, now());
        if (auth.sessionId === undefined) return null;
        return (await resolveSession(engine, auth.sessionId, now()))?.user ?? null;
      };
      const stream = streams.open(
        auth.user.id,
        async () => {
          const user = await current();
          if (user === null || user.id !== auth.user.id) return null;
          return {
            key: viewKey(user),
            compute: async (): Promise<NowView> => {
              const answer = await viewFor(user);
              if (!answer.ok) throw new Error(`the Now view: ${answer.error.kind}`);
              return answer.data;
            },
          };
        },
        c.req.raw.signal,
      );
      if (!stream)
        return problem(
          c,
          429,
          `at most ${streams.limit} open Now streams per user: close another tab showing Now first`,
          { headers: { 'Retry-After': '5' } },
        );
      return c.body(stream, 200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // A reverse proxy (nginx) would otherwise hold the events back in its buffer.
        'X-Accel-Buffering': 'no',
      });
    });
}
