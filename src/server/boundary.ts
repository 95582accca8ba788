/**
 * What every request must be before any route reads it: path and query parameters that decode and
 * hold no control characters, and, for an operation that takes a JSON body, a body sent as
 * `application/json` that parses and holds no control characters in any string or key. Anything
 * else is answered here with a problem naming the field: a 400, or a 415 for a body that is not
 * declared JSON. The routes' schemas then check the meaning of what passed.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { problemBody } from './problem.js';

/**
 * C0 controls except tab, line feed and carriage return, and DEL: never part of a name, a filter
 * value or a date, and NUL ends strings in C code, drivers and terminals.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Enough for a caller to fix their request; a flood of issues would only make the answer large. */
const MAX_ISSUES = 20;

/** Why a string is refused as text, or null. */
export function controlCharacterProblem(text: string): string | null {
  const found = CONTROL_CHARACTER.exec(text);
  if (!found) return null;
  const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `contains a control character (U+${code}) at position ${found.index + 1}`;
}

/** A name from the request as it can be shown back: control characters escaped, cut at 100. */
function shown(name: string): string {
  const escaped = name.replace(
    new RegExp(CONTROL_CHARACTER.source, 'g'),
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 100 ? `${escaped.slice(0, 100)}…` : escaped;
}

/** One line per string or key of a parsed JSON value that holds a control character. */
export function controlCharacterIssues(value: unknown): string[] {
  const issues: string[] = [];
  // A stack, not recursion: a 1 MiB body can nest a few hundred thousand levels deep.
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (pending.length > 0 && issues.length < MAX_ISSUES) {
    const { value: item, path } = pending.pop() as { value: unknown; path: string };
    if (typeof item === 'string') {
      const reason = controlCharacterProblem(item);
      if (reason) issues.push(`${path || '(body)'}: ${reason}`);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--)
        pending.push({ value: item[i], path: path ? `${path}.${i}` : String(i) });
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) {
        const childPath = path ? `${path}.${shown(key)}` : shown(key);
        const reason = controlCharacterProblem(key);
        if (reason) issues.push(`${childPath}: the name ${reason}`);
        else pending.push({ value: child, path: childPath });
      }
    }
  }
  return issues;
}

interface OperationShape {
  method: string;
  path: string;
  request?: { body?: unknown; params?: unknown; query?: unknown };
}

interface KnownRoute {
  method: string;
  pattern: RegExp;
  params: string[];
  takesJson: boolean;
}

/**
 * Whether an operation's body is JSON: a body declared only in other media types (the files of an
 * import, read as a stream) is the route's own to check.
 */
function takesJsonBody(body: unknown): boolean {
  if (body === undefined) return false;
  const content = (body as { content?: Record<string, unknown> }).content;
  return content === undefined || 'application/json' in content;
}

function knownRoute(operation: OperationShape): KnownRoute {
  const params: string[] = [];
  const pattern = operation.path
    .split(/(\{\w+\})/)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      params.push(param[1] as string);
      return '([^/]+)';
    })
    .join('');
  return {
    method: operation.method.toUpperCase(),
    pattern: new RegExp(`^${pattern}$`),
    params,
    takesJson: takesJsonBody(operation.request?.body),
  };
}

function refused(c: Context, status: 400 | 415, detail: string, issues?: string[]) {
  const shownIssues =
    issues && issues.length >= MAX_ISSUES ? [...issues, `(only the first ${MAX_ISSUES} are listed)`] : issues;
  return c.json(problemBody(status, detail, shownIssues), status, {
    'Content-Type': 'application/problem+json',
  });
}

/** The checks above for the given operations (createRoute definitions); other paths pass through. */
export function checkInput(operations: readonly OperationShape[]): MiddlewareHandler {
  const routes = operations.map(knownRoute);
  return async (c, next) => {
    const url = new URL(c.req.url);
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const route = routes.find((r) => r.method === method && r.pattern.test(url.pathname));

    const paramIssues: string[] = [];
    const values = route ? (route.pattern.exec(url.pathname) ?? []).slice(1) : [];
    for (const [i, raw] of values.entries()) {
      const name = route?.params[i] ?? String(i);
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        paramIssues.push(`${name}: not valid percent-encoded UTF-8`);
        continue;
      }
      const reason = controlCharacterProblem(value);
      if (reason) paramIssues.push(`${name}: ${reason}`);
    }
    if (paramIssues.length > 0) return refused(c, 400, 'invalid param', paramIssues);

    const queryIssues: string[] = [];
    for (const [name, value] of url.searchParams) {
      const nameReason = controlCharacterProblem(name);
      const valueReason = controlCharacterProblem(value);
      if (nameReason) queryIssues.push(`${shown(name)}: the name ${nameReason}`);
      else if (valueReason) queryIssues.push(`${shown(name)}: ${valueReason}`);
    }
    if (queryIssues.length > 0) return refused(c, 400, 'invalid query', queryIssues.slice(0, MAX_ISSUES));

    if (route?.takesJson) {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (mediaType !== 'application/json')
        return refused(
          c,
          415,
          `the body must be JSON, sent with Content-Type: application/json (this one came ${mediaType === '' ? 'without a Content-Type' : `as ${shown(mediaType)}`})`,
        );
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return refused(c, 400, 'the body is not valid JSON', [`(body): ${shown(reason)}`]);
      }
      const bodyIssues = controlCharacterIssues(body);
      if (bodyIssues.length > 0) return refused(c, 400, 'invalid json', bodyIssues);
      // The route's validator reads c.req.json(): the parse just done, not a second one.
      c.req.bodyCache.json = Promise.resolve(body);
    }
    return next();
  };
}
