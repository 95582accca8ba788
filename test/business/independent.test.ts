/**
 * The independent check of the business figures: a small webshop generated here (seeded), imported
 * through the product as canonical CSV files, and its retention, churn, lifetime value, cost per
 * contact and per resolution, conversion after contact and staff turnover computed a second time in
 * plain TypeScript from the definitions in docs/business.md — never from the facts code or its SQL.
 * Both computations run over the same generated records; the product's side is read through
 * runKpiQuery on DuckDB and on PGlite.
 *
 * The shop: 18 months of customers (some closed, some lapsing, some without orders, some known only
 * from their orders), orders in EUR, USD and GBP (GBP before its first rate: left out, never at 1),
 * pending and cancelled orders, full and partial refunds, orders without a cost of goods; five months
 * of costs (payroll per team, a USD tools bill across months, a line without team, spend on winning
 * and keeping customers) and a sixth month without any; agents hired and leaving mid-period; and half
 * a year of e-mail and chat contacts, some from customers the shop does not know, with orders placed
 * exactly on the edges of the conversion window. Cost per contact is also compared per team, the
 * lines without a team shared out by the contacts each team handled.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { KpiQueryInput, KpiRow, KpiValue } from '../../src/core/kpi/query.js';
import { runKpiQuery } from '../../src/services/kpi.js';
import { csvText } from '../independent/generate.js';
import { iso, Random } from '../independent/reference.js';
import { ENGINES, type EngineKind, withCopyOn, withDuckDb, withTempDir } from '../support/engines.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The documented defaults (docs/business.md, "Settings"): the test sets none of them. */
const CHURN_AFTER_DAYS = 365;
const CONVERSION_DAYS = 7;
const REPORTING = 'EUR';
const SERVICE_COST_CATEGORIES = [
  'wages',
  'allowances',
  'employer_taxes',
  'tools',
  'outsourcing',
  'overhead',
  'training',
];

const SHOP_START = utc(2025, 1, 1);
/** The newest record of the shop: a contact at this instant (no order or cost period comes later). */
const LAST_CONTACT = utc(2026, 6, 30, 16);

// ---------------------------------------------------------------------------------------------
// The shop, as its owner would write it down

interface Customer {
  id: string;
  /** As the customers file has it; null when empty (or when the customer is only in the orders). */
  firstSeenAt: number | null;
  segment: string | null;
  acquisitionChannel: string | null;
  closedAt: number | null;
  inCustomersFile: boolean;
}

interface Order {
  id: string;
  customer: string;
  at: number;
  revenue: number;
  costOfGoods: number | null;
  currency: 'EUR' | 'USD' | 'GBP';
  /** As written; empty means paid. */
  status: '' | 'paid' | 'pending' | 'cancelled';
  refunded: number;
}

interface CostLine {
  id: string;
  start: string;
  end: string;
  category: string;
  amount: number;
  currency: 'EUR' | 'USD';
  team: string | null;
  channel: string | null;
}

interface Person {
  agent: string;
  team: string;
  hiredOn: string | null;
  leftOn: string | null;
  leaveKind: string | null;
  fte: number | null;
}

interface ContactEvent {
  kind: 'customer_message' | 'agent_reply' | 'status_change';
  at: number;
  agent?: string;
  status?: 'solved' | 'open';
}

interface Contact {
  id: string;
  channel: 'email' | 'chat';
  at: number;
  customer: string | null;
  team: string;
  assignee: string | null;
  events: ContactEvent[];
}

interface Rate {
  currency: 'USD' | 'GBP';
  validFrom: string;
  rate: number;
}

interface Shop {
  customers: Customer[];
  orders: Order[];
  costs: CostLine[];
  people: Person[];
  contacts: Contact[];
  rates: Rate[];
}

const money = (value: number) => Math.round(value * 100) / 100;

const PEOPLE: Person[] = [
  { agent: 'a1', team: 't1', hiredOn: '2023-05-01', leftOn: null, leaveKind: null, fte: 1 },
  { agent: 'a2', team: 't1', hiredOn: '2024-02-01', leftOn: null, leaveKind: null, fte: 0.8 },
  { agent: 'a3', team: 't1', hiredOn: '2024-09-15', leftOn: null, leaveKind: null, fte: null },
  { agent: 'a4', team: 't1', hiredOn: '2022-01-10', leftOn: null, leaveKind: null, fte: 0.5 },
  { agent: 'a5', team: 't2', hiredOn: '2025-03-01', leftOn: null, leaveKind: null, fte: 1 },
  // Joins in the middle of March.
  { agent: 'a6', team: 't1', hiredOn: '2026-03-16', leftOn: null, leaveKind: null, fte: 1 },
  // Leaves in the middle of April, of their own accord.
  { agent: 'a7', team: 't2', hiredOn: '2024-06-01', leftOn: '2026-04-10', leaveKind: 'voluntary', fte: 1 },
  { agent: 'a8', team: 't2', hiredOn: '2025-06-01', leftOn: '2026-02-20', leaveKind: 'involuntary', fte: 1 },
  // Joins and leaves within the half year.
  { agent: 'a10', team: 't2', hiredOn: '2026-01-05', leftOn: '2026-05-15', leaveKind: 'other', fte: 0.5 },
];
/** Handles contacts but has no employment row: counts for nothing in the people figures. */
const UNLISTED_AGENT = { agent: 'a9', team: 't1' };

