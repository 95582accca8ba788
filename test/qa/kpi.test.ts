import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { KpiQuery, type KpiQueryInput, type KpiRow, type KpiValue } from '../../src/core/kpi/query.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { scopeKpiQuery } from '../../src/server/scope.js';
import { listContacts } from '../../src/services/contacts.js';
import { importFiles } from '../../src/services/import.js';
import { dimensionSizes, runKpiQuery } from '../../src/services/kpi.js';
import { migrate } from '../../src/services/migrate.js';
import { scorecards } from '../../src/services/scorecard.js';
import { copyCanonical, ENGINES, type EngineKind, openMigratedPostgres } from '../support/engines.js';

const WEEK = { from: '2026-03-02', to: '2026-03-09', timezone: 'UTC' };

const REVIEW_COLUMNS =
  'source,external_id,contact_source,contact_external_id,agent_id,reviewer_id,kind,scorecard_id,scorecard_version,calibration_session_id,reviewed_at,score,pass_mark,critical_scope,comment';
const RATING_COLUMNS =
  'source,review_external_id,category_id,category_name,group_id,rating,scale_min,scale_max,weight,critical,pass_mark,comment,quote,root_causes';

/**
 * Team support: ann, bob and cid. Scorecard categories: accuracy (pass/fail, critical, group
 * correct), solution (1–5, weight 2, group correct), tone (1–3, group style).
 *
 * Reviews in the week of 2 March (score worked by hand):
 * - R1, t1 (ann, email), lead, scope review: accuracy 1 → 1, solution 4 → 0.75, tone 3 → 1:
 *   (1 + 2 × 0.75 + 1) ÷ 4 = 0.875, passed.
 * - R2, t2 (ann, chat), coach, scope group: accuracy 0 fails its group correct, so accuracy and
 *   solution (5) count 0; tone 2 → 0.5: (0 + 0 + 0.5) ÷ 4 = 0.125, critical fail.
 * - R3, t3 (bob, email), lead, scope review: accuracy 0 → the review is 0, critical fail
 *   (solution 3 → 0.5 and tone 3 → 1 still count per category).
 * - R4, t4 (bob, chat), coach: accuracy 1 → 1, solution not applicable, tone 1 → 0:
 *   (1 + 0) ÷ 2 = 0.5. Disputed.
 * - K1, t6 (bob, email), imported from klaus without ratings: score 0.9 kept, pass mark 0.8: passed.
 * - C1 and C2, t7 (cid, chat), calibration session cal1 by coach and lead: left out of every review
 *   indicator; C1 accuracy 0, solution 4, tone n/a; C2 accuracy 1, solution 4, tone n/a.
 * - S1, t5 (ann), ann's self-review, all top marks (1.0): left out of every review indicator and of
 *   coverage, like calibration; counted, it would raise ann's IQS.
 * - OLD, t1, a month before the week: outside it.
 * Contacts t5 (ann, self-reviewed only) and t7 (cid) have no review of the sample.
 */
