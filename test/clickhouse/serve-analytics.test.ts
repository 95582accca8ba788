import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ClickHouseEngine, openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { signedIn, startTestServer, type TestServer, WEEK } from '../server/support.js';
import { until } from '../support/until.js';

/**
 * A server reading its KPI answers from ClickHouse (chDB in this process) while the DuckDB file
 * keeps everything else. To see where an answer comes from, the test changes the copy in ClickHouse
 * behind the server's back: a topic only the copy holds shows in the answers read from it.
 */
let served: TestServer;
let copy: ClickHouseEngine;

const BY_TOPIC = { ...WEEK, kpis: ['contacts_created', 'frt'], by: ['topic'] };

/** Waits until the copy of the facts rebuilt after `after` is in place (its views last). */
async function copyInPlace(after: string | null): Promise<string> {
  return until('the ClickHouse copy', async () => {
    const views = await copy.all(
      "SELECT count(*) AS n FROM system.tables WHERE database = currentDatabase() AND name = 'qa_check_facts'",
    );
    if (Number(views[0]?.n) === 0) return undefined;
    const state = await copy.all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state');
    const at = String(state[0]?.at ?? '');
    if (at === '' || at === after) return undefined;
    // The version is set right after the last exchange: a turn later it answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return at;
  });
}

async function topics(): Promise<string[]> {
  const manager = await signedIn(served.url, 'manager');
  const answer = await manager.post('/api/kpi/query', BY_TOPIC);
  expect(answer.status, answer.text).toBe(200);
  return answer.json.rows.map((r: { topic: string | null }) => r.topic);
}

beforeAll(async () => {
  served = await startTestServer({
    serve: (dir) => ({ analyticsUrl: `chdb://${join(dir, 'clickhouse')}?database=served` }),
  });
  copy = await openClickHouse({ url: `chdb://${join(served.dir, 'clickhouse')}?database=served` });
}, 120_000);

afterAll(async () => {
  await copy?.close();
  await served?.stop();
});

test('the server copies the analytical tables into ClickHouse, and not the accounts', async () => {
  await copyInPlace(null);
  const tables = (
    await copy.all('SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name')
  ).map((r) => String(r.name));
  expect(tables).toEqual(
    expect.arrayContaining(['contacts', 'contact_events', 'contact_facts', 'survey_facts']),
  );
  for (const personal of ['users', 'sessions', 'api_tokens', 'audit_log', 'jobs'])
    expect(tables).not.toContain(personal);
  const counted = await copy.all('SELECT count(*) AS n FROM contacts');
  expect(Number(counted[0]?.n)).toBeGreaterThan(0);
});

test('answers come from the copy while it holds the file’s facts; after an import from the file until the new copy is in place', async () => {
  const first = await copyInPlace(null);
  const before = await topics();
  expect(before).not.toContain('only-in-clickhouse');

  await copy.run("UPDATE contact_facts SET topic = 'only-in-clickhouse' WHERE topic = 'delivery'");
  // A query not asked before, so that no answer is kept for it: the same KPIs in calendar hours.
  const manager = await signedIn(served.url, 'manager');
  const fromCopy = await manager.post('/api/kpi/query', { ...BY_TOPIC, hours: 'calendar' });
  expect(fromCopy.status, fromCopy.text).toBe(200);
  expect(fromCopy.json.rows.map((r: { topic: string | null }) => r.topic)).toContain('only-in-clickhouse');

  // An import rebuilds the facts: the copy is behind, so the file answers.
  const admin = await signedIn(served.url, 'admin');
  const form = new FormData();
  form.append(
    'files',
    new Blob([
      'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject\n' +
        'helpdesk,t900,email,2026-03-03T10:00:00Z,c9,support,ann,warranty,,normal,open,Broken hinge\n',
    ]),
    'contacts.csv',
  );
  const sent = await admin.fetch(`${served.url}/api/imports`, { method: 'POST', body: form });
  expect(sent.status).toBe(202);
  const afterImport = await until('the import', async () => {
    const seen = await topics();
    return seen.includes('warranty') ? seen : undefined;
  });
  expect(afterImport).not.toContain('only-in-clickhouse');
  expect(afterImport).toContain('delivery');

  // The new copy replaces the changed one; answers come from it again.
  await copyInPlace(first);
  await copy.run("UPDATE contact_facts SET topic = 'only-in-clickhouse' WHERE topic = 'warranty'");
  const again = await manager.post('/api/kpi/query', { ...BY_TOPIC, stat: 'mean' });
  expect(again.status, again.text).toBe(200);
  const seen = again.json.rows.map((r: { topic: string | null }) => r.topic);
  expect(seen).toContain('only-in-clickhouse');
  expect(seen).toContain('delivery');
}, 180_000);
