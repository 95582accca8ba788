import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { FIXTURES, withDuckDb } from '../../../test/support/engines.js';
import { kpiFigure } from '../../../test/support/sources.js';
import { surveyTemplate } from '../../core/surveys/templates.js';
import { createContext } from '../../server/context.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import { setSurveyConfig } from './config.js';
import { createInvitation } from './invitations.js';
import { SurveyRuntime } from './runtime.js';
import { createSurvey } from './store.js';

const SENT = new Date('2026-03-09T09:30:00Z');

describe('survey runtime in the server', () => {
  test('answers processed make the server forget the KPI results they change', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      const engine = serializeEngine(db);
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        SENT,
      );
      const made = await createInvitation(
        db,
        { surveyId: 'after', via: 'email', contact: { source: 'helpdesk', externalId: 't2' }, sentAt: SENT },
        SENT,
      );
      if (!made.ok) throw new Error(JSON.stringify(made.error));
      const surveys = new SurveyRuntime(engine, { database: db });
      await surveys.drain();
      const ctx = createContext({ engine, version: 'test', staticDir: null, surveys });
      const rate = async () => {
        const result = await ctx.kpiResults.run({
          kpis: ['csat_response_rate'],
          hours: 'calendar',
          from: '2026-03-01',
          to: '2026-04-01',
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return kpiFigure(result.data.rows[0], 'csat_response_rate');
      };
      expect(await rate()).toEqual({ value: 4 / 6, n: 6 });
      await surveys.intake.submit({
        invitationId: made.data.invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 4 },
        complete: true,
      });
      await surveys.drain();
      // Asked again at once: a kept result would still say 4 of 6.
      expect(await rate()).toEqual({ value: 5 / 6, n: 6 });
      await surveys.stop();
    });
  });

  test('a running server applies the retention period by itself and forgets what it changed', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      const engine = serializeEngine(db);
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        SENT,
      );
      const made = await createInvitation(
        db,
        { surveyId: 'after', via: 'email', contact: { source: 'helpdesk', externalId: 't2' }, sentAt: SENT },
        SENT,
      );
      if (!made.ok) throw new Error(JSON.stringify(made.error));
      let clock = SENT;
      const surveys = new SurveyRuntime(engine, { database: db, now: () => clock });
      await surveys.intake.submit({
        invitationId: made.data.invitationId,
        surveyId: 'after',
        version: 1,
        language: 'en',
        answers: { csat: 4, comment: 'Quick and kind' },
        complete: true,
      });
      await surveys.drain();
      const ctx = createContext({ engine, version: 'test', staticDir: null, surveys });
      const answered = async () => {
        const result = await ctx.kpiResults.run({
          kpis: ['csat'],
          hours: 'calendar',
          from: '2026-03-01',
          to: '2026-04-01',
          by: ['agent'],
        });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return result.data.rows.map((row) => [row.agent, kpiFigure(row, 'csat').n]);
      };
      const before = await answered();
      await setSurveyConfig(db, { retentionDays: 60, keepAnonymised: true });
      clock = new Date(SENT.getTime() + 90 * 24 * 60 * 60_000);
      surveys.start();
      await surveys.applyRetentionNow();
      const kept = await db.all(
        `SELECT comment, customer_id FROM survey_responses WHERE invitation_id = '${made.data.invitationId}'`,
      );
      expect(kept).toEqual([{ comment: null, customer_id: null }]);
      // Anonymised, the answer still counts for the agent it was credited to.
      expect(await answered()).toEqual(before);
      await surveys.stop();
    });
  });

  test('a retention run that fails says so on stderr, as one JSON line, and the next one runs', async () => {
    await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db) => {
      await setSurveyConfig(db, { retentionDays: 60 });
      // A table the retention needs is missing: the run fails inside its transaction.
      await db.run('ALTER TABLE survey_submissions RENAME TO survey_submissions_away');
      const written: string[] = [];
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      const surveys = new SurveyRuntime(serializeEngine(db), { now: () => SENT });
      try {
        await surveys.applyRetentionNow();
      } finally {
        stderr.mockRestore();
      }
      expect(written).toHaveLength(1);
      const line = written[0] ?? '';
      expect(line.endsWith('\n')).toBe(true);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', what: 'survey retention' });
      expect(JSON.parse(line).error).toContain('survey_submissions');
      await db.run('ALTER TABLE survey_submissions_away RENAME TO survey_submissions');
      await expect(surveys.applyRetentionNow()).resolves.toBeUndefined();
      await surveys.stop();
    });
  });
});