const FILES: Record<string, string> = {
  'teams.csv': 'id,name\nsupport,Support\n',
  'agents.csv': 'id,name,team_id\nann,Ann,support\nbob,Bob,support\ncid,Cid,support\n',
  'contacts.csv': `source,external_id,channel,created_at,team_id,assignee_id,topic,priority,status
desk,t1,email,2026-03-02T08:00:00Z,support,ann,delivery,normal,solved
desk,t2,chat,2026-03-02T09:00:00Z,support,ann,delivery,normal,solved
desk,t3,email,2026-03-02T10:00:00Z,support,bob,returns,normal,solved
desk,t4,chat,2026-03-03T08:00:00Z,support,bob,returns,normal,solved
desk,t5,email,2026-03-03T09:00:00Z,support,ann,returns,normal,solved
desk,t6,email,2026-03-03T10:00:00Z,support,bob,delivery,normal,solved
desk,t7,chat,2026-03-03T11:00:00Z,support,cid,delivery,normal,solved
`,
  'qa_reviews.csv': `${REVIEW_COLUMNS}
servicemeter,r1,desk,t1,ann,lead,review,support,1,,2026-03-04T10:00:00Z,,0.8,review,Good
servicemeter,r2,desk,t2,ann,coach,review,chat,1,,2026-03-04T11:00:00Z,,0.8,group,
servicemeter,r3,desk,t3,bob,lead,review,support,1,,2026-03-04T12:00:00Z,,0.8,review,
servicemeter,r4,desk,t4,bob,coach,review,support,1,,2026-03-05T10:00:00Z,,,,
servicemeter,s1,desk,t5,ann,u-ann,self,support,1,,2026-03-05T12:00:00Z,,0.8,review,
klaus,k1,desk,t6,bob,reviewer@example.com,,,,,2026-03-05T11:00:00Z,0.9,,,
servicemeter,c1,desk,t7,cid,coach,calibration,support,1,cal1,2026-03-06T10:00:00Z,,0.8,review,
servicemeter,c2,desk,t7,cid,lead,calibration,support,1,cal1,2026-03-06T11:00:00Z,,0.8,review,
servicemeter,old,desk,t1,ann,lead,review,support,1,,2026-02-04T10:00:00Z,,0.8,review,
`,
  'qa_ratings.csv': `${RATING_COLUMNS}
servicemeter,r1,accuracy,Accuracy,correct,1,0,1,1,true,0.5,,,
servicemeter,r1,solution,Solution,correct,4,1,5,2,false,,,,
servicemeter,r1,tone,Tone,style,3,1,3,1,false,,,,
servicemeter,r2,accuracy,Accuracy,correct,0,0,1,1,true,0.5,Wrong policy,,knowledge
servicemeter,r2,solution,Solution,correct,5,1,5,2,false,,,,
servicemeter,r2,tone,Tone,style,2,1,3,1,false,,,,
servicemeter,r3,accuracy,Accuracy,correct,0,0,1,1,true,,,,process
servicemeter,r3,solution,Solution,correct,3,1,5,2,false,,,,
servicemeter,r3,tone,Tone,style,3,1,3,1,false,,,,
servicemeter,r4,accuracy,Accuracy,correct,1,0,1,1,true,,,,
servicemeter,r4,solution,Solution,correct,,1,5,2,false,,,,
servicemeter,r4,tone,Tone,style,1,1,3,,,,,,tone
servicemeter,s1,accuracy,Accuracy,correct,1,0,1,1,true,,,,
servicemeter,s1,solution,Solution,correct,5,1,5,2,false,,,,
servicemeter,s1,tone,Tone,style,3,1,3,1,false,,,,
servicemeter,c1,accuracy,Accuracy,correct,0,0,1,1,true,,,,
servicemeter,c1,solution,Solution,correct,4,1,5,2,false,,,,
servicemeter,c1,tone,Tone,style,,1,3,1,false,,,,
servicemeter,c2,accuracy,Accuracy,correct,1,0,1,1,true,,,,
servicemeter,c2,solution,Solution,correct,4,1,5,2,false,,,,
servicemeter,c2,tone,Tone,style,,1,3,1,false,,,,
servicemeter,old,accuracy,Accuracy,correct,1,0,1,1,true,,,,
servicemeter,old,solution,Solution,correct,1,1,5,2,false,,,,
servicemeter,old,tone,Tone,style,1,1,3,1,false,,,,
`,
};

/**
 * The operational rows (not canonical, so not imported): a dispute on R4; automatic checks greeting
 * and closing enabled, spelling disabled; t1, t2 and t3 checked; hits: t1 greeting, t3 greeting and
 * closing, t2 spelling (a disabled check: not counted).
 */
