import { describe, expect, test } from 'vitest';
import type { Engine } from '../src/core/engine.js';
import { localTimeSql } from '../src/core/kpi/compile.js';
import { utcOffsetSegments } from '../src/core/kpi/periods.js';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { openPglite } from '../src/engines/pglite/engine.js';
import { openMigratedPostgres } from './support/engines.js';

const ZONES = [
  'Europe/Amsterdam',
  'America/New_York',
  'Australia/Lord_Howe', // 30-minute DST shift
  'America/St_Johns', // −03:30 / −02:30
  'Pacific/Chatham', // +12:45 / +13:45
  'Asia/Kolkata', // no DST
  'UTC',
];
const FROM = '2025-12-01 00:00:00';
const TO = '2027-01-15 00:00:00';

/** Every 47 minutes across the range, plus the seconds around each offset change. */
function instants(zone: string): string[] {
  const out: string[] = [];
  const start = Date.parse('2025-12-01T00:00:00Z');
  const end = Date.parse('2027-01-15T00:00:00Z');
  for (let t = start; t < end; t += 47 * 60_000) out.push(new Date(t).toISOString());
  for (const s of utcOffsetSegments(zone, FROM, TO)) {
    if (s.untilUtc === null) continue;
    const at = Date.parse(`${s.untilUtc.replace(' ', 'T')}Z`);
    for (const d of [-3_600_000, -1000, 0, 1000, 3_600_000]) out.push(new Date(at + d).toISOString());
  }
  return out.map((iso) => iso.replace('T', ' ').replace('.000Z', ''));
}

describe.each([
  { kind: 'duckdb', open: () => openDuckDb({ path: ':memory:' }) },
  { kind: 'postgres', open: () => openPglite() },
  { kind: 'postgres-server', open: () => openMigratedPostgres('postgres-server') },
])('$kind: local time by offset segments', ({ open }) => {
  test('equals the engine’s own time-zone conversion, across every DST change of a year', async () => {
    const db: Engine = await open();
    try {
      await db.run('CREATE TABLE instants (zone VARCHAR, t TIMESTAMP)');
      for (const zone of ZONES) {
        await db.insertRows(
          'instants',
          ['zone', 't'],
          instants(zone).map((t) => [zone, t]),
        );
        const segments = utcOffsetSegments(zone, FROM, TO);
        // 29 March and 25 October 2026.
        if (zone === 'Europe/Amsterdam')
          expect(segments.map((s) => s.untilUtc)).toEqual([
            '2026-03-29 01:00:00',
            '2026-10-25 01:00:00',
            null,
          ]);
        const ours = localTimeSql('t', segments, db.dialect);
        const rows = await db.all(
          `SELECT count(*) AS n, count(CASE WHEN CAST(${ours} AS VARCHAR) <> CAST((t AT TIME ZONE 'UTC' AT TIME ZONE '${zone}') AS VARCHAR) THEN 1 END) AS wrong
           FROM instants WHERE zone = '${zone}'`,
        );
        expect(Number(rows[0]?.n), zone).toBeGreaterThan(10_000);
        expect(Number(rows[0]?.wrong), zone).toBe(0);
      }
    } finally {
      await db.close();
    }
  });
});
