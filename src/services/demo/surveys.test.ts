import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpiValueIn, withTempDir } from '../../../test/support/engines.js';
import { SurveyDefinition } from '../../core/surveys/definition.js';
import { openDuckDb } from '../../engines/duckdb/engine.js';
import { importFiles } from '../import.js';
import { runKpiQuery } from '../kpi.js';
import { migrate } from '../migrate.js';
import { getSurvey, listSurveys } from '../surveys/store.js';
import { writeDemoFiles } from './generate.js';
import { createDemoSurveys, DEMO_SURVEYS } from './surveys.js';

describe('demo surveys', () => {
  it('offer every built-in language with every text', () => {
    for (const survey of DEMO_SURVEYS) {
      const definition = SurveyDefinition.parse(survey.definition);
      expect(definition.languages).toEqual(['en', 'nl', 'sv', 'uk', 'zh-CN']);
      const texts = [definition.title, definition.thanks, ...definition.questions.map((q) => q.text)];
      for (const text of texts)
        for (const language of definition.languages)
          expect(text[language], `${survey.id} ${language}`).toBeTruthy();
    }
  });

  it('are in the database with the questions their imported answers name, and their indicators work', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await writeDemoFiles(files, { contacts: 2_000, seed: 1 });
      const db = await openDuckDb({ path: join(dir, 'demo.duckdb') });
      try {
        await migrate(db);
        const imported = await importFiles(db, [files]);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        await createDemoSurveys(db);

        const summaries = await listSurveys(db);
        expect(summaries.map((s) => s.id).sort()).toEqual(['help-centre', 'post-contact', 'relationship']);
        for (const summary of summaries) {
          expect(summary.status).toBe('active');
          expect(summary.answered, summary.id).toBeGreaterThan(0);
        }
        const postContact = summaries.find((s) => s.id === 'post-contact');
        expect(postContact?.responseRate).toBeGreaterThan(0.15);
        expect(postContact?.responseRate).toBeLessThan(0.5);

        const named = await db.all(
          `SELECT DISTINCT survey_id, survey_version, question_id FROM survey_responses WHERE survey_id IS NOT NULL`,
        );
        for (const row of named) {
          const survey = await getSurvey(db, String(row.survey_id), Number(row.survey_version));
          expect(survey, String(row.survey_id)).not.toBeNull();
          if (row.question_id !== null)
            expect(survey?.definition.questions.map((q) => q.id)).toContain(String(row.question_id));
        }
        // Every answer of the own surveys reached the facts, with where it came from.
        const facts = await db.all(
          `SELECT survey_source, count(*) AS n FROM survey_facts WHERE survey_id IS NOT NULL GROUP BY survey_source ORDER BY 1`,
        );
        expect(facts.map((f) => f.survey_source)).toEqual([
          'contact-page',
          'email',
          'help-centre',
          'instagram',
          'link',
          'qr',
          'wave',
          'widget',
        ]);
        const shops = await db.all(
          'SELECT DISTINCT location FROM survey_facts WHERE location IS NOT NULL ORDER BY 1',
        );
        expect(shops.map((s) => s.location)).toEqual(['shop-amsterdam', 'shop-utrecht']);

        const kpis = await runKpiQuery(db, {
          kpis: ['csat', 'csat_response_rate', 'nps'],
          timezone: 'Europe/Amsterdam',
        });
        if (!kpis.ok) throw new Error(JSON.stringify(kpis.error));
        const row = kpis.data.rows[0];
        // Answers ÷ invitations, the own survey's e-mails counted like the helpdesk's were.
        expect(kpiValueIn(row, 'csat_response_rate').value).toBeGreaterThan(0.15);
        expect(kpiValueIn(row, 'csat_response_rate').value).toBeLessThan(0.5);
        expect(kpiValueIn(row, 'csat').n).toBeGreaterThan(100);
      } finally {
        await db.close();
      }
    });
  }, 120_000);
});
