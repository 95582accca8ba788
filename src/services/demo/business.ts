/**
 * The demo webshop's business: its customers, their orders, what the service costs, and the people
 * of the team, so that every figure of the Business page has a believable value.
 *
 * Written after the contacts are imported, because it follows what happened to them: a customer
 * whose problem was solved at the first contact stays longer and orders sooner afterwards, one whose
 * problem stayed unsolved or who gave a low CSAT drifts away and sometimes closes the account. Most
 * customers never contact the team: a webshop has many more customers than contacts. New customers
 * arrive over the two years before the demo's end, more every month; orders come again and again
 * until a customer lapses, in euros for most, in pounds and dollars for British and American ones
 * (with the monthly rates that convert them). The costs are the team's payroll (from the paid hours
 * of each agent, which follow the schedule), tools, an outsourced social-media desk, overhead,
 * training, and the spend on winning and keeping customers. Two former agents, who left in the first
 * weeks of the data, join the agents table: the turnover figures have leavers to count.
 *
 * The rows are canonical CSV files imported as a user would import them. Drawn from a random stream
 * of its own, so the same seed gives the same rows and the other demo tables stay what they were.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../core/engine.js';
import { importFiles } from '../import.js';
import { makeWorkDir } from '../work-dir.js';
import { CsvTableWriter, columnPositions, csvField } from './csv.js';
import { Rng } from './random.js';
import { AGENTS, PERIOD_FIRST_DAY, PERIOD_LAST_DAY, type TeamId } from './scenario.js';
import { DAY, dayNumber, formatDate, fromAmsterdam, isoUtc, isoWeekday } from './time.js';

/** Mixed into the seed so the business never shares draws with the contacts. */
const BUSINESS_STREAM = 0xb0_5e11;
/** The webshop's own systems: the shop, the ledger and the payroll. */
export const SHOP_SOURCE = 'demo-shop';
export const LEDGER_SOURCE = 'demo-ledger';

/** The end of the demo's last day: nothing is ordered at or after it. */
const END = fromAmsterdam((dayNumber(PERIOD_LAST_DAY) + 1) * DAY);
/** Customers arrive over the two years before the end. */
const START = END - 730 * DAY;
/** New customers per month grow: the last month has 1 + GROWTH times the first month's. */
const GROWTH = 1.6;
/** Customers who never contacted the team, for every one who did. */
const SILENT_CUSTOMERS_PER_CONTACTING = 3;
/** The months the costs and the paid hours are booked for: those of the contacts. */
const COST_MONTHS = monthsBetween(PERIOD_FIRST_DAY, PERIOD_LAST_DAY);

type Segment = 'consumer' | 'business' | 'vip';

interface SegmentDef {
  id: Segment;
  share: number;
  /** Median revenue of an order, in euros, and its log-scale spread. */
  basket: number;
  spread: number;
  /** Mean days between two orders of an active customer. */
  meanGapDays: number;
  /** Chance that an order is the customer's last. */
  lastOrder: number;
}

const SEGMENTS: readonly SegmentDef[] = [
  { id: 'consumer', share: 0.78, basket: 52, spread: 0.55, meanGapDays: 80, lastOrder: 0.27 },
  { id: 'business', share: 0.15, basket: 165, spread: 0.6, meanGapDays: 48, lastOrder: 0.17 },
  { id: 'vip', share: 0.07, basket: 120, spread: 0.45, meanGapDays: 34, lastOrder: 0.09 },
];

const ACQUISITION_CHANNELS = ['search', 'social', 'referral', 'email', 'marketplace'] as const;
const ACQUISITION_WEIGHTS = [34, 22, 12, 10, 22];

/** Countries by the language a customer writes in; customers who never wrote get the shop's mix. */
const COUNTRIES: Record<string, { countries: readonly string[]; weights: readonly number[] }> = {
  nl: { countries: ['NL', 'BE'], weights: [82, 18] },
  en: { countries: ['GB', 'US', 'IE', 'DE'], weights: [45, 20, 15, 20] },
  sv: { countries: ['SE', 'NL'], weights: [80, 20] },
  uk: { countries: ['NL', 'DE', 'PL'], weights: [60, 25, 15] },
  'zh-CN': { countries: ['NL', 'DE'], weights: [80, 20] },
  '': { countries: ['NL', 'BE', 'DE', 'GB', 'US', 'IE', 'SE'], weights: [70, 13, 7, 5, 2, 2, 1] },
};
/** Customers in these countries pay in their own currency; everyone else in euros. */
const CURRENCY_OF_COUNTRY: Record<string, 'GBP' | 'USD'> = { GB: 'GBP', US: 'USD' };
/** Euros for one unit, where the monthly rates start; they wander a little from month to month. */
const RATES_START: Record<'GBP' | 'USD', number> = { GBP: 1.17, USD: 0.92 };

