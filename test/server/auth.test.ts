import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Client, PASSWORD, PEOPLE, signedIn, startTestServer, type TestServer, WEEK } from './support.js';

const HOUR = 3_600_000;

describe('first admin through the setup page', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ users: false });
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('setup is offered until an admin exists, then refused; the admin is signed in', async () => {
    const client = new Client(ts.url);
    expect((await client.get('/api/setup')).json).toEqual({ needed: true, tokenRequired: false });
    const weak = await client.post('/api/setup', { email: 'lead@example.com', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.json.issues.join(' ')).toContain('password');
    const done = await client.post('/api/setup', {
      email: 'Lead@Example.com',
      password: PASSWORD,
      locale: 'nl',
    });
    expect(done.status).toBe(201);
    expect(done.json.user).toMatchObject({ email: 'lead@example.com', role: 'admin', locale: 'nl' });
    client.csrf = done.json.csrfToken;
    expect((await client.get('/api/users')).status).toBe(200);
    expect((await client.get('/api/setup')).json).toEqual({ needed: false, tokenRequired: false });
    const again = await new Client(ts.url).post('/api/setup', {
      email: 'evil@example.com',
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    const audit = await client.get('/api/audit');
    expect(audit.json.rows.map((r: { action: string }) => r.action)).toContain('setup');
  });
});

describe('sessions, CSRF, tokens, users and the audit log', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('login sets an HttpOnly SameSite=Strict session cookie; Secure only over https', async () => {
    const plain = await fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: PEOPLE.manager.email, password: PASSWORD }),
    });
    const cookie = plain.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sm_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const proxied = await fetch(`${ts.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: PEOPLE.manager.email, password: PASSWORD }),
    });
    expect(proxied.headers.get('set-cookie')).toContain('Secure');
  });

  test('wrong password and unknown e-mail: the same 401', async () => {
    const client = new Client(ts.url);
    const wrong = await client.post('/api/auth/login', {
      email: PEOPLE.viewer.email,
      password: 'wrong password!',
    });
    const unknown = await client.post('/api/auth/login', {
      email: 'nobody@example.com',
      password: 'wrong password!',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.detail).toBe(unknown.json.detail);
    expect(client.cookie).toBeNull();
  });

  test('every state change of a session needs its CSRF token', async () => {
    const client = await signedIn(ts.url, 'manager');
    const csrf = client.csrf;
    client.csrf = null;
    const missing = await client.post('/api/kpi/query', WEEK);
    expect(missing.status).toBe(403);
    expect(missing.json.detail).toContain('X-CSRF-Token');
    expect((await client.post('/api/kpi/query', WEEK, { 'x-csrf-token': 'not-it' })).status).toBe(403);
    expect((await client.patch('/api/me', { locale: 'sv' })).status).toBe(403);
    // Reads need none; the token comes with the session.
    const session = await client.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.json.csrfToken).toBe(csrf);
    client.csrf = csrf;
    expect((await client.post('/api/kpi/query', WEEK)).status).toBe(200);
    const me = await client.patch('/api/me', { locale: 'sv' });
    expect(me.json.locale).toBe('sv');
    expect((await client.get('/api/auth/session')).json.user.locale).toBe('sv');
  });

  test('a state change from another origin is refused', async () => {
    const client = await signedIn(ts.url, 'manager');
    const reply = await client.post('/api/kpi/query', WEEK, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
  });

  test('logout ends the session on the server', async () => {
    const client = await signedIn(ts.url, 'viewer');
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect(client.cookie).toBeNull();
    const replay = new Client(ts.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/auth/session')).status).toBe(401);
  });

  test('sessions expire after 8 idle hours, and after 7 days whatever the activity', async () => {
    const start = new Date(ts.clock.now);
    try {
      const idle = await signedIn(ts.url, 'viewer');
      ts.clock.now = new Date(start.getTime() + 7.9 * HOUR);
      expect((await idle.get('/api/auth/session')).status).toBe(200);
      ts.clock.now = new Date(start.getTime() + 7.9 * HOUR + 8 * HOUR + 1000);
      expect((await idle.get('/api/auth/session')).status).toBe(401);

      ts.clock.now = new Date(start);
      const busy = await signedIn(ts.url, 'viewer');
      for (let t = 6; t < 7 * 24; t += 6) {
        ts.clock.now = new Date(start.getTime() + t * HOUR);
        expect((await busy.get('/api/auth/session')).status, `after ${t} h`).toBe(200);
      }
      ts.clock.now = new Date(start.getTime() + 7 * 24 * HOUR + 1000);
      expect((await busy.get('/api/auth/session')).status).toBe(401);
    } finally {
      ts.clock.now = start;
    }
  });

  test('API tokens: shown once, stored hashed, no CSRF, the creator’s role, revocable', async () => {
    const manager = await signedIn(ts.url, 'manager');
    const created = await manager.post('/api/tokens', { name: 'nightly export', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token: string = created.json.token;
    expect(token).toMatch(/^smt_/);
    const listed = await manager.get('/api/tokens');
    expect(listed.json.tokens).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(token);
    expect(listed.json.tokens[0].prefix).toBe(token.slice(0, 10));

    const script = new Client(ts.url);
    script.bearer = token;
    expect((await script.post('/api/contacts/export', WEEK)).status).toBe(200);
    expect((await script.get('/api/users')).status).toBe(403); // a manager's token is a manager
    expect((await script.post('/api/tokens', { name: 'more' })).status).toBe(403);
    expect((await script.get('/api/auth/session')).status).toBe(200);

    const other = await signedIn(ts.url, 'viewer');
    expect((await other.delete(`/api/tokens/${created.json.id}`)).status).toBe(404);
    expect((await manager.delete(`/api/tokens/${created.json.id}`)).status).toBe(204);
    expect((await script.post('/api/kpi/query', WEEK)).status).toBe(401);
    const bogus = new Client(ts.url);
    bogus.bearer = 'smt_not-a-token';
    expect((await bogus.get('/api/catalog')).status).toBe(401);
  });

  test('an expired token is refused', async () => {
    const viewer = await signedIn(ts.url, 'viewer');
    const created = await viewer.post('/api/tokens', { name: 'short', expiresInDays: 1 });
    const script = new Client(ts.url);
    script.bearer = created.json.token;
    expect((await script.get('/api/catalog')).status).toBe(200);
    const start = ts.clock.now;
    ts.clock.now = new Date(start.getTime() + 25 * HOUR);
    try {
      expect((await script.get('/api/catalog')).status).toBe(401);
    } finally {
      ts.clock.now = start;
    }
  });

  test('users: an admin adds, changes and removes them; the last admin stays', async () => {
    const admin = await signedIn(ts.url, 'admin');
    const agent = await admin.post('/api/users', {
      email: 'cyd@example.com',
      password: PASSWORD,
      role: 'agent',
    });
    expect(agent.status).toBe(400);
    const unknown = await admin.post('/api/users', {
      email: 'cyd@example.com',
      password: PASSWORD,
      role: 'agent',
      agentId: 'cyd',
    });
    expect(unknown.status).toBe(400);
    const created = await admin.post('/api/users', {
      email: 'cyd@example.com',
      password: PASSWORD,
      role: 'agent',
      agentId: 'bob',
      name: 'Cyd',
    });
    expect(created.status).toBe(201);
    expect(
      (await admin.post('/api/users', { email: 'CYD@example.com', password: PASSWORD, role: 'viewer' }))
        .status,
    ).toBe(409);
    const cyd = await signedIn(ts.url, 'viewer');
    await cyd.login('cyd@example.com');
    expect((await cyd.get('/api/filter-values')).json.agent.map((a: { id: string }) => a.id)).toEqual([
      'bob',
    ]);
    const demoted = await admin.patch(`/api/users/${created.json.id}`, { role: 'viewer', agentId: null });
    expect(demoted.json).toMatchObject({ role: 'viewer', agentId: null });
    // A role change ends the user's sessions.
    expect((await cyd.get('/api/auth/session')).status).toBe(401);
    expect((await admin.delete(`/api/users/${created.json.id}`)).status).toBe(204);
    expect((await new Client(ts.url).login('cyd@example.com')).status).toBe(401);

    const users = (await admin.get('/api/users')).json.users as { id: string; role: string }[];
    const self = users.find((u) => u.role === 'admin');
    expect((await admin.patch(`/api/users/${self?.id}`, { role: 'manager' })).status).toBe(409);
    expect((await admin.patch(`/api/users/${self?.id}`, { disabled: true })).status).toBe(409);
    expect((await admin.delete(`/api/users/${self?.id}`)).status).toBe(409);
  });

  test('changing one’s password needs the current one and ends the other sessions and the tokens', async () => {
    const first = await signedIn(ts.url, 'bob');
    const second = await signedIn(ts.url, 'bob');
    const token = await first.post('/api/tokens', { name: 'made with the old password' });
    expect(token.status).toBe(201);
    const script = new Client(ts.url);
    script.bearer = token.json.token;
    expect((await script.get('/api/catalog')).status).toBe(200);
    expect(
      (
        await first.post('/api/me/password', {
          currentPassword: 'wrong!',
          newPassword: 'a new long password',
        })
      ).status,
    ).toBe(400);
    const changed = await first.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'a new long password',
    });
    expect(changed.status).toBe(204);
    expect((await first.get('/api/auth/session')).status).toBe(200);
    expect((await second.get('/api/auth/session')).status).toBe(401);
    expect((await script.get('/api/catalog')).status).toBe(401);
    expect((await new Client(ts.url).login(PEOPLE.bob.email, 'a new long password')).status).toBe(200);
  });

  test('the audit log has logins, failures, logouts, exports, user and token changes', async () => {
    const admin = await signedIn(ts.url, 'admin');
    const rows = (await admin.get('/api/audit?pageSize=500')).json.rows as {
      action: string;
      email: string | null;
      target: string | null;
    }[];
    const actions = new Set(rows.map((r) => r.action));
    for (const action of [
      'login.ok',
      'login.failed',
      'logout',
      'export.contacts',
      'user.create',
      'user.update',
      'user.delete',
      'token.create',
      'token.revoke',
      'password.change',
    ])
      expect(actions, action).toContain(action);
    // Failed sign-ins are counted per address and quarter hour, with the e-mails tried.
    const failed = rows.find((r) => r.action === 'login.failed') as unknown as {
      target: string;
      detail: { count: number; emails: string[] };
    };
    expect(failed.target).toMatch(/^\d{4}-\d\d-\d\dT\d\d:(00|15|30|45):00\.000Z$/);
    expect(failed.detail.count).toBeGreaterThan(0);
    expect(failed.detail.emails).toContain(PEOPLE.viewer.email);
    const logins = await admin.get('/api/audit?action=login');
    expect(logins.json.rows.every((r: { action: string }) => r.action.startsWith('login.'))).toBe(true);
    expect((await admin.get('/api/audit?pageSize=501')).status).toBe(400);
  });

  test('one log line per request, with no password, cookie or token in it', async () => {
    const client = await signedIn(ts.url, 'viewer');
    await client.get('/api/catalog');
    const text = JSON.stringify(ts.logs);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(client.cookie?.split('=')[1] ?? 'x');
    expect(text).not.toContain('smt_');
    const line = ts.logs.at(-1);
    expect(line).toMatchObject({
      method: 'GET',
      path: '/api/catalog',
      status: 200,
      user: expect.any(String),
    });
    expect(Object.keys(line ?? {}).sort()).toEqual(['method', 'ms', 'path', 'status', 'time', 'user']);
  });
});

describe('login rate limits', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({
      loginLimits: {
        perEmail: { failures: 3, windowMs: 60_000 },
        perIp: { failures: 6, windowMs: 60_000 },
        slowdown: { delayMs: 300, maxWaiting: 2 },
      },
    });
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('per e-mail: after the failures, even the right password waits; Retry-After says how long', async () => {
    const client = new Client(ts.url);
    for (let i = 0; i < 3; i++)
      expect(
        (await client.post('/api/auth/login', { email: PEOPLE.viewer.email, password: `wrong ${i}` })).status,
      ).toBe(401);
    const blocked = await client.login(PEOPLE.viewer.email);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another account from the same address is not blocked yet.
    expect((await client.login(PEOPLE.manager.email)).status).toBe(200);
    // After the window the account can sign in again.
    ts.clock.now = new Date(ts.clock.now.getTime() + 61_000);
    expect((await new Client(ts.url).login(PEOPLE.viewer.email)).status).toBe(200);
  });

  test('per address: many e-mails from one address slow the address down; the right password still works', async () => {
    const client = new Client(ts.url);
    for (let i = 0; i < 6; i++)
      expect(
        (await client.post('/api/auth/login', { email: `guess${i}@example.com`, password: 'wrong password' }))
          .status,
      ).toBe(401);
    // Slowed: attempts wait their turn one by one, and those beyond the queue are refused at once.
    const flood = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        client.post('/api/auth/login', { email: `more${i}@example.com`, password: 'wrong password' }),
      ),
    );
    expect(flood.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(3);
    expect(flood.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect((await client.login(PEOPLE.admin.email)).status).toBe(200);
  });

  test('behind a trusted proxy, the address is the one the proxy appended, not what the client wrote', async () => {
    const proxied = await startTestServer({ trustProxy: true });
    try {
      for (let i = 0; i < 7; i++) {
        const response = await fetch(`${proxied.url}/api/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: proxied.url,
            // A new made-up address every time before the proxy's own entry.
            'x-forwarded-for': `198.51.100.${i}, 203.0.113.7`,
          },
          body: JSON.stringify({ email: `guess${i}@example.com`, password: 'wrong password' }),
        });
        expect(response.status).toBe(401);
      }
      const admin = await signedIn(proxied.url, 'admin');
      const failures = (await admin.get('/api/audit?action=login.failed')).json.rows;
      expect(failures.map((r: { ip: string; detail: { count: number } }) => [r.ip, r.detail.count])).toEqual([
        ['203.0.113.7', 7],
      ]);
    } finally {
      await proxied.stop();
    }
  });
});
