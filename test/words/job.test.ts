import { expect, test } from 'vitest';
import type { ExclusiveEngine } from '../../src/services/jobs/kind.js';
import { wordsAnalysisJob } from '../../src/services/jobs/kinds/words-analysis.js';
import { ensureWordsJobWhenUsed, WORDS_JOB_KIND } from '../../src/services/words/job.js';
import { putWordsSettings } from '../../src/services/words/settings.js';
import { withMigrated } from '../support/engines.js';

const NOW = new Date('2026-06-02T08:00:00Z');

test('the analysis job is made once the analysis is set up, and reads an answer no import brought', async () => {
  await withMigrated('duckdb', async (db) => {
    const jobs = async () =>
      Number((await db.all(`SELECT count(*) AS n FROM jobs WHERE kind = '${WORDS_JOB_KIND}'`))[0]?.n);
    // Nothing to read yet: a server's start makes no job.
    expect(await ensureWordsJobWhenUsed(db, NOW)).toBe(false);
    expect(await jobs()).toBe(0);
    const saved = await putWordsSettings(db, { dictionary: ['售后小哥'] }, NOW);
    expect(saved.ok).toBe(true);
    expect(await jobs()).toBe(1);
    expect(await ensureWordsJobWhenUsed(db, NOW)).toBe(false);
    expect(await jobs()).toBe(1);

    // An answer the server's own survey stored: written straight into the table, as the survey runtime does.
    await db.run(
      `INSERT INTO survey_responses (source, external_id, kind, scale_min, scale_max, score, comment, language, responded_at)
       VALUES ('servicemeter', 'answer-1', 'csat', 1, 5, 1, 'De bezorging duurde veel te lang en niemand belde terug.', 'nl',
         TIMESTAMP '2026-06-01 10:00:00')`,
    );
    const context = {
      engine: db as ExclusiveEngine,
      now: () => NOW,
      progress: () => undefined,
    } as unknown as Parameters<typeof wordsAnalysisJob.run>[0];
    const first = await wordsAnalysisJob.run(context);
    expect(first).toMatchObject({ ok: true, data: { analysed: 1, byLanguage: { nl: 1 } } });
    expect(await db.all(`SELECT item_key, kind, language FROM text_items`)).toEqual([
      { item_key: 'comment|servicemeter|answer-1', kind: 'survey_comment', language: 'nl' },
    ]);
    // The next run finds nothing new.
    expect(await wordsAnalysisJob.run(context)).toMatchObject({ ok: true, data: { analysed: 0 } });
  });
});
