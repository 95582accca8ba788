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
