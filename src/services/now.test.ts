import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { POSTGRES_ENGINES, withCopyOn, withDuckDb, withTempDir } from '../../test/support/engines.js';
import { NOW, NOW_FILES, writeNowFiles } from '../../test/support/now-data.js';
import type { Engine } from '../core/engine.js';
import { type AgentScope, scopeKpiQuery } from '../server/scope.js';
import { runKpiQuery } from './kpi.js';
import { type NowRequest, type NowView, nowChangeMarker, nowView } from './now.js';

async function withNowData<T>(work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (files) => {
    await writeNowFiles(files);
    return withDuckDb([files], (db) => work(db));
  });
}

const ANN: AgentScope = { agentId: 'ann', teamId: 'support', timezone: 'UTC' };

function teamRequest(): NowRequest {
  return { now: NOW, timezone: 'UTC', viewer: null };
}

function annRequest(): NowRequest {
  return {
    now: NOW,
    timezone: 'UTC',
    viewer: { agentId: ANN.agentId, teamId: ANN.teamId },
    scopeKpiQuery: (query) => scopeKpiQuery(ANN, query),
  };
}

const keys = (list: { oldest: { key: string }[] } | null) => list?.oldest.map((c) => c.key);

describe('now, for the team', () => {
  test('lists the open contacts, the unassigned and those awaiting a first reply, oldest first', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      expect(view.scope).toBe('team');
      // `late` is created after now; r1 and the calls and earlier Tuesdays are resolved or closed.
      expect(keys(view.contacts.open)).toEqual([
        'helpdesk|e2',
        'helpdesk|e4',
        'helpdesk|e3',
        'helpdesk|e1',
        'pbx|p5',
        'helpdesk|c2',
        'helpdesk|c1',
        'pbx|p1',
      ]);
      expect(view.contacts.open.count).toBe(8);
      expect(keys(view.contacts.unassigned)).toEqual([
        'helpdesk|e4',
        'helpdesk|e1',
        'pbx|p5',
        'helpdesk|c2',
        'pbx|p1',
      ]);
      // e3 had its reply; the queued calls and chats wait for their answer, a first response.
      expect(keys(view.contacts.awaitingFirstReply)).toEqual([
        'helpdesk|e2',
        'helpdesk|e4',
        'helpdesk|e1',
        'pbx|p5',
        'helpdesk|c2',
        'helpdesk|c1',
        'pbx|p1',
      ]);
    });
  });

  test('leaves out a call the customer gave up on, though the phone system gave it no status', async () => {
    await withTempDir(async (files) => {
      await writeNowFiles(files);
      await withTempDir(async (more) => {
        await writeFile(
          join(more, 'contacts.csv'),
          `${NOW_FILES['contacts.csv']?.split('\n')[0]}\npbx,p6,phone,2026-03-10T09:07:00Z,support,,,\n`,
        );
        await writeFile(
          join(more, 'contact_events.csv'),
          'source,contact_external_id,external_id,kind,occurred_at,agent_id,status,queue\npbx,p6,p6a,queue_enter,2026-03-10T09:07:00Z,,,line1\npbx,p6,p6b,abandon,2026-03-10T09:08:00Z,,,line1\n',
        );
        await withDuckDb([files, more], async (db) => {
          const view = await nowView(db, teamRequest());
          expect(view.contacts.open.count).toBe(8);
          expect(keys(view.contacts.open)).not.toContain('pbx|p6');
          expect(keys(view.contacts.unassigned)).not.toContain('pbx|p6');
        });
      });
    });
  });

  test('measures a wait against the channel’s first-response deadline in business hours', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      const byKey = new Map(view.contacts.awaitingFirstReply.oldest.map((c) => [c.key, c]));
      // Monday 16:00–17:00 and Tuesday 09:00–09:30 of opening hours: 1.5 h over the hour.
      expect(byKey.get('helpdesk|e2')).toMatchObject({
        since: '2026-03-09T16:00:00Z',
        waitedSeconds: 17.5 * 3600,
        targetSeconds: 3600,
        targetHours: 'business',
        pastTarget: true,
        assigneeName: 'Ann',
        subject: 'Since yesterday',
      });
      // 3.5 h on the clock, but only the half hour since opening counts against the deadline.
      expect(byKey.get('helpdesk|e4')).toMatchObject({ waitedSeconds: 3.5 * 3600, pastTarget: false });
      expect(byKey.get('helpdesk|c1')).toMatchObject({
        waitedSeconds: 60,
        targetSeconds: 30,
        pastTarget: true,
      });
      expect(byKey.get('pbx|p1')).toMatchObject({ waitedSeconds: 30, targetSeconds: 20, pastTarget: true });
      // p5 (600 s), c2 (120 s), c1, p1 and e2.
      expect(view.contacts.awaitingFirstReply.pastTarget).toBe(5);
      expect(view.contacts.open.oldest.find((c) => c.key === 'helpdesk|e3')).toMatchObject({
        awaitingReply: false,
        replied: true,
        pastTarget: false,
      });
      expect(byKey.get('helpdesk|e1')).toMatchObject({ awaitingReply: true, replied: false });
    });
  });

  test('a deadline set in calendar hours counts the whole wait', async () => {
    await withNowData(async (db) => {
      await db.run(
        "INSERT INTO targets (metric, channel, team_id, threshold_seconds, hours) VALUES ('frt', 'email', NULL, 7200, 'calendar')",
      );
      const view = await nowView(db, teamRequest());
      const e4 = view.contacts.awaitingFirstReply.oldest.find((c) => c.key === 'helpdesk|e4');
      // The facts still hold the 1 h deadline until a rebuild; the hours are read from the targets.
      expect(e4).toMatchObject({ targetHours: 'calendar', pastTarget: true });
    });
  });

  test('counts today against the same weekday of the last four weeks up to the same time', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      // Today before 09:30: e1, e3, e4, c1, r1, p2, p3, p5, c2 and p1 (p4 is Sunday, late after now).
      expect(view.created.today).toEqual({ day: '2026-03-10', count: 10 });
      expect(view.created.sameWeekdays).toEqual([
        { day: '2026-03-03', count: 1 },
        { day: '2026-02-24', count: 1 },
        { day: '2026-02-17', count: 0 },
        { day: '2026-02-10', count: 2 },
      ]);
      expect(view.created.mean).toBe(1);
      expect(view.resolved.today.count).toBe(1);
      expect(view.resolved.sameWeekdays.map((d) => d.count)).toEqual([1, 0, 0, 0]);
    });
  });

  test('shows the calls and chats waiting in a queue now and the longest wait', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      // p4's queue entry is two days old: a lost event, not a wait.
      expect(view.queues.oldest.map((w) => [w.key, w.queue, w.waitedSeconds, w.pastTarget])).toEqual([
        ['pbx|p5', 'sales', 600, true],
        ['helpdesk|c2', 'chat', 120, true],
        ['pbx|p1', 'line1', 30, true],
      ]);
      expect(view.queues.waiting).toBe(3);
      expect(view.queues.longestWaitSeconds).toBe(600);
      expect(view.queues.byChannel).toEqual([
        { channel: 'chat', waiting: 1, longestWaitSeconds: 120 },
        { channel: 'phone', waiting: 2, longestWaitSeconds: 600 },
      ]);
    });
  });

  test('gives every agent’s state from their latest status changes up to now', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      expect(view.agents.counts).toEqual({ available: 1, paused: 1, offline: 1 });
      // Dan logs in after now.
      expect(view.agents.agents).toEqual([
        {
          id: 'bob',
          name: 'Bob',
          teamId: 'support',
          state: 'available',
          since: '2026-03-10T08:45:00Z',
          queues: [],
          reason: null,
        },
        {
          id: 'ann',
          name: 'Ann',
          teamId: 'support',
          state: 'paused',
          since: '2026-03-10T09:00:00Z',
          queues: ['sales', 'support'],
          reason: 'lunch',
        },
        {
          id: 'cid',
          name: 'Cid',
          teamId: 'support',
          state: 'offline',
          since: '2026-03-10T09:15:00Z',
          queues: [],
          reason: null,
        },
      ]);
    });
  });

  test('takes today’s service level and abandonment from the KPI engine', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      // p2 answered in 10 s; p3 gave up after 60 s, past the 20 s answer time.
      expect(view.serviceLevel).toMatchObject({ value: 0.5, n: 2 });
      // Offered: p1, p2, p3, p5 and c2; abandoned: p3.
      expect(view.abandonment).toMatchObject({ value: 0.2, n: 5 });
      const direct = await runKpiQuery(db, {
        kpis: ['service_level', 'abandonment_rate'],
        from: '2026-03-10',
        to: '2026-03-10T09:30:00',
        timezone: 'UTC',
      });
      if (!direct.ok) throw new Error(JSON.stringify(direct.error));
      expect(view.serviceLevel).toEqual(direct.data.rows[0]?.service_level);
    });
  });

  test('says when each source last sent an event, up to now', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, teamRequest());
      expect(view.sources).toEqual([
        { source: 'asterisk', kind: 'agent_status', lastEventAt: '2026-03-10T09:15:00Z' },
        { source: 'helpdesk', kind: 'contacts', lastEventAt: '2026-03-10T09:29:00Z' },
        { source: 'pbx', kind: 'contacts', lastEventAt: '2026-03-10T09:29:30Z' },
      ]);
      expect(view.lastEventAt).toBe('2026-03-10T09:29:30Z');
      expect(view.factsRebuiltAt).not.toBeNull();
    });
  });

  test('for a reader of aggregates, keeps the counts and names no contact', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, { ...teamRequest(), listContacts: false });
      expect(view.contacts.open).toEqual({ count: 8, pastTarget: 5, oldest: [] });
      expect(view.contacts.awaitingFirstReply).toEqual({ count: 7, pastTarget: 5, oldest: [] });
      expect(view.contacts.unassigned?.oldest).toEqual([]);
      expect(view.queues).toMatchObject({ waiting: 3, longestWaitSeconds: 600, oldest: [] });
    });
  });

  test('the change marker moves when an agent’s status changes, and not otherwise', async () => {
    await withNowData(async (db) => {
      const before = await nowChangeMarker(db);
      expect(await nowChangeMarker(db)).toBe(before);
      await db.run(
        "INSERT INTO agent_status_events (source, external_id, agent_id, status, occurred_at) VALUES ('asterisk', 'c3', 'cid', 'login', CAST('2026-03-10 09:25:00' AS TIMESTAMP))",
      );
      expect(await nowChangeMarker(db)).not.toBe(before);
      const view = await nowView(db, teamRequest());
      expect(view.agents.counts).toEqual({ available: 2, paused: 1, offline: 0 });
    });
  });

  test('a log-in written while the view reads never shows its agent offline', async () => {
    await withNowData(async (db) => {
      // One read of the status events at a time, each after another agent's log-in is committed:
      // the way an import behind a server commits between two statements of one view.
      let logins = 0;
      let previous: Promise<unknown> = Promise.resolve();
      const writing: Engine = {
        ...db,
        kind: db.kind,
        dialect: db.dialect,
        all: (sql, params, options) => {
          if (!sql.includes('agent_status_events')) return db.all(sql, params, options);
          const read = previous.then(async () => {
            logins++;
            await db.run(
              `INSERT INTO agent_status_events (source, external_id, agent_id, status, occurred_at) VALUES ('asterisk', 'z${logins}', 'zed${logins}', 'login', CAST('2026-03-10 09:25:00' AS TIMESTAMP))`,
            );
            return db.all(sql, params, options);
          });
          previous = read.catch(() => undefined);
          return read;
        },
      };
      const view = await nowView(writing, teamRequest());
      const newcomers = view.agents.agents.filter((agent) => agent.id.startsWith('zed'));
      expect(newcomers.length).toBeGreaterThan(0);
      expect(newcomers.filter((agent) => agent.state !== 'available')).toEqual([]);
    });
  });
});