function employedOn(person: Person, at: number): boolean {
  const day = dayOf(at);
  return (person.hiredOn ?? '0000') <= day && (person.leftOn === null || day <= person.leftOn);
}

function generateShop(seed: number): Shop {
  const random = new Random(seed);
  const segments = ['consumer', 'business', 'vip'];
  const channels = ['search', 'social', 'referral'];
  const customers: Customer[] = [];
  const orders: Order[] = [];
  let orderNo = 0;
  const addOrder = (order: Omit<Order, 'id'>) => {
    orderNo += 1;
    orders.push({ id: `o${String(orderNo).padStart(4, '0')}`, ...order });
  };
  const amountOrder = (customer: string, at: number, status: Order['status'] = 'paid'): Omit<Order, 'id'> => {
    const revenue = money(20 + random.next() * 280);
    const costOfGoods = random.chance(0.1) ? null : money(revenue * (0.5 + random.next() * 0.2));
    const currency = random.chance(0.2) ? 'USD' : random.chance(0.05) ? 'GBP' : 'EUR';
    const refund = status !== 'pending' && status !== 'cancelled' && random.chance(0.08);
    const refunded = !refund
      ? 0
      : random.chance(0.5)
        ? revenue
        : money(revenue * (0.3 + random.next() * 0.4));
    return { customer, at, revenue, costOfGoods, currency, status, refunded };
  };
  const lastOrderAt = LAST_CONTACT - 2 * DAY;
  const firstSeenLatest = utc(2026, 5, 31);
  for (let i = 1; i <= 120; i++) {
    const id = `c${String(i).padStart(3, '0')}`;
    // One in ten never orders; they signed up recently, so that none of them has lapsed by the end.
    const count = random.chance(0.1) ? 0 : random.chance(0.35) ? 1 : random.int(2, 6);
    const earliest = count === 0 ? utc(2025, 8, 1) : SHOP_START;
    const firstSeen = earliest + Math.floor(random.next() * (firstSeenLatest - earliest));
    const closes = random.chance(0.07);
    const closedAt = closes ? firstSeen + random.int(20, 200) * DAY + random.int(0, 23) * HOUR : null;
    const customer: Customer = {
      id,
      // A few sign-ups without a date: the first order or contact gives it.
      firstSeenAt: random.chance(0.05) ? null : firstSeen,
      segment: random.pick(segments),
      acquisitionChannel: random.pick(channels),
      closedAt: closedAt !== null && closedAt < utc(2026, 6, 20) ? closedAt : null,
      inCustomersFile: true,
    };
    customers.push(customer);
    if (count === 0 && customer.firstSeenAt === null) customer.firstSeenAt = firstSeen;
    let at = firstSeen + random.int(0, 3 * 24) * HOUR;
    for (let k = 0; k < count; k++) {
      if (at > lastOrderAt || (customer.closedAt !== null && at >= customer.closedAt)) break;
      const roll = random.next();
      // The first order of a customer without a sign-up date is paid: it is when they became one.
      const status: Order['status'] =
        k === 0 && customer.firstSeenAt === null
          ? 'paid'
          : roll < 0.05
            ? 'pending'
            : roll < 0.1
              ? 'cancelled'
              : roll < 0.4
                ? ''
                : 'paid';
      addOrder(amountOrder(id, at, status));
      at += random.skewed(60, 400) * DAY + random.int(0, 23) * HOUR;
    }
  }
  // Customers the shop knows only from their orders.
  for (let i = 1; i <= 3; i++) {
    const id = `shop-only-${i}`;
    customers.push({
      id,
      firstSeenAt: null,
      segment: null,
      acquisitionChannel: null,
      closedAt: null,
      inCustomersFile: false,
    });
    let at = utc(2025, 2 + 3 * i, 10, 9);
    for (let k = 0; k < 3 && at < lastOrderAt; k++) {
      addOrder({ ...amountOrder(id, at), status: 'paid' });
      at += random.int(20, 120) * DAY;
    }
  }
  // GBP has a rate from March 2025 on: a GBP order before then cannot be converted and is left out.
  // It is never a customer's last paid order, so that whether it counts as activity does not matter.
  const gbpFrom = utc(2025, 3, 1);
  for (const order of orders) {
    const later = orders.some(
      (o) => o.customer === order.customer && o.at > order.at && (o.status === '' || o.status === 'paid'),
    );
    if (order.currency === 'GBP' && order.at < gbpFrom && !later) order.currency = 'EUR';
  }
  // And a few paid orders with a margin that do fall there, so that a rate of 1 would show.
  let unconvertible = 0;
  for (const order of orders) {
    if (unconvertible >= 3 || order.at >= gbpFrom || !isPaid(order) || order.costOfGoods === null) continue;
    const later = orders.some((o) => o.customer === order.customer && o.at > order.at && isPaid(o));
    if (!later) continue;
    order.currency = 'GBP';
    unconvertible += 1;
  }

  // Contacts: half a year of e-mails and chats.
  const contacts: Contact[] = [];
  const contactStart = utc(2026, 1, 1);
  // A third of the customers ever write to the team; the others only order.
  const writers = new Set(customers.filter(() => random.chance(0.35)).map((c) => c.id));
  const known = (at: number) =>
    customers.filter(
      (c) =>
        writers.has(c.id) &&
        (c.firstSeenAt ?? firstOrderAt(orders, c.id) ?? Number.POSITIVE_INFINITY) < at &&
        (c.closedAt === null || c.closedAt > at),
    );
  const count = 230;
  for (let i = 1; i <= count; i++) {
    const at =
      i === count
        ? LAST_CONTACT
        : contactStart + Math.floor(random.next() * (LAST_CONTACT - contactStart - DAY));
    const roll = random.next();
    const candidates = known(at);
    const customer =
      roll < 0.1
        ? `unknown-${i}@mail.test`
        : roll < 0.14 || candidates.length === 0
          ? null
          : random.pick(candidates).id;
    const employed = PEOPLE.filter((p) => employedOn(p, at));
    const unassigned = random.chance(0.06);
    const agent = unassigned ? null : random.chance(0.1) ? UNLISTED_AGENT : random.pick(employed);
    const contact: Contact = {
      id: `k${String(i).padStart(4, '0')}`,
      channel: random.chance(0.3) ? 'chat' : 'email',
      at,
      customer,
      team: agent?.team ?? random.pick(['t1', 't2']),
      assignee: agent?.agent ?? null,
      events: [{ kind: 'customer_message', at }],
    };
    let clock = at;
    if (agent && random.chance(0.88)) {
      clock += random.skewed(3, 72) * HOUR;
      contact.events.push({ kind: 'agent_reply', at: clock, agent: agent.agent });
    }
    // Most are solved, some after a reopening, some a month later; unassigned ones are closed unanswered.
    if (random.chance(0.78) && i !== count) {
      clock += random.skewed(20, 24 * 40) * HOUR;
      contact.events.push({ kind: 'status_change', at: clock, status: 'solved' });
      if (random.chance(0.1)) {
        clock += random.int(1, 5) * DAY;
        contact.events.push({ kind: 'status_change', at: clock, status: 'open' });
        clock += random.int(1, 48) * HOUR;
        if (agent) contact.events.push({ kind: 'agent_reply', at: clock, agent: agent.agent });
        contact.events.push({ kind: 'status_change', at: clock + HOUR, status: 'solved' });
      }
    }
    contacts.push(contact);
  }
  // Orders on the edges of the conversion window, after contacts of known customers.
  const edges = [
    { after: CONVERSION_DAYS * DAY, status: 'paid' as const }, // counts
    { after: CONVERSION_DAYS * DAY + 1000, status: 'paid' as const }, // one second late
    { after: 0, status: 'paid' as const }, // at the contact's instant: not after it
    { after: HOUR, status: 'pending' as const }, // not paid
    { after: 2 * DAY, status: 'cancelled' as const }, // not paid
    { after: 1000, status: '' as const }, // paid one second after: counts
  ];
  let edge = 0;
  for (const contact of contacts) {
    if (edge >= edges.length * 2) break;
    const customer = customers.find((c) => c.id === contact.customer);
    const spec = edges[edge % edges.length];
    if (!customer || !spec || contact.at + 8 * DAY > lastOrderAt) continue;
    if (customer.closedAt !== null && customer.closedAt <= contact.at + 8 * DAY) continue;
    const near = orders.some((o) => o.customer === customer.id && Math.abs(o.at - contact.at) < 10 * DAY);
    if (near) continue;
    addOrder({ ...amountOrder(customer.id, contact.at + spec.after), status: spec.status, currency: 'EUR' });
    edge += 1;
  }

  const rates: Rate[] = [];
  for (let m = 0; m < 18; m++) {
    const month = dayOf(utc(2025, 1 + m, 1));
    rates.push({
      currency: 'USD',
      validFrom: month,
      rate: Math.round((0.85 + random.next() * 0.1) * 1e4) / 1e4,
    });
    if (month >= '2025-03-01')
      rates.push({
        currency: 'GBP',
        validFrom: month,
        rate: Math.round((1.1 + random.next() * 0.1) * 1e4) / 1e4,
      });
  }

  const costs: CostLine[] = [];
  const line = (cost: Omit<CostLine, 'id'>) => costs.push({ id: `cost-${costs.length + 1}`, ...cost });
  for (let m = 1; m <= 5; m++) {
    const start = dayOf(utc(2026, m, 1));
    const end = dayOf(utc(2026, m + 1, 1) - DAY);
    for (const team of ['t1', 't2']) {
      const wages = team === 't1' ? 14_000 : 9_000;
      line({
        start,
        end,
        category: 'wages',
        amount: wages + random.int(0, 900),
        currency: 'EUR',
        team,
        channel: null,
      });
      line({
        start,
        end,
        category: 'allowances',
        amount: 400 + random.int(0, 200),
        currency: 'EUR',
        team,
        channel: null,
      });
      line({
        start,
        end,
        category: 'employer_taxes',
        amount: money(wages * 0.21),
        currency: 'EUR',
        team,
        channel: null,
      });
    }
    // Outsourced chat cover, for the whole service: spread over the teams by what they handled.
    line({
      start,
      end,
      category: 'outsourcing',
      amount: 1_500,
      currency: 'EUR',
      team: null,
      channel: 'chat',
    });
    line({
      start,
      end,
      category: 'acquisition',
      amount: 3_000 + random.int(0, 1_000),
      currency: 'EUR',
      team: null,
      channel: null,
    });
    line({ start, end, category: 'retention', amount: 800, currency: 'EUR', team: null, channel: null });
  }
  // A tools bill in dollars for three months that do not start on the first: converted day by day.
  line({
    start: '2026-01-15',
    end: '2026-04-14',
    category: 'tools',
    amount: 2_700,
    currency: 'USD',
    team: null,
    channel: null,
  });
  line({
    start: '2026-01-01',
    end: '2026-03-31',
    category: 'overhead',
    amount: 4_500,
    currency: 'EUR',
    team: null,
    channel: null,
  });
  line({
    start: '2026-04-01',
    end: '2026-05-31',
    category: 'overhead',
    amount: 3_050,
    currency: 'EUR',
    team: null,
    channel: null,
  });
  line({
    start: '2026-02-10',
    end: '2026-02-12',
    category: 'training',
    amount: 1_200,
    currency: 'EUR',
    team: 't1',
    channel: null,
  });

  return { customers, orders, costs, people: PEOPLE, contacts, rates };
}

