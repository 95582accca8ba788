import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DuckDbEngine, openDuckDb } from '../engines/duckdb/engine.js';
import { migrate } from '../services/migrate.js';
import { anyone, roles } from './access.js';
import { createApp, operationsOf } from './app.js';
import { missingPolicies } from './auth.js';
import { featureRouter } from './context.js';
import { assemblePolicies, POLICIES } from './policy.js';
import { json } from './routes.js';
import { serializeEngine } from './serialized-engine.js';

const Pong = z.object({ pong: z.boolean() });

describe('feature modules', () => {
  let dir: string;
  let db: DuckDbEngine;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'servicemeter-app-'));
    db = await openDuckDb({ path: join(dir, 'test.duckdb') });
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the operations authorization knows are exactly those of the document, each with one policy', async () => {
    const app = createApp({ engine: serializeEngine(db), version: 'test', staticDir: null });
    const served = operationsOf(app).map((o) => `${o.method} ${o.path} ${o.operationId}`);
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => `${method} ${path} ${operation.operationId}`),
    );
    expect(served.sort()).toEqual(documented.sort());
    // A policy left behind by a removed operation would be a permission nobody reviews.
    expect(Object.keys(POLICIES).sort()).toEqual(
      operationsOf(app)
        .map((o) => o.operationId)
        .sort(),
    );
  });

  test("a feature router's operations are its routes as declared; one without a policy is named", () => {
    const ping = createRoute({
      operationId: 'pingForTest',
      method: 'get',
      path: '/api/ping/{id}',
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: json(Pong, 'Pong') },
    });
    const router = featureRouter().openapi(ping, (c) => c.json({ pong: true }, 200));
    const mounted = featureRouter().route('/', router);
    expect(operationsOf(mounted)).toEqual([
      { operationId: 'pingForTest', method: 'get', path: '/api/ping/{id}', request: ping.request },
    ]);
    expect(missingPolicies(operationsOf(mounted))).toEqual(['pingForTest']);
  });

  test('a feature router answers invalid input as the rest of the API does', async () => {
    const echo = createRoute({
      operationId: 'echoForTest',
      method: 'post',
      path: '/api/echo',
      request: { body: { required: true, content: { 'application/json': { schema: Pong } } } },
      responses: { 200: json(Pong, 'Echo') },
    });
    const router = featureRouter().openapi(echo, (c) => c.json(c.req.valid('json'), 200));
    const answer = await router.request('/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pong: 'yes' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(await answer.json()).toMatchObject({
      status: 400,
      detail: 'invalid json',
      issues: [expect.stringMatching(/^pong: /)],
    });
  });

  test('two features claiming one operation stop the table from being made', () => {
    expect(assemblePolicies([{ a: anyone }, { b: roles('admin') }])).toEqual({
      a: anyone,
      b: roles('admin'),
    });
    expect(() => assemblePolicies([{ a: anyone }, { a: roles('admin') }])).toThrow(
      'two policies for operation a',
    );
  });
});
