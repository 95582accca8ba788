import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import type { Grain } from '../src/core/dialect.js';
import { writeDemoFiles } from '../src/services/demo/generate.js';
import { runKpiQuery } from '../src/services/kpi.js';
import { kpiValueIn, withDuckDb, withTempDir } from './support/engines.js';

const TIMEZONE = 'Europe/Amsterdam';

/** Naive UTC `YYYY-MM-DD HH:MM:SS` of a local moment. */
function utc(local: DateTime): string {
  return local.toUTC().toFormat('yyyy-LL-dd HH:mm:ss');
}

/**
 * The open backlog counted the plain way: for every period end (the range end for the last one),
 * the contacts created before it and resolved at or after it, or open now without a resolution.
 */
function expectedSql(ends: { key: string; end: string }[]): string {
  const values = ends.map((e) => `('${e.key}', CAST('${e.end}' AS TIMESTAMP))`).join(', ');
  return `SELECT e.k AS period, f.channel, count(*) AS n
    FROM (VALUES ${values}) e(k, end_at) JOIN contact_facts f
      ON f.created_at < e.end_at AND (f.last_resolved_at >= e.end_at OR (f.last_resolved_at IS NULL AND f.is_open))
    GROUP BY 1, 2`;
}

function periodEnds(grain: Grain, from: string, to: string): { key: string; end: string }[] {
  const unit = grain === 'week' ? 'week' : grain === 'month' ? 'month' : 'day';
  const rangeEnd = DateTime.fromISO(to, { zone: TIMEZONE });
  const ends: { key: string; end: string }[] = [];
  for (let start = DateTime.fromISO(from, { zone: TIMEZONE }).startOf(unit); start < rangeEnd; ) {
    const next = start.plus({ [`${unit}s`]: 1 });
    ends.push({ key: start.toFormat('yyyy-LL-dd'), end: utc(DateTime.min(next, rangeEnd)) });
    start = next;
  }
  return ends;
}

describe('open backlog', () => {
  test('equals a count at every period end, with the range ending inside a period', async () => {
    await withTempDir(async (dir) => {
      const files = join(dir, 'files');
      await writeDemoFiles(files, { contacts: 3_000, seed: 4 });
      await withDuckDb([files], async (db) => {
        // 2026-03-29 is a DST change in Amsterdam; the range ends on a Wednesday, inside a week.
        const cases: { grain: Grain; from: string; to: string }[] = [
          { grain: 'day', from: '2026-03-20', to: '2026-04-08' },
          { grain: 'week', from: '2026-02-02', to: '2026-04-08' },
          { grain: 'month', from: '2026-01-01', to: '2026-05-13' },
        ];
        for (const { grain, from, to } of cases) {
          const result = await runKpiQuery(db, {
            kpis: ['backlog_open'],
            grain,
            by: ['channel'],
            from,
            to,
            timezone: TIMEZONE,
          });
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          const actual = new Map(
            result.data.rows.map((r) => [`${r.period}/${r.channel}`, kpiValueIn(r, 'backlog_open').value]),
          );
          const expected = await db.all(expectedSql(periodEnds(grain, from, to)));
          expect(expected.length, grain).toBeGreaterThan(0);
          for (const row of expected) {
            expect(actual.get(`${row.period}/${row.channel}`), `${grain} ${row.period} ${row.channel}`).toBe(
              Number(row.n),
            );
          }
          const nonZero = [...actual.values()].filter((v) => v !== null && v !== 0).length;
          expect(nonZero, grain).toBe(expected.length);
        }
      });
    });
    // An import of 3,000 contacts, their texts read.
  }, 180_000);
});
