import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { listBusinessNotices, rebuildBusinessFacts } from '../../src/services/business/facts.js';
import { updateBusinessSettings } from '../../src/services/business/settings.js';
import { importFiles } from '../../src/services/import.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { migrate } from '../../src/services/migrate.js';
import {
  copyCanonical,
  ENGINES,
  type EngineKind,
  kpiValueIn,
  openMigratedPostgres,
} from '../support/engines.js';

/**
 * A hand-made shop, January to March 2026 (times UTC; every figure below is worked by hand in the
 * comments). Most amounts are in EUR; USD is converted at 0.9 from 10 January and 0.8 from
 * 1 February, so a USD order of 8 January and a USD cost line of December have no rate.
 * - alice (consumer, search): orders 6 Jan 100 (goods 40), 10 Feb 200 (goods 80, 50 refunded),
 *   10 Mar 10:00 30 (goods 10); a call 3 Mar 10:00 resolved at once → the March order, exactly
 *   7 days later, converts it.
 * - bob (no customers row): USD orders 8 Jan 50 (no rate), 20 Jan 100 (goods 30), 15 Feb 100 (no
 *   cost of goods); an e-mail 1 Mar 12:00 answered twice, resolved 4 Mar; an EUR order 8 Mar
 *   12:00:01 (goods 10), one second after the conversion window.
 * - carol: a chat 10 Jan, escalated, never resolved; order 15 Jan 80 (goods 30) fully refunded;
 *   a cancelled order of 500 on 16 Jan; closed 20 Feb.
 * - dave: a customer since 1 Oct 2025 without orders or contacts: lapses after 60 days.
 * - erin: only a pending order on 3 Mar.
 * - zed: an e-mail on 5 Mar from a customer id no customer or order has.
 * Costs: wages 3,100 EUR for support in January; tools 310 EUR for e-mail in March (no team);
 * acquisition 310 USD in March; overhead 31 USD in December 2025 (no rate). February has none.
 * People: ann (support) since 1 Jun 2025; ben (support) from 2 Mar 2026 at 0.5 FTE; cem (sales)
 * left on 15 Feb 2026 of his own accord. dan (sales) has no people row.
 */
