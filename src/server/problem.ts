import type { Context } from 'hono';
import type { Problem } from './schemas.js';

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 429 | 503;

const TITLES: Record<ProblemStatus | 415 | 500, { slug: string; title: string }> = {
  400: { slug: 'invalid-request', title: 'Invalid request' },
  401: { slug: 'unauthenticated', title: 'Not signed in' },
  403: { slug: 'forbidden', title: 'Forbidden' },
  404: { slug: 'not-found', title: 'Not found' },
  409: { slug: 'conflict', title: 'Conflict' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  429: { slug: 'too-many-requests', title: 'Too many requests' },
  500: { slug: 'internal-error', title: 'Internal error' },
  503: { slug: 'unavailable', title: 'Service unavailable' },
};

/**
 * Problems a client acts on by kind, not only by status: a query refused as too large is answered
 * by asking a coarser one (the dashboard offers it), unlike any other invalid request.
 */
export const PROBLEM_KINDS = {
  'query-too-large': { status: 400, title: 'Query too large' },
} as const satisfies Record<string, { status: ProblemStatus; title: string }>;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export function problemBody(
  status: ProblemStatus | 415 | 500,
  detail: string,
  issues?: string[],
  kind?: ProblemKind,
): Problem {
  const { slug, title } = kind ? { slug: kind, title: PROBLEM_KINDS[kind].title } : TITLES[status];
  return {
    type: `https://servicemeter.dev/problems/${slug}`,
    title,
    status,
    detail,
    ...(issues && issues.length > 0 ? { issues } : {}),
  };
}

/** An RFC 9457 problem response; typed so the route's declared problem responses accept it. */
export function problem<S extends ProblemStatus>(
  c: Context,
  status: S,
  detail: string,
  options: { issues?: string[]; headers?: Record<string, string>; kind?: ProblemKind } = {},
) {
  return c.json(problemBody(status, detail, options.issues, options.kind), status, {
    'Content-Type': 'application/problem+json',
    ...options.headers,
  });
}

/** What a feature's use cases refuse with (src/services/<feature>/contract.ts), by kind. */
export type FeatureProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'conflict'; reason: string };

/** A feature's refusal as a problem response: its issues named by field, the first one as detail. */
export function featureProblem(c: Context, error: FeatureProblem) {
  switch (error.kind) {
    case 'invalid': {
      const issues = error.issues.map((i) => `${i.path || '(body)'}: ${i.message}`);
      return problem(c, 400, issues[0] ?? 'invalid request', { issues });
    }
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'forbidden':
      return problem(c, 403, error.reason);
    case 'conflict':
      return problem(c, 409, error.reason);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown problem ${JSON.stringify(unreachable)}`);
    }
  }
}