function firstOrderAt(orders: readonly Order[], customer: string): number | null {
  const times = orders.filter((o) => o.customer === customer).map((o) => o.at);
  return times.length === 0 ? null : Math.min(...times);
}

// ---------------------------------------------------------------------------------------------
// The shop as canonical CSV files

async function writeShop(dir: string, shop: Shop): Promise<void> {
  const write = (name: string, header: string[], rows: (string | number | null)[][]) =>
    writeFile(join(dir, `${name}.csv`), csvText(header, rows));
  await write(
    'teams',
    ['id', 'name'],
    [
      ['t1', 'Team one'],
      ['t2', 'Team two'],
    ],
  );
  await write(
    'agents',
    ['id', 'name', 'team_id'],
    [...shop.people, UNLISTED_AGENT].map((p) => [p.agent, p.agent.toUpperCase(), p.team]),
  );
  await write(
    'customers',
    ['id', 'name', 'first_seen_at', 'segment', 'country', 'acquisition_channel', 'closed_at', 'close_reason'],
    shop.customers
      .filter((c) => c.inCustomersFile)
      .map((c) => [
        c.id,
        `Customer ${c.id}`,
        c.firstSeenAt === null ? null : iso(c.firstSeenAt),
        c.segment,
        'NL',
        c.acquisitionChannel,
        c.closedAt === null ? null : iso(c.closedAt),
        c.closedAt === null ? null : 'moved to a competitor',
      ]),
  );
  await write(
    'orders',
    [
      'source',
      'external_id',
      'customer_id',
      'ordered_at',
      'revenue',
      'cost_of_goods',
      'currency',
      'status',
      'refunded_amount',
      'refunded_at',
    ],
    shop.orders.map((o) => [
      'shop',
      o.id,
      o.customer,
      iso(o.at),
      o.revenue.toFixed(2),
      o.costOfGoods === null ? null : o.costOfGoods.toFixed(2),
      o.currency,
      o.status === '' ? null : o.status,
      o.refunded === 0 ? null : o.refunded.toFixed(2),
      o.refunded === 0 ? null : iso(o.at + 5 * DAY),
    ]),
  );
  await write(
    'costs',
    [
      'source',
      'external_id',
      'period_start',
      'period_end',
      'category',
      'amount',
      'currency',
      'team_id',
      'channel',
    ],
    shop.costs.map((c) => [
      'ledger',
      c.id,
      c.start,
      c.end,
      c.category,
      c.amount.toFixed(2),
      c.currency,
      c.team,
      c.channel,
    ]),
  );
  await write(
    'people',
    ['agent_id', 'hired_on', 'left_on', 'leave_kind', 'leave_reason', 'fte', 'hourly_cost', 'currency'],
    shop.people.map((p) => [
      p.agent,
      p.hiredOn,
      p.leftOn,
      p.leaveKind,
      p.leftOn === null ? null : 'moved on',
      p.fte,
      '31.50',
      'EUR',
    ]),
  );
  await write(
    'paid_hours',
    ['agent_id', 'period_start', 'period_end', 'hours'],
    shop.people.flatMap((p) =>
      [1, 2, 3, 4, 5]
        .map((m) => [dayOf(utc(2026, m, 1)), dayOf(utc(2026, m + 1, 1) - DAY)] as const)
        .filter(([start, end]) => (p.hiredOn ?? '') <= end && (p.leftOn === null || p.leftOn >= start))
        .map(([start, end]) => [p.agent, start, end, String(Math.round(160 * (p.fte ?? 1)))]),
    ),
  );
  await write(
    'exchange_rates',
    ['currency', 'valid_from', 'rate'],
    shop.rates.map((r) => [r.currency, r.validFrom, r.rate]),
  );
  await write(
    'contacts',
    ['source', 'external_id', 'channel', 'created_at', 'customer_id', 'team_id', 'assignee_id'],
    shop.contacts.map((c) => ['helpdesk', c.id, c.channel, iso(c.at), c.customer, c.team, c.assignee]),
  );
  await write(
    'contact_events',
    ['source', 'contact_external_id', 'external_id', 'kind', 'occurred_at', 'agent_id', 'status'],
    shop.contacts.flatMap((c) =>
      c.events.map((e, i) => [
        'helpdesk',
        c.id,
        `${c.id}-e${i}`,
        e.kind,
        iso(e.at),
        e.agent ?? null,
        e.status ?? null,
      ]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The reference: the definitions of docs/business.md, computed plainly

/** Units of the reporting currency for one unit of `currency` on `day`; null without a rate (never 1). */
function rateOn(shop: Shop, currency: string, day: string): number | null {
  if (currency === REPORTING) return 1;
  const valid = shop.rates.filter((r) => r.currency === currency && r.validFrom <= day);
  if (valid.length === 0) return null;
  return valid.reduce((latest, r) => (r.validFrom > latest.validFrom ? r : latest)).rate;
}

const isPaid = (o: Order) => o.status === '' || o.status === 'paid';

/** The order's margin in the reporting currency: net revenue − the cost of the goods kept. */
function orderMargin(shop: Shop, order: Order): number | null {
  if (!isPaid(order) || order.costOfGoods === null) return null;
  const rate = rateOn(shop, order.currency, dayOf(order.at));
  if (rate === null) return null;
  const net = order.revenue - order.refunded;
  const keptShare = order.revenue === 0 ? 0 : net / order.revenue;
  return (net - order.costOfGoods * keptShare) * rate;
}

/** Up to when the data reaches: its newest order or contact (all before now); cost periods do not count. */
function knownUntil(shop: Shop): number {
  return Math.max(...shop.orders.map((o) => o.at), ...shop.contacts.map((c) => c.at));
}

interface CustomerFigures {
  id: string;
  firstSeenAt: number;
  churnedAt: number | null;
  clv: number | null;
}

function customerFigures(shop: Shop): CustomerFigures[] {
  const until = knownUntil(shop);
  return shop.customers.map((customer) => {
    const own = shop.orders.filter((o) => o.customer === customer.id);
    const paid = own.filter(isPaid).map((o) => o.at);
    const contacts = shop.contacts.filter((c) => c.customer === customer.id).map((c) => c.at);
    const firstSeenAt = customer.firstSeenAt ?? Math.min(...own.map((o) => o.at), ...contacts);
    // The last paid order or contact; becoming a customer when there is neither.
    const activity = [...paid, ...contacts];
    const lastActivity = activity.length === 0 ? firstSeenAt : Math.max(...activity);
    const lapse = lastActivity + CHURN_AFTER_DAYS * DAY;
    const churnedAt = customer.closedAt ?? (lapse <= until ? lapse : null);
    const margins = own.map((o) => orderMargin(shop, o)).filter((m): m is number => m !== null);
    // 0 without paid orders; none when the paid orders all lack a margin.
    const clv = paid.length === 0 ? 0 : margins.length === 0 ? null : margins.reduce((a, b) => a + b, 0);
    return { id: customer.id, firstSeenAt, churnedAt, clv };
  });
}

const monthStart = (month: string) => dayMs(`${month}-01`);
const nextMonth = (month: string) => monthOf(monthStart(month) + 32 * DAY);

interface Figure {
  value: number | null;
  n: number;
}

/** Retention and churn of one month: of the customers on the books at its start, those who stayed. */
function monthlyRetention(shop: Shop, month: string): { retained: number; churned: number; onBooks: number } {
  const start = monthStart(month);
  const end = monthStart(nextMonth(month));
  let retained = 0;
  let churned = 0;
  for (const c of customerFigures(shop)) {
    if (c.firstSeenAt >= start) continue;
    if (c.churnedAt !== null && c.churnedAt < start) continue;
    if (c.churnedAt !== null && c.churnedAt < end) churned += 1;
    else retained += 1;
  }
  return { retained, churned, onBooks: retained + churned };
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from.slice(0, 7); m < to.slice(0, 7); m = nextMonth(m)) months.push(m);
  return months;
}

function retentionFigures(shop: Shop, months: readonly string[]): { retention: Figure; churn: Figure } {
  let retained = 0;
  let churned = 0;
  for (const month of months.filter((m) => monthStart(m) <= knownUntil(shop))) {
    const r = monthlyRetention(shop, month);
    retained += r.retained;
    churned += r.churned;
  }
  const onBooks = retained + churned;
  return {
    retention: { value: onBooks === 0 ? null : retained / onBooks, n: onBooks },
    churn: { value: onBooks === 0 ? null : churned / onBooks, n: onBooks },
  };
}

/** Mean historical lifetime value of the customers first seen in [from, to) that have one (0 without paid orders). */
function clvFigure(shop: Shop, from: number, to: number): Figure {
  const values = customerFigures(shop)
    .filter((c) => c.firstSeenAt >= from && c.firstSeenAt < to && c.clv !== null)
    .map((c) => c.clv as number);
  return {
    value: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    n: values.length,
  };
}

/** Service cost per day: each line spread evenly over its days, each day converted at that day's rate. */
function serviceCostByDay(shop: Shop): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const line of shop.costs.filter((c) => SERVICE_COST_CATEGORIES.includes(c.category))) {
    const days = (dayMs(line.end) - dayMs(line.start)) / DAY + 1;
    for (let d = dayMs(line.start); d <= dayMs(line.end); d += DAY) {
      const rate = rateOn(shop, line.currency, dayOf(d));
      if (rate === null) continue;
      byDay.set(dayOf(d), (byDay.get(dayOf(d)) ?? 0) + (line.amount / days) * rate);
    }
  }
  return byDay;
}

const handledAt = (c: Contact) => (c.events.some((e) => e.kind === 'agent_reply') ? c.at : null);
const firstResolvedAt = (c: Contact) =>
  c.events.find((e) => e.kind === 'status_change' && e.status === 'solved')?.at ?? null;

/**
 * A team's service cost per day: its own lines, and its part of every line without a team — spread
 * by the team's share of the contacts handled in the line's period (of the line's channel, when it
 * names one).
 */
function teamServiceCostByDay(shop: Shop, team: string): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const line of shop.costs.filter((c) => SERVICE_COST_CATEGORIES.includes(c.category))) {
    let share = line.team === team ? 1 : 0;
    if (line.team === null) {
      const handled = shop.contacts.filter(
        (c) =>
          handledAt(c) !== null &&
          dayOf(c.at) >= line.start &&
          dayOf(c.at) <= line.end &&
          (line.channel === null || c.channel === line.channel),
      );
      share = handled.length === 0 ? 0 : handled.filter((c) => c.team === team).length / handled.length;
    }
    if (share === 0) continue;
    const days = (dayMs(line.end) - dayMs(line.start)) / DAY + 1;
    for (let d = dayMs(line.start); d <= dayMs(line.end); d += DAY) {
      const rate = rateOn(shop, line.currency, dayOf(d));
      if (rate === null) continue;
      byDay.set(dayOf(d), (byDay.get(dayOf(d)) ?? 0) + (line.amount / days) * rate * share);
    }
  }
  return byDay;
}

