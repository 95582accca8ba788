import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { withDuckDb, withTempDir } from '../support/engines.js';

/** Writes `files` into a folder of their own under `dir`. */
async function folder(dir: string, name: string, files: Record<string, string[]>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, lines] of Object.entries(files))
    await writeFile(join(path, file), `${lines.join('\n')}\n`);
  return path;
}

const HELPDESK = {
  'contacts.csv': [
    'source,external_id,channel,created_at,customer_id,team_id,assignee_id',
    'helpdesk,k1,email,2026-03-02T10:00:00Z,c1,,',
    'helpdesk,k2,email,2026-03-03T10:00:00Z,c2,,',
  ],
};
const SHOP = {
  'customers.csv': [
    'id,first_seen_at,segment',
    'c1,2026-02-01T00:00:00Z,consumer',
    'c2,2026-02-15T00:00:00Z,business',
  ],
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency',
    'shop,o1,c1,2026-03-04T10:00:00Z,100,60,EUR',
    'shop,o2,c2,2026-03-20T10:00:00Z,50,20,EUR',
  ],
};

describe('importing business tables', () => {
  test('helpdesk data alone makes no business facts, not even the work of the ledger', async () => {
    await withTempDir(async (dir) => {
      const handled = await folder(dir, 'handled', {
        'contacts.csv': [
          'source,external_id,channel,created_at,customer_id,assignee_id,status',
          'helpdesk,k1,email,2026-03-02T10:00:00Z,c1,a1,solved',
        ],
        'contact_events.csv': [
          'source,contact_external_id,occurred_at,kind,actor,agent_id,status',
          'helpdesk,k1,2026-03-02T10:00:00Z,customer_message,customer,,',
          'helpdesk,k1,2026-03-02T11:00:00Z,agent_reply,agent,a1,',
          'helpdesk,k1,2026-03-02T11:00:01Z,status_change,agent,a1,solved',
        ],
      });
      await withDuckDb([handled], async (db) => {
        expect(await db.all('SELECT count(*) AS n FROM contact_facts')).toEqual([{ n: 1 }]);
        expect(await db.all('SELECT * FROM business_ledger_facts')).toEqual([]);
        // With a cost line the same work is in the ledger.
        const costs = await folder(dir, 'costs', {
          'costs.csv': [
            'source,external_id,period_start,period_end,category,amount,currency',
            'ledger,l1,2026-03-01,2026-03-31,tools,310,EUR',
          ],
        });
        const imported = await importFiles(db, [costs]);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        expect(
          await db.all('SELECT sum(handled) AS handled, sum(cost) AS cost FROM business_ledger_facts'),
        ).toEqual([{ handled: 1, cost: 310 }]);
      });
    });
  });

  test('orders rebuild the business facts, not the contact facts; a second import replaces, not adds', async () => {
    await withTempDir(async (dir) => {
      const helpdesk = await folder(dir, 'helpdesk', HELPDESK);
      const shop = await folder(dir, 'shop', SHOP);
      await withDuckDb([helpdesk], async (db) => {
        const factsState = async () =>
          (await db.all('SELECT CAST(rebuilt_at AS VARCHAR) AS at FROM facts_state'))[0]?.at;
        const before = await factsState();
        expect(before).toBeTruthy();
        // No business facts of contacts without customers yet.
        expect(await db.all('SELECT * FROM business_contact_facts')).toEqual([]);

        const imported = await importFiles(db, [shop]);
        if (!imported.ok) throw new Error(JSON.stringify(imported.error));
        // The contact facts were not rebuilt: nothing touched, nothing computed.
        expect(imported.data.facts).toMatchObject({
          scope: 'touched',
          rebuilt: { contacts: 0, surveys: 0 },
        });
        // The business facts were: the contacts now have their customers and orders.
        const facts = async () =>
          db.all(
            `SELECT contact_key, segment, ordered_after, revenue_after FROM business_contact_facts ORDER BY contact_key`,
          );
        expect(await facts()).toEqual([
          { contact_key: 'helpdesk|k1', segment: 'consumer', ordered_after: true, revenue_after: 100 },
          { contact_key: 'helpdesk|k2', segment: 'business', ordered_after: false, revenue_after: 0 },
        ]);
        const counts = async () =>
          (
            await db.all(
              `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM business_customer_facts) AS customers,
                 (SELECT sum(revenue) FROM business_ledger_facts) AS revenue`,
            )
          ).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])));
        expect(await counts()).toEqual([{ orders: 2, customers: 2, revenue: 150 }]);

        const again = await importFiles(db, [shop]);
        expect(again.ok).toBe(true);
        expect(await counts()).toEqual([{ orders: 2, customers: 2, revenue: 150 }]);
        expect(await facts()).toHaveLength(2);
      });
    });
  });

  test('contacts imported after the shop rebuild the business facts too', async () => {
    await withTempDir(async (dir) => {
      const shop = await folder(dir, 'shop', SHOP);
      const helpdesk = await folder(dir, 'helpdesk', HELPDESK);
      await withDuckDb([shop], async (db) => {
        expect(await db.all('SELECT * FROM business_contact_facts')).toEqual([]);
        const imported = await importFiles(db, [helpdesk]);
        expect(imported.ok).toBe(true);
        const rows = await db.all(
          'SELECT customer_id, contacts FROM business_customer_facts ORDER BY customer_id',
        );
        expect(rows.map((r) => [r.customer_id, Number(r.contacts)])).toEqual([
          ['c1', 1],
          ['c2', 1],
        ]);
      });
    });
  });
});
