import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { createDemoQa } from '../../src/services/demo/qa.js';
import { createDemoSurveys } from '../../src/services/demo/surveys.js';
import { importFiles } from '../../src/services/import.js';
import { goalProgress, listAssignments } from '../../src/services/qa/assignments.js';
import { calibrationResult, listCalibrationSessions } from '../../src/services/qa/calibration.js';
import { listCoachingSessions, trainingNeeds } from '../../src/services/qa/coaching.js';
import { listDisputes } from '../../src/services/qa/disputes.js';
import { reviewerDrift } from '../../src/services/qa/drift.js';
import { listScorecards } from '../../src/services/qa/scorecards.js';
import { withDuckDb } from '../support/engines.js';

const first = async (db: Engine, sql: string) => (await db.all(sql))[0] ?? {};

describe('the demo quality reviews', () => {
  test('after the import every quality page has something to show', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'servicemeter-demo-qa-'));
    try {
      await writeDemoFiles(dir, { contacts: 1500, seed: 1 });
      await withDuckDb([], async (db) => {
        const imported = await importFiles(db, [dir]);
        expect(imported.ok).toBe(true);
        await createDemoSurveys(db);
        await createDemoQa(db, 1);

        expect((await listScorecards(db)).map((s) => [s.id, s.status])).toEqual([
          ['phone', 'active'],
          ['written', 'active'],
        ]);
        // The imported reviews score against the scorecards' categories: no rating is left out.
        expect(
          await first(
            db,
            `SELECT count(*) AS orphans FROM qa_ratings r JOIN qa_reviews v ON v.source = r.source AND v.external_id = r.review_external_id
             WHERE r.category_id NOT IN ('solution', 'knowledge', 'process', 'tone', 'brand', 'privacy', 'greeting', 'empathy', 'verification', 'closing')`,
          ),
        ).toEqual({ orphans: 0 });
        const reviews = await first(
          db,
          `SELECT count(*) AS reviews, count(*) FILTER (WHERE critical_failed) AS critical, count(DISTINCT agent_id) AS agents,
             count(*) FILTER (WHERE score IS NULL) AS unscored
           FROM qa_review_facts WHERE kind = 'review'`,
        );
        expect(Number(reviews.reviews)).toBeGreaterThan(150);
        expect(Number(reviews.critical)).toBeGreaterThan(0);
        expect(reviews.agents).toBe(12);
        expect(reviews.unscored).toBe(0);

        const drift = await reviewerDrift(db, {
          from: new Date('2026-04-01T00:00:00Z'),
          to: new Date('2026-07-01T00:00:00Z'),
        });
        const difference = new Map(drift.map((d) => [d.reviewerId, d.difference]));
        expect(difference.get('qa-jeroen')).toBeLessThan(0);
        expect(difference.get('qa-iris')).toBeGreaterThan(0);

        const sessions = await listCalibrationSessions(db);
        expect(sessions.map((s) => s.status).sort()).toEqual(['closed', 'open']);
        const closed = sessions.find((s) => s.status === 'closed');
        const result = closed ? await calibrationResult(db, closed.id) : null;
        expect(result?.reviews).toBe(8);
        expect(result?.overall.pairs).toBeGreaterThan(0);

        const disputes = await listDisputes(db, {});
        expect(disputes.map((d) => d.status).sort()).toEqual(['accepted', 'open']);
        const accepted = disputes.find((d) => d.status === 'accepted');
        expect(accepted?.scoreAfter).toBeGreaterThan(accepted?.scoreBefore ?? 1);

        const coaching = await listCoachingSessions(db, {});
        expect(coaching.map((c) => c.agentId).sort()).toEqual(['noah', 'ruben']);
        const needs = await trainingNeeds(db, {
          from: new Date('2026-04-01T00:00:00Z'),
          to: new Date('2026-07-01T00:00:00Z'),
          agentId: 'ruben',
        });
        expect(needs.length).toBeGreaterThan(0);
        expect(Number((await first(db, 'SELECT count(*) AS n FROM training_days')).n)).toBeGreaterThan(10);

        const open = await listAssignments(db, { status: 'open', limit: 500, offset: 0 });
        expect(open.total).toBeGreaterThan(0);
        expect((await goalProgress(db, '2026-06')).length).toBeGreaterThan(0);

        const checks = await first(
          db,
          `SELECT (SELECT count(*) FROM qa_checked_contacts) AS checked, (SELECT count(*) FROM qa_check_hits) AS hits`,
        );
        expect(checks.checked).toBe(1500);
        expect(Number(checks.hits)).toBeGreaterThan(0);
        // Every check has hits to show, spelling too: now and then a reply is hurried.
        const hitRules = await db.all('SELECT DISTINCT rule_id FROM qa_check_hits ORDER BY rule_id');
        expect(hitRules.map((r) => r.rule_id)).toEqual([
          'closing',
          'forbidden_phrases',
          'greeting',
          'preferred_phrases',
          'reply_time',
          'spelling',
          'unanswered_gap',
        ]);
        // Without the hurried replies (three slips), one reply in 1,500 contacts reaches the
        // threshold of three unknown words; with them, about fifteen.
        const spelling = await first(
          db,
          "SELECT count(*) AS n FROM qa_check_hits WHERE rule_id = 'spelling'",
        );
        expect(Number(spelling.n)).toBeGreaterThanOrEqual(5);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
