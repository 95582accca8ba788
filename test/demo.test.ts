import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mixEffect } from '../src/core/kpi/mix.js';
import type { KpiRow } from '../src/core/kpi/query.js';
import { type DuckDbEngine, openDuckDb } from '../src/engines/duckdb/engine.js';
import { dataStatus } from '../src/services/data-status.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { createDemoQa } from '../src/services/demo/qa.js';
import { TIMEZONE } from '../src/services/demo/scenario.js';
import { createDemoWords } from '../src/services/demo/words.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { migrate } from '../src/services/migrate.js';
import { reviewerDrift } from '../src/services/qa/drift.js';
import { attributeProfile } from '../src/services/words/attributes.js';
import { EVERY_TEXT } from '../src/services/words/filters.js';
import { toneSummary } from '../src/services/words/tone.js';
import { kpiValueIn, withDuckDb, withTempDir } from './support/engines.js';

function byAgent(rows: KpiRow[]): Map<string, KpiRow> {
  return new Map(rows.map((r) => [String(r.agent), r]));
}

/** The demo as `npm run demo` makes it (20,000 contacts, seed 1), imported once for the tests below. */
let demoDir: string;
let demo: DuckDbEngine;

beforeAll(async () => {
  demoDir = await mkdtemp(join(tmpdir(), 'servicemeter-demo-test-'));
  const files = join(demoDir, 'files');
  await writeDemoFiles(files, { contacts: 20_000, seed: 1 });
  demo = await openDuckDb({ path: join(demoDir, 'demo.duckdb') });
  await migrate(demo);
  const imported = await importFiles(demo, [files]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  await createDemoQa(demo, 1);
  // The import also runs the automatic quality checks on every conversation's text.
}, 300_000);

afterAll(async () => {
  await demo?.close();
  await rm(demoDir, { recursive: true, force: true });
});

describe('demo team', () => {
  test('the under-performer is flagged and the new agent with few answers is not', async () => {
    const result = await runKpiQuery(demo, {
      kpis: ['csat', 'frt', 'reopen_rate', 'frt_within_target'],
      by: ['agent'],
      timezone: 'Europe/Amsterdam',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const agents = byAgent(result.data.rows);
    // Answers through public links and QR codes are about no contact, so credited to no agent.
    expect(agents.has('null')).toBe(true);
    agents.delete('null');
    expect(agents.size).toBe(12);

    const ruben = agents.get('ruben');
    for (const id of ['csat', 'frt', 'reopen_rate']) {
      expect(kpiValueIn(ruben, id).comparison?.clear, `ruben ${id}`).toBe(true);
    }
    expect(kpiValueIn(ruben, 'csat').comparison?.difference).toBeLessThan(-0.2);
    expect(kpiValueIn(ruben, 'frt').comparison?.difference).toBeGreaterThan(0);

    const noah = agents.get('noah');
    const noahCsat = kpiValueIn(noah, 'csat');
    expect(noahCsat.n).toBeGreaterThan(0);
    expect(noahCsat.n).toBeLessThan(30);
    for (const id of ['csat', 'frt', 'reopen_rate', 'frt_within_target']) {
      expect(kpiValueIn(noah, id).comparison?.clear ?? false, `noah ${id}`).toBe(false);
    }
  });

  test('the default periods show a channel-mix shift in first response', async () => {
    // The dashboard opens on the last 90 days up to the newest data, against the 90 before.
    // There first response improved in every channel while e-mail (replies in hours) grew, so
    // the median over all channels got worse: the mix shift the overview has to explain.
    const status = await dataStatus(demo);
    const newest = DateTime.fromISO(status.to ?? '', { zone: TIMEZONE });
    const to = newest.plus({ days: 1 }).toISODate() ?? '';
    const from = newest.plus({ days: 1 - 90 }).toISODate() ?? '';
    const period = { kpis: ['frt', 'contacts_created'], from, to, timezone: TIMEZONE, compare: true };
    const [combined, perChannel] = await Promise.all([
      runKpiQuery(demo, period),
      runKpiQuery(demo, { ...period, by: ['channel'] }),
    ]);
    if (!combined.ok) throw new Error(JSON.stringify(combined.error));
    if (!perChannel.ok) throw new Error(JSON.stringify(perChannel.error));
    const overall = kpiValueIn(combined.data.rows[0], 'frt');
    expect(overall.value, 'combined first response got worse').toBeGreaterThan(overall.previous?.value ?? 0);
    const channels = perChannel.data.rows.map((row) => ({
      channel: String(row.channel),
      frt: kpiValueIn(row, 'frt'),
      contacts: kpiValueIn(row, 'contacts_created'),
    }));
    expect(channels.map((c) => c.channel).sort()).toEqual(['chat', 'email', 'phone', 'social']);
    for (const { channel, frt } of channels)
      expect(frt.value, `${channel} got faster`).toBeLessThan(frt.previous?.value ?? 0);
    const share = (c: (typeof channels)[number], period: 'value' | 'previous') =>
      (period === 'value' ? (c.contacts.value ?? 0) : (c.contacts.previous?.value ?? 0)) /
      channels.reduce(
        (sum, x) => sum + (period === 'value' ? (x.contacts.value ?? 0) : (x.contacts.previous?.value ?? 0)),
        0,
      );
    const email = channels.find((c) => c.channel === 'email');
    if (!email) throw new Error('no e-mail in the demo');
    expect(share(email, 'value') - share(email, 'previous'), 'e-mail grew').toBeGreaterThan(0.05);
    expect(
      mixEffect(
        { value: overall.value, previous: overall.previous?.value },
        channels.map(({ frt }) => ({
          value: frt.value,
          previous: frt.previous?.value,
          n: frt.n,
          previousN: frt.previous?.n,
          clear: frt.change?.clear,
        })),
        'lower',
      ),
    ).toEqual({ overall: 'up', groups: 'down', groupsTone: 'better', counted: 4, groupsClear: true });
  });

  test('the same seed gives the same indicators', async () => {
    await withTempDir(async (dir) => {
      const overview = async (name: string) => {
        const files = join(dir, name);
        await writeDemoFiles(files, { contacts: 2_000, seed: 9 });
        return withDuckDb([files], async (db) => {
          const result = await runKpiQuery(db, { grain: 'month', timezone: 'Europe/Amsterdam' });
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          return result.data.rows;
        });
      };
      const first = await overview('a');
      // Contacts are created January–June; their last resolutions and survey answers fall in July.
      expect(first.map((r) => r.period)).toEqual([
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
      ]);
      expect(await overview('b')).toEqual(first);
    });
    // Two imports of 2,000 contacts, each with its texts read.
  }, 180_000);
});

describe('demo quality reviews', () => {
  test('about six reviews per agent a month; the strict and the lenient reviewer drift', async () => {
    const perMonth = await demo.all(
      `SELECT strftime(reviewed_at, '%Y-%m') AS month, count(*) AS reviews, count(DISTINCT agent_id) AS agents,
         avg(score) AS iqs, count(*) FILTER (WHERE critical_failed) AS critical
       FROM qa_review_facts WHERE kind = 'review' GROUP BY month ORDER BY month`,
    );
    expect(perMonth.map((m) => m.month)).toEqual(['2026-04', '2026-05', '2026-06']);
    for (const month of perMonth) {
      const each = Number(month.reviews) / Number(month.agents);
      expect(each, String(month.month)).toBeGreaterThan(4.5);
      expect(each, String(month.month)).toBeLessThan(7);
      expect(Number(month.iqs)).toBeGreaterThan(0.5);
      expect(Number(month.iqs)).toBeLessThan(0.9);
    }
    const drift = await reviewerDrift(demo, {
      from: new Date('2026-04-01T00:00:00Z'),
      to: new Date('2026-07-01T00:00:00Z'),
    });
    const drifting = drift.filter((d) => d.drifting).map((d) => [d.reviewerId, Math.sign(d.difference)]);
    expect(drifting.sort()).toEqual([
      ['qa-iris', 1],
      ['qa-jeroen', -1],
    ]);
  });
});

describe('demo presence', () => {
  test('every agent logs in and out, and pauses only while logged in', async () => {
    const rows = await demo.all(
      `SELECT agent_id, status, reason, CAST(occurred_at AS VARCHAR) AS at FROM agent_status_events
       ORDER BY agent_id, occurred_at, CASE status WHEN 'login' THEN 0 WHEN 'unpause' THEN 1 WHEN 'pause' THEN 2 ELSE 3 END`,
    );
    const byAgent = new Map<string, { status: string; reason: string | null }[]>();
    for (const r of rows)
      byAgent.set(String(r.agent_id), [
        ...(byAgent.get(String(r.agent_id)) ?? []),
        { status: String(r.status), reason: r.reason === null ? null : String(r.reason) },
      ]);
    expect([...byAgent.keys()].sort()).toHaveLength(12);
    for (const [agent, changes] of byAgent) {
      // login (pause unpause)* logout, over and over: the states follow each other like a phone system's.
      type State = 'offline' | 'available' | 'paused';
      let state: State = 'offline';
      const next: Record<State, Record<string, State>> = {
        offline: { login: 'available' },
        available: { pause: 'paused', logout: 'offline' },
        paused: { unpause: 'available' },
      };
      for (const change of changes) {
        const after: State | undefined = next[state][change.status];
        expect(after, `${agent}: ${change.status} while ${state}`).toBeDefined();
        state = after ?? state;
        if (change.status === 'pause') expect(['lunch', 'break']).toContain(change.reason);
      }
      expect(state, `${agent} ends logged out`).toBe('offline');
      expect(changes.filter((c) => c.reason === 'lunch').length, `${agent} has lunch`).toBeGreaterThan(0);
    }
  });

  test('an agent is logged in and not paused whenever they handle a contact', async () => {
    // The latest presence change at or before each action of an agent is a log-in or an unpause.
    const [row] = await demo.all(
      `SELECT count(*) AS actions,
         count(CASE WHEN s.status IS NULL OR s.status IN ('logout', 'pause') THEN 1 END) AS away
       FROM contact_events e
       ASOF LEFT JOIN agent_status_events s ON s.agent_id = e.agent_id AND s.occurred_at <= e.occurred_at
       WHERE e.actor = 'agent' AND e.agent_id IS NOT NULL`,
    );
    expect(Number(row?.actions)).toBeGreaterThan(10_000);
    expect(Number(row?.away)).toBe(0);
  });

  test('the last day, a Sunday, has agents available, paused and offline', async () => {
    // 15:20 in Amsterdam on Sunday 28 June: the Sunday duty roster is at work, one on a break.
    const states = await demo.all(
      `WITH latest AS (
         SELECT a.id, arg_max(s.status, s.occurred_at) AS status
         FROM agents a LEFT JOIN agent_status_events s ON s.agent_id = a.id AND s.occurred_at <= TIMESTAMP '2026-06-28 13:20:00'
         GROUP BY a.id)
       SELECT CASE WHEN status IN ('login', 'unpause') THEN 'available' WHEN status = 'pause' THEN 'paused' ELSE 'offline' END AS state,
         count(*) AS n
       FROM latest GROUP BY ALL ORDER BY state`,
    );
    expect(states.map((s) => String(s.state))).toEqual(['available', 'offline', 'paused']);
  });

  test('what customers say: texts in five languages, tone models for nl and en, the brand image', async () => {
    // The import read the texts already; the demo step sets the brand attributes and reads the rest.
    await createDemoWords(demo, new Date('2026-06-28T13:20:00Z'));
    const half = { from: '2026-01-01', to: '2026-07-01', timezone: TIMEZONE };
    const tone = await toneSummary(demo, half, 'month', EVERY_TEXT);
    if (!tone.ok) throw new Error(JSON.stringify(tone.error));
    const texts = new Map(tone.data.byLanguage.map((l) => [l.language, l.texts]));
    for (const language of ['nl', 'en', 'sv', 'uk', 'zh'] as const)
      expect(texts.get(language) ?? 0, language).toBeGreaterThan(100);
    // Dutch first, then English: a Dutch webshop with customers from abroad.
    expect(tone.data.byLanguage[0]?.language).toBe('nl');
    const models = new Map(tone.data.models.map((m) => [m.language, m]));
    for (const language of ['nl', 'en'] as const) {
      expect(models.get(language)?.testN ?? 0, language).toBeGreaterThan(20);
      expect(models.get(language)?.accuracy ?? 0, language).toBeGreaterThan(0.5);
    }
    // Praise and complaints both, tied to the scores: more praise than complaints, as the CSAT says.
    expect(tone.data.counts.positive).toBeGreaterThan(tone.data.counts.negative);
    expect(tone.data.counts.negative).toBeGreaterThan(500);

    const profile = await attributeProfile(demo, half, 'month', EVERY_TEXT);
    if (!profile.ok) throw new Error(JSON.stringify(profile.error));
    const mentions = new Map(profile.data.rows.map((r) => [r.attributeId, r]));
    for (const id of ['fast', 'friendly', 'reliable', 'expert', 'slow', 'rude'])
      expect(mentions.get(id)?.mentions ?? 0, id).toBeGreaterThan(20);
    // "Slow" is said mostly in complaints, "friendly" mostly in praise.
    const slow = mentions.get('slow')?.tone;
    const friendly = mentions.get('friendly')?.tone;
    expect(slow?.negative ?? 0).toBeGreaterThan(slow?.positive ?? 0);
    expect(friendly?.positive ?? 0).toBeGreaterThan(friendly?.negative ?? 0);
  });

  test('presence leaves every other table as it was for the same seed', async () => {
    await withTempDir(async (dir) => {
      await writeDemoFiles(dir, { contacts: 2_000, seed: 1 });
      const hash = createHash('sha256');
      for (const name of (await readdir(dir)).sort()) {
        // Presence and the schedule planned against it have random streams of their own.
        if (name === 'agent_status_events.csv' || name === 'schedules.csv') continue;
        hash.update(name);
        hash.update(await readFile(join(dir, name)));
      }
      // The files of seed 1 with 2,000 contacts as they were before presence was generated (since
      // then only with the customers' addresses and languages, the team's own surveys, the text of
      // the messages, the quality reviews and the customers' own words in five languages added, and
      // now and then a hurried reply with three misspellings).
      expect(hash.digest('hex')).toBe('34d197caf5541527a3c665c3961be97ddab1d62892655ca2adbf73e5b678b4ab');
      const presence = (await readFile(join(dir, 'agent_status_events.csv'), 'utf8')).split('\n');
      expect(presence[0]).toBe('source,external_id,agent_id,status,occurred_at,queue,reason,channel');
      expect(presence.length).toBeGreaterThan(1_000);
    });
  });
});