/** Topics about an order already placed: the customer bought something days before. */
const ORDER_TOPICS: ReadonlySet<string> = new Set(['delivery', 'returns', 'payment', 'complaint']);

/** How a contact went, as the facts tell it. */
type Outcome = 'first_contact' | 'later' | 'unresolved';

/** What one contact does to its customer's behaviour. */
interface Effect {
  /** Chance of an order within a week of the contact, because of it. */
  conversion: number;
  /** Multiplies the chance that an order is the last. */
  lastOrder: number;
  /** Multiplies the time between orders. */
  gap: number;
  /** Chance that the customer closes the account within weeks. */
  close: number;
  /** Chance that a customer who had stopped ordering starts again. */
  revive: number;
}

const EFFECTS: Record<Outcome, Effect> = {
  first_contact: { conversion: 0.13, lastOrder: 0.5, gap: 0.8, close: 0, revive: 0.8 },
  later: { conversion: 0.08, lastOrder: 1, gap: 1, close: 0.01, revive: 0.4 },
  unresolved: { conversion: 0.03, lastOrder: 3, gap: 1.5, close: 0.12, revive: 0 },
};
/** A CSAT in the bottom quarter of its scale: on top of the outcome. */
const LOW_CSAT: Effect = { conversion: 0.5, lastOrder: 1.9, gap: 1.25, close: 0.05, revive: 0 };
/** A top CSAT. */
const TOP_CSAT: Effect = { conversion: 1.2, lastOrder: 0.85, gap: 0.95, close: 0, revive: 0 };

const CLOSE_REASONS = {
  unresolved: ['Problem not solved', 'Unhappy with customer service', 'Waited too long for an answer'],
  lowCsat: ['Bad experience with customer service', 'Rude or unhelpful answer'],
  other: ['Moved abroad', 'No longer needed', 'Asked to delete the account (GDPR)', 'Found a cheaper shop'],
} as const;

/** People of the team who left in the first weeks of the data: they are in the agents table too. */
export const DEMO_LEAVERS = [
  {
    id: 'kevin',
    name: 'Kevin de Wit',
    team: 'orders' as TeamId,
    hiredOn: '2025-02-03',
    leftOn: '2026-01-09',
    leaveKind: 'voluntary',
    leaveReason: 'Went back to full-time study',
    fte: 0.5,
    hourlyCost: 24.5,
  },
  {
    id: 'anouk',
    name: 'Anouk Mulder',
    team: 'phone' as TeamId,
    hiredOn: '2025-08-18',
    leftOn: '2026-01-16',
    leaveKind: 'involuntary',
    leaveReason: 'Fixed-term contract not renewed',
    fte: 1,
    hourlyCost: 28,
  },
] as const;

/** Part-time contracts: everyone else works full time. */
const PART_TIME: Record<string, number> = { lotte: 0.8, sophie: 0.8 };
/** What an hour costs the shop, employer charges included: by seniority, team leads highest. */
const HOURLY_COST: Record<string, number> = {
  sanne: 39.5,
  emma: 39.5,
  julia: 39.5,
  daan: 34,
  bram: 34.5,
  thomas: 33,
  sophie: 32,
  lotte: 31.5,
  ruben: 30.5,
  fleur: 30,
  lucas: 29.5,
  noah: 27.5,
};
/** How payroll splits an hour's cost: wages, allowances (holiday pay, travel), employer taxes. */
const PAYROLL_SPLIT = { wages: 0.78, allowances: 0.07, employer_taxes: 0.15 } as const;

/** One contact of a customer, as it ended. */
export interface CustomerContact {
  t: number;
  topic: string;
  outcome: Outcome;
  /** The lowest CSAT answer on it, 0–1 of its scale; null without one. */
  csat: number | null;
}

export interface ContactingCustomer {
  id: string;
  language: string;
  contacts: CustomerContact[];
}