/** A team's cost of a month ÷ the contacts of the team handled in it on days that carry cost data. */
function teamCostPerContact(shop: Shop, team: string, from: number, to: number): Figure {
  const days = [...teamServiceCostByDay(shop, team)].filter(([day]) => dayMs(day) >= from && dayMs(day) < to);
  const costed = serviceCostByDay(shop);
  const count = shop.contacts.filter((c) => {
    const at = handledAt(c);
    return c.team === team && at !== null && at >= from && at < to && costed.has(dayOf(at));
  }).length;
  if (days.length === 0 || count === 0) return { value: null, n: count };
  return { value: days.reduce((sum, [, cost]) => sum + cost, 0) / count, n: count };
}

/**
 * Cost of the period ÷ contacts handled (or first resolved) in it, over the days that carry cost
 * data (a day with a share of a service cost line); null when no cost line covers it.
 */
function costPer(shop: Shop, from: number, to: number, counted: (c: Contact) => number | null): Figure {
  const costed = serviceCostByDay(shop);
  const days = [...costed].filter(([day]) => dayMs(day) >= from && dayMs(day) < to);
  const count = shop.contacts.filter((c) => {
    const at = counted(c);
    return at !== null && at >= from && at < to && costed.has(dayOf(at));
  }).length;
  if (days.length === 0 || count === 0) return { value: null, n: count };
  return { value: days.reduce((sum, [, cost]) => sum + cost, 0) / count, n: count };
}