async function addOperational(db: Engine): Promise<void> {
  const at = "CAST('2026-03-06 09:00:00' AS TIMESTAMP)";
  // An import checks the contacts it brings with the default checks: these stand in for them.
  for (const table of ['qa_check_hits', 'qa_checked_contacts', 'qa_check_rules'])
    await db.run(`DELETE FROM ${table}`);
  await db.run(
    `INSERT INTO qa_disputes (id, review_source, review_external_id, agent_id, opened_by, reason, status, opened_at)
     VALUES ('d1', 'servicemeter', 'r4', 'bob', 'u-bob', 'The tone was fine', 'open', ${at})`,
  );
  await db.run(
    `INSERT INTO qa_check_rules (id, kind, label, enabled, settings, updated_at) VALUES
     ('greeting', 'greeting', 'Greeting', TRUE, '{}', ${at}),
     ('closing', 'closing', 'Closing', TRUE, '{}', ${at}),
     ('spelling', 'spelling', 'Spelling', FALSE, '{}', ${at})`,
  );
  await db.run(
    `INSERT INTO qa_checked_contacts (contact_key, checked_at, hit_rules) VALUES
     ('desk|t1', ${at}, '|greeting|'), ('desk|t2', ${at}, '|spelling|'), ('desk|t3', ${at}, '|closing|greeting|')`,
  );
  await db.run(
    `INSERT INTO qa_check_hits (contact_key, rule_id, agent_id, occurred_at) VALUES
     ('desk|t1', 'greeting', 'ann', ${at}), ('desk|t3', 'greeting', 'bob', ${at}),
     ('desk|t3', 'closing', 'bob', ${at}), ('desk|t2', 'spelling', 'ann', ${at})`,
  );
}

/** Closes the databases and removes their folder once every test has read them. */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function openReviews(kind: EngineKind): Promise<Engine> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-qa-kpi-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'files'));
  for (const [name, body] of Object.entries(FILES)) await writeFile(join(dir, 'files', name), body);
  const duck = await openDuckDb({ path: join(dir, 'qa.duckdb') });
  cleanups.push(() => duck.close());
  await migrate(duck);
  const imported = await importFiles(duck, [join(dir, 'files')]);
  if (!imported.ok) throw new Error(JSON.stringify(imported.error));
  if (kind === 'duckdb') {
    await addOperational(duck);
    return duck;
  }
  const pg = await openMigratedPostgres(kind);
  cleanups.push(() => pg.close());
  await copyCanonical(duck, pg);
  await addOperational(pg);
  return pg;
}

/**
 * The reviews in the requested engine. Every test only reads them, so each engine's database is
 * made once for the file.
 */
const opened = new Map<string, Promise<Engine>>();
async function withReviews<T>(engine: { kind: EngineKind }, work: (db: Engine) => Promise<T>) {
  let db = opened.get(engine.kind);
  if (db === undefined) {
    db = openReviews(engine.kind);
    opened.set(engine.kind, db);
  }
  return work(await db);
}

async function rows(db: Engine, query: KpiQueryInput, viewerAgent?: string): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { ...WEEK, ...query }, viewerAgent ? { viewerAgent } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

const value = (row: KpiRow | undefined, id: string) => row?.[id] as KpiValue | undefined;

/** `dimension value → [value, n]` of one indicator grouped by one dimension. */
async function split(db: Engine, kpi: string, by: NonNullable<KpiQueryInput['by']>[number]) {
  const found = await rows(db, { kpis: [kpi], by: [by] });
  return Object.fromEntries(
    found.map((r) => [String(r[by]), [value(r, kpi)?.value ?? null, value(r, kpi)?.n ?? 0]]),
  );
}

function close(actual: Record<string, (number | null)[]>, expected: Record<string, [number, number]>) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, [v, n]] of Object.entries(expected)) {
    expect(actual[key]?.[0], key).toBeCloseTo(v, 12);
    expect(actual[key]?.[1], key).toBe(n);
  }
}