const FILES: Record<string, string[]> = {
  'teams.csv': ['id,name', 'support,Support', 'sales,Sales'],
  'agents.csv': [
    'id,name,email,team_id,started_on,active',
    'ann,Ann,ann@example.com,support,2025-06-01,true',
    'ben,Ben,ben@example.com,support,2026-03-02,true',
    'cem,Cem,cem@example.com,sales,2024-01-01,false',
    'dan,Dan,dan@example.com,sales,2025-01-01,true',
  ],
  'customers.csv': [
    'id,name,first_seen_at,segment,country,acquisition_channel,closed_at,close_reason',
    'alice,Alice,2026-01-05T09:00:00Z,consumer,NL,search,,',
    'carol,Carol,,business,SE,referral,2026-02-20T08:00:00Z,moved to a competitor',
    'dave,Dave,2025-10-01T00:00:00Z,consumer,NL,social,,',
    'erin,Erin,,consumer,UA,search,,',
  ],
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency,status,refunded_amount,refunded_at',
    'shop,o1,alice,2026-01-06T10:00:00Z,100,40,EUR,paid,,',
    'shop,o2,alice,2026-02-10T09:00:00Z,200,80,EUR,,50,2026-02-12T09:00:00Z',
    'shop,o3,bob,2026-01-08T12:00:00Z,50,20,USD,paid,,',
    'shop,o4,bob,2026-01-20T12:00:00Z,100,30,USD,paid,,',
    'shop,o5,bob,2026-02-15T12:00:00Z,100,,USD,paid,,',
    'shop,o6,carol,2026-01-15T12:00:00Z,80,30,EUR,paid,80,2026-01-20T12:00:00Z',
    'shop,o7,carol,2026-01-16T12:00:00Z,500,200,EUR,cancelled,,',
    'shop,o8,erin,2026-03-03T10:00:00Z,60,20,EUR,pending,,',
    'shop,o9,alice,2026-03-10T10:00:00Z,30,10,EUR,paid,,',
    'shop,o11,bob,2026-03-08T12:00:01Z,40,10,EUR,paid,,',
  ],
  'exchange_rates.csv': ['currency,valid_from,rate', 'USD,2026-01-10,0.9', 'USD,2026-02-01,0.8'],
  'costs.csv': [
    'source,external_id,period_start,period_end,category,amount,currency,team_id,channel,note',
    'ledger,c1,2026-01-01,2026-01-31,wages,3100,EUR,support,,',
    'ledger,c2,2026-03-01,2026-03-31,tools,310,EUR,,email,helpdesk licences',
    'ledger,c3,2026-03-01,2026-03-31,acquisition,310,USD,,,ads',
    'ledger,c4,2025-12-01,2025-12-31,overhead,31,USD,,,',
  ],
  'people.csv': [
    'agent_id,hired_on,left_on,leave_kind,leave_reason,fte,hourly_cost,currency',
    'ann,2025-06-01,,,,1,30,EUR',
    'ben,2026-03-02,,,,0.5,28,EUR',
    'cem,2024-01-01,2026-02-15,voluntary,new job,,,',
  ],
  'paid_hours.csv': ['agent_id,period_start,period_end,hours', 'ann,2026-03-01,2026-03-31,155'],
  'training_days.csv': [
    'source,external_id,agent_id,day,hours,topic,category_id,note',
    'lms,t1,ann,2026-03-04,4,returns,,',
    'lms,t2,ben,2026-03-03,,onboarding,,',
  ],
  'contacts.csv': [
    'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
    'helpdesk,k1,phone,2026-03-03T10:00:00Z,alice,support,ann,delivery,,normal,solved,Where is my parcel',
    'helpdesk,k2,email,2026-03-01T12:00:00Z,bob,support,ben,returns,,normal,solved,Return',
    'helpdesk,k3,chat,2026-01-10T08:00:00Z,carol,support,ann,billing,,high,open,Invoice wrong',
    'helpdesk,k4,email,2026-03-05T08:00:00Z,zed,sales,dan,quote,,normal,open,Quote',
  ],
  'contact_events.csv': [
    'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id',
    'helpdesk,k1,k1-q,queue_enter,2026-03-03T10:00:00Z,,,,,,support,',
    'helpdesk,k1,k1-a,answer,2026-03-03T10:01:00Z,agent,ann,,,,support,',
    'helpdesk,k1,k1-e,end,2026-03-03T10:09:00Z,,,,,,,',
    'helpdesk,k1,k1-s,status_change,2026-03-03T10:10:00Z,agent,ann,,solved,,,',
    'helpdesk,k2,k2-m,customer_message,2026-03-01T12:00:00Z,customer,,,,,,',
    'helpdesk,k2,k2-r1,agent_reply,2026-03-02T09:00:00Z,agent,ben,true,,,,',
    'helpdesk,k2,k2-r2,agent_reply,2026-03-04T09:00:00Z,agent,ben,true,,,,',
    'helpdesk,k2,k2-s,status_change,2026-03-04T09:05:00Z,agent,ben,,solved,,,',
    'helpdesk,k3,k3-q,queue_enter,2026-01-10T08:00:00Z,,,,,,support,',
    'helpdesk,k3,k3-a,answer,2026-01-10T08:02:00Z,agent,ann,,,,support,',
    'helpdesk,k3,k3-e,end,2026-01-10T08:20:00Z,,,,,,,',
    'helpdesk,k3,k3-x,escalation,2026-01-10T08:21:00Z,agent,ann,,,complaint,,',
    'helpdesk,k4,k4-m,customer_message,2026-03-05T08:00:00Z,customer,,,,,,',
    'helpdesk,k4,k4-r,agent_reply,2026-03-05T09:00:00Z,agent,dan,true,,,,',
  ],
};

/**
 * After the last data. The facts know until the newest order (alice's, 10 March 10:00): not until
 * the end of the March cost lines, which say nothing about customers or staff.
 */
const NOW = new Date('2026-04-15T00:00:00Z');

async function writeShop(dir: string, files = FILES): Promise<string> {
  const shop = join(dir, 'shop');
  await mkdir(shop, { recursive: true });
  for (const [name, lines] of Object.entries(files))
    await writeFile(join(shop, name), `${lines.join('\n')}\n`);
  return shop;
}

interface Shop {
  db: Engine;
  close(): Promise<void>;
}

