/**
 * What every route definition is made of: the problem responses, JSON and CSV bodies, and the
 * security of signed-in operations. The operations themselves are in `src/server/<feature>/routes.ts`.
 */
import { z } from '@hono/zod-openapi';
import { Problem } from './schemas.js';

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Not signed in, or the session expired',
  403: 'Not allowed for this role',
  404: 'Not found',
  409: 'Conflicts with the current state',
  429: 'Too many attempts; see Retry-After',
  503: 'The query ran longer than its time budget, or was stopped',
};

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

/** The problem responses a route may give, declared so that the typed client knows them. */
export function problems<const S extends ProblemStatus>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof Problem } } }
  >;
  for (const status of statuses) {
    out[status] = {
      description: PROBLEM_TEXT[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: Problem } },
    };
  }
  return out;
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
export const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
export const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});
export const authed = problems(401, 403);
/** A session cookie (with X-CSRF-Token on state changes) or an API token. */
export const SIGNED_IN: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
