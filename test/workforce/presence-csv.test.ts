import { describe, expect, test } from 'vitest';
import { csvMapped } from '../../src/ingest/sources/csv-mapped.js';
import { withDuckDb } from '../support/engines.js';
import { fixturePath, importSourceError, importSourceOrThrow } from '../support/sources.js';

const CSV = fixturePath('workforce-ingest/csv/');

describe('mapped CSV: presence and schedules', () => {
  test('an ACD state export, one row per state, becomes the status changes that lead into each state', async () => {
    await withDuckDb([], async (db) => {
      const options = { mappingPath: `${CSV}agent-states.map.json` };
      await importSourceOrThrow(db, csvMapped, [`${CSV}agent-states.csv`], options);
      const rows = await db.all(
        `SELECT agent_id, status, strftime(occurred_at, '%Y-%m-%dT%H:%M:%SZ') AS at, reason, channel
         FROM agent_status_events ORDER BY occurred_at, agent_id, status`,
      );
      // Amsterdam is UTC+1 on 2 March: 08:58:12 there is 07:58:12 UTC.
      expect(rows).toEqual([
        { agent_id: 'anna', status: 'login', at: '2026-03-02T07:58:12Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'unpause', at: '2026-03-02T07:58:12Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'login', at: '2026-03-02T07:58:17Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'unpause', at: '2026-03-02T07:58:17Z', reason: null, channel: 'phone' },
        { agent_id: 'ben', status: 'login', at: '2026-03-02T08:07:55Z', reason: null, channel: 'phone' },
        { agent_id: 'ben', status: 'unpause', at: '2026-03-02T08:07:55Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'login', at: '2026-03-02T11:00:03Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'pause', at: '2026-03-02T11:00:03Z', reason: 'Lunch', channel: 'phone' },
        { agent_id: 'anna', status: 'login', at: '2026-03-02T11:30:13Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'unpause', at: '2026-03-02T11:30:13Z', reason: null, channel: 'phone' },
        { agent_id: 'anna', status: 'logout', at: '2026-03-02T16:02:40Z', reason: null, channel: 'phone' },
        { agent_id: 'ben', status: 'logout', at: '2026-03-02T16:07:55Z', reason: null, channel: 'phone' },
      ]);
      // Imported again: the changes are named by agent, status, time and channel, so nothing doubles.
      await importSourceOrThrow(db, csvMapped, [`${CSV}agent-states.csv`], options);
      expect(await db.all('SELECT count(*) AS n FROM agent_status_events')).toEqual([{ n: rows.length }]);
    });
  });

  test('a WFM shift export becomes schedule blocks; an end before the start is on the next day', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, csvMapped, [`${CSV}shifts.csv`], {
        mappingPath: `${CSV}shifts.map.json`,
      });
      expect(
        await db.all(
          `SELECT external_id, agent_id, strftime(starts_at, '%Y-%m-%dT%H:%M:%SZ') AS starts_at,
             strftime(ends_at, '%Y-%m-%dT%H:%M:%SZ') AS ends_at, activity, note
           FROM schedules ORDER BY starts_at`,
        ),
      ).toEqual([
        {
          external_id: 'anna|2026-03-02T08:00:00Z|phone',
          agent_id: 'anna',
          starts_at: '2026-03-02T08:00:00Z',
          ends_at: '2026-03-02T16:00:00Z',
          activity: 'phone',
          note: null,
        },
        {
          external_id: 'anna|2026-03-02T11:00:00Z|break',
          agent_id: 'anna',
          starts_at: '2026-03-02T11:00:00Z',
          ends_at: '2026-03-02T11:30:00Z',
          activity: 'break',
          note: null,
        },
        {
          external_id: 'ben|2026-03-02T21:00:00Z|chat',
          agent_id: 'ben',
          starts_at: '2026-03-02T21:00:00Z',
          ends_at: '2026-03-03T05:00:00Z',
          activity: 'chat',
          note: 'night shift',
        },
      ]);
      // A shift over midnight is no data-quality problem, so it is not warned about.
      expect(summary.warnings).toEqual([]);
    });
  });

  test('a state the mapping does not turn into a status or state is refused with its line and why', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { withTempDir } = await import('../support/engines.js');
    await withTempDir(async (dir) => {
      const map = join(dir, 'states.map.json');
      await writeFile(
        map,
        (await readFile(`${CSV}agent-states.map.json`, 'utf8')).replace(
          '"Not Ready": "paused"',
          '"Not Ready": "napping"',
        ),
      );
      await withDuckDb([], async (db) => {
        const error = await importSourceError(db, csvMapped, [`${CSV}agent-states.csv`], {
          mappingPath: map,
        });
        expect(JSON.stringify(error)).toContain(
          "'napping' is not one of login, logout, pause, unpause, add_member, remove_member, available, paused, logged_out",
        );
      });
    });
  });
});
