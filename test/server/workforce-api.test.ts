/**
 * /api/workforce: the staffing week and the forecast, the schedules (an agent sees their own only),
 * the settings, the marked days and the Erlang calculator, through the real server over a DuckDB
 * file holding the small-helpdesk team (ann and bob of team support) with a day of schedules.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { type Client, signedIn, startTestServer, type TestServer } from './support.js';

const SCHEDULES = [
  'source,external_id,agent_id,starts_at,ends_at,activity,note',
  'wfm,ann-mon,ann,2026-03-09T08:00:00Z,2026-03-09T16:00:00Z,phone,',
  'wfm,bob-mon,bob,2026-03-09T08:00:00Z,2026-03-09T16:00:00Z,phone,',
].join('\n');

let ts: TestServer;
let manager: Client;
let viewer: Client;
let ann: Client;
let admin: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const folder = join(dir, 'schedules');
      await mkdir(folder);
      await writeFile(join(folder, 'schedules.csv'), `${SCHEDULES}\n`);
      const imported = await importFiles(db, [folder]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    },
  });
  ts.clock.now = new Date('2026-03-12T12:00:00Z');
  [manager, viewer, ann, admin] = await Promise.all([
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'viewer'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'admin'),
  ]);
}, 60_000);

afterAll(async () => {
  await ts.stop();
});

const MONDAY = 'from=2026-03-09&to=2026-03-09';

describe('the Erlang calculator', () => {
  test('the textbook interval: 100 calls in 30 minutes at 180 s for 80/20 needs 14 agents', async () => {
    const reply = await ann.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetSl: '80/20',
      agents: 13,
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      model: 'erlang-c',
      target: { kind: 'service-level', share: 0.8, seconds: 20 },
      serviceLevelSeconds: 20,
      required: { agents: 14, trafficErlangs: 10, stable: true, slots: null },
      atAgents: { agents: 13, stable: true },
    });
    // 14 agents: P(wait) 17.4 %, 1 − 0.174·e^(−(14 − 10)·20/180) = 88.8 % within 20 s; 13 fall short.
    expect(reply.json.required.probabilityWait).toBeCloseTo(0.1741, 3);
    expect(reply.json.required.serviceLevel).toBeCloseTo(0.8884, 3);
    expect(reply.json.atAgents.serviceLevel).toBeLessThan(0.8);
  });

  test('with patience it is Erlang A; chat concurrency gives agents and slots', async () => {
    const withPatience = await viewer.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      maxAbandon: 5,
      patienceSeconds: 120,
    });
    expect(withPatience.status, withPatience.text).toBe(200);
    expect(withPatience.json.model).toBe('erlang-a');
    expect(withPatience.json.target).toEqual({ kind: 'abandonment', share: 0.05 });
    expect(withPatience.json.required.abandonment).toBeLessThanOrEqual(0.05);
    const chat = await viewer.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      concurrency: 2,
    });
    expect(chat.status, chat.text).toBe(200);
    expect(chat.json.required).toMatchObject({ agents: 7, slots: 14 });
  });

  test('refusals name the field', async () => {
    const two = await ann.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetSl: '80/20',
      targetAsa: 20,
    });
    expect(two.status).toBe(400);
    expect(two.json.detail).toMatch(/^targetSl, targetAsa: give one target/);
    const malformed = await ann.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      targetSl: '80%',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.issues.join(' ')).toMatch(/targetSl: expected percent\/seconds/);
    const noPatience = await ann.post('/api/workforce/erlang', {
      calls: 100,
      intervalSeconds: 1800,
      ahtSeconds: 180,
      maxAbandon: 5,
    });
    expect(noPatience.status).toBe(400);
    expect(noPatience.json.detail).toMatch(/^maxAbandon: .*patienceSeconds/);
    const negative = await ann.post('/api/workforce/erlang', {
      calls: -1,
      intervalSeconds: 1800,
      ahtSeconds: 180,
    });
    expect(negative.status).toBe(400);
    expect(negative.json.issues.join(' ')).toMatch(/^calls: /);
  });

  test('loads that would run for long are refused naming the field, or answered', async () => {
    for (const [body, name] of [
      // 8.64e11 Erlangs: the search used to start Erlang B at that many agents.
      [{ calls: 10_000_000, intervalSeconds: 1, ahtSeconds: 86_400 }, 'intervalSeconds'],
      [{ calls: 10_000_000, intervalSeconds: 60, ahtSeconds: 86_400 }, 'calls'],
      // Erlang A with 10 million calls a second and 0.19 s of patience: a chain of millions of states.
      [{ calls: 10_000_000, intervalSeconds: 1, ahtSeconds: 1, patienceSeconds: 0.19 }, 'intervalSeconds'],
      [{ calls: 100, intervalSeconds: 1800, ahtSeconds: 180, patienceSeconds: 100_000 }, 'patienceSeconds'],
    ] as const) {
      const reply = await ann.post('/api/workforce/erlang', body);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.json.issues.join(' '), JSON.stringify(body)).toMatch(new RegExp(`^${name}: `));
    }
    // At the limits of the schema: 10 000 Erlangs with a second of patience, answered.
    const edge = await ann.post('/api/workforce/erlang', {
      calls: 1_000_000,
      intervalSeconds: 60,
      ahtSeconds: 0.6,
      patienceSeconds: 1,
    });
    expect([200, 400], edge.text).toContain(edge.status);
  });
});

describe('the staffing week', () => {
  test('a week of intervals for managers and viewers, with the what-if applied; agents are refused', async () => {
    const reply = await manager.get(
      '/api/workforce/staffing?channel=phone&week=2026-03-11&interval=60&targetAsa=30&shrinkage=0.25&patience=90&model=erlang-a&volume=%2B20',
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      channel: 'phone',
      weekStart: '2026-03-09',
      intervalMinutes: 60,
      model: 'erlang-a',
      target: { kind: 'asa', seconds: 30 },
      shrinkage: { value: 0.25, measured: false },
      patience: { meanSeconds: 90, setByWhatIf: true },
    });
    expect(reply.json.intervals.length).toBeGreaterThanOrEqual(7 * 24 - 1);
    // Bob and ann are on the phone on Monday 08:00–16:00 UTC (09:00–17:00 in Amsterdam).
    const nineOclock = reply.json.intervals.find((i: { local: string }) => i.local === '2026-03-09T09:00');
    expect(nineOclock).toMatchObject({ scheduled: 2 });
    expect((await viewer.get('/api/workforce/staffing?channel=chat&week=2026-03-09')).status).toBe(200);
    expect((await ann.get('/api/workforce/staffing?channel=phone')).status).toBe(403);
  });

  test('invalid values are refused naming the parameter', async () => {
    for (const [query, name] of [
      ['channel=fax', 'channel'],
      ['channel=phone&targetSl=80', 'targetSl'],
      ['channel=phone&volume=lots', 'volume'],
      ['channel=phone&handleTime=-95', 'handleTime'],
      ['channel=phone&shrinkage=1.5', 'shrinkage'],
      ['channel=phone&interval=20', 'interval'],
      ['channel=phone&week=2026-02-30', 'week'],
      ['channel=phone&model=erlang-x', 'model'],
      ['channel=phone&maxAbandon=5&targetSl=80/20', 'targetSl, maxAbandon'],
    ]) {
      const reply = await manager.get(`/api/workforce/staffing?${query}`);
      expect(reply.status, `${query} → ${reply.text}`).toBe(400);
      expect([reply.json.detail, ...(reply.json.issues ?? [])].join(' '), query).toContain(`${name}: `);
    }
    const tiny = await manager.patch('/api/workforce/settings', { maxOccupancy: 0.0001 });
    expect(tiny.status).toBe(400);
    expect(tiny.json.detail).toMatch(/^maxOccupancy: /);
    const team = await manager.get('/api/workforce/staffing?channel=phone&team=nobody');
    expect([400, 404], team.text).toContain(team.status);
  });
});

describe('the default staffing week', () => {
  test('is the week of the local date in the team calendar, not of the UTC date', async () => {
    const before = ts.clock.now;
    try {
      // Monday 9 March 00:30 in Amsterdam is still Sunday 8 March in UTC.
      ts.clock.now = new Date('2026-03-08T23:30:00Z');
      const reply = await manager.get('/api/workforce/staffing?channel=phone&interval=60');
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json).toMatchObject({ timezone: 'Europe/Amsterdam', weekStart: '2026-03-09' });
    } finally {
      ts.clock.now = before;
    }
  });
});

describe('the forecast', () => {
  test('the recent weeks and the coming ones, with the accuracy; not for agents', async () => {
    const reply = await viewer.get(
      '/api/workforce/forecast?channel=email&interval=60&weeksBack=1&weeksAhead=1',
    );
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ channel: 'email', intervalMinutes: 60 });
    expect(reply.json.series.length).toBeGreaterThan(0);
    expect(reply.json.accuracy).toHaveProperty('lastFourWeeks');
    expect((await ann.get('/api/workforce/forecast?channel=email')).status).toBe(403);
    const bad = await viewer.get('/api/workforce/forecast?channel=email&weeksAhead=99');
    expect(bad.status).toBe(400);
    expect(bad.json.issues.join(' ')).toMatch(/weeksAhead: /);
  });
});

describe('schedules', () => {
  test('an agent reads only their own blocks; a viewer none', async () => {
    const all = await manager.get(`/api/workforce/schedules?${MONDAY}`);
    expect(all.status, all.text).toBe(200);
    expect(all.json.blocks.map((b: { agentId: string }) => b.agentId).sort()).toEqual(['ann', 'bob']);
    const own = await ann.get(`/api/workforce/schedules?${MONDAY}`);
    expect(own.status, own.text).toBe(200);
    expect(own.json.blocks.map((b: { externalId: string }) => b.externalId)).toEqual(['ann-mon']);
    expect((await ann.get(`/api/workforce/schedules?${MONDAY}&agent=ann`)).json.blocks).toHaveLength(1);
    expect((await ann.get(`/api/workforce/schedules?${MONDAY}&agent=bob`)).status).toBe(403);
    expect((await ann.get(`/api/workforce/schedules?${MONDAY}&agent=ann,bob`)).status).toBe(403);
    // The team filter does not widen an agent's view.
    expect((await ann.get(`/api/workforce/schedules?${MONDAY}&team=support`)).json.blocks).toHaveLength(1);
    expect((await viewer.get(`/api/workforce/schedules?${MONDAY}`)).status).toBe(403);
    expect((await manager.get(`/api/workforce/schedules?${MONDAY}&agent=bob`)).json.blocks).toHaveLength(1);
    const backwards = await manager.get('/api/workforce/schedules?from=2026-03-10&to=2026-03-09');
    expect(backwards.status).toBe(400);
    expect(backwards.json.detail).toMatch(/^to: /);
  });

  test('add, change, remove and copy a week; audited; refused to agents and viewers', async () => {
    const block = {
      agentId: 'ann',
      startsAt: '2026-03-10T08:00:00Z',
      endsAt: '2026-03-10T12:00:00Z',
      activity: 'chat',
    };
    expect((await ann.post('/api/workforce/schedules', block)).status).toBe(403);
    expect((await viewer.post('/api/workforce/schedules', block)).status).toBe(403);
    const added = await manager.post('/api/workforce/schedules', block);
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({
      source: 'servicemeter',
      agentId: 'ann',
      agentName: 'Ann',
      teamId: 'support',
      startsAt: '2026-03-10T08:00:00.000Z',
      activity: 'chat',
    });
    const path = `/api/workforce/schedules/servicemeter/${encodeURIComponent(added.json.externalId)}`;

    const clash = await manager.post('/api/workforce/schedules', { ...block, activity: 'email' });
    expect(clash.status).toBe(409);
    const backwards = await manager.post('/api/workforce/schedules', {
      ...block,
      endsAt: '2026-03-10T07:00:00Z',
    });
    expect(backwards.status).toBe(400);
    const noAgent = await manager.post('/api/workforce/schedules', { ...block, agentId: 'nobody' });
    expect([400, 404]).toContain(noAgent.status);
    expect(noAgent.json.detail).toMatch(/nobody/);

    const changed = await manager.patch(path, { note: 'Spring campaign', endsAt: '2026-03-10T13:00:00Z' });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ note: 'Spring campaign', endsAt: '2026-03-10T13:00:00.000Z' });
    expect((await ann.patch(path, { note: 'mine' })).status).toBe(403);
    expect((await manager.patch('/api/workforce/schedules/servicemeter/nothing', { note: 'x' })).status).toBe(
      404,
    );

    const copied = await manager.post('/api/workforce/schedules/copy-week', {
      fromWeek: '2026-03-09',
      toWeek: '2026-03-16',
      agentIds: ['bob'],
    });
    expect(copied.status, copied.text).toBe(200);
    expect(copied.json).toEqual({ copied: 1, skipped: 0 });
    const next = await manager.get('/api/workforce/schedules?from=2026-03-16&to=2026-03-22&agent=bob');
    expect(next.json.blocks.map((b: { startsAt: string }) => b.startsAt)).toEqual([
      '2026-03-16T08:00:00.000Z',
    ]);

    const removed = await admin.delete(path);
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json).toEqual({ removed: { source: 'servicemeter', externalId: added.json.externalId } });
    expect((await admin.delete(path)).status).toBe(404);

    const audit = await admin.get('/api/audit?action=workforce.schedule');
    expect(audit.status, audit.text).toBe(200);
    const actions = audit.json.rows.map((r: { action: string }) => r.action).sort();
    expect(actions).toEqual(['add', 'change', 'copy_week', 'remove'].map((a) => `workforce.schedule.${a}`));
    expect(audit.json.rows.every((r: { userId: string | null }) => r.userId !== null)).toBe(true);
  });

  test('a schedule change reaches the workforce indicators at once: kept KPI results are forgotten', async () => {
    // Tuesday 10 March: the data's last day (its newest event is at 11:05), so the facts reach it.
    const query = {
      from: '2026-03-10',
      to: '2026-03-11',
      timezone: 'UTC',
      kpis: ['adherence'],
      filters: { agent: ['bob'] },
    };
    const before = await manager.post('/api/kpi/query', query);
    expect(before.status, before.text).toBe(200);
    expect(before.json.rows[0].adherence.n).toBe(0);
    const added = await manager.post('/api/workforce/schedules', {
      agentId: 'bob',
      startsAt: '2026-03-10T08:00:00Z',
      endsAt: '2026-03-10T10:00:00Z',
      activity: 'phone',
    });
    expect(added.status, added.text).toBe(201);
    const after = await manager.post('/api/kpi/query', query);
    expect(after.json.rows[0].adherence.n).toBeGreaterThan(0);
  });
});

describe('settings and marked days', () => {
  test('viewers read the settings, managers change them (audited), a bad value is named', async () => {
    const read = await viewer.get('/api/workforce/settings');
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ graceMinutes: 5, chatConcurrency: 2 });
    expect((await viewer.patch('/api/workforce/settings', { graceMinutes: 3 })).status).toBe(403);
    expect((await ann.get('/api/workforce/settings')).status).toBe(403);
    const changed = await manager.patch('/api/workforce/settings', {
      graceMinutes: 3,
      targets: { phone: { kind: 'service-level', share: 0.9, seconds: 15 } },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.graceMinutes).toBe(3);
    expect(changed.json.targets.phone).toEqual({ kind: 'service-level', share: 0.9, seconds: 15 });
    expect((await viewer.get('/api/workforce/settings')).json.graceMinutes).toBe(3);
    const bad = await manager.patch('/api/workforce/settings', { chatConcurrency: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/^chatConcurrency: /);
    const audit = await admin.get('/api/audit?action=workforce.settings');
    expect(audit.json.rows[0]).toMatchObject({ action: 'workforce.settings', email: 'manager@example.com' });
  });

  test('marked days: added and removed by managers, read by viewers', async () => {
    const day = { day: '2026-03-20', kind: 'event', factor: 1.5, label: 'Spring sale', channel: 'phone' };
    expect((await viewer.post('/api/workforce/marked-days', day)).status).toBe(403);
    const added = await manager.post('/api/workforce/marked-days', day);
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({ ...day, createdBy: expect.any(String) });
    expect((await manager.post('/api/workforce/marked-days', day)).status).toBe(409);
    const list = await viewer.get('/api/workforce/marked-days?from=2026-03-01&to=2026-03-31');
    expect(list.status).toBe(200);
    expect(list.json.days.map((d: { id: string }) => d.id)).toEqual([added.json.id]);
    expect((await ann.get('/api/workforce/marked-days')).status).toBe(403);
    const closed = await manager.post('/api/workforce/marked-days', {
      day: '2026-03-21',
      kind: 'closed',
      factor: 2,
      label: 'Move',
    });
    expect(closed.status).toBe(400);
    expect(closed.json.detail).toMatch(/^factor: /);
    expect((await viewer.delete(`/api/workforce/marked-days/${added.json.id}`)).status).toBe(403);
    expect((await manager.delete(`/api/workforce/marked-days/${added.json.id}`)).status).toBe(200);
    expect((await manager.delete(`/api/workforce/marked-days/${added.json.id}`)).status).toBe(404);
  });
});
