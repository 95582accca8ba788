import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';

/**
 * Money in the fixture's week, written straight into the business facts (what the business rebuild
 * would write from costs, orders and payroll): ann and bob of team support each have wages, contacts
 * and revenue after a contact; carl is team solo's one agent, so solo's totals are his figures.
 */
export async function seedMoneyFacts(db: DuckDbEngine): Promise<void> {
  const ledger: unknown[][] = [];
  const none = null;
  for (const day of ['2026-03-03 00:00:00', '2026-03-04 00:00:00']) {
    for (const [agent, team, wages] of [
      ['ann', 'support', 160],
      ['bob', 'support', 150],
      ['carl', 'solo', 170],
    ] as const)
      ledger.push([day, team, none, agent, 'wages', wages, wages, none, none, none, none, 5, 4, 8, 1]);
    ledger.push([
      day,
      'support',
      none,
      none,
      'tools',
      20,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
    ]);
    ledger.push([
      day,
      'support',
      none,
      none,
      'acquisition',
      none,
      none,
      100,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
    ]);
    ledger.push([
      day,
      'support',
      none,
      none,
      'retention',
      none,
      none,
      50,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
    ]);
    ledger.push([
      day,
      'support',
      'email',
      none,
      none,
      none,
      none,
      none,
      1000,
      600,
      400,
      none,
      none,
      none,
      none,
    ]);
  }
  await db.insertRows(
    'business_ledger_facts',
    [
      'day',
      'team_id',
      'channel',
      'agent_id',
      'cost_category',
      'cost',
      'payroll',
      'spend',
      'revenue',
      'cost_of_goods',
      'margin',
      'handled',
      'resolved',
      'paid_hours',
      'fte_days',
    ],
    ledger,
  );
  await db.insertRows(
    'business_contact_facts',
    [
      'contact_key',
      'created_at',
      'channel',
      'team_id',
      'assignee_id',
      'customer_id',
      'segment',
      'acquisition_channel',
      'resolved',
      'first_contact_resolved',
      'ordered_after',
      'revenue_after',
    ],
    [
      ['helpdesk|t1', 'ann', 'support', 'c1', 120],
      ['helpdesk|t2', 'bob', 'support', 'c2', 80],
      ['helpdesk|t9', 'carl', 'solo', 'c3', 60],
    ].map(([key, agent, team, customer, revenue]) => [
      key,
      '2026-03-03 10:00:00',
      'email',
      team,
      agent,
      customer,
      'retail',
      'search',
      true,
      true,
      true,
      revenue,
    ]),
  );
  await db.insertRows(
    'business_customer_facts',
    [
      'customer_id',
      'segment',
      'acquisition_channel',
      'country',
      'first_seen_at',
      'orders',
      'revenue',
      'margin',
      'contacts',
      'handling',
      'clv',
    ],
    [
      ['c1', 300],
      ['c2', 200],
      ['c3', 100],
    ].map(([customer, clv]) => [
      customer,
      'retail',
      'search',
      'NL',
      '2026-03-03 08:00:00',
      1,
      Number(clv) * 2,
      clv,
      1,
      'first_contact',
      clv,
    ]),
  );
  await db.insertRows(
    'people',
    ['agent_id', 'hired_on', 'fte', 'hourly_cost', 'currency'],
    [
      ['ann', '2025-01-01', 1, 20, 'EUR'],
      ['bob', '2025-01-01', 1, 19, 'EUR'],
      ['carl', '2025-01-01', 1, 21, 'EUR'],
    ],
  );
}
