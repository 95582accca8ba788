/**
 * The workforce indicators through the real server: availability, a team figure whose rows name no
 * agent, is withheld from an agent (where one colleague alone is scheduled on a channel it is that
 * colleague's presence), and the workforce indicators, counted over time rather than contacts, do
 * not drill down to contacts. Over a DuckDB file holding the small-helpdesk team (ann and bob of
 * team support, the office open 09:00–17:00 Amsterdam) with ann alone scheduled on the phone.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { type Client, signedIn, startTestServer, type TestServer } from './support.js';

const SCHEDULES = [
  'source,external_id,agent_id,starts_at,ends_at,activity,note',
  'wfm,ann-mon,ann,2026-03-09T08:00:00Z,2026-03-09T12:00:00Z,phone,',
].join('\n');

const STATUS = [
  'source,external_id,agent_id,status,occurred_at,queue,reason,channel',
  'pbx,s1,ann,login,2026-03-09T08:00:00Z,,,phone',
  'pbx,s2,ann,logout,2026-03-09T10:00:00Z,,,phone',
].join('\n');

const MONDAY = { from: '2026-03-09', to: '2026-03-10', timezone: 'Europe/Amsterdam' };
const BY_HOUR = { ...MONDAY, kpis: ['availability'], by: ['channel', 'hour_of_day'] };

let ts: TestServer;
let manager: Client;
let bob: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const folder = join(dir, 'workforce');
      await mkdir(folder);
      await writeFile(join(folder, 'schedules.csv'), `${SCHEDULES}\n`);
      await writeFile(join(folder, 'agent_status_events.csv'), `${STATUS}\n`);
      const imported = await importFiles(db, [folder]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    },
  });
  [manager, bob] = await Promise.all([signedIn(ts.url, 'manager'), signedIn(ts.url, 'bob')]);
}, 60_000);

afterAll(async () => {
  await ts.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: rows of a JSON reply
const counted = (rows: any[]) => rows.filter((r) => r.availability.n > 0);

describe('availability, a team figure', () => {
  test('a manager sees ann’s coverage of the phone hour by hour', async () => {
    const reply = await manager.post('/api/kpi/query', BY_HOUR);
    expect(reply.status, reply.text).toBe(200);
    // ann was available 08:00–10:00 UTC (09:00–11:00 Amsterdam) of her 08:00–12:00 shift, in opening hours.
    const hours = counted(reply.json.rows).map((r) => [r.channel, r.hour_of_day, r.availability.value]);
    expect(hours).toEqual([
      ['phone', 9, 1],
      ['phone', 10, 1],
      ['phone', 11, 0],
      ['phone', 12, 0],
    ]);
  });

  test('is withheld from an agent, broken down or not, with the notice', async () => {
    const reply = await bob.post('/api/kpi/query', BY_HOUR);
    expect(reply.status, reply.text).toBe(200);
    expect(counted(reply.json.rows)).toEqual([]);
    expect(
      reply.json.rows.some((r: { availability: { withheld?: boolean } }) => r.availability.withheld),
    ).toBe(true);
    expect(reply.json.notices).toContainEqual({ code: 'withheld' });
    const team = await bob.post('/api/kpi/query', { ...MONDAY, kpis: ['availability', 'adherence'] });
    expect(team.status, team.text).toBe(200);
    expect(team.json.rows[0].availability).toMatchObject({ value: null, n: 0, withheld: true });
    // Every indicator (no list) and the export: availability withheld all the same.
    const all = await bob.post('/api/kpi/query', MONDAY);
    expect(all.status, all.text).toBe(200);
    expect(all.json.rows[0].availability).toMatchObject({ value: null, withheld: true });
    const csv = await bob.post('/api/kpi/export', BY_HOUR);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text).not.toMatch(/phone,(9|10|11|12),1\b/);
  });
});

describe('drilling down to contacts', () => {
  test('the catalog marks the workforce indicators as not drilling down, the others as drilling down', async () => {
    const reply = await manager.get('/api/catalog');
    expect(reply.status, reply.text).toBe(200);
    const drill = Object.fromEntries(
      reply.json.kpis.map((k: { id: string; drillDown: boolean }) => [k.id, k.drillDown]),
    );
    for (const id of [
      'availability',
      'adherence',
      'conformance',
      'occupancy',
      'utilisation',
      'shrinkage',
      'late_starts',
      'late_start_minutes',
    ])
      expect(drill[id], id).toBe(false);
    for (const id of ['frt', 'csat', 'contacts_created']) expect(drill[id], id).toBe(true);
  });

  test('the contacts of a workforce indicator are an invalid query, not a server error', async () => {
    for (const kpi of ['adherence', 'availability', 'late_starts']) {
      const list = await manager.post('/api/contacts/query', { ...MONDAY, kpi });
      expect(list.status, list.text).toBe(400);
      expect(list.json.detail).toMatch(/no contacts to list/);
      const csv = await manager.post('/api/contacts/export', { ...MONDAY, kpi });
      expect(csv.status, csv.text).toBe(400);
    }
    const agent = await bob.post('/api/contacts/query', { ...MONDAY, kpi: 'adherence' });
    expect(agent.status, agent.text).toBe(400);
    const contacts = await manager.post('/api/contacts/query', { ...MONDAY, kpi: 'contacts_created' });
    expect(contacts.status, contacts.text).toBe(200);
  });
});
