import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { closeSpeller, runChecks } from './checks.js';
import { unknownWords } from './speller.js';

const NOW = new Date('2026-03-10T00:00:00Z');

/** One Ukrainian e-mail whose reply has three misspelt words. */
async function ukrainianHelpdesk(dir: string): Promise<string[]> {
  const files = {
    'contacts.csv':
      'source,external_id,channel,created_at,team_id,assignee_id,customer_language\n' +
      'shop,1,email,2026-03-02T09:00:00Z,uk-team,olena,uk-UA\n',
    'contact_events.csv':
      'source,contact_external_id,external_id,kind,occurred_at,agent_id,body\n' +
      'shop,1,m1,customer_message,2026-03-02T09:00:00Z,,Де моя посилка?\n' +
      'shop,1,r1,agent_reply,2026-03-02T09:05:00Z,olena,"Добрий день! Посилку відправленно сьогоднї, вона прибуде завтраа. З повагою"\n',
  };
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return paths;
}

afterAll(closeSpeller);

describe('the spelling dictionaries in their worker thread', () => {
  test('the calling thread keeps running while the Ukrainian dictionary loads', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb(await ukrainianHelpdesk(dir), async (db) => {
        // A new worker: the run below loads the dictionary again.
        await closeSpeller();
        const ticks: number[] = [performance.now()];
        const ticking = setInterval(() => ticks.push(performance.now()), 20);
        try {
          await runChecks(db, 'all', NOW);
        } finally {
          clearInterval(ticking);
          ticks.push(performance.now());
        }
        const spelling = await db.all("SELECT detail FROM qa_check_hits WHERE rule_id = 'spelling'");
        expect(spelling.map((r) => r.detail)).toEqual(['3 unknown words: відправленно, сьогоднї, завтраа']);
        // Reading the dictionary is a few hundred milliseconds of CPU in one go: on the calling
        // thread it would hold the timer back that long.
        const longestWait = Math.max(...ticks.slice(1).map((t, i) => t - (ticks[i] ?? t)));
        expect(longestWait).toBeLessThan(200);
      });
    });
  }, 120_000);

  test('a question open when the speller closes fails; the next one starts it again', async () => {
    const asked = unknownWords({ en: ['parcel', 'parcle'] });
    await closeSpeller();
    await expect(asked).rejects.toThrow(/spelling worker stopped/);
    expect(await unknownWords({ en: ['parcel', 'parcle'], 'zh-CN': ['包裹'] })).toEqual({
      en: ['parcle'],
      'zh-CN': [],
    });
  }, 60_000);
});