/**
 * Contacts of known customers created in [from, to) followed by a paid order within the window;
 * contacts whose window ends after known-until are left out (not known yet).
 */
function conversionFigure(shop: Shop, from: number, to: number, channel?: string): Figure {
  const customers = new Set(shop.customers.map((c) => c.id));
  const until = knownUntil(shop);
  const contacts = shop.contacts.filter(
    (c) =>
      c.customer !== null &&
      customers.has(c.customer) &&
      c.at >= from &&
      c.at < to &&
      c.at + CONVERSION_DAYS * DAY <= until &&
      (channel === undefined || c.channel === channel),
  );
  const converted = contacts.filter((c) =>
    shop.orders.some(
      (o) => o.customer === c.customer && isPaid(o) && o.at > c.at && o.at <= c.at + CONVERSION_DAYS * DAY,
    ),
  ).length;
  return { value: contacts.length === 0 ? null : converted / contacts.length, n: contacts.length };
}

/** Leavers ÷ average headcount over [from, to), annualised: × 365 ÷ the days of the period. */
function turnoverFigure(shop: Shop, from: string, to: string): Figure {
  const days = (dayMs(to) - dayMs(from)) / DAY;
  const lastKnownDay = dayOf(knownUntil(shop));
  let personDays = 0;
  let leavers = 0;
  for (const person of shop.people) {
    for (let d = dayMs(from); d < dayMs(to); d += DAY) {
      const day = dayOf(d);
      const end = person.leftOn ?? lastKnownDay;
      if ((person.hiredOn ?? '9999') <= day && day <= end) personDays += 1;
    }
    if (person.leftOn !== null && person.leftOn >= from && person.leftOn < to) leavers += 1;
  }
  const averageHeadcount = personDays / days;
  return {
    value: averageHeadcount === 0 ? null : (leavers / averageHeadcount) * (365 / days),
    n: personDays,
  };
}

