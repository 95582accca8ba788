import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';

/**
 * Money in the fixture's week, written straight into the business facts (what the business rebuild
 * would write from costs, orders and payroll): ann and bob of team support each have wages, contacts
 * and revenue after a contact; carl is team solo's one agent, so solo's totals are his figures. His
 * wages are what the rebuild writes for a cost line of a team: rows naming no agent, so no count of
 * agents on them shows they are one person's pay. The week before, support booked wages while only
 * ann was employed (bob was hired on 2026-02-25): that week's total is her pay.
 */
export async function seedMoneyFacts(db: DuckDbEngine): Promise<void> {
  const ledger: unknown[][] = [];
  const none = null;
  for (const day of ['2026-03-03 00:00:00', '2026-03-04 00:00:00']) {
    for (const [agent, team, wages] of [
      ['ann', 'support', 160],
      ['bob', 'support', 150],
    ] as const)
      ledger.push([day, team, none, agent, 'wages', wages, wages, none, none, none, none, 5, 4, 8, 1]);
    ledger.push([day, 'solo', none, 'carl', none, none, none, none, none, none, none, 5, 4, 8, 1]);
    ledger.push([day, 'solo', none, none, 'wages', 170, 170, none, none, none, none, none, none, none, none]);
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
  ledger.push([
    '2026-02-20 00:00:00',
    'support',
    none,
    none,
    'wages',
    160,
    160,
    none,
    none,
    none,
    none,
    none,
    none,
    none,
    none,
  ]);
  await db.insertRows('teams', ['id', 'name', 'calendar_id'], [['solo', 'Solo', 'office']]);
  await db.insertRows(
    'agents',
    ['id', 'name', 'email', 'team_id', 'started_on', 'active'],
    [['carl', 'Carl', 'carl@example.com', 'solo', '2025-01-01', true]],
  );
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
      'costed',
    ],
    // Every day of the fixture has service cost lines (wages, tools): all of it is costed.
    ledger.map((row) => [...row, true]),
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
      ['bob', '2026-02-25', 1, 19, 'EUR'],
      ['carl', '2025-01-01', 1, 21, 'EUR'],
    ],
  );
}
