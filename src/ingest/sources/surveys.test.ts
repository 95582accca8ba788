import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  fixturePath,
  importSourceError,
  importSourceOrThrow,
  kpiOverview,
  overviewAndCounts,
  refuseThenSkipBadRows,
  rowCount,
  writeEditedCopy,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { surveys } from './surveys.js';

const CSAT = fixturePath('sources/surveys/csat-export.csv');
const CSAT_MAP = fixturePath('sources/surveys/csat.map.json');
const NPS = fixturePath('sources/surveys/nps-export.csv');
const NPS_MAP = fixturePath('sources/surveys/nps.map.json');
const KPIS = ['csat', 'csat_avg', 'nps'];
const CONTACTS = fixturePath('sources/surveys/helpdesk/contacts.csv');

const indicators = (db: Engine) => kpiOverview(db, KPIS, { from: '2026-03-02', to: '2026-03-04' });
const snapshot = overviewAndCounts(indicators, ['survey_responses']);

async function importBoth(db: DuckDbEngine): Promise<void> {
  await importSourceOrThrow(db, surveys, [CSAT], { mappingPath: CSAT_MAP });
  await importSourceOrThrow(db, surveys, [NPS], { mappingPath: NPS_MAP, source: 'nps-tool' });
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
      const before = await snapshot(db);
      await importBoth(db);
      expect(await snapshot(db)).toEqual(before);
      expect(before.tables).toEqual([{ survey_responses: 18 }]);
    });
  });

  test('an unknown answer and a score outside the scale are rejected; nothing is written', async () => {
    await withTempDir(async (dir) => {
      const csat = join(dir, 'csat.csv');
      await writeEditedCopy(CSAT, csat, [[2, ';Satisfied;', ';Rather happy;']]);
      const nps = join(dir, 'nps.csv');
      await writeEditedCopy(NPS, nps, [[3, ',8,', ',11,']]);
      await withDuckDb([CONTACTS], async (db) => {
        const outside = await importSourceError(db, surveys, [nps], { mappingPath: NPS_MAP });
        const badRows = await refuseThenSkipBadRows(db, surveys, [csat], join(dir, 'rejects.csv'), {
          mappingPath: CSAT_MAP,
          emptyTable: 'survey_responses',
        });
        expect(badRows.error).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [
            {
              file: csat,
              line: 3,
              column: 'answer',
              reason:
                "'Rather happy' is not in the map of field score: add it to map (null for no value, e.g. no status) or give default",
            },
          ],
        });
        expect(outside).toEqual({
          kind: 'bad_rows',
          total: 1,
          problems: [{ file: nps, line: 4, column: 'survey.score', reason: '11 is outside the scale 0–10' }],
        });
        expect(badRows.skipped.rejected).toBe(1);
        expect(await rowCount(db, 'survey_responses')).toBe(7);
      });
    });
  });

  test('detect recognises survey exports and nothing else', async () => {
    expect(surveys.detect(await detectInput(CSAT))).toContain('Survey answers');
    expect(surveys.detect(await detectInput(NPS))).toContain('Survey answers');
    for (const other of ['small-helpdesk/contacts.csv', 'sources/asterisk/queue_log'])
      expect(surveys.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