// ---------------------------------------------------------------------------------------------
// The product's side and the comparison

interface Difference {
  figure: string;
  period: string;
  product: Figure;
  reference: Figure;
}

async function productRows(db: Engine, query: KpiQueryInput): Promise<KpiRow[]> {
  const result = await runKpiQuery(db, { timezone: 'UTC', hours: 'calendar', ...query });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.data.rows;
}

function figureOf(row: KpiRow | undefined, kpi: string): Figure {
  const value = row?.[kpi] as KpiValue | undefined;
  return { value: value?.value ?? null, n: value?.n ?? 0 };
}

/** Equal when both are null, or within a millionth (relative) of each other; `n` equal when compared. */
function agrees(product: Figure, reference: Figure, compareN: boolean): boolean {
  if (compareN && product.n !== reference.n) return false;
  if (product.value === null || reference.value === null) return product.value === reference.value;
  return Math.abs(product.value - reference.value) <= 1e-6 * Math.max(1, Math.abs(reference.value));
}

class Comparison {
  readonly differences: Difference[] = [];
  compared = 0;
  check(figure: string, period: string, product: Figure, reference: Figure, compareN = true): void {
    this.compared += 1;
    if (!agrees(product, reference, compareN)) this.differences.push({ figure, period, product, reference });
  }
}

