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

export function problemBody(status: ProblemStatus | 415 | 500, detail: string, issues?: string[]): Problem {
  const { slug, title } = TITLES[status];
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
  options: { issues?: string[]; headers?: Record<string, string> } = {},
) {
  return c.json(problemBody(status, detail, options.issues), status, {
    'Content-Type': 'application/problem+json',
    ...options.headers,
  });
}