describe.each(ENGINES)('$kind: the quality-review indicators', (engine) => {
  test('IQS, reviews, pass, critical fail and dispute rates over the week, calibration left out', async () => {
    await withReviews(engine, async (db) => {
      const [row] = await rows(db, {
        kpis: ['qa_score', 'qa_reviews', 'qa_pass_rate', 'qa_critical_fail_rate', 'qa_dispute_rate'],
      });
      // R1 0.875 + R2 0.125 + R3 0 + R4 0.5 + K1 0.9 = 2.4 over 5.
      expect(value(row, 'qa_score')?.value).toBeCloseTo(0.48, 12);
      expect(value(row, 'qa_score')?.n).toBe(5);
      expect(value(row, 'qa_score')?.low).toBeTypeOf('number');
      expect(value(row, 'qa_reviews')).toMatchObject({ value: 5, n: 5 });
      // Passed: R1 and K1. Critical fails: R2 (its group) and R3. Disputed: R4.
      expect(value(row, 'qa_pass_rate')).toMatchObject({ value: 0.4, n: 5 });
      expect(value(row, 'qa_critical_fail_rate')).toMatchObject({ value: 0.4, n: 5 });
      expect(value(row, 'qa_dispute_rate')).toMatchObject({ value: 0.2, n: 5 });
    });
  });

  test('IQS by agent, reviewer, scorecard and channel', async () => {
    await withReviews(engine, async (db) => {
      // ann: (0.875 + 0.125) ÷ 2; bob: (0 + 0.5 + 0.9) ÷ 3.
      close(await split(db, 'qa_score', 'agent'), { ann: [0.5, 2], bob: [1.4 / 3, 3] });
      // lead: R1, R3; coach: R2, R4; the imported reviewer: K1.
      close(await split(db, 'qa_score', 'qa_reviewer'), {
        lead: [0.4375, 2],
        coach: [0.3125, 2],
        'reviewer@example.com': [0.9, 1],
      });
      // support: R1, R3, R4 = 1.375 ÷ 3; chat: R2; K1 has no scorecard.
      close(await split(db, 'qa_score', 'qa_scorecard'), {
        support: [1.375 / 3, 3],
        chat: [0.125, 1],
        null: [0.9, 1],
      });
      // email: R1, R3, K1 = 1.775 ÷ 3; chat: R2, R4 = 0.625 ÷ 2.
      close(await split(db, 'qa_score', 'channel'), { email: [1.775 / 3, 3], chat: [0.3125, 2] });
    });
  });

  test('category scores: not applicable left out, a failed critical category counts as rated', async () => {
    await withReviews(engine, async (db) => {
      // accuracy: R1 1, R2 0, R3 0, R4 1; solution: R1 0.75, R2 1, R3 0.5 (R4 n/a);
      // tone: R1 1, R2 0.5, R3 1, R4 0. The calibration ratings and OLD are left out.
      close(await split(db, 'qa_category_score', 'qa_category'), {
        accuracy: [0.5, 4],
        solution: [0.75, 3],
        tone: [0.625, 4],
      });
      const [row] = await rows(db, { kpis: ['qa_category_score'] });
      // (2 + 2.25 + 2.5) ÷ 11.
      expect(value(row, 'qa_category_score')?.value).toBeCloseTo(6.75 / 11, 12);
    });
  });

  test('coverage, calibration agreement and automatic check hits', async () => {
    await withReviews(engine, async (db) => {
      const [row] = await rows(db, {
        kpis: ['qa_coverage', 'qa_calibration_agreement', 'qa_check_hit_rate'],
      });
      // Reviewed (calibration left out): t1, t2, t3, t4, t6 of t1–t7.
      expect(value(row, 'qa_coverage')?.value).toBeCloseTo(5 / 7, 12);
      expect(value(row, 'qa_coverage')?.n).toBe(7);
      // Session cal1, coach and lead on t7: accuracy 0 / 1 differ, solution 4 / 4 agree, tone n/a /
      // n/a agree: 2 of 3 pairs, each counted from both sides: 4 of 6.
      expect(value(row, 'qa_calibration_agreement')?.value).toBeCloseTo(2 / 3, 12);
      expect(value(row, 'qa_calibration_agreement')?.n).toBe(6);
      // 3 checked contacts × 2 enabled checks = 6; hits: t1 greeting, t3 greeting, t3 closing.
      expect(value(row, 'qa_check_hit_rate')).toMatchObject({ value: 0.5, n: 6 });
      close(await split(db, 'qa_check_hit_rate', 'qa_check'), { greeting: [2 / 3, 3], closing: [1 / 3, 3] });
      close(await split(db, 'qa_coverage', 'agent'), { ann: [2 / 3, 3], bob: [1, 3], cid: [0, 1] });
    });
  });

  test('without a range, the default spans the reviews as well as the contacts', async () => {
    await withReviews(engine, async (db) => {
      const result = await runKpiQuery(db, { kpis: ['qa_reviews'], timezone: 'UTC' });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      // From OLD (4 February) to the day after the last calibration review (6 March); the contacts
      // alone span 2 to 3 March.
      expect(result.data.range).toMatchObject({ from: '2026-02-04', to: '2026-03-07' });
      expect(value(result.data.rows[0], 'qa_reviews')?.value).toBe(6);
    });
  });

  test('agents are compared with the rest of their team', async () => {
    await withReviews(engine, async (db) => {
      const found = await rows(db, { kpis: ['qa_score'], by: ['agent'] });
      const ann = value(
        found.find((r) => r.agent === 'ann'),
        'qa_score',
      );
      expect(ann?.comparison).toMatchObject({ against: 'rest of team support' });
    });
  });
});