const FROM = '2025-01-01';
const TO = '2026-07-01';
const COST_FROM = '2026-01-01';
const COST_TO = '2026-06-01';

async function compareShop(db: Engine, shop: Shop): Promise<Comparison> {
  const comparison = new Comparison();
  const byMonth = async (kpis: string[], from: string, to: string) => {
    const rows = await productRows(db, { from, to, kpis, grain: 'month' });
    return new Map(rows.map((row) => [String(row.period).slice(0, 7), row]));
  };
  const whole = async (kpis: string[], from: string, to: string, by?: 'channel') =>
    productRows(db, { from, to, kpis, ...(by ? { by: [by] } : {}) });

  // Retention and churn: every month, and the whole range as the customer-weighted mean.
  const months = monthsBetween(FROM, TO);
  const retentionRows = await byMonth(['retention_rate', 'churn_rate'], FROM, TO);
  for (const month of months) {
    const reference = retentionFigures(shop, [month]);
    const row = retentionRows.get(month);
    comparison.check('retention_rate', month, figureOf(row, 'retention_rate'), reference.retention);
    comparison.check('churn_rate', month, figureOf(row, 'churn_rate'), reference.churn);
  }
  const [all] = await whole(['retention_rate', 'churn_rate'], FROM, TO);
  const overall = retentionFigures(shop, months);
  comparison.check('retention_rate', `${FROM}…${TO}`, figureOf(all, 'retention_rate'), overall.retention);
  comparison.check('churn_rate', `${FROM}…${TO}`, figureOf(all, 'churn_rate'), overall.churn);

  // Lifetime value of the customers first seen in the period.
  const [clvAll] = await whole(['clv'], FROM, TO);
  comparison.check('clv', `${FROM}…${TO}`, figureOf(clvAll, 'clv'), clvFigure(shop, dayMs(FROM), dayMs(TO)));
  const clvRows = await byMonth(['clv'], FROM, TO);
  for (const month of months)
    comparison.check(
      'clv',
      month,
      figureOf(clvRows.get(month), 'clv'),
      clvFigure(shop, monthStart(month), monthStart(nextMonth(month))),
    );

  // Cost per contact and per resolution, month by month: June has no cost line, so no figure.
  const costKpis = ['cost_per_contact', 'cost_per_resolution'];
  const costRows = await byMonth(costKpis, COST_FROM, TO);
  for (const month of monthsBetween(COST_FROM, TO)) {
    const from = monthStart(month);
    const to = monthStart(nextMonth(month));
    const row = costRows.get(month);
    comparison.check(
      'cost_per_contact',
      month,
      figureOf(row, 'cost_per_contact'),
      costPer(shop, from, to, handledAt),
    );
    comparison.check(
      'cost_per_resolution',
      month,
      figureOf(row, 'cost_per_resolution'),
      costPer(shop, from, to, firstResolvedAt),
    );
  }
  const [costAll] = await whole(costKpis, COST_FROM, COST_TO);
  comparison.check(
    'cost_per_contact',
    `${COST_FROM}…${COST_TO}`,
    figureOf(costAll, 'cost_per_contact'),
    costPer(shop, dayMs(COST_FROM), dayMs(COST_TO), handledAt),
  );
  comparison.check(
    'cost_per_resolution',
    `${COST_FROM}…${COST_TO}`,
    figureOf(costAll, 'cost_per_resolution'),
    costPer(shop, dayMs(COST_FROM), dayMs(COST_TO), firstResolvedAt),
  );

  // Per team, with the lines without a team shared out by the contacts each team handled.
  const teamRows = await productRows(db, {
    from: COST_FROM,
    to: COST_TO,
    kpis: ['cost_per_contact'],
    by: ['team'],
    grain: 'month',
  });
  for (const month of monthsBetween(COST_FROM, COST_TO))
    for (const team of ['t1', 't2'])
      comparison.check(
        'cost_per_contact',
        `${month} team ${team}`,
        figureOf(
          teamRows.find((row) => String(row.period).slice(0, 7) === month && row.team === team),
          'cost_per_contact',
        ),
        teamCostPerContact(shop, team, monthStart(month), monthStart(nextMonth(month))),
      );

  // Over the half year of which the last month has no cost line: the cost over the contacts of the
  // days that carry cost data only, not over all of them.
  const [costHalfYear] = await whole(costKpis, COST_FROM, TO);
  comparison.check(
    'cost_per_contact',
    `${COST_FROM}…${TO}`,
    figureOf(costHalfYear, 'cost_per_contact'),
    costPer(shop, dayMs(COST_FROM), dayMs(TO), handledAt),
  );

  // Conversion after contact: the half year, per channel and per month.
  const [conversionAll] = await whole(['conversion_after_contact'], COST_FROM, TO);
  comparison.check(
    'conversion_after_contact',
    `${COST_FROM}…${TO}`,
    figureOf(conversionAll, 'conversion_after_contact'),
    conversionFigure(shop, dayMs(COST_FROM), dayMs(TO)),
  );
  const channelRows = await whole(['conversion_after_contact'], COST_FROM, TO, 'channel');
  for (const channel of ['email', 'chat'])
    comparison.check(
      'conversion_after_contact',
      `channel ${channel}`,
      figureOf(
        channelRows.find((row) => row.channel === channel),
        'conversion_after_contact',
      ),
      conversionFigure(shop, dayMs(COST_FROM), dayMs(TO), channel),
    );
  const conversionRows = await byMonth(['conversion_after_contact'], COST_FROM, TO);
  for (const month of monthsBetween(COST_FROM, TO))
    comparison.check(
      'conversion_after_contact',
      month,
      figureOf(conversionRows.get(month), 'conversion_after_contact'),
      conversionFigure(shop, monthStart(month), monthStart(nextMonth(month))),
    );

  // Turnover: five months, and each of them.
  const [turnoverAll] = await whole(['employee_turnover'], COST_FROM, COST_TO);
  comparison.check(
    'employee_turnover',
    `${COST_FROM}…${COST_TO}`,
    figureOf(turnoverAll, 'employee_turnover'),
    turnoverFigure(shop, COST_FROM, COST_TO),
  );
  const turnoverRows = await byMonth(['employee_turnover'], COST_FROM, COST_TO);
  for (const month of monthsBetween(COST_FROM, COST_TO))
    comparison.check(
      'employee_turnover',
      month,
      figureOf(turnoverRows.get(month), 'employee_turnover'),
      turnoverFigure(shop, `${month}-01`, dayOf(monthStart(nextMonth(month)))),
    );
  return comparison;
}