export interface DemoBusinessInput {
  customers: ContactingCustomer[];
  /** Scheduled hours per agent and month (`YYYY-MM`). */
  scheduledHours: Map<string, Map<string, number>>;
}

export interface DemoBusinessSummary {
  /** Table name → rows written. */
  files: Record<string, number>;
}

/**
 * Writes the business tables for `engine`'s imported demo contacts and imports them, rebuilding the
 * facts at `now`: the demo's clock, so the facts that stop at "now" stop where the data does.
 */
export async function createDemoBusiness(
  engine: Engine,
  options: { seed: number; now: Date },
): Promise<DemoBusinessSummary> {
  const input = await readDemoBusinessInput(engine);
  const dir = await makeWorkDir('demo-business');
  try {
    const files = await writeDemoBusinessFiles(dir, input, options.seed);
    const result = await importFiles(engine, [dir], { now: () => options.now });
    if (!result.ok) throw new Error(`demo business import: ${JSON.stringify(result.error)}`);
    return { files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The contacts of each customer with their outcome and CSAT, and the hours in the schedule. */
export async function readDemoBusinessInput(engine: Engine): Promise<DemoBusinessInput> {
  const rows = await engine.all(
    `SELECT f.customer_id, ${engine.dialect.epochSeconds('f.created_at')} AS created_at, f.topic,
       CASE WHEN f.first_resolved_at IS NULL THEN 'unresolved'
            WHEN f.touches = 1 AND NOT COALESCE(f.reopened_within_7d, FALSE) THEN 'first_contact'
            ELSE 'later' END AS outcome,
       COALESCE(c.customer_language, '') AS language, s.csat
     FROM contact_facts f
     JOIN contacts c ON c.contact_key = f.contact_key
     LEFT JOIN (
       SELECT contact_key, MIN((score - scale_min) / NULLIF(scale_max - scale_min, 0)) AS csat
       FROM survey_facts WHERE kind = 'csat' AND answered AND score IS NOT NULL GROUP BY contact_key
     ) s ON s.contact_key = f.contact_key
     WHERE f.customer_id IS NOT NULL AND f.customer_id <> '' AND f.created_at IS NOT NULL
     ORDER BY f.customer_id, f.created_at, f.contact_key`,
  );
  const customers: ContactingCustomer[] = [];
  for (const row of rows) {
    const id = String(row.customer_id);
    let customer = customers[customers.length - 1];
    if (customer?.id !== id) {
      customer = { id, language: String(row.language ?? ''), contacts: [] };
      customers.push(customer);
    }
    customer.contacts.push({
      t: Number(row.created_at),
      topic: String(row.topic ?? ''),
      outcome: String(row.outcome) as Outcome,
      csat: row.csat === null || row.csat === undefined ? null : Number(row.csat),
    });
  }
  // Summed by the database: the half year's schedule is tens of thousands of blocks.
  const months = await engine.all(
    `SELECT agent_id, CAST(${engine.dialect.dateTrunc('month', 'starts_at')} AS VARCHAR) AS month,
       sum(${engine.dialect.epochSeconds('ends_at')} - ${engine.dialect.epochSeconds('starts_at')}) / 3600 AS hours
     FROM schedules GROUP BY 1, 2`,
  );
  const scheduledHours = new Map<string, Map<string, number>>();
  for (const row of months) {
    const agent = String(row.agent_id);
    const hours = scheduledHours.get(agent) ?? new Map<string, number>();
    // The first of the month as text ('2026-03-01 00:00:00' on every engine): its YYYY-MM.
    hours.set(String(row.month).slice(0, 7), Number(row.hours));
    scheduledHours.set(agent, hours);
  }
  return { customers, scheduledHours };
}

const CUSTOMER_POS = columnPositions('customers', [
  'id',
  'first_seen_at',
  'segment',
  'country',
  'acquisition_channel',
  'closed_at',
  'close_reason',
]);
const ORDER_POS = columnPositions('orders', [
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
]);
const COST_POS = columnPositions('costs', [
  'source',
  'external_id',
  'period_start',
  'period_end',
  'category',
  'amount',
  'currency',
  'team_id',
  'channel',
  'note',
]);
const PEOPLE_POS = columnPositions('people', [
  'agent_id',
  'hired_on',
  'left_on',
  'leave_kind',
  'leave_reason',
  'fte',
  'hourly_cost',
  'currency',
]);
const PAID_POS = columnPositions('paid_hours', ['agent_id', 'period_start', 'period_end', 'hours']);
const RATE_POS = columnPositions('exchange_rates', ['currency', 'valid_from', 'rate']);
const AGENT_POS = columnPositions('agents', ['id', 'name', 'email', 'team_id', 'started_on', 'active']);

interface Order {
  t: number;
  customer: string;
  euros: number;
  costShare: number;
  currency: 'EUR' | 'GBP' | 'USD';
  status: 'paid' | 'pending' | 'cancelled';
  refundShare: number;
  refundedAt: number;
}

/** Writes the business CSV files into `dir`; returns the rows per table. */
export async function writeDemoBusinessFiles(
  dir: string,
  input: DemoBusinessInput,
  seed: number,
): Promise<Record<string, number>> {
  const r = new Rng((seed ^ BUSINESS_STREAM) >>> 0);
  const rates = monthlyRates(r);
  const customersOut = new CsvTableWriter('customers', join(dir, 'customers.csv'));
  const orders: Order[] = [];
  const newPerMonth = new Map<string, number>();
  const writers: CsvTableWriter[] = [customersOut];
  try {
    const contacting = new Map(input.customers.map((c) => [c.id, c]));
    const highest = Math.max(0, ...input.customers.map((c) => customerNumber(c.id)));
    const total = Math.max(
      highest,
      Math.round(input.customers.length * (1 + SILENT_CUSTOMERS_PER_CONTACTING)),
    );
    for (let n = 1; n <= total; n++) {
      const id = `CUST-${String(n).padStart(6, '0')}`;
      const customer = contacting.get(id) ?? { id, language: '', contacts: [] };
      contacting.delete(id);
      const drawn = simulateCustomer(r, customer, orders);
      writeCustomer(customersOut, drawn);
      const month = isoUtc(drawn.firstSeen).slice(0, 7);
      newPerMonth.set(month, (newPerMonth.get(month) ?? 0) + 1);
      if (customersOut.full) await customersOut.flush();
    }
    // Contacting customers whose ids the shop's numbering does not follow.
    for (const customer of contacting.values()) {
      const drawn = simulateCustomer(r, customer, orders);
      writeCustomer(customersOut, drawn);
    }

    const ordersOut = new CsvTableWriter('orders', join(dir, 'orders.csv'));
    writers.push(ordersOut);
    orders.sort((x, y) => x.t - y.t || (x.customer < y.customer ? -1 : x.customer > y.customer ? 1 : 0));
    for (const [i, order] of orders.entries()) {
      const rate = order.currency === 'EUR' ? 1 : rateOn(rates[order.currency], order.t);
      const revenue = round2(order.euros / rate);
      const row = ordersOut.emptyRow();
      row[ORDER_POS.source] = SHOP_SOURCE;
      row[ORDER_POS.external_id] = `WS-${String(100_001 + i)}`;
      row[ORDER_POS.customer_id] = order.customer;
      row[ORDER_POS.ordered_at] = isoUtc(order.t);
      row[ORDER_POS.revenue] = revenue.toFixed(2);
      row[ORDER_POS.cost_of_goods] = round2(revenue * order.costShare).toFixed(2);
      row[ORDER_POS.currency] = order.currency;
      row[ORDER_POS.status] = order.status;
      if (order.refundShare > 0) {
        row[ORDER_POS.refunded_amount] = round2(revenue * order.refundShare).toFixed(2);
        row[ORDER_POS.refunded_at] = isoUtc(order.refundedAt);
      }
      ordersOut.push(row);
      if (ordersOut.full) await ordersOut.flush();
    }

    const ratesOut = new CsvTableWriter('exchange_rates', join(dir, 'exchange_rates.csv'));
    writers.push(ratesOut);
    for (const currency of ['GBP', 'USD'] as const)
      for (const { from, rate } of rates[currency]) {
        const row = ratesOut.emptyRow();
        row[RATE_POS.currency] = currency;
        row[RATE_POS.valid_from] = from;
        row[RATE_POS.rate] = rate.toFixed(4);
        ratesOut.push(row);
      }

    const people = demoPeople(input.scheduledHours);
    const agentsOut = new CsvTableWriter('agents', join(dir, 'agents.csv'));
    const peopleOut = new CsvTableWriter('people', join(dir, 'people.csv'));
    const paidOut = new CsvTableWriter('paid_hours', join(dir, 'paid_hours.csv'));
    const costsOut = new CsvTableWriter('costs', join(dir, 'costs.csv'));
    writers.push(agentsOut, peopleOut, paidOut, costsOut);
    for (const leaver of DEMO_LEAVERS) {
      const row = agentsOut.emptyRow();
      row[AGENT_POS.id] = leaver.id;
      row[AGENT_POS.name] = csvField(leaver.name);
      row[AGENT_POS.email] = `${leaver.name.toLowerCase().replace(/\s+/g, '.')}@webshop.example`;
      row[AGENT_POS.team_id] = leaver.team;
      row[AGENT_POS.started_on] = leaver.hiredOn;
      row[AGENT_POS.active] = 'false';
      agentsOut.push(row);
    }
    for (const person of people) {
      const row = peopleOut.emptyRow();
      row[PEOPLE_POS.agent_id] = person.id;
      row[PEOPLE_POS.hired_on] = person.hiredOn;
      row[PEOPLE_POS.left_on] = person.leftOn ?? '';
      row[PEOPLE_POS.leave_kind] = person.leaveKind ?? '';
      row[PEOPLE_POS.leave_reason] = csvField(person.leaveReason ?? '');
      row[PEOPLE_POS.fte] = String(person.fte);
      row[PEOPLE_POS.hourly_cost] = person.hourlyCost.toFixed(2);
      row[PEOPLE_POS.currency] = 'EUR';
      peopleOut.push(row);
      for (const paid of person.paid) {
        const hours = paidOut.emptyRow();
        hours[PAID_POS.agent_id] = person.id;
        hours[PAID_POS.period_start] = paid.from;
        hours[PAID_POS.period_end] = paid.to;
        hours[PAID_POS.hours] = paid.hours.toFixed(2);
        paidOut.push(hours);
      }
    }
    writeCosts(costsOut, r, people, newPerMonth);

    const files: Record<string, number> = {};
    for (const writer of writers) {
      await writer.close();
      files[writer.table] = writer.rows;
    }
    return files;
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
}

interface DrawnCustomer {
  id: string;
  firstSeen: number;
  segment: Segment;
  country: string;
  channel: string;
  closedAt: number | null;
  closeReason: string;
}

function writeCustomer(out: CsvTableWriter, customer: DrawnCustomer): void {
  const row = out.emptyRow();
  row[CUSTOMER_POS.id] = csvField(customer.id);
  row[CUSTOMER_POS.first_seen_at] = isoUtc(customer.firstSeen);
  row[CUSTOMER_POS.segment] = customer.segment;
  row[CUSTOMER_POS.country] = customer.country;
  row[CUSTOMER_POS.acquisition_channel] = customer.channel;
  if (customer.closedAt !== null) {
    row[CUSTOMER_POS.closed_at] = isoUtc(customer.closedAt);
    row[CUSTOMER_POS.close_reason] = csvField(customer.closeReason);
  }
  out.push(row);
}

/**
 * One customer's life with the shop: when they came, their orders until they lapse or close the
 * account, and what each of their contacts did to that. Orders go into `orders`.
 */
function simulateCustomer(r: Rng, customer: ContactingCustomer, orders: Order[]): DrawnCustomer {
  const segment = SEGMENTS[r.weightedIndex(SEGMENTS.map((s) => s.share))] ?? (SEGMENTS[0] as SegmentDef);
  const geography = COUNTRIES[customer.language] ?? (COUNTRIES[''] as (typeof COUNTRIES)[string]);
  const country = geography.countries[r.weightedIndex(geography.weights)] ?? 'NL';
  const currency = CURRENCY_OF_COUNTRY[country] ?? 'EUR';
  const channel = ACQUISITION_CHANNELS[r.weightedIndex(ACQUISITION_WEIGHTS)] ?? 'search';
  const contacts = customer.contacts;
  const firstContact = contacts[0]?.t;
  let firstSeen: number;
  if (firstContact === undefined) firstSeen = arrival(r, 1);
  else if (r.chance(0.12))
    // A new customer: the first contact comes within weeks of signing up, or is the first question.
    firstSeen = Math.max(START, firstContact - r.int(DAY, 30 * DAY));
  else {
    const latest = Math.max(START + DAY, firstContact - 14 * DAY);
    firstSeen = arrival(r, arrivalShare(latest));
  }

  let closedAt: number | null = null;
  let closeReason = '';
  const close = (at: number, reasons: readonly string[]) => {
    if (closedAt !== null || at >= END) return;
    closedAt = at;
    closeReason = r.pick(reasons);
  };
  if (r.chance(0.015)) close(firstSeen + r.int(30 * DAY, 700 * DAY), CLOSE_REASONS.other);

  let lastOrderChance = segment.lastOrder;
  let gapFactor = 1;
  let basketFactor = 1;
  let active = true;
  let t = firstSeen;
  let lastOrder = -Infinity;
  const mine: Order[] = [];
  const place = (at: number) => {
    if (at >= END || (closedAt !== null && at >= closedAt)) return;
    const order: Order = {
      t: at,
      customer: customer.id,
      euros: Math.max(4.95, r.logNormal(segment.basket * basketFactor, segment.spread)),
      costShare: r.uniform(0.55, 0.65),
      currency,
      status: 'paid',
      refundShare: 0,
      refundedAt: 0,
    };
    // A few cancelled; the last days' orders are partly still waiting for payment.
    if (r.chance(0.025)) order.status = 'cancelled';
    else if (at > END - 3 * DAY && r.chance(0.5)) order.status = 'pending';
    else if (r.chance(0.03))
      refund(order, r.chance(0.6) ? 1 : r.uniform(0.2, 0.6), at + r.int(5 * DAY, 25 * DAY));
    mine.push(order);
    lastOrder = Math.max(lastOrder, at);
    if (r.chance(Math.min(0.95, lastOrderChance))) active = false;
  };
  const refund = (order: Order, share: number, at: number) => {
    if (order.status !== 'paid' || at >= END) return;
    order.refundShare = Math.max(order.refundShare, share);
    order.refundedAt = at;
  };

  // Most customers become one with their first order; some sign up and order later, or never.
  if (r.chance(0.9)) place(firstSeen + r.int(0, 900));
  for (const contact of contacts) {
    // Orders before this contact, as long as the customer keeps coming back.
    for (let next = t + gapDays(r, segment, gapFactor); active && next < contact.t; ) {
      place(next);
      t = next;
      next = t + gapDays(r, segment, gapFactor);
    }
    t = Math.max(t, contact.t);
    // Whoever writes about an order bought something shortly before.
    if (ORDER_TOPICS.has(contact.topic) && lastOrder < contact.t - 45 * DAY)
      place(Math.max(firstSeen, contact.t - r.int(DAY, 12 * DAY)));
    const about = mine.filter((o) => o.t < contact.t).at(-1);
    if (about && contact.topic === 'returns' && r.chance(0.7))
      refund(about, r.chance(0.6) ? 1 : r.uniform(0.3, 0.7), contact.t + r.int(2 * DAY, 10 * DAY));
    if (about && contact.topic === 'payment' && r.chance(0.15))
      refund(about, r.uniform(0.3, 1), contact.t + r.int(DAY, 5 * DAY));
    if (about && contact.topic === 'complaint' && r.chance(0.25))
      refund(about, r.uniform(0.1, 0.25), contact.t + r.int(DAY, 7 * DAY));

    // A problem solved brings a customer who had drifted off back; one left open does not.
    const outcome = EFFECTS[contact.outcome];
    if (r.chance(outcome.revive)) active = true;
    // The order an open problem is about is often paid back in the end: its margin is lost.
    if (about && contact.outcome === 'unresolved' && ORDER_TOPICS.has(contact.topic) && r.chance(0.4))
      refund(about, 1, contact.t + r.int(7 * DAY, 30 * DAY));
    const score =
      contact.csat === null ? null : contact.csat <= 0.25 ? LOW_CSAT : contact.csat >= 0.99 ? TOP_CSAT : null;
    // Questions about a product are often asked just before buying it.
    const conversion =
      outcome.conversion * (score?.conversion ?? 1) * (contact.topic === 'product question' ? 2.2 : 1);
    for (const effect of score ? [outcome, score] : [outcome]) {
      lastOrderChance = Math.min(0.9, Math.max(0.03, lastOrderChance * effect.lastOrder));
      gapFactor = Math.min(2.5, Math.max(0.5, gapFactor * effect.gap));
    }
    if (contact.outcome === 'first_contact') basketFactor = Math.min(1.25, basketFactor * 1.04);
    if (r.chance(outcome.close)) close(contact.t + r.int(DAY, 21 * DAY), CLOSE_REASONS.unresolved);
    else if (score === LOW_CSAT && r.chance(LOW_CSAT.close))
      close(contact.t + r.int(DAY, 21 * DAY), CLOSE_REASONS.lowCsat);
    if (r.chance(Math.min(0.9, conversion))) {
      const at = contact.t + r.int(2 * 3600, 7 * DAY - 3600);
      place(at);
      t = Math.max(t, at);
    }
  }
  for (let next = t + gapDays(r, segment, gapFactor); active && next < END; ) {
    place(next);
    t = next;
    next = t + gapDays(r, segment, gapFactor);
  }
  orders.push(...mine);
  return {
    id: customer.id,
    firstSeen,
    segment: segment.id,
    country,
    channel,
    closedAt,
    closeReason,
  };
}

/** Seconds to a customer's next order: exponential around the segment's mean gap. */
function gapDays(r: Rng, segment: SegmentDef, factor: number): number {
  let u = r.next();
  while (u === 0) u = r.next();
  return Math.max(3600, Math.round(-Math.log(u) * segment.meanGapDays * factor * DAY));
}

/** Share of all arrivals that came before `t`: arrivals grow linearly over the two years. */
function arrivalShare(t: number): number {
  const u = Math.min(1, Math.max(0, (t - START) / (END - START)));
  return (u + (GROWTH * u * u) / 2) / (1 + GROWTH / 2);
}

/** An arrival time drawn among the first `share` of all arrivals (inverting arrivalShare). */
function arrival(r: Rng, share: number): number {
  const x = r.next() * share * (1 + GROWTH / 2);
  const u = (-1 + Math.sqrt(1 + 2 * GROWTH * x)) / GROWTH;
  return Math.min(END - 3600, START + Math.round(u * (END - START)));
}

interface MonthRate {
  from: string;
  rate: number;
}

/** A rate per month from the first arrivals' month to the last, wandering by about 1 % a month. */
function monthlyRates(r: Rng): Record<'GBP' | 'USD', MonthRate[]> {
  const months = monthsBetween(isoUtc(START).slice(0, 10), PERIOD_LAST_DAY);
  const out = { GBP: [] as MonthRate[], USD: [] as MonthRate[] };
  for (const currency of ['GBP', 'USD'] as const) {
    let rate = RATES_START[currency];
    for (const month of months) {
      out[currency].push({ from: month.from, rate });
      rate = Math.round(rate * (1 + 0.012 * r.normal()) * 10_000) / 10_000;
    }
  }
  return out;
}

function rateOn(rates: readonly MonthRate[], t: number): number {
  const day = isoUtc(t).slice(0, 10);
  let rate = rates[0]?.rate ?? 1;
  for (const r of rates) if (r.from <= day) rate = r.rate;
  return rate;
}

interface Person {
  id: string;
  team: TeamId;
  hiredOn: string;
  leftOn: string | null;
  leaveKind: string | null;
  leaveReason: string | null;
  fte: number;
  hourlyCost: number;
  paid: { from: string; to: string; month: string; hours: number }[];
}

/**
 * Every agent with their contract, and the hours paid each month of the data: the hours the schedule
 * planned (training, meetings and leave included), or the contract's for a month without a schedule.
 */
function demoPeople(scheduled: Map<string, Map<string, number>>): Person[] {
  const people: Person[] = [
    ...AGENTS.map((agent) => ({
      id: agent.id,
      team: agent.team,
      hiredOn: agent.startedOn,
      leftOn: null,
      leaveKind: null,
      leaveReason: null,
      fte: PART_TIME[agent.id] ?? 1,
      hourlyCost: HOURLY_COST[agent.id] ?? 30,
    })),
    ...DEMO_LEAVERS.map((leaver) => ({
      id: leaver.id,
      team: leaver.team,
      hiredOn: leaver.hiredOn,
      leftOn: leaver.leftOn as string | null,
      leaveKind: leaver.leaveKind as string | null,
      leaveReason: leaver.leaveReason as string | null,
      fte: leaver.fte,
      hourlyCost: leaver.hourlyCost,
    })),
  ].map((person) => ({ ...person, paid: [] as Person['paid'] }));
  for (const person of people) {
    for (const month of COST_MONTHS) {
      const [, from = month.from] = [person.hiredOn, month.from].sort();
      const [to = month.to] = [person.leftOn ?? month.to, month.to].sort();
      if (from > to) continue;
      const planned = scheduled.get(person.id)?.get(month.from.slice(0, 7));
      const hours = planned ?? contractHours(person.fte, from, to);
      person.paid.push({ from, to, month: month.from.slice(0, 7), hours: Math.round(hours * 4) / 4 });
    }
  }
  return people;
}

/** Hours of a contract of `fte` over the weekdays from `from` to `to`. */
function contractHours(fte: number, from: string, to: string): number {
  let weekdays = 0;
  for (let day = dayNumber(from); day <= dayNumber(to); day++) if (isoWeekday(day) <= 5) weekdays++;
  return weekdays * 8 * fte;
}

/**
 * The ledger of the months of the data: payroll per team from the paid hours, and the other costs
 * a webshop's service has. Acquisition spend follows the new customers of the month.
 */
function writeCosts(
  out: CsvTableWriter,
  r: Rng,
  people: readonly Person[],
  newPerMonth: ReadonlyMap<string, number>,
): void {
  let seq = 0;
  const line = (
    month: { from: string; to: string },
    category: string,
    amount: number,
    where: { team?: string; channel?: string },
    note: string,
  ) => {
    const row = out.emptyRow();
    row[COST_POS.source] = LEDGER_SOURCE;
    row[COST_POS.external_id] = `L-${month.from.slice(0, 7)}-${String(++seq).padStart(3, '0')}`;
    row[COST_POS.period_start] = month.from;
    row[COST_POS.period_end] = month.to;
    row[COST_POS.category] = category;
    row[COST_POS.amount] = round2(amount).toFixed(2);
    row[COST_POS.currency] = 'EUR';
    row[COST_POS.team_id] = where.team ?? '';
    row[COST_POS.channel] = where.channel ?? '';
    row[COST_POS.note] = csvField(note);
    out.push(row);
  };
  const teams = [...new Set(people.map((p) => p.team))].sort();
  for (const month of COST_MONTHS) {
    seq = 0;
    const key = month.from.slice(0, 7);
    for (const team of teams) {
      let cost = 0;
      for (const person of people.filter((p) => p.team === team))
        for (const paid of person.paid) if (paid.month === key) cost += paid.hours * person.hourlyCost;
      line(month, 'wages', cost * PAYROLL_SPLIT.wages, { team }, 'Gross wages');
      line(
        month,
        'allowances',
        cost * PAYROLL_SPLIT.allowances,
        { team },
        'Holiday pay and travel allowance',
      );
      line(month, 'employer_taxes', cost * PAYROLL_SPLIT.employer_taxes, { team }, 'Employer social charges');
      line(month, 'training', r.uniform(250, 900), { team }, 'Product and skills training');
    }
    const seats = people.filter((p) => p.paid.some((paid) => paid.month === key)).length;
    line(month, 'tools', seats * 89, {}, `Helpdesk licences, ${seats} seats`);
    line(month, 'tools', 420 + r.uniform(0, 120), { channel: 'phone' }, 'Telephony and call minutes');
    line(
      month,
      'outsourcing',
      1_850 + r.uniform(-150, 250),
      { channel: 'social' },
      'Social media desk, outsourced',
    );
    line(month, 'overhead', 2_600, {}, 'Office space and IT, share of the service team');
    const arrivals = newPerMonth.get(key) ?? 0;
    line(month, 'acquisition', arrivals * r.uniform(16, 22), {}, 'Search, social and marketplace campaigns');
    line(month, 'retention', 3_200 + r.uniform(0, 1_400), {}, 'Loyalty programme and win-back vouchers');
  }
}

/** Calendar months overlapping `from` to `to` (dates), each as its first and last day. */
function monthsBetween(from: string, to: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    if (first.slice(0, 7) > last) break;
    const lastDay = formatDate(
      dayNumber(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`) - 1,
    );
    out.push({ from: first, to: lastDay });
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}

function customerNumber(id: string): number {
  const match = /^CUST-(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