/** An agent's KPI query as the server runs it: scoped to their team or to themselves. */
async function asAgent(db: Engine, agentId: string, query: KpiQueryInput): Promise<KpiRow[]> {
  const parsed = KpiQuery.parse({ ...WEEK, ...query });
  const scoped = scopeKpiQuery({ agentId, teamId: 'support', timezone: 'UTC' }, parsed);
  if (!scoped.ok) throw new Error(scoped.error);
  const result = await runKpiQuery(db, scoped.data.query, scoped.data.options);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

describe.each(ENGINES)('$kind: what an agent and a drill-down get of the review indicators', (engine) => {
  test("an agent sees their own review figures, and no colleague's, not even grouped by reviewer", async () => {
    await withReviews(engine, async (db) => {
      const [own] = await asAgent(db, 'ann', {
        kpis: ['qa_score', 'qa_reviews'],
        filters: { agent: ['ann'] },
      });
      expect(value(own, 'qa_score')).toMatchObject({ value: 0.5, n: 2 });
      expect(value(own, 'qa_reviews')).toMatchObject({ value: 2, n: 2 });
      // Grouped by reviewer across the team, the imported reviewer reviewed bob alone, and every
      // day of the week has reviews of bob's alone: nothing is shown.
      const byReviewer = await asAgent(db, 'ann', { kpis: ['qa_score', 'qa_reviews'], by: ['qa_reviewer'] });
      expect(byReviewer.map((r) => r.qa_reviewer).sort()).toEqual(['coach', 'lead', 'reviewer@example.com']);
      for (const row of byReviewer) {
        expect(value(row, 'qa_score')).toMatchObject({ value: null, withheld: true });
        expect(value(row, 'qa_reviews')).toMatchObject({ value: null, withheld: true });
      }
      for (const kpi of ['qa_score', 'qa_category_score', 'qa_coverage', 'qa_check_hit_rate']) {
        const [team] = await asAgent(db, 'ann', { kpis: [kpi] });
        expect(value(team, kpi), kpi).toMatchObject({ value: null, withheld: true });
      }
      // Her own, by reviewer: who reviewed her and how.
      const mine = await asAgent(db, 'ann', {
        kpis: ['qa_score'],
        by: ['qa_reviewer'],
        filters: { agent: ['ann'] },
      });
      expect(mine.map((r) => [r.qa_reviewer, value(r, 'qa_score')?.value])).toEqual([
        ['coach', 0.125],
        ['lead', 0.875],
      ]);
      expect(
        scopeKpiQuery(
          { agentId: 'ann', teamId: 'support', timezone: 'UTC' },
          KpiQuery.parse({ ...WEEK, kpis: ['qa_score'], filters: { agent: ['bob'] } }),
        ).ok,
      ).toBe(false);
    });
  });

  test("a drill-down of IQS lists the reviews' contacts with their scores; an agent gets only their own", async () => {
    await withReviews(engine, async (db) => {
      const request = { kpi: 'qa_score', ...WEEK, filters: {}, part: 'all' as const, order: 'asc' as const };
      const all = await listContacts(
        db,
        { ...request, sort: 'value' },
        { page: 1, pageSize: 50 },
        { agentId: null },
      );
      if (!all.ok) throw new Error(JSON.stringify(all.error));
      expect(all.data.total).toBe(5);
      expect(all.data.rows.map((r) => [r.key, r.value, r.assigneeId])).toEqual([
        ['desk|t3', 0, 'bob'],
        ['desk|t2', 0.125, 'ann'],
        ['desk|t4', 0.5, 'bob'],
        ['desk|t1', 0.875, 'ann'],
        ['desk|t6', 0.9, 'bob'],
      ]);
      const passed = await listContacts(
        db,
        { ...request, kpi: 'qa_pass_rate', part: 'numerator' },
        { page: 1, pageSize: 50 },
        { agentId: null },
      );
      expect(passed.ok && passed.data.rows.map((r) => r.key).sort()).toEqual(['desk|t1', 'desk|t6']);
      const byReviewer = await listContacts(
        db,
        { ...request, filters: { qa_reviewer: ['lead'] } },
        { page: 1, pageSize: 50 },
        { agentId: null },
      );
      expect(byReviewer.ok && byReviewer.data.rows.map((r) => r.key).sort()).toEqual(['desk|t1', 'desk|t3']);
      const mine = await listContacts(
        db,
        { ...request, sort: 'assignee_id' },
        { page: 1, pageSize: 50 },
        { agentId: 'ann' },
      );
      if (!mine.ok) throw new Error(JSON.stringify(mine.error));
      expect(mine.data.rows.map((r) => r.key).sort()).toEqual(['desk|t1', 'desk|t2']);
      const uncovered = await listContacts(
        db,
        { ...request, kpi: 'qa_coverage', part: 'rest', sort: 'frt_s' },
        { page: 1, pageSize: 50 },
        { agentId: null },
      );
      expect(uncovered.ok && uncovered.data.rows.map((r) => r.key).sort()).toEqual(['desk|t5', 'desk|t7']);
    });
  });

  test("the agents' scorecards carry their IQS beside the rest of their team", async () => {
    await withReviews(engine, async (db) => {
      const result = await scorecards(db, WEEK);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const iqs = (agent: string) =>
        result.data.agents.find((c) => c.agent.id === agent)?.kpis.find((k) => k.kpi === 'qa_score');
      expect(iqs('ann')?.value).toMatchObject({ value: 0.5, n: 2 });
      expect(iqs('ann')?.rest).toMatchObject({ value: 1.4 / 3, n: 3 });
      expect(iqs('bob')?.value.value).toBeCloseTo(1.4 / 3, 12);
    });
  });

  test('the query size counts the review dimensions', async () => {
    await withReviews(engine, async (db) => {
      expect(await dimensionSizes(db)).toMatchObject({
        qa_scorecard: 2,
        qa_category: 3,
        // lead, coach, reviewer@example.com and u-ann (her self-review).
        qa_reviewer: 4,
        qa_check: 3,
      });
      // A single query counts only its own dimensions.
      expect(await dimensionSizes(db, {}, ['qa_reviewer', 'channel'])).toEqual({
        qa_reviewer: 4,
        channel: (await dimensionSizes(db)).channel,
      });
      expect(await dimensionSizes(db, {}, [])).toEqual({});
    });
  });
});
