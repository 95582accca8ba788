import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { KpiValue } from '../src/core/kpi/query.js';
import { importFiles } from '../src/services/import.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { FIXTURES, withDuckDb, withTempDir } from './support/engines.js';

const WEEK = { from: '2026-03-02', to: '2026-03-16', timezone: 'Europe/Amsterdam' };

async function fixtureCopy(dir: string): Promise<string> {
  const copy = join(dir, 'data');
  await cp(join(FIXTURES, 'small-helpdesk'), copy, { recursive: true });
  return copy;
}

describe('rules shared between the importer and the business-hours calendar', () => {
  test.each([
    ['9:00', '17:00', 'start_time'],
    ['24:00', '17:00', 'start_time'],
    ['09:00', '25:00', 'end_time'],
    ['09:00', '09:00', 'end_time'],
  ])('interval %s–%s is rejected on %s with its line, nothing stored', async (start, end, column) => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'calendar_intervals.csv');
      await writeFile(
        file,
        `calendar_id,weekday,start_time,end_time\noffice,1,08:00,12:00\noffice,2,${start},${end}\n`,
      );
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [file]);
        expect(result.ok).toBe(false);
        if (result.ok || result.error.kind !== 'bad_rows') throw new Error('expected bad rows');
        expect(result.error.problems[0]).toMatchObject({ file, line: 3, column });
        expect(await db.all('SELECT count(*) AS n FROM calendar_intervals')).toEqual([{ n: 0 }]);
      });
    });
  });

  test('a whole number too large for the column is a bad row, not a crash', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'survey_responses.csv');
      await writeFile(
        file,
        'source,external_id,kind,scale_min,scale_max,sent_at\ns,1,csat,1,99999999999,2026-03-02T10:00:00Z\n',
      );
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [file]);
        expect(!result.ok && result.error.kind === 'bad_rows' && result.error.problems[0]).toMatchObject({
          line: 2,
          column: 'scale_max',
        });
      });
    });
  });

  test('a suggestion without a score (custom, scale 0–0) is read back; a score on a one-point scale is not', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'survey_responses.csv');
      const header = 'source,external_id,kind,scale_min,scale_max,score,comment,responded_at\n';
      await writeFile(
        file,
        `${header}servicemeter,a1,custom,0,0,,More opening hours please,2026-03-02T10:00:00Z\n`,
      );
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [file]);
        expect(result.ok, JSON.stringify(result)).toBe(true);
        expect(await db.all('SELECT comment FROM survey_responses')).toEqual([
          { comment: 'More opening hours please' },
        ]);
      });
      await writeFile(file, `${header}servicemeter,a2,csat,0,0,,,2026-03-02T10:00:00Z\n`);
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [file]);
        expect(!result.ok && result.error.kind === 'bad_rows' && result.error.problems[0]).toMatchObject({
          line: 2,
          column: 'scale_max',
        });
      });
    });
  });
});

describe('broken CSV quoting', () => {
  test('stops the import even with --skip-bad-rows, and rows before it are still checked', async () => {
    await withTempDir(async (dir) => {
      const data = await fixtureCopy(dir);
      const contacts = join(data, 'contacts.csv');
      const text = await readFile(contacts, 'utf8');
      const lines = text.trimEnd().split('\n');
      lines[2] = lines[2]?.replace('email', 'fax') ?? '';
      lines.push('helpdesk,t7,email,2026-03-04T09:00:00Z,c7,support,ann,"quoted"x,,normal,open,');
      await writeFile(contacts, `${lines.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, [data], {
          skipBadRows: true,
          rejectsPath: join(dir, 'rejects.csv'),
        });
        if (result.ok || result.error.kind !== 'bad_rows') throw new Error('expected the import to stop');
        const where = result.error.problems.map((p) => [p.line, p.column]);
        expect(where).toContainEqual([3, 'channel']);
        expect(where).toContainEqual([8, '(row)']);
        expect(await db.all('SELECT count(*) AS n FROM contacts')).toEqual([{ n: 0 }]);
      });
    });
  });
});

describe('calendars and targets in the facts', () => {
  test('a team pointing at a missing calendar uses the default one instead of zero business time', async () => {
    await withTempDir(async (dir) => {
      const data = await fixtureCopy(dir);
      await writeFile(join(data, 'teams.csv'), 'id,name,calendar_id\nsupport,Support,nowhere\n');
      await withDuckDb([data], async (db) => {
        const result = await runKpiQuery(db, { ...WEEK, kpis: ['frt'], stat: 'mean' });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        expect((result.data.rows[0] as Record<string, KpiValue>).frt?.value).toBeCloseTo(
          (20 + 30 + 1200 + 3600) / 4,
          6,
        );
      });
    });
  });

  test('a per-team target overrides the channel target', async () => {
    await withTempDir(async (dir) => {
      const data = await fixtureCopy(dir);
      await writeFile(
        join(data, 'targets.csv'),
        'metric,channel,team_id,threshold_seconds,hours\nfrt,phone,,20,business\nfrt,phone,support,60,business\n',
      );
      await withDuckDb([data], async (db) => {
        const result = await runKpiQuery(db, { ...WEEK, kpis: ['frt_within_target'] });
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        // t6 (phone, 30 s) now makes its 60 s team target: 4 of 4.
        expect(result.data.rows[0]?.frt_within_target).toMatchObject({ value: 1, n: 4 });
      });
    });
  });
});

describe('service dimensions', () => {
  test('answers about a dimension are apart from overall CSAT', async () => {
    await withTempDir(async (dir) => {
      const data = await fixtureCopy(dir);
      await writeFile(
        join(data, 'survey_responses-dimensions.csv'),
        [
          'source,external_id,kind,scale_min,scale_max,score,dimension,contact_external_id,sent_at,responded_at',
          'helpdesk,d1,csat,1,5,5,delivery,t1,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z',
          'helpdesk,d2,csat,1,5,1,delivery,t2,2026-03-09T09:00:00Z,2026-03-09T12:00:00Z',
          'helpdesk,d3,csat,1,5,4,invoice,t2,2026-03-09T09:00:00Z,2026-03-09T12:00:00Z',
        ].join('\n'),
      );
      await withDuckDb([data], async (db) => {
        const overall = await runKpiQuery(db, { ...WEEK, kpis: ['csat', 'csat_dimension'] });
        if (!overall.ok) throw new Error(JSON.stringify(overall.error));
        expect(overall.data.rows[0]?.csat).toMatchObject({ value: 0.5, n: 4 });
        expect(overall.data.rows[0]?.csat_dimension).toMatchObject({ n: 3 });
        const split = await runKpiQuery(db, { ...WEEK, kpis: ['csat_dimension'], by: ['survey_dimension'] });
        if (!split.ok) throw new Error(JSON.stringify(split.error));
        expect(
          split.data.rows.map((r) => [r.survey_dimension, (r.csat_dimension as KpiValue).value]),
        ).toEqual([
          ['delivery', 0.5],
          ['invoice', 1],
        ]);
      });
    });
  });
});