describe('now, for an agent', () => {
  test('holds their own contacts, status and counts, and no colleague’s', async () => {
    await withNowData(async (db) => {
      const view: NowView = await nowView(db, annRequest());
      expect(view.scope).toBe('own');
      expect(keys(view.contacts.open)).toEqual(['helpdesk|e2', 'helpdesk|c1']);
      expect(keys(view.contacts.awaitingFirstReply)).toEqual(['helpdesk|e2', 'helpdesk|c1']);
      expect(view.contacts.unassigned).toBeNull();
      expect(view.agents).toEqual({
        counts: null,
        agents: [expect.objectContaining({ id: 'ann', state: 'paused' })],
      });
      expect(view.created.today.count).toBe(1);
      expect(view.resolved.today.count).toBe(0);
      // Their team's queue, which nobody has taken yet; not the sales queue.
      expect(view.queues.oldest.map((w) => w.key)).toEqual(['helpdesk|c2', 'pbx|p1']);
      // Their own status changes only.
      expect(view.sources.find((s) => s.kind === 'agent_status')?.lastEventAt).toBe('2026-03-10T09:00:00Z');
      const names = JSON.stringify(view);
      for (const colleague of ['bob', 'Bob', 'cid', 'Cid']) expect(names).not.toContain(colleague);
    });
  });

  test('gets today’s team service level withheld where it is one colleague’s work', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, annRequest());
      // The only answered call is Bob's: the team's service level would be his.
      expect(view.serviceLevel).toMatchObject({ value: null, n: 0, withheld: true });
    });
  });

  test('without a scope for team figures, gets them withheld with the reason', async () => {
    await withNowData(async (db) => {
      const view = await nowView(db, { ...annRequest(), scopeKpiQuery: undefined });
      expect(view.serviceLevel).toMatchObject({ withheld: true });
      expect(view.notes).toHaveLength(1);
    });
  });
});

describe.each(POSTGRES_ENGINES)('now, on $kind', ({ kind }) => {
  test('is the same view as on DuckDB, for the team and for an agent', async () => {
    await withNowData((duck) =>
      withCopyOn(kind, duck, async (pg) => {
        for (const request of [teamRequest(), annRequest()]) {
          const [onDuck, onPg] = [await nowView(duck, request), await nowView(pg, request)];
          // Each engine rebuilt its own facts at its own time.
          expect({ ...onPg, factsRebuiltAt: null }).toEqual({ ...onDuck, factsRebuiltAt: null });
        }
      }),
    );
  });
});
