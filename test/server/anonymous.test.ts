import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { addressKey } from '../../src/server/rate-limit.js';
import { serializeEngine } from '../../src/server/serialized-engine.js';
import { LoginFailureLog, listAudit, pruneAudit, recordAudit } from '../../src/services/audit.js';
import { migrate } from '../../src/services/migrate.js';
import { Client, PASSWORD, PEOPLE, signedIn, startTestServer, type TestServer } from './support.js';

interface AuditRow {
  action: string;
  target: string | null;
  ip: string | null;
  detail: {
    count: number;
    reasons: Record<string, number>;
    emails: string[];
    moreEmails: number;
    window: { from: string; to: string };
  };
}

async function failedLogins(ts: TestServer): Promise<AuditRow[]> {
  const admin = await signedIn(ts.url, 'admin');
  const reply = await admin.get('/api/audit?action=login.failed&pageSize=500');
  expect(reply.status).toBe(200);
  return reply.json.rows;
}

/** A request that came through a reverse proxy on this machine, for a client at `address`. */
const viaProxy = (address: string) => ({ 'x-forwarded-for': address });

describe('sign-in floods cost one audit row per address and quarter hour', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({
      // The address is never slowed here, so that every attempt reaches the password check.
      loginLimits: {
        perEmail: { failures: 1_000, windowMs: 60_000 },
        perIp: { failures: 1_000, windowMs: 60_000 },
      },
    });
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('a body over 8 KiB and an e-mail over 254 characters are refused before anything is written', async () => {
    const client = new Client(ts.url);
    const huge = await client.post('/api/auth/login', {
      email: `${'a'.repeat(100 * 1024)}@x.io`,
      password: 'x',
    });
    expect(huge.status).toBe(400);
    expect(huge.json.detail).toContain('8 KiB');
    const long = await client.post('/api/auth/login', {
      email: `${'a'.repeat(250)}@example.com`,
      password: 'x',
    });
    expect(long.status).toBe(400);
    expect(long.json.issues.join(' ')).toContain('email: at most 254 characters');
    const setup = await client.post('/api/setup', {
      email: 'a@example.com',
      password: PASSWORD,
      name: 'n'.repeat(9000),
    });
    expect(setup.status).toBe(400);
    expect(setup.json.detail).toContain('8 KiB');
    expect(await failedLogins(ts)).toEqual([]);
  });

  test('concurrent failures from one address all count in one row, with a bounded sample of e-mails', async () => {
    const client = new Client(ts.url);
    const tries = Array.from(
      { length: 16 },
      (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(200)}@example.com`,
    );
    const replies = await Promise.all(
      tries.map((email) => client.post('/api/auth/login', { email, password: 'wrong password' })),
    );
    expect(replies.map((r) => r.status)).toEqual(tries.map(() => 401));
    const rows = await failedLogins(ts);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.ip).toBe('127.0.0.1');
    expect(row?.detail.count).toBe(16);
    expect(row?.detail.reasons).toEqual({ bad_credentials: 16 });
    expect(row?.detail.emails).toHaveLength(10);
    expect(row?.detail.moreEmails).toBe(6);
    expect(row?.detail.emails.every((e) => e.length <= 64)).toBe(true);
    expect(Date.parse(row?.detail.window.to ?? '') - Date.parse(row?.detail.window.from ?? '')).toBe(
      15 * 60_000,
    );
    // The next quarter hour starts a new row.
    ts.clock.now = new Date(ts.clock.now.getTime() + 15 * 60_000);
    expect(
      (await client.post('/api/auth/login', { email: tries[0], password: 'wrong password' })).status,
    ).toBe(401);
    const later = await failedLogins(ts);
    expect(later.map((r) => r.detail.count)).toEqual([1, 16]);
  });
});

describe('a flood of refusals is merged into few writes', () => {
  test('200 failures at once from one address are all counted in one row', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    try {
      await migrate(db);
      const log = new LoginFailureLog(serializeEngine(db));
      const at = new Date('2026-03-02T08:05:00Z');
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          log.record(
            {
              ip: '198.51.100.7',
              email: `guess${i}@example.com`,
              reason: i % 2 ? 'rate_limited' : 'bad_credentials',
            },
            at,
          ),
        ),
      );
      const { rows } = await listAudit(db, { page: 1, pageSize: 10 });
      expect(rows.map((r) => [r.action, r.target, r.ip])).toEqual([
        ['login.failed', '2026-03-02T08:00:00.000Z', '198.51.100.7'],
      ]);
      expect(rows[0]?.detail).toMatchObject({
        count: 200,
        reasons: { bad_credentials: 100, rate_limited: 100 },
        moreEmails: 190,
      });
    } finally {
      await db.close();
    }
  });
});

describe('the audit log keeps entries for the retention period', () => {
  test('entries older than the retention are removed when the server starts', async () => {
    const now = Date.now();
    const ts = await startTestServer({
      prepare: async (db) => {
        await recordAudit(db, { action: 'logout', target: 'ancient' }, new Date(now - 400 * 86_400_000));
        await recordAudit(db, { action: 'logout', target: 'recent' }, new Date(now - 10 * 86_400_000));
      },
    });
    try {
      const admin = await signedIn(ts.url, 'admin');
      const targets = (await admin.get('/api/audit?action=logout')).json.rows.map((r: AuditRow) => r.target);
      expect(targets).toEqual(['recent']);
    } finally {
      await ts.stop();
    }
  });

  test('pruning with a shorter retention removes what is older, and only that', async () => {
    const db = await openDuckDb({ path: ':memory:' });
    try {
      await migrate(db);
      const now = new Date();
      await recordAudit(db, { action: 'logout', target: 'old' }, new Date(now.getTime() - 40 * 86_400_000));
      await recordAudit(db, { action: 'logout', target: 'new' }, new Date(now.getTime() - 20 * 86_400_000));
      expect(await pruneAudit(db, 30, now)).toBe(1);
      expect(await pruneAudit(db, 30, now)).toBe(0);
      expect((await listAudit(db, { page: 1, pageSize: 10 })).rows.map((r) => r.target)).toEqual(['new']);
    } finally {
      await db.close();
    }
  });
});

describe('X-Forwarded-For is believed only from the configured proxies', () => {
  const failFrom = (ts: TestServer, headers: Record<string, string>) =>
    new Client(ts.url).post(
      '/api/auth/login',
      { email: 'nobody@example.com', password: 'wrong password' },
      headers,
    );

  test('from a peer that is not a listed proxy, the header is ignored', async () => {
    const ts = await startTestServer({ trustProxy: ['10.0.0.0/8', '192.0.2.1'] });
    try {
      expect((await failFrom(ts, viaProxy('203.0.113.9'))).status).toBe(401);
      expect((await failedLogins(ts)).map((r) => r.ip)).toEqual(['127.0.0.1']);
    } finally {
      await ts.stop();
    }
  });

  test('through listed proxies, the right-most address that is not a proxy is the client', async () => {
    const ts = await startTestServer({ trustProxy: ['127.0.0.1', '10.1.0.0/16'] });
    try {
      // The client wrote the first entry; the proxies appended the rest.
      expect((await failFrom(ts, viaProxy('198.51.100.1, 203.0.113.9, 10.1.2.3'))).status).toBe(401);
      expect((await failFrom(ts, viaProxy('198.51.100.2, 203.0.113.9, 10.1.2.3'))).status).toBe(401);
      const rows = await failedLogins(ts);
      expect(rows.map((r) => [r.ip, r.detail.count])).toEqual([['203.0.113.9', 2]]);
    } finally {
      await ts.stop();
    }
  });
});

describe('the first admin from another machine needs the setup token', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ users: false, trustProxy: true });
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('on the server itself no token is asked; through a proxy it is, and only the right one works', async () => {
    const local = new Client(ts.url);
    expect((await local.get('/api/setup')).json).toEqual({ needed: true, tokenRequired: false });
    const remote = new Client(ts.url);
    const away = viaProxy('203.0.113.20');
    expect((await remote.get('/api/setup', away)).json).toEqual({ needed: true, tokenRequired: true });
    const body = { email: 'lead@example.com', password: PASSWORD };
    const missing = await remote.post('/api/setup', body, away);
    expect(missing.status).toBe(403);
    expect(missing.json.issues).toEqual(['setupToken: required from another machine']);
    const wrong = await remote.post('/api/setup', { ...body, setupToken: 'guessed' }, away);
    expect(wrong.status).toBe(403);
    expect(wrong.json.issues).toEqual(['setupToken: wrong token']);
    const token = ts.server.setupToken;
    expect(token).toMatch(/^[\w-]{32,}$/);
    const done = await remote.post('/api/setup', { ...body, setupToken: token }, away);
    expect(done.status).toBe(201);
    expect(done.json.user.role).toBe('admin');
  });
});

describe('a trusted proxy that does not name its client in X-Forwarded-For relays someone unknown', () => {
  test('only X-Real-IP, or an entry that is not an address, needs the token; a port is read past', async () => {
    const ts = await startTestServer({ users: false, trustProxy: true });
    try {
      const client = new Client(ts.url);
      for (const headers of [{ 'x-real-ip': '203.0.113.20' }, viaProxy('unknown'), viaProxy('')])
        expect((await client.get('/api/setup', headers)).json.tokenRequired, JSON.stringify(headers)).toBe(
          true,
        );
      await client.post(
        '/api/auth/login',
        { email: 'x@example.com', password: 'wrong password' },
        viaProxy('203.0.113.7:443'),
      );
      const setup = await client.post('/api/setup', { email: PEOPLE.admin.email, password: PASSWORD });
      expect(setup.status).toBe(201);
      expect((await failedLogins(ts)).map((r) => r.ip)).toEqual(['203.0.113.7']);
    } finally {
      await ts.stop();
    }
  });
});

describe('a proxy on this machine that is not trusted does not make its clients local', () => {
  test('a loopback request carrying X-Forwarded-For needs the token', async () => {
    const ts = await startTestServer({ users: false });
    try {
      const relayed = new Client(ts.url);
      expect((await relayed.get('/api/setup', viaProxy('203.0.113.20'))).json.tokenRequired).toBe(true);
      const refused = await relayed.post(
        '/api/setup',
        { email: 'lead@example.com', password: PASSWORD },
        viaProxy('203.0.113.20'),
      );
      expect(refused.status).toBe(403);
    } finally {
      await ts.stop();
    }
  });
});

describe('passwords must be strong enough', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('spaces, one repeated character, a well-known password or the e-mail are refused per field', async () => {
    const admin = await signedIn(ts.url, 'admin');
    const cases: [string, string][] = [
      ['            ', 'password: must contain more than spaces'],
      ['short', 'password: at least 10 characters besides spaces'],
      ['ab        c', 'password: at least 10 characters besides spaces'],
      ['zzzzzzzzzzzz', 'password: must not be one character repeated'],
      ['Password123', 'password: is a well-known password; choose another'],
      ['newcomer@example.com', 'password: must not be the e-mail address'],
    ];
    for (const [password, issue] of cases) {
      const reply = await admin.post('/api/users', {
        email: 'Newcomer@example.com',
        password,
        role: 'viewer',
      });
      expect(reply.status, password).toBe(400);
      expect(reply.json.issues, password).toContain(issue);
    }
    expect(
      (await admin.post('/api/users', { email: 'newcomer@example.com', password: PASSWORD, role: 'viewer' }))
        .status,
    ).toBe(201);
  });

  test('a new password equal to the own e-mail is refused', async () => {
    const viewer = await signedIn(ts.url, 'viewer');
    const reply = await viewer.post('/api/me/password', {
      currentPassword: PASSWORD,
      newPassword: PEOPLE.viewer.email,
    });
    expect(reply.status).toBe(400);
    expect(reply.json.issues).toEqual(['password: must not be the e-mail address']);
  });
});

describe('attempts sent all at once are counted before any password is checked', () => {
  test('twelve wrong passwords at once for one e-mail: five are checked, seven refused, then it is locked', async () => {
    const ts = await startTestServer();
    try {
      const client = new Client(ts.url);
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          client.post('/api/auth/login', { email: PEOPLE.viewer.email, password: `wrong guess ${i}` }),
        ),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
      expect((await new Client(ts.url).login(PEOPLE.viewer.email)).status).toBe(429);
      expect((await new Client(ts.url).login(PEOPLE.admin.email)).status).toBe(200);
    } finally {
      await ts.stop();
    }
  });

  test('twenty-five right passwords at once from one office address all sign in', async () => {
    const ts = await startTestServer();
    try {
      const people = Array.from({ length: 25 }, (_, i) => `colleague${i}@example.com`);
      const admin = await signedIn(ts.url, 'admin');
      for (const email of people)
        expect((await admin.post('/api/users', { email, password: PASSWORD, role: 'viewer' })).status).toBe(
          201,
        );
      const replies = await Promise.all(people.map((email) => new Client(ts.url).login(email)));
      expect(replies.map((r) => r.status)).toEqual(people.map(() => 200));
    } finally {
      await ts.stop();
    }
  });
});

describe('IPv6 clients are limited per /64', () => {
  test('addresses of one /64 share a key; IPv4 and other prefixes do not', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey(null)).toBe('unknown');
  });
});

describe('sign-in limits lock the e-mail and slow the address', () => {
  let ts: TestServer;
  beforeAll(async () => {
    // The limits as shipped: five failures lock an e-mail, twenty slow an address.
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  test('twenty failures from one address do not keep a right password out; a locked e-mail stays locked', async () => {
    const client = new Client(ts.url);
    for (let i = 0; i < 5; i++)
      expect(
        (await client.post('/api/auth/login', { email: PEOPLE.viewer.email, password: `wrong ${i}` })).status,
      ).toBe(401);
    for (let i = 0; i < 15; i++)
      expect(
        (await client.post('/api/auth/login', { email: `guess${i}@example.com`, password: 'wrong password' }))
          .status,
      ).toBe(401);
    expect((await new Client(ts.url).login(PEOPLE.admin.email)).status).toBe(200);
    const locked = await new Client(ts.url).login(PEOPLE.viewer.email);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const [row] = await failedLogins(ts);
    expect(row?.detail.reasons).toEqual({ bad_credentials: 20, rate_limited: 1 });
  });
});

describe("an export's audit entry stays small whatever it is sent", () => {
  test('filter lists are kept as their first ten values; a value is at most 200 characters', async () => {
    const ts = await startTestServer();
    try {
      const manager = await signedIn(ts.url, 'manager');
      const topics = Array.from({ length: 50 }, (_, i) => `topic-${i}-${'t'.repeat(150)}`);
      const exported = await manager.post('/api/kpi/export', { kpis: ['csat'], filters: { topic: topics } });
      expect(exported.status).toBe(200);
      const admin = await signedIn(ts.url, 'admin');
      const [entry] = (await admin.get('/api/audit?action=export.kpis')).json.rows;
      expect(entry.detail.query.filters.topic).toEqual([...topics.slice(0, 10), '… and 40 more']);
      const long = await manager.post('/api/kpi/export', {
        kpis: ['csat'],
        filters: { topic: ['t'.repeat(201)] },
      });
      expect(long.status).toBe(400);
      expect(long.json.issues.join(' ')).toContain('at most 200 characters');
    } finally {
      await ts.stop();
    }
  });
});

describe('an agent cannot tell whether a contact exists', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.stop();
  });

  test("someone else's contact and a missing one get the same answer", async () => {
    const ann = await signedIn(ts.url, 'ann');
    const others = await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t2')}`);
    const missing = await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t999')}`);
    expect([others.status, missing.status]).toEqual([404, 404]);
    expect(others.json.detail.replace('t2', 'KEY')).toBe(missing.json.detail.replace('t999', 'KEY'));
    expect((await ann.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`)).status).toBe(200);
  });
});
