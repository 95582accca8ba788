import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kpiValueIn, withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSource } from '../../services/import-source.js';
import { runKpiQuery } from '../../services/kpi.js';
import { surveys } from './surveys.js';

const DIR = new URL('../../../test/fixtures/sources/surveys/', import.meta.url).pathname;
const CSAT = join(DIR, 'csat-export.csv');
const CSAT_MAP = join(DIR, 'csat.map.json');
const NPS = join(DIR, 'nps-export.csv');
const NPS_MAP = join(DIR, 'nps.map.json');
const KPIS = ['csat', 'csat_avg', 'nps'];
const CONTACTS = join(DIR, 'helpdesk', 'contacts.csv');

async function indicators(db: Parameters<typeof runKpiQuery>[0]) {
  const result = await runKpiQuery(db, {
    kpis: KPIS,
    hours: 'calendar',
    from: '2026-03-02',
    to: '2026-03-04',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  const row = result.data.rows[0];
  return Object.fromEntries(
    KPIS.map((id) => [id, { value: kpiValueIn(row, id).value, n: kpiValueIn(row, id).n }]),
  );
}

async function importBoth(db: Parameters<typeof runKpiQuery>[0] & Parameters<typeof importSource>[0]) {
  const csat = await importSource(db, surveys, [CSAT], { mappingPath: CSAT_MAP });
  if (!csat.ok) throw new Error(JSON.stringify(csat.error));
  const nps = await importSource(db, surveys, [NPS], { mappingPath: NPS_MAP, source: 'nps-tool' });
  if (!nps.ok) throw new Error(JSON.stringify(nps.error));
  return { csat: csat.data, nps: nps.data };
}

describe('surveys --map', () => {
  test('text answers and 0–10 scores give the CSAT and NPS worked out by hand', async () => {
    await withDuckDb([CONTACTS], async (db) => {
      await importBoth(db);
      expect(await indicators(db)).toEqual({
        // Overall answers: Very satisfied 5, Satisfied 4, Neutral 3, Very dissatisfied 1, Very satisfied 5,
        // Satisfied 4 (the Delivery answer is a dimension, N/A is no answer): 4 of 6 in the top box.
        csat: { value: 4 / 6, n: 6 },
        csat_avg: { value: 22 / 6, n: 6 },
        // 10 9 8 7 6 3 10 0 9 (one empty): promoters 4, detractors 3 of 9.
        nps: { value: ((4 - 3) / 9) * 100, n: 9 },
      });
      const rows = await db.all(
        "SELECT external_id, score, dimension, language, contact_source, contact_external_id, CAST(responded_at AS VARCHAR) AS at FROM survey_responses WHERE external_id IN ('R-1004', 'R-1006', 'R-1008') ORDER BY external_id",
      );
      // Amsterdam is UTC+1 in March.
      expect(rows).toEqual([
        {
          external_id: 'R-1004',
          score: 1,
          dimension: null,
          language: 'en',
          contact_source: 'helpdesk',
          contact_external_id: 'T-504',
          at: '2026-03-02 12:30:00',
        },
        {
          external_id: 'R-1006',
          score: 2,
          dimension: 'delivery',
          language: 'nl',
          contact_source: 'helpdesk',
          contact_external_id: 'T-506',
          at: '2026-03-03 08:20:00',
        },
        {
          external_id: 'R-1008',
          score: null,
          dimension: null,
          language: 'en',
          contact_source: 'helpdesk',
          contact_external_id: null,
          at: '2026-03-03 15:45:00',
        },
      ]);
    });
  });

  test('importing the exports twice gives the same database', async () => {
    await withDuckDb([CONTACTS], async (db) => {
      await importBoth(db);
      const before = {
        kpis: await indicators(db),
        rows: await db.all('SELECT count(*) AS n FROM survey_responses'),
      };
      await importBoth(db);
      expect({
        kpis: await indicators(db),
        rows: await db.all('SELECT count(*) AS n FROM survey_responses'),
      }).toEqual(before);
      expect(before.rows).toEqual([{ n: 18 }]);
    });
  });

  test('an unknown answer and a score outside the scale are rejected; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const csat = join(dir, 'csat.csv');
      const lines = (await readFile(CSAT, 'utf8')).trimEnd().split('\n');
      lines[2] = lines[2]?.replace(';Satisfied;', ';Rather happy;') ?? '';
      await writeFile(csat, `${lines.join('\n')}\n`);
      const nps = join(dir, 'nps.csv');
      const npsLines = (await readFile(NPS, 'utf8')).trimEnd().split('\n');
      npsLines[3] = npsLines[3]?.replace(',8,', ',11,') ?? '';
      await writeFile(nps, `${npsLines.join('\n')}\n`);
      await withDuckDb([CONTACTS], async (db) => {
        const bad = await importSource(db, surveys, [csat], { mappingPath: CSAT_MAP });
        expect(bad.ok ? null : bad.error).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: csat,
              line: 3,
              column: 'answer',
              reason: "unknown value 'Rather happy' (not in fields.score.map)",
            },
          ],
        });
        const outside = await importSource(db, surveys, [nps], { mappingPath: NPS_MAP });
        expect(outside.ok ? null : outside.error).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [{ file: nps, line: 4, column: 'survey.score', reason: '11 is outside the scale 0–10' }],
        });
        expect(await db.all('SELECT count(*) AS n FROM survey_responses')).toEqual([{ n: 0 }]);
        const skipped = await importSource(db, surveys, [csat], {
          mappingPath: CSAT_MAP,
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        if (!skipped.ok) throw new Error(JSON.stringify(skipped.error));
        expect(skipped.data.rejected).toBe(1);
        expect(await db.all('SELECT count(*) AS n FROM survey_responses')).toEqual([{ n: 7 }]);
      });
    });
  });

  test('detect recognises survey exports and nothing else', async () => {
    const head = async (path: string) => ({ name: path, head: await readFile(path, 'utf8') });
    expect(surveys.detect(await head(CSAT))).toContain('Survey answers');
    expect(surveys.detect(await head(NPS))).toContain('Survey answers');
    const helpdesk = new URL('../../../test/fixtures/small-helpdesk/contacts.csv', import.meta.url).pathname;
    expect(surveys.detect(await head(helpdesk))).toBeNull();
    const queueLog = new URL('../../../test/fixtures/sources/asterisk/queue_log', import.meta.url).pathname;
    expect(surveys.detect(await head(queueLog))).toBeNull();
  });
});