/** The shop imported into the requested engine (DuckDB by the import; PostgreSQL by a copy and a rebuild). */
async function withShop<T>(engine: EngineKind, shop: Shop, work: (db: Engine) => Promise<T>): Promise<T> {
  return withTempDir(async (root) => {
    const dir = join(root, 'shop');
    await mkdir(dir);
    await writeShop(dir, shop);
    return withDuckDb([dir], (duck) => withCopyOn(engine, duck, work));
  });
}

describe.each(ENGINES)('the business figures of a generated webshop on $kind', ({ kind: engine }) => {
  test('the shop has what the definitions need to be told apart', () => {
    const shop = generateShop(17);
    const figures = customerFigures(shop);
    const until = knownUntil(shop);
    expect(until).toBe(LAST_CONTACT);
    expect(
      figures.filter(
        (c) => c.churnedAt !== null && c.churnedAt !== shop.customers.find((x) => x.id === c.id)?.closedAt,
      ).length,
    ).toBeGreaterThan(3);
    expect(shop.customers.filter((c) => c.closedAt !== null).length).toBeGreaterThan(3);
    // Lifetime value none (paid orders, none with a margin) and 0 (no paid orders) both occur.
    expect(figures.filter((c) => c.clv === null).length).toBeGreaterThan(1);
    expect(figures.filter((c) => c.clv === 0).length).toBeGreaterThan(3);
    expect(
      shop.orders.filter(
        (o) =>
          o.currency === 'GBP' &&
          isPaid(o) &&
          o.costOfGoods !== null &&
          rateOn(shop, 'GBP', dayOf(o.at)) === null,
      ).length,
    ).toBeGreaterThanOrEqual(3);
    expect(shop.orders.filter((o) => o.currency === 'USD').length).toBeGreaterThan(20);
    expect(shop.orders.filter((o) => o.refunded > 0 && o.refunded === o.revenue).length).toBeGreaterThan(0);
    expect(shop.orders.filter((o) => o.refunded > 0 && o.refunded < o.revenue).length).toBeGreaterThan(0);
    expect(shop.contacts.filter((c) => c.customer?.startsWith('unknown-')).length).toBeGreaterThan(5);
    expect(conversionFigure(shop, dayMs(COST_FROM), dayMs(TO)).value).toBeGreaterThan(0);
  });

  test('retention, churn, CLV, cost per contact and resolution, conversion and turnover equal the independent calculation', async () => {
    const shop = generateShop(17);
    await withShop(engine, shop, async (db) => {
      const comparison = await compareShop(db, shop);
      expect(comparison.compared).toBeGreaterThan(50);
      expect(comparison.differences).toEqual([]);
    });
  }, 300_000);
});
