import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import type { KpiQueryInput, KpiRow } from '../src/core/kpi/query.js';
import { bonferroniConfidence, compareMeans, compareQuantiles } from '../src/core/stats.js';
import { ownScorecard } from '../src/server/scope.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { scorecards } from '../src/services/scorecard.js';
import {
  copyCanonical,
  kpiValueIn,
  openMigratedPostgres,
  POSTGRES_ENGINES,
  type PostgresKind,
  withDuckDb,
  withTempDir,
} from './support/engines.js';

/**
 * Hand-made contacts, each answered by one agent after a chosen number of seconds (first response
 * time, calendar hours).
 *
 * Week of 6 April 2026, team support (ann, bob, cy, dee): ann answers 60 contacts in 50…109 s and 5
 * after 100 000 s, so her median (82 s) is far below the rest's (229.5 s) while her mean (7 765.7 s)
 * is far above it; bob, cy and dee answer 60 each in 200…259 s. Team duo: amy answers 30 contacts in
 * 100…390 s, ben 30 in 150…440 s.
 *
 * Weeks of 2 and 9 March (the previous and the current period of a comparison): chat answered in
 * 20…1020 s, then 0…1000 s (a small change in a wide spread) with 101 contacts and 5 unanswered
 * ones more; e-mail answered in 250…350 s, then 50…150 s, with 100 unanswered contacts more.
 */
const AGENTS = [
  ['ann', 'support'],
  ['bob', 'support'],
  ['cy', 'support'],
  ['dee', 'support'],
  ['amy', 'duo'],
  ['ben', 'duo'],
] as const;

interface Contact {
  channel: string;
  createdAt: Date;
  agent: string | null;
  frt: number | null;
}

function spread(from: number, count: number, step = 1): number[] {
  return Array.from({ length: count }, (_, i) => from + i * step);
}

function contacts(): Contact[] {
  const out: Contact[] = [];
  const add = (channel: string, day: string, agent: string | null, frts: (number | null)[]) => {
    const start = Date.parse(`${day}T06:00:00Z`);
    for (const frt of frts)
      out.push({ channel, createdAt: new Date(start + out.length * 20_000), agent, frt });
  };
  add('email', '2026-04-06', 'ann', [...spread(50, 60), ...Array(5).fill(100_000)]);
  for (const agent of ['bob', 'cy', 'dee']) add('email', '2026-04-06', agent, spread(200, 60));
  add('email', '2026-04-06', 'amy', spread(100, 30, 10));
  add('email', '2026-04-06', 'ben', spread(150, 30, 10));
  add('chat', '2026-03-03', 'bob', spread(20, 101, 10));
  add('chat', '2026-03-10', 'bob', [...spread(0, 101, 10), ...Array(5).fill(null)]);
  add('email', '2026-03-03', 'cy', spread(250, 101));
  add('email', '2026-03-10', 'cy', [...spread(50, 101), ...Array(100).fill(null)]);
  return out;
}

async function writeData(dir: string): Promise<void> {
  const lines = (header: string, rows: string[]) => `${[header, ...rows].join('\n')}\n`;
  const all = contacts();
  await writeFile(join(dir, 'teams.csv'), lines('id,name,calendar_id', ['support,Support,', 'duo,Duo,']));
  await writeFile(
    join(dir, 'agents.csv'),
    lines(
      'id,name,email,team_id,started_on,active',
      AGENTS.map(([id, team]) => `${id},${id},${id}@example.com,${team},2025-01-01,true`),
    ),
  );
  const teamOf = (agent: string | null) => AGENTS.find(([id]) => id === agent)?.[1] ?? 'support';
  await writeFile(
    join(dir, 'contacts.csv'),
    lines(
      'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
      all.map(
        (c, i) =>
          `desk,c${i},${c.channel},${c.createdAt.toISOString()},k${i},${teamOf(c.agent)},${c.agent ?? ''},,,normal,open,`,
      ),
    ),
  );
  const at = (c: Contact, seconds: number) => new Date(c.createdAt.getTime() + seconds * 1000).toISOString();
  await writeFile(
    join(dir, 'contact_events.csv'),
    lines(
      'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id',
      all.flatMap((c, i) => [
        `desk,c${i},m${i},customer_message,${at(c, 0)},,,,,,,`,
        ...(c.frt === null ? [] : [`desk,c${i},r${i},agent_reply,${at(c, c.frt)},,${c.agent},true,,,,`]),
      ]),
    ),
  );
}

async function withData(
  work: (duck: Engine, copyTo: (kind: PostgresKind) => Promise<Engine>) => Promise<void>,
): Promise<void> {
  await withTempDir(async (dir) => {
    await writeData(dir);
    await withDuckDb([dir], async (duck) => {
      const opened: Engine[] = [];
      try {
        await work(duck, async (kind) => {
          const pg = await openMigratedPostgres(kind);
          opened.push(pg);
          await copyCanonical(duck, pg);
          return pg;
        });
      } finally {
        for (const pg of opened) await pg.close();
      }
    });
  });
}