/** The shop imported into the engine asked for (on PostgreSQL: copied there, facts rebuilt there). */
async function openShop(kind: EngineKind): Promise<Shop> {
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-business-'));
  const duck = await openDuckDb({ path: join(dir, 'shop.duckdb') });
  await migrate(duck);
  const imported = await importFiles(duck, [await writeShop(dir)]);
  if (!imported.ok) throw new Error(`shop import failed: ${JSON.stringify(imported.error)}`);
  const pg = kind === 'duckdb' ? null : await openMigratedPostgres(kind);
  if (pg) await copyCanonical(duck, pg);
  return {
    db: pg ?? duck,
    async close() {
      await pg?.close();
      await duck.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The shop's facts rebuilt at NOW with `settings` alone (what an earlier test set is forgotten). */
async function withSettings<T>(
  shop: Shop,
  settings: Record<string, unknown>,
  work: (db: Engine) => Promise<T>,
) {
  await shop.db.run('DELETE FROM business_settings');
  const updated = await updateBusinessSettings(shop.db, settings, NOW);
  if (!updated.ok) throw new Error(JSON.stringify(updated.error));
  return work(shop.db);
}

/** Rows with numbers as numbers (bigints, numeric strings of PGlite) rounded to 6 decimals. */
async function rows(db: Engine, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.all(sql)).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'number' || typeof v === 'bigint' ? Math.round(Number(v) * 1e6) / 1e6 : v,
      ]),
    ),
  );
}

const day = (column: string) => `CAST(CAST(${column} AS DATE) AS VARCHAR)`;
const month = (column: string) => `substr(CAST(${column} AS VARCHAR), 1, 7)`;