async function rowsOf(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { timezone: 'UTC', hours: 'calendar', ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

const APRIL = { from: '2026-04-06', to: '2026-04-13' };
const byAgent = (rows: KpiRow[]) => new Map(rows.map((r) => [String(r.agent), r]));

describe('an agent against the rest of their team', () => {
  test('medians against medians, with a quantile interval, though the agent’s mean is higher', async () => {
    await withData(async (duck, copyTo) => {
      const query: KpiQueryInput = { ...APRIL, kpis: ['frt'], by: ['agent'] };
      const rows = await rowsOf(duck, query);
      const ann = kpiValueIn(byAgent(rows).get('ann'), 'frt');
      // 65 values, the 33rd is 50 + 32; the rest's 180 are 200…259 three times: (229 + 230)/2.
      expect(ann).toMatchObject({ value: 82, n: 65 });
      const c = ann.comparison;
      expect(c).toMatchObject({
        against: 'rest of team support',
        statistic: 'median',
        rest: { value: 229.5, n: 180 },
        clear: true,
      });
      expect(c?.difference).toBe((ann.value as number) - 229.5);
      // Brackets q0.4/q0.6: ann 75.6 and 88.4 (positions 25.6, 38.4); the rest 223.6 and 235.4
      // (positions 71.6, 107.4). Six agents have answers: Bonferroni over 6.
      const expected = compareQuantiles(
        0.5,
        0.1,
        { value: 82, below: 75.6, above: 88.4, n: 65 },
        { value: 229.5, below: 223.6, above: 235.4, n: 180 },
        bonferroniConfidence(0.95, 6),
      );
      expect(c?.low).toBeCloseTo(expected?.low as number, 9);
      expect(c?.high).toBeCloseTo(expected?.high as number, 9);
      expect(c?.pValue).toBeCloseTo(expected?.pValue as number, 12);

      // The mean, where the outliers count, points the other way: compared as means, by Welch.
      const means = kpiValueIn(byAgent(await rowsOf(duck, { ...query, stat: 'mean' })).get('ann'), 'frt');
      expect(means.comparison).toMatchObject({ statistic: 'mean', rest: { value: 229.5, n: 180 } });
      expect(means.comparison?.difference).toBe((means.value as number) - 229.5);
      expect(means.comparison?.difference).toBeGreaterThan(7000);

      // The rest of the team differs per agent: bob's is ann's 65 (60 below all others) and cy's and
      // dee's 120, whose 33rd is 216; amy's is ben alone, 150…440 s.
      const bob = kpiValueIn(byAgent(rows).get('bob'), 'frt');
      expect(bob.comparison?.rest).toEqual({ value: 216, n: 185 });
      expect(kpiValueIn(byAgent(rows).get('amy'), 'frt').comparison?.rest).toEqual({ value: 295, n: 30 });

      // The same numbers on PostgreSQL, embedded and on a server.
      for (const { kind } of POSTGRES_ENGINES) {
        const pgRows = byAgent(await rowsOf(await copyTo(kind), query));
        for (const [agent, row] of byAgent(rows)) {
          const [d, p] = [kpiValueIn(row, 'frt'), kpiValueIn(pgRows.get(agent), 'frt')];
          expect(p.comparison?.rest, `${kind} ${agent}`).toEqual(d.comparison?.rest);
          for (const field of ['difference', 'low', 'high', 'pValue'] as const)
            expect(p.comparison?.[field], `${kind} ${agent} ${field}`).toBeCloseTo(
              d.comparison?.[field] as number,
              9,
            );
        }
      }
    });
  });

  test('on an agent’s own card the rest never shows, and the verdict only against two colleagues or more', async () => {
    await withData(async (duck) => {
      const request = { ...APRIL, timezone: 'UTC', kpis: ['frt'] };
      const manager = await scorecards(duck, request, 'ann');
      if (!manager.ok) throw new Error(JSON.stringify(manager.error));
      const managed = manager.data.agents[0]?.kpis[0];
      expect(managed?.rest).toEqual({ value: 229.5, n: 180, agents: 3 });
      expect(managed?.team).toMatchObject({ n: 245, agents: 4 });
      expect(managed?.coaching.reason).toContain('median 1m 22s against 3m 50s (n 65 against 180)');
      expect(managed?.coaching.reason).toContain('difference −2m 28s');

      // Ann's colleagues are three: she gets the verdict, not the rest's figure, which is counted by
      // who handled each contact and no day check of the team value covers.
      const own = await scorecards(duck, request, 'ann', { agentId: 'ann' });
      if (!own.ok) throw new Error(JSON.stringify(own.error));
      const annCard = own.data.agents[0];
      if (!annCard) throw new Error('no card for ann');
      expect(annCard.kpis[0]?.rest).toEqual({ value: null, n: 0, withheld: true });
      const shown = ownScorecard(annCard).kpis[0];
      expect(shown?.value.comparison).toBeNull();
      expect(shown?.coaching).toEqual({
        candidate: false,
        direction: 'better',
        reason: 'frt: clearly better than the rest of the team',
      });
      expect(JSON.stringify(ownScorecard(annCard))).not.toContain('229.5');

      // Amy's rest of the team is ben: withheld, with the comparison that would give it back.
      const amy = await scorecards(duck, request, 'amy', { agentId: 'amy' });
      if (!amy.ok) throw new Error(JSON.stringify(amy.error));
      const amyCard = amy.data.agents[0];
      if (!amyCard) throw new Error('no card for amy');
      expect(amyCard.kpis[0]).toMatchObject({
        value: { value: 245, n: 30, comparison: null },
        rest: { value: null, n: 0, withheld: true },
        coaching: { candidate: false, direction: null, reason: null },
      });
      expect(JSON.stringify(ownScorecard(amyCard))).not.toContain('295');
      expect(amy.data.notices).toContainEqual({ code: 'withheld' });
    });
  });
});

describe('changes from the previous period', () => {
  const MARCH = { from: '2026-03-09', to: '2026-03-16', compare: true };

  test('a small change in a wide spread is not clear; a large one is', async () => {
    await withData(async (duck) => {
      const kpis = ['frt', 'contacts_created'];
      const [chat] = await rowsOf(duck, { ...MARCH, kpis, filters: { channel: ['chat'] } });
      const [email] = await rowsOf(duck, { ...MARCH, kpis, filters: { channel: ['email'] } });

      // Chat: medians 500 and 520 s, brackets 400…600 and 420…620: SE each √(0.25/101)·1000.
      const chatFrt = kpiValueIn(chat, 'frt');
      expect(chatFrt).toMatchObject({ value: 500, previous: { value: 520, n: 101 } });
      const wide = compareQuantiles(
        0.5,
        0.1,
        { value: 500, below: 400, above: 600, n: 101 },
        { value: 520, below: 420, above: 620, n: 101 },
      );
      expect(chatFrt.change).toEqual({
        difference: -20,
        low: expect.closeTo(wide?.low as number, 9),
        high: expect.closeTo(wide?.high as number, 9),
        clear: false,
      });
      // E-mail: medians 100 and 300 s, brackets 90…110 and 290…310.
      const emailFrt = kpiValueIn(email, 'frt');
      const narrow = compareQuantiles(
        0.5,
        0.1,
        { value: 100, below: 90, above: 110, n: 101 },
        { value: 300, below: 290, above: 310, n: 101 },
      );
      expect(emailFrt.change).toEqual({
        difference: -200,
        low: expect.closeTo(narrow?.low as number, 9),
        high: expect.closeTo(narrow?.high as number, 9),
        clear: true,
      });

      // Counts: 106 against 101 is within 1.96·√207; 201 against 101 is not.
      expect(kpiValueIn(chat, 'contacts_created').change).toEqual({
        difference: 5,
        low: null,
        high: null,
        clear: false,
      });
      expect(kpiValueIn(email, 'contacts_created').change).toEqual({
        difference: 100,
        low: null,
        high: null,
        clear: true,
      });

      // Shown as a mean, a duration's change is Welch's: chat 500 against 520 s, sd 293.0 each.
      const [chatMean] = await rowsOf(duck, {
        ...MARCH,
        kpis: ['frt'],
        stat: 'mean',
        filters: { channel: ['chat'] },
      });
      const sd = Math.sqrt((100 ** 2 * 101 * 102) / 12 / 100);
      const welch = compareMeans(500, sd, 101, 520, sd, 101);
      expect(kpiValueIn(chatMean, 'frt').change).toEqual({
        difference: expect.closeTo(-20, 9),
        low: expect.closeTo(welch?.low as number, 6),
        high: expect.closeTo(welch?.high as number, 6),
        clear: false,
      });
    });
  });

  test('no change without both values, and none without compare', async () => {
    await withData(async (duck) => {
      const [row] = await rowsOf(duck, { ...APRIL, compare: true, kpis: ['frt', 'contacts_created'] });
      // Nothing in the week before 6 April.
      expect(kpiValueIn(row, 'frt')).toMatchObject({ previous: { value: null, n: 0 }, change: null });
      expect(kpiValueIn(row, 'contacts_created').change).toMatchObject({ difference: 305, clear: true });
      const [plain] = await rowsOf(duck, { ...APRIL, kpis: ['frt'] });
      expect(kpiValueIn(plain, 'frt')).not.toHaveProperty('change');
    });
  });
});