describe.each(ENGINES)('the business facts of a hand-made shop on $kind', ({ kind }) => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await openShop(kind);
  }, 300_000);
  afterAll(() => shop.close());

  test('customers: first seen, churn, orders, revenue, margin, handling and lifetime value', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      expect(
        await rows(
          db,
          `SELECT customer_id, CAST(first_seen_at AS VARCHAR) AS first_seen, CAST(churned_at AS VARCHAR) AS churned,
             churn_kind, orders, revenue, margin, contacts, handling, clv
           FROM business_customer_facts ORDER BY customer_id`,
        ),
      ).toEqual([
        // 100 + (200 − 50) + 30 net; margins 60, 150 − 80 × 150/200 = 90, 20.
        {
          customer_id: 'alice',
          first_seen: '2026-01-05 09:00:00',
          churned: null,
          churn_kind: null,
          orders: 3,
          revenue: 280,
          margin: 170,
          contacts: 1,
          handling: 'first_contact',
          clv: 170,
        },
        // First seen at his first paid order; the 8 January USD order has no rate (no amounts).
        // 100 × 0.9 + 100 × 0.8 + 40 = 210; margins (100 − 30) × 0.9 = 63 and 30; the 15 February
        // order has no cost of goods, so no margin. Two replies before the resolution: later.
        {
          customer_id: 'bob',
          first_seen: '2026-01-08 12:00:00',
          churned: null,
          churn_kind: null,
          orders: 4,
          revenue: 210,
          margin: 93,
          contacts: 1,
          handling: 'later',
          clv: 93,
        },
        // First seen at the chat (before the first order); the refunded order is worth 0; the
        // cancelled one is no order.
        {
          customer_id: 'carol',
          first_seen: '2026-01-10 08:00:00',
          churned: '2026-02-20 08:00:00',
          churn_kind: 'closed',
          orders: 1,
          revenue: 0,
          margin: 0,
          contacts: 1,
          handling: 'unresolved',
          clv: 0,
        },
        // Quiet since 1 October: lapsed 60 days later.
        {
          customer_id: 'dave',
          first_seen: '2025-10-01 00:00:00',
          churned: '2025-11-30 00:00:00',
          churn_kind: 'lapsed',
          orders: 0,
          revenue: 0,
          margin: null,
          contacts: 0,
          handling: 'no_contact',
          // No paid orders: worth 0 so far, not unknown.
          clv: 0,
        },
        // Only a pending order: a customer since then, no orders, not lapsed by 10 March.
        {
          customer_id: 'erin',
          first_seen: '2026-03-03 10:00:00',
          churned: null,
          churn_kind: null,
          orders: 0,
          revenue: 0,
          margin: null,
          contacts: 0,
          handling: 'no_contact',
          clv: 0,
        },
      ]);
    });
  });

  test('customer months: new, active at the start, churned, ordered, returning, contacted, escalations', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      const months = await rows(
        db,
        `SELECT customer_id, CAST(month_start AS VARCHAR) AS month_start, active, active_at_start, is_new, churned,
           ordered, is_returning, contacted, escalations
         FROM business_customer_month_facts ORDER BY customer_id, month_start`,
      );
      const brief = months.map(
        (m) =>
          `${m.customer_id} ${String(m.month_start).slice(0, 7)} ${[
            m.active_at_start && 'start',
            m.is_new && 'new',
            m.churned && 'churned',
            m.ordered && 'ordered',
            m.is_returning && 'returning',
            m.contacted && 'contacted',
          ]
            .filter(Boolean)
            .join(',')} ${m.escalations}`,
      );
      expect(brief).toEqual([
        'alice 2026-01 new,ordered 0',
        'alice 2026-02 start,ordered,returning 0',
        'alice 2026-03 start,ordered,returning,contacted 0',
        'bob 2026-01 new,ordered 0',
        'bob 2026-02 start,ordered,returning 0',
        'bob 2026-03 start,ordered,returning,contacted 0',
        'carol 2026-01 new,ordered,contacted 1',
        'carol 2026-02 start,churned 0',
        'dave 2025-10 new 0',
        'dave 2025-11 start,churned 0',
        'erin 2026-03 new 0',
      ]);
      // Noon of the first day, so a dashboard within ±12 h of UTC reads the same month.
      expect(months[0]?.month_start).toBe('2026-01-01 12:00:00');
      expect(months.every((m) => m.active === true)).toBe(true);
    });
  });

  test('contacts of known customers: resolution and the order after, at the edges of the window', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      expect(
        await rows(
          db,
          `SELECT contact_key, customer_id, channel, team_id, assignee_id, segment, acquisition_channel, resolved,
             first_contact_resolved, ordered_after, revenue_after
           FROM business_contact_facts ORDER BY contact_key`,
        ),
      ).toEqual([
        // The order exactly 7 days after the call counts; the window ends exactly at known-until
        // (that very order), so it is known.
        {
          contact_key: 'helpdesk|k1',
          customer_id: 'alice',
          channel: 'phone',
          team_id: 'support',
          assignee_id: 'ann',
          segment: 'consumer',
          acquisition_channel: 'search',
          resolved: true,
          first_contact_resolved: true,
          ordered_after: true,
          revenue_after: 30,
        },
        // The order 7 days and 1 second after the e-mail does not.
        {
          contact_key: 'helpdesk|k2',
          customer_id: 'bob',
          channel: 'email',
          team_id: 'support',
          assignee_id: 'ben',
          segment: null,
          acquisition_channel: null,
          resolved: true,
          first_contact_resolved: false,
          ordered_after: false,
          revenue_after: 0,
        },
        // The fully refunded order 5 days later converts (worth 0); the cancelled one would not.
        {
          contact_key: 'helpdesk|k3',
          customer_id: 'carol',
          channel: 'chat',
          team_id: 'support',
          assignee_id: 'ann',
          segment: 'business',
          acquisition_channel: 'referral',
          resolved: false,
          first_contact_resolved: null,
          ordered_after: true,
          revenue_after: 0,
        },
      ]);
    });
  });

  test('ledger: costs spread and converted per day, revenue and margin, no cost rows in February', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      expect(
        await rows(
          db,
          `SELECT ${month('day')} AS month, team_id, channel, cost_category, count(*) AS days, sum(cost) AS cost,
             sum(payroll) AS payroll, sum(spend) AS spend, sum(margin) AS margin
           FROM business_ledger_facts WHERE cost_category IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 4, 2, 3`,
        ),
      ).toEqual([
        // December's USD overhead has no rate: left out. January: wages of support, 100 a day, all
        // on chat, the one channel support handled in January (k3).
        {
          month: '2026-01',
          team_id: 'support',
          channel: 'chat',
          cost_category: 'wages',
          days: 31,
          cost: 3100,
          payroll: 3100,
          spend: null,
          margin: -3100,
        },
        // Acquisition spend, 310 USD × 0.8, spread over the teams and channels of the contacts
        // handled in March: support by phone (k1) and e-mail (k2), sales by e-mail (k4).
        ...[
          ['sales', 'email'],
          ['support', 'email'],
          ['support', 'phone'],
        ].map(([team, channel]) => ({
          month: '2026-03',
          team_id: team,
          channel,
          cost_category: 'acquisition',
          days: 31,
          cost: null,
          payroll: null,
          spend: Math.round((248 / 3) * 1e6) / 1e6,
          margin: null,
        })),
        // Tools for e-mail without a team: half to sales (k4), half to support (k2).
        {
          month: '2026-03',
          team_id: 'sales',
          channel: 'email',
          cost_category: 'tools',
          days: 31,
          cost: 155,
          payroll: null,
          spend: null,
          margin: -155,
        },
        {
          month: '2026-03',
          team_id: 'support',
          channel: 'email',
          cost_category: 'tools',
          days: 31,
          cost: 155,
          payroll: null,
          spend: null,
          margin: -155,
        },
      ]);
      expect(
        await rows(
          db,
          `SELECT ${month('day')} AS month, sum(revenue) AS revenue, sum(cost_of_goods) AS cost_of_goods, sum(margin) AS margin
           FROM business_ledger_facts WHERE revenue IS NOT NULL GROUP BY 1 ORDER BY 1`,
        ),
      ).toEqual([
        // 100 + 90 + 0 (refunded); the 8 January USD order has no rate. Goods 40 + 27 + 0.
        { month: '2026-01', revenue: 190, cost_of_goods: 67, margin: 123 },
        // 150 + 80; goods 60 only (the USD order has none), margin 90.
        { month: '2026-02', revenue: 230, cost_of_goods: 60, margin: 90 },
        { month: '2026-03', revenue: 70, cost_of_goods: 20, margin: 50 },
      ]);
    });
  });

  test('ledger: work per agent and day, paid hours and FTE days', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      expect(
        await rows(
          db,
          `SELECT ${day('day')} AS day, agent_id, team_id, channel, sum(handled) AS handled, sum(resolved) AS resolved
           FROM business_ledger_facts WHERE handled IS NOT NULL OR resolved IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2`,
        ),
      ).toEqual([
        {
          day: '2026-01-10',
          agent_id: 'ann',
          team_id: 'support',
          channel: 'chat',
          handled: 1,
          resolved: null,
        },
        // k2 was created on 1 March and resolved on 4 March.
        {
          day: '2026-03-01',
          agent_id: 'ben',
          team_id: 'support',
          channel: 'email',
          handled: 1,
          resolved: null,
        },
        { day: '2026-03-03', agent_id: 'ann', team_id: 'support', channel: 'phone', handled: 1, resolved: 1 },
        {
          day: '2026-03-04',
          agent_id: 'ben',
          team_id: 'support',
          channel: 'email',
          handled: null,
          resolved: 1,
        },
        {
          day: '2026-03-05',
          agent_id: 'dan',
          team_id: 'sales',
          channel: 'email',
          handled: 1,
          resolved: null,
        },
      ]);
      expect(
        await rows(
          db,
          `SELECT agent_id, ${month('day')} AS month, sum(paid_hours) AS paid_hours, sum(fte_days) AS fte_days
           FROM business_ledger_facts
           WHERE day >= CAST('2026-02-01' AS TIMESTAMP) AND (paid_hours IS NOT NULL OR fte_days IS NOT NULL)
           GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
      ).toEqual([
        { agent_id: 'ann', month: '2026-02', paid_hours: null, fte_days: 28 },
        // Employed days stop at known-until (10 March); paid hours are spread over their whole period.
        { agent_id: 'ann', month: '2026-03', paid_hours: 155, fte_days: 10 },
        // Hired on 2 March at half time: 9 days to 10 March × 0.5.
        { agent_id: 'ben', month: '2026-03', paid_hours: null, fte_days: 4.5 },
        // Left on 15 February: 15 days.
        { agent_id: 'cem', month: '2026-02', paid_hours: null, fte_days: 15 },
      ]);
    });
  });

  test('people days: hired and leaving mid-month, tenure, new agents, training', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      expect(
        await rows(
          db,
          `SELECT agent_id, team_id, ${month('day')} AS month, sum(employed) AS employed, sum(fte) AS fte,
             sum(leavers) AS leavers, sum(voluntary_leavers) AS voluntary, sum(training_days) AS training,
             sum(CASE WHEN new_agent THEN 1 ELSE 0 END) AS new_days, max(tenure_years) AS tenure
           FROM business_people_facts WHERE day >= CAST('2026-02-01' AS TIMESTAMP) GROUP BY 1, 2, 3 ORDER BY 1, 3`,
        ),
      ).toEqual([
        {
          agent_id: 'ann',
          team_id: 'support',
          month: '2026-02',
          employed: 28,
          fte: 28,
          leavers: 0,
          voluntary: 0,
          training: 0,
          new_days: 0,
          tenure: Math.round((272 / 365.25) * 1e6) / 1e6,
        },
        // Half a day of training (4 hours) on 4 March; 282 days since 1 June 2025 on 10 March, the
        // last day the data knows.
        {
          agent_id: 'ann',
          team_id: 'support',
          month: '2026-03',
          employed: 10,
          fte: 10,
          leavers: 0,
          voluntary: 0,
          training: 0.5,
          new_days: 0,
          tenure: Math.round((282 / 365.25) * 1e6) / 1e6,
        },
        // A whole training day without hours; new on every day (fewer than 90 days employed).
        {
          agent_id: 'ben',
          team_id: 'support',
          month: '2026-03',
          employed: 9,
          fte: 4.5,
          leavers: 0,
          voluntary: 0,
          training: 1,
          new_days: 9,
          tenure: Math.round((8 / 365.25) * 1e6) / 1e6,
        },
        {
          agent_id: 'cem',
          team_id: 'sales',
          month: '2026-02',
          employed: 15,
          fte: 15,
          leavers: 1,
          voluntary: 1,
          training: 0,
          new_days: 0,
          tenure: Math.round((776 / 365.25) * 1e6) / 1e6,
        },
      ]);
    });
  });

  test('notices: the currency chosen, amounts without a rate, orders without a margin, unknown customers', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      const notices = (await listBusinessNotices(db)).sort((a, b) => a.kind.localeCompare(b.kind));
      expect(notices.map((n) => [n.kind, n.rowsLeftOut])).toEqual([
        ['missing_margin', 1],
        ['missing_rate', 2],
        ['no_reporting_currency', 0],
        ['unknown_customer', 1],
      ]);
      const text = (kind: string) => notices.find((n) => n.kind === kind)?.message ?? '';
      expect(text('missing_rate')).toContain('1 order and 1 cost line in USD before 2026-01-10');
      expect(text('no_reporting_currency')).toContain('EUR, USD');
      expect(text('no_reporting_currency')).toContain('reported in EUR');
      expect(text('unknown_customer')).toContain('zed');
    });
  });

  test('settings: a reporting currency and a default margin share change the facts', async () => {
    await withSettings(
      shop,
      { churnAfterDays: 60, reportingCurrency: 'eur', defaultMarginShare: 0.25 },
      async (db) => {
        const [bob] = await rows(
          db,
          "SELECT margin, clv FROM business_customer_facts WHERE customer_id = 'bob'",
        );
        // The USD order without a cost of goods now has 80 × 0.25 = 20 of margin.
        expect(bob).toEqual({ margin: 113, clv: 113 });
        const kinds = (await listBusinessNotices(db)).map((n) => n.kind).sort();
        expect(kinds).toEqual(['missing_rate', 'unknown_customer']);
        // With USD as the reporting currency, EUR amounts have no rate at all.
        const updated = await updateBusinessSettings(db, { reportingCurrency: 'USD' }, NOW);
        expect(updated.ok).toBe(true);
        const missing = (await listBusinessNotices(db)).find((n) => n.kind === 'missing_rate');
        expect(missing?.message).toContain('in EUR have no exchange rate to USD');
        const [alice] = await rows(
          db,
          "SELECT revenue FROM business_customer_facts WHERE customer_id = 'alice'",
        );
        expect(alice).toEqual({ revenue: 0 });
      },
    );
  });

  test('a rebuild writes the same facts again, not twice', async () => {
    await withSettings(shop, { churnAfterDays: 60 }, async (db) => {
      const count = async () =>
        rows(
          db,
          `SELECT (SELECT count(*) FROM business_customer_facts) AS customers,
             (SELECT count(*) FROM business_customer_month_facts) AS months,
             (SELECT count(*) FROM business_contact_facts) AS contacts,
             (SELECT count(*) FROM business_ledger_facts) AS ledger,
             (SELECT count(*) FROM business_people_facts) AS people,
             (SELECT count(*) FROM business_notices) AS notices`,
        );
      const before = await count();
      const summary = await rebuildBusinessFacts(db, NOW);
      expect(await count()).toEqual(before);
      expect(summary).toMatchObject({
        reportingCurrency: 'EUR',
        // The newest order, not the end of the March cost lines.
        knownUntil: '2026-03-10T10:00:00.000Z',
        customers: 5,
        customerMonths: 11,
        contacts: 3,
      });
    });
  });
});

/**
 * A shop whose customers are known by e-mail, as the shop imports name them, and whose helpdesk
 * names them by its own requester ids (as Zendesk, Freshdesk and Intercom do) beside their e-mail.
 * - amy@example.com: an order of 100 (goods 40) on 20 January, five days after z1 (requester
 *   zd-101, e-mail Amy@Example.com): z1 is amy's and converts.
 * - bo@example.com: z2 on 10 February by the shop's own id, no order within 7 days; z4 on 18 March
 *   (requester zd-103, e-mail bo@example.com) and an order of 50 (goods 20) on 20 March 12:00, the
 *   newest record: z4's window runs to 25 March, past what the data knows, so it is not known yet.
 * - z3 on 20 February: requester zd-102 with an e-mail no customer has: unknown.
 * Costs: wages 280 for February only (10 a day), and tools for April to December entered ahead.
 * Every contact is handled (an agent reply). Over January to March: cost per contact 280 ÷ the 2
 * contacts of February (not ÷ 4), gross margin −280 (February has no order), no revenue on a
 * costed day for the service cost share.
 */
const HELPDESK_SHOP: Record<string, string[]> = {
  'teams.csv': ['id,name', 'support,Support'],
  'agents.csv': [
    'id,name,email,team_id,started_on,active',
    'ann,Ann,ann@example.com,support,2025-06-01,true',
  ],
  'customers.csv': [
    'id,name,first_seen_at,segment,country,acquisition_channel,closed_at,close_reason',
    'amy@example.com,Amy,2026-01-02T09:00:00Z,consumer,NL,search,,',
    'bo@example.com,Bo,2026-01-03T09:00:00Z,consumer,NL,search,,',
  ],
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency,status,refunded_amount,refunded_at',
    'shop,o1,amy@example.com,2026-01-20T09:00:00Z,100,40,EUR,paid,,',
    'shop,o2,bo@example.com,2026-03-20T12:00:00Z,50,20,EUR,paid,,',
  ],
  'costs.csv': [
    'source,external_id,period_start,period_end,category,amount,currency,team_id,channel,note',
    'ledger,c1,2026-02-01,2026-02-28,wages,280,EUR,support,email,',
    'ledger,c2,2026-04-01,2026-12-31,tools,900,EUR,support,email,budget',
  ],
  'contacts.csv': [
    'source,external_id,channel,created_at,customer_id,team_id,assignee_id,status,customer_email',
    'zendesk,z1,email,2026-01-15T09:00:00Z,zd-101,support,ann,solved,Amy@Example.com',
    'zendesk,z2,email,2026-02-10T09:00:00Z,bo@example.com,support,ann,solved,',
    'zendesk,z3,email,2026-02-20T09:00:00Z,zd-102,support,ann,solved,nobody@example.com',
    'zendesk,z4,email,2026-03-18T09:00:00Z,zd-103,support,ann,open,bo@example.com',
  ],
  'contact_events.csv': [
    'source,contact_external_id,external_id,kind,occurred_at,actor,agent_id,public,status,escalation_type,queue,team_id',
    ...['z1|2026-01-15', 'z2|2026-02-10', 'z3|2026-02-20', 'z4|2026-03-18'].flatMap((entry) => {
      const [id, date] = entry.split('|');
      return [
        `zendesk,${id},${id}-m,customer_message,${date}T09:00:00Z,customer,,,,,,`,
        `zendesk,${id},${id}-r,agent_reply,${date}T10:00:00Z,agent,ann,true,,,,`,
      ];
    }),
  ],
};

describe.each(ENGINES)(
  'a helpdesk with its own customer ids and costs for one month on $kind',
  ({ kind }) => {
    let db: Engine;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const dir = await mkdtemp(join(tmpdir(), 'servicemeter-business-'));
      const duck = await openDuckDb({ path: join(dir, 'shop.duckdb') });
      await migrate(duck);
      const imported = await importFiles(duck, [await writeShop(dir, HELPDESK_SHOP)]);
      if (!imported.ok) throw new Error(`shop import failed: ${JSON.stringify(imported.error)}`);
      const pg = kind === 'duckdb' ? null : await openMigratedPostgres(kind);
      if (pg) await copyCanonical(duck, pg);
      db = pg ?? duck;
      close = async () => {
        await pg?.close();
        await duck.close();
        await rm(dir, { recursive: true, force: true });
      };
    }, 300_000);
    afterAll(() => close());

    test('contacts find their customer by id, else by e-mail; open windows are not known yet', async () => {
      const summary = await rebuildBusinessFacts(db, NOW);
      // The newest order; the costs entered up to December do not move it.
      expect(summary.knownUntil).toBe('2026-03-20T12:00:00.000Z');
      expect(
        await rows(
          db,
          `SELECT contact_key, customer_id, ordered_after, revenue_after FROM business_contact_facts ORDER BY contact_key`,
        ),
      ).toEqual([
        {
          contact_key: 'zendesk|z1',
          customer_id: 'amy@example.com',
          ordered_after: true,
          revenue_after: 100,
        },
        { contact_key: 'zendesk|z2', customer_id: 'bo@example.com', ordered_after: false, revenue_after: 0 },
        {
          contact_key: 'zendesk|z4',
          customer_id: 'bo@example.com',
          ordered_after: null,
          revenue_after: null,
        },
      ]);
      const notices = await listBusinessNotices(db);
      expect(notices.map((n) => [n.kind, n.rowsLeftOut])).toEqual([['unknown_customer', 1]]);
      expect(notices[0]?.message).toContain('zd-102');
      expect(
        await rows(db, `SELECT customer_id, contacts, clv FROM business_customer_facts ORDER BY customer_id`),
      ).toEqual([
        { customer_id: 'amy@example.com', contacts: 1, clv: 60 },
        { customer_id: 'bo@example.com', contacts: 2, clv: 30 },
      ]);
    });

    test('the ledger marks the days that carry cost data; a quarter gives the costed month figures', async () => {
      await rebuildBusinessFacts(db, NOW);
      expect(
        await rows(
          db,
          `SELECT ${month('day')} AS month, costed, sum(handled) AS handled FROM business_ledger_facts
         WHERE day < CAST('2026-04-01' AS TIMESTAMP) GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
      ).toEqual([
        { month: '2026-01', costed: false, handled: 1 },
        { month: '2026-02', costed: true, handled: 2 },
        { month: '2026-03', costed: false, handled: 1 },
      ]);
      const result = await runKpiQuery(db, {
        from: '2026-01-01',
        to: '2026-04-01',
        timezone: 'UTC',
        kpis: [
          'service_cost',
          'cost_per_contact',
          'cost_per_resolution',
          'service_cost_share',
          'gross_margin',
          'revenue',
          'conversion_after_contact',
          'revenue_after_contact',
        ],
      });
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const [quarter] = result.data.rows;
      const value = (id: string) => kpiValueIn(quarter, id).value;
      expect(value('service_cost')).toBeCloseTo(280, 9);
      // February's cost ÷ February's contacts, not ÷ the quarter's.
      expect(value('cost_per_contact')).toBeCloseTo(140, 9);
      expect(kpiValueIn(quarter, 'cost_per_contact').n).toBe(2);
      // No revenue on a day with cost data; the margin of those days is the cost alone.
      expect(value('service_cost_share')).toBeNull();
      expect(value('gross_margin')).toBeCloseTo(-280, 9);
      expect(value('revenue')).toBeCloseTo(150, 9);
      // z4's window is still open: 1 of 2, not 1 of 3.
      expect(value('conversion_after_contact')).toBeCloseTo(1 / 2, 9);
      expect(kpiValueIn(quarter, 'conversion_after_contact').n).toBe(2);
      expect(value('revenue_after_contact')).toBeCloseTo(100, 9);
    });
  },
);
