/**
 * The business rebuild: reads customers, orders, costs, people, paid hours, exchange rates,
 * training days, the agents' teams and the contact facts, and replaces the business facts
 * (business_customer_facts, business_customer_month_facts, business_contact_facts,
 * business_ledger_facts, business_people_facts) and business_notices in one transaction. The KPI
 * catalog only adds these columns up, so every rule of the business figures is here or in
 * src/core/business/:
 *
 * - Reporting currency: the setting reportingCurrency, else the currency with the most rows of
 *   orders, costs and people; with several currencies in the data and no setting, a notice
 *   (no_reporting_currency) names the one chosen.
 * - Conversion: an amount in currency C on day d uses the latest exchange rate of C with
 *   valid_from ≤ d. Without one the amount is left out and counted in a notice (missing_rate);
 *   never converted at 1. An order left out this way still is an order (activity, conversion),
 *   only its amounts are missing.
 * - Known-until: the newest order or contact creation, at most `now`. Not cost period ends: costs
 *   entered ahead (a budget to the year's end) must not make the data look as if it knew more.
 * - Customers: the rows of `customers` and the customer ids of orders. first_seen_at is the
 *   customer's own, else the earliest of their first paid order and first contact (else their
 *   first order of any status).
 * - Orders: only paid ones (empty status = paid) are orders and revenue. Net revenue = revenue −
 *   refunded amount; the cost of goods scales with the share not refunded; margin = net revenue −
 *   that cost of goods, or net revenue × defaultMarginShare without a cost of goods when that is
 *   set, else none (notice missing_margin).
 * - Churn: closed_at (closed); else the day churnAfterDays after the last activity (paid order or
 *   contact) when that is on or before known-until (lapsed); else none.
 * - CLV (historical): the customer's total margin to date; 0 without paid orders (a customer who
 *   never bought is worth nothing yet), null when they have paid orders of which none has a margin.
 * - Handling: no_contact without contacts; unresolved when any contact was never resolved; later
 *   when all were resolved but some not at first contact (the fcr_rate rule: one touch, not
 *   reopened within 7 days); first_contact otherwise. A contact resolved without any touch
 *   counts as neither first nor later, as fcr_rate leaves it out.
 * - Customer months: each calendar month (UTC) from the first_seen month to the month of
 *   churned_at or of known-until, month_start at the month's first day 12:00 UTC.
 * - Contacts: only those of a known customer (the others are counted in unknown_customer). A
 *   contact's customer is its customer_id when that is a known customer, else its lower-cased
 *   customer_email when that is one: shop imports know customers by lower-cased e-mail, helpdesks
 *   (Zendesk, Freshdesk, Intercom) by their own requester ids but also carry the e-mail.
 *   ordered_after: a paid order of the customer with created_at < ordered_at ≤ created_at +
 *   conversionDays; revenue_after: the net revenue of those orders. Both null while the window
 *   ends after known-until: not known yet.
 * - Ledger (one row per day at 12:00 UTC and team, channel, agent, cost category): cost lines
 *   spread evenly over their period's days and converted per day; acquisition and retention go to
 *   spend, the rest to cost (and wages, allowances, employer taxes also to payroll); cost rows
 *   have margin = −cost. costed: the row's UTC day has a share of a service cost line (any team),
 *   so per-contact and margin figures divide cost only by the work and revenue of costed days. A
 *   line without team (channel) is spread by the teams' (channels') share of the contacts handled
 *   in its period; none handled → it stays without. Orders: net revenue,
 *   cost of goods and margin on their day. Work: contacts handled (a public agent reply or an
 *   answered call/chat) on their creation day and contacts first resolved on that day, credited
 *   to the assignee (else the agent who handled or first replied); paid hours spread evenly over
 *   the pay period; fte_days = people.fte (1 when empty) on each employed day.
 * - People days: each day from hired_on to left_on (or known-until): employed 1, fte, leavers 1
 *   on left_on (voluntary_leavers when the leave was voluntary), tenure_years = days since
 *   hired_on / 365.25, new_agent while employed fewer than newAgentDays days, training_days = the
 *   agent's training that day (hours ÷ 8, a whole day when no hours are given).
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContactOutcome,
  churnOf,
  customerMonths,
  handlingOf,
  isPaid,
  orderAmounts,
  ordersAfter,
} from '../../core/business/customers.js';
import { DAY_MS, daysBetween, noonOf, noonOfDate } from '../../core/business/days.js';
import { costKind, costShares } from '../../core/business/ledger.js';
import { chooseReportingCurrency, MissingRates, rateBook } from '../../core/business/money.js';
import { quoteLiteral } from '../../core/dialect.js';
import type { Engine } from '../../core/engine.js';
import type { CostCategory } from '../../core/schema.js';
import { sqlInstant } from '../audit.js';
import type { BusinessNotice, BusinessSettings } from './contract.js';
import { getBusinessSettings } from './settings.js';

export interface BusinessFactsSummary {
  reportingCurrency: string | null;
  knownUntil: string;
  customers: number;
  customerMonths: number;
  contacts: number;
  ledgerRows: number;
  peopleDays: number;
  notices: BusinessNotice[];
  seconds: number;
}

type Cell = string | number | boolean | null;

const ms = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 1000);
const text = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);
const num = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);
/** Days and months repeat on every row of theirs: each instant is formatted once. */
const formatted = new Map<number, string>();
function timestamp(epochMs: number): string {
  let text = formatted.get(epochMs);
  if (text === undefined) {
    if (formatted.size > 1_000_000) formatted.clear();
    text = sqlInstant(new Date(epochMs));
    formatted.set(epochMs, text);
  }
  return text;
}

/** Rows per INSERT on engines that take literal rows (DuckDB reads a CSV file instead). */
const ROWS_PER_INSERT = 1000;

function csvValue(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

/**
 * Inserts the facts. A year of a shop is a million customer months: DuckDB reads them from a CSV
 * file many times faster than from statements; other engines take them in batches of rows.
 */
async function insertFacts(
  engine: Engine,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly Cell[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (engine.kind === 'duckdb') {
    const dir = await mkdtemp(join(tmpdir(), 'servicemeter-business-'));
    try {
      const path = join(dir, `${table}.csv`);
      await writeFile(path, `${rows.map((row) => row.map(csvValue).join(',')).join('\n')}\n`);
      const types = columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
      // Empty unquoted fields are NULL; a quoted empty string stays a string.
      await engine.run(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM read_csv(${quoteLiteral(path)}, header = false, columns = {${types}}, nullstr = '', quote = '"', escape = '"')`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
    await engine.insertRows(table, columns, rows.slice(i, i + ROWS_PER_INSERT));
}

interface Order {
  customerId: string;
  at: number;
  day: number;
  paid: boolean;
  currency: string;
  /** In the reporting currency; null when the order's currency has no rate on its day. */
  netRevenue: number | null;
  costOfGoods: number | null;
  margin: number | null;
}

interface Contact {
  key: string;
  customerId: string | null;
  /** Lower-cased, as shop imports name their customers. */
  customerEmail: string | null;
  at: number;
  channel: string | null;
  teamId: string | null;
  agentId: string | null;
  topic: string | null;
  resolvedAt: number | null;
  outcome: ContactOutcome;
  escalated: boolean;
  handled: boolean;
}

/** A ledger row being summed; a null column stays null until something is added to it. */
interface LedgerRow {
  day: number;
  teamId: string | null;
  channel: string | null;
  agentId: string | null;
  category: string | null;
  values: (number | null)[];
}

const LEDGER_VALUES = [
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
] as const;
type LedgerValue = (typeof LEDGER_VALUES)[number];

class Ledger {
  private readonly rows = new Map<string, LedgerRow>();
  /** Days with a share of a service cost line: only their work and revenue stand against cost. */
  private readonly costedDays = new Set<number>();

  markCosted(day: number): void {
    this.costedDays.add(day);
  }

  add(
    day: number,
    teamId: string | null,
    channel: string | null,
    agentId: string | null,
    category: string | null,
    values: Partial<Record<LedgerValue, number | null>>,
  ): void {
    const key = `${day}\u0000${teamId ?? ''}\u0000${channel ?? ''}\u0000${agentId ?? ''}\u0000${category ?? ''}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { day, teamId, channel, agentId, category, values: LEDGER_VALUES.map(() => null) };
      this.rows.set(key, row);
    }
    for (let index = 0; index < LEDGER_VALUES.length; index++) {
      const value = values[LEDGER_VALUES[index] as LedgerValue];
      if (value === null || value === undefined) continue;
      row.values[index] = (row.values[index] ?? 0) + value;
    }
  }

  cells(): Cell[][] {
    return [...this.rows.values()]
      .sort((a, b) => a.day - b.day)
      .map((r) => [
        timestamp(r.day),
        r.teamId,
        r.channel,
        r.agentId,
        r.category,
        ...r.values,
        this.costedDays.has(r.day),
      ]);
  }
}

/**
 * The end of what the data knows: its newest order or contact, at most `now`. Cost lines do not
 * count: costs entered ahead of time would otherwise lapse customers and close conversion windows
 * on days no order or contact was seen yet.
 */
async function knownUntil(engine: Engine, nowMs: number, nowSql: string): Promise<number> {
  const { epochSeconds } = engine.dialect;
  const [row] = await engine.all(
    `SELECT ${epochSeconds(`(SELECT max(ordered_at) FROM orders WHERE ordered_at <= ${nowSql})`)} AS orders,
       ${epochSeconds(`(SELECT max(created_at) FROM contacts WHERE created_at <= ${nowSql})`)} AS contacts`,
  );
  const latest = [ms(row?.orders), ms(row?.contacts)];
  const known = latest.filter((v): v is number => v !== null);
  return known.length === 0 ? nowMs : Math.min(nowMs, Math.max(...known));
}

async function readInputs(engine: Engine, nowSql: string) {
  const { epochSeconds: epoch } = engine.dialect;
  const day = (column: string) => `CAST(${column} AS VARCHAR)`;
  const [customers, orders, contacts, costs, people, agents, paidHours, training, rates] = await Promise.all([
    engine.all(
      `SELECT id, segment, country, acquisition_channel, ${epoch('first_seen_at')} AS first_seen, ${epoch('closed_at')} AS closed
       FROM customers ORDER BY id`,
    ),
    engine.all(
      `SELECT customer_id, ${epoch('ordered_at')} AS t, revenue, cost_of_goods, currency, status, refunded_amount
       FROM orders WHERE ordered_at <= ${nowSql} ORDER BY customer_id, ordered_at, source, external_id`,
    ),
    engine.all(
      `SELECT f.contact_key, f.customer_id, lower(c.customer_email) AS customer_email, ${epoch('f.created_at')} AS t,
         f.channel, f.team_id, COALESCE(f.assignee_id, f.handled_by_agent_id, f.first_reply_agent_id) AS agent_id,
         f.topic, ${epoch('f.first_resolved_at')} AS resolved_t, f.touches, f.reopened_within_7d, f.escalations,
         f.public_replies, f.answered
       FROM contact_facts f LEFT JOIN contacts c ON c.contact_key = f.contact_key
       WHERE f.created_at <= ${nowSql} ORDER BY f.created_at, f.contact_key`,
    ),
    engine.all(
      `SELECT source, external_id, ${day('period_start')} AS period_start, ${day('period_end')} AS period_end,
         category, amount, currency, team_id, channel FROM costs ORDER BY source, external_id`,
    ),
    engine.all(
      `SELECT agent_id, ${day('hired_on')} AS hired_on, ${day('left_on')} AS left_on, leave_kind, fte, currency
       FROM people ORDER BY agent_id`,
    ),
    engine.all('SELECT id, team_id FROM agents'),
    engine.all(
      `SELECT agent_id, ${day('period_start')} AS period_start, ${day('period_end')} AS period_end, hours FROM paid_hours`,
    ),
    engine.all(`SELECT agent_id, ${day('day')} AS day, hours FROM training_days`),
    engine.all(`SELECT currency, ${day('valid_from')} AS valid_from, rate FROM exchange_rates`),
  ]);
  return { customers, orders, contacts, costs, people, agents, paidHours, training, rates };
}

const FACTS_TABLES = [
  'business_customer_facts',
  'business_customer_month_facts',
  'business_contact_facts',
  'business_ledger_facts',
  'business_people_facts',
  'business_notices',
] as const;

/** Where the rebuild notes the currency it converted every amount into. */
const FACTS_CURRENCY_KEY = 'facts_currency';

async function recordFactsCurrency(engine: Engine, currency: string | null, now: Date): Promise<void> {
  const p = engine.dialect.placeholder;
  await engine.run(`DELETE FROM business_settings WHERE key = ${p(1)}`, [FACTS_CURRENCY_KEY]);
  if (currency === null) return;
  await engine.run(
    `INSERT INTO business_settings (key, value, updated_at) VALUES (${p(1)}, ${p(2)}, CAST(${p(3)} AS TIMESTAMP))`,
    [FACTS_CURRENCY_KEY, currency, sqlInstant(now)],
  );
}

/**
 * The currency the business facts' amounts are in, as their last rebuild chose it: what every
 * money figure is shown in; before a rebuild, the one it would choose.
 */
export async function factsCurrency(engine: Engine): Promise<string | null> {
  const p = engine.dialect.placeholder;
  const [row] = await engine.all(`SELECT value FROM business_settings WHERE key = ${p(1)}`, [
    FACTS_CURRENCY_KEY,
  ]);
  if (row?.value != null) return String(row.value);
  // Not rebuilt yet: what a rebuild would choose.
  const used = await engine.all(
    `SELECT UPPER(currency) AS currency, count(*) AS n FROM (
       SELECT currency FROM orders UNION ALL SELECT currency FROM costs UNION ALL SELECT currency FROM people
     ) used WHERE currency IS NOT NULL GROUP BY 1`,
  );
  const rated = await engine.all('SELECT DISTINCT UPPER(currency) AS currency FROM exchange_rates');
  return chooseReportingCurrency(
    (await getBusinessSettings(engine)).reportingCurrency,
    new Map(used.map((r) => [String(r.currency), Number(r.n)])),
    new Set(rated.map((r) => String(r.currency))),
  ).currency;
}

async function holdsBusinessData(engine: Engine): Promise<boolean> {
  const tables = ['customers', 'orders', 'costs', 'people', 'paid_hours'];
  const [row] = await engine.all(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM (SELECT 1 FROM ${t} LIMIT 1) x) AS ${t}`).join(', ')}`,
  );
  return tables.some((t) => Number(row?.[t] ?? 0) > 0);
}

async function emptyFacts(engine: Engine, now: Date, started: number): Promise<BusinessFactsSummary> {
  await engine.transaction(async () => {
    for (const table of FACTS_TABLES) await engine.run(`DELETE FROM ${table}`);
    await recordFactsCurrency(engine, null, now);
  });
  return {
    reportingCurrency: null,
    knownUntil: now.toISOString(),
    customers: 0,
    customerMonths: 0,
    contacts: 0,
    ledgerRows: 0,
    peopleDays: 0,
    notices: [],
    seconds: (performance.now() - started) / 1000,
  };
}

/** Rebuilds every business fact from the canonical tables (see the rules at the top). */
export async function rebuildBusinessFacts(engine: Engine, now: Date): Promise<BusinessFactsSummary> {
  const started = performance.now();
  const nowSql = engine.dialect.timestampLiteral(sqlInstant(now));
  // Every contacts import rebuilds these facts; a team with helpdesk data only (no customers,
  // orders, costs or people) has none to make, so its live imports do not read every contact.
  if (!(await holdsBusinessData(engine))) return emptyFacts(engine, now, started);
  const settings: BusinessSettings = await getBusinessSettings(engine);
  const until = await knownUntil(engine, now.getTime(), nowSql);
  const untilDay = noonOf(until);
  const input = await readInputs(engine, nowSql);
  const notices: BusinessNotice[] = [];

  // The reporting currency and the rates into it.
  const rowsPerCurrency = new Map<string, number>();
  for (const row of [...input.orders, ...input.costs, ...input.people]) {
    const currency = text(row.currency)?.toUpperCase();
    if (currency) rowsPerCurrency.set(currency, (rowsPerCurrency.get(currency) ?? 0) + 1);
  }
  const choice = chooseReportingCurrency(
    settings.reportingCurrency,
    rowsPerCurrency,
    new Set(input.rates.map((r) => String(r.currency).toUpperCase())),
  );
  if (choice.guessed && choice.currency !== null)
    notices.push({
      kind: 'no_reporting_currency',
      message: `The data holds amounts in ${choice.currenciesInData.join(', ')} and no reporting currency is set: every amount is reported in ${choice.currency}, the one without exchange rates or else the most used; amounts in the others need exchange rates into it. Set reportingCurrency to make sure.`,
      rowsLeftOut: 0,
    });
  const book = rateBook(
    choice.currency,
    input.rates.map((r) => ({
      currency: String(r.currency).toUpperCase(),
      validFromDay: noonOfDate(String(r.valid_from)),
      rate: Number(r.rate),
    })),
  );
  const missingRates = new MissingRates();

  // Orders, in the reporting currency.
  let ordersWithoutMargin = 0;
  const ordersOf = new Map<string, Order[]>();
  for (const row of input.orders) {
    const at = ms(row.t) as number;
    const day = noonOf(at);
    const currency = String(row.currency).toUpperCase();
    const paid = isPaid(text(row.status));
    const order: Order = {
      customerId: String(row.customer_id),
      at,
      day,
      paid,
      currency,
      netRevenue: null,
      costOfGoods: null,
      margin: null,
    };
    if (paid) {
      const rate = book.convert(1, currency, day);
      if (rate === null) missingRates.note(currency, 'orders', day);
      else {
        const amounts = orderAmounts(
          Number(row.revenue),
          num(row.refunded_amount),
          num(row.cost_of_goods),
          settings.defaultMarginShare,
        );
        if (amounts.margin === null) ordersWithoutMargin++;
        order.netRevenue = amounts.netRevenue * rate;
        order.costOfGoods = amounts.costOfGoods === null ? null : amounts.costOfGoods * rate;
        order.margin = amounts.margin === null ? null : amounts.margin * rate;
      }
    }
    const list = ordersOf.get(order.customerId) ?? [];
    list.push(order);
    ordersOf.set(order.customerId, list);
  }

  // Customers: their own rows, and the customer ids of orders.
  const customerRows = new Map(input.customers.map((r) => [String(r.id), r]));
  const customerIds = [...new Set([...customerRows.keys(), ...ordersOf.keys()])].sort();
  const known = new Set(customerIds);

  // Contacts, from the contact facts.
  const contacts: Contact[] = input.contacts.map((r) => {
    const touches = Number(r.touches ?? 0);
    const resolvedAt = ms(r.resolved_t);
    return {
      key: String(r.contact_key),
      customerId: text(r.customer_id),
      customerEmail: text(r.customer_email),
      at: ms(r.t) as number,
      channel: text(r.channel),
      teamId: text(r.team_id),
      agentId: text(r.agent_id),
      topic: text(r.topic),
      resolvedAt,
      outcome: {
        resolved: resolvedAt !== null,
        firstContactResolved:
          resolvedAt === null || touches < 1 ? null : touches === 1 && r.reopened_within_7d !== true,
      },
      escalated: Number(r.escalations ?? 0) > 0,
      handled: Number(r.public_replies ?? 0) > 0 || r.answered === true,
    };
  });
  const contactsOf = new Map<string, Contact[]>();
  const unknownIds = new Set<string>();
  let unknownContacts = 0;
  for (const contact of contacts) {
    // A helpdesk's own requester id is no shop customer id; the e-mail it also carries may be.
    const customerId =
      contact.customerId !== null && known.has(contact.customerId)
        ? contact.customerId
        : contact.customerEmail !== null && known.has(contact.customerEmail)
          ? contact.customerEmail
          : null;
    if (customerId === null) {
      if (contact.customerId !== null) {
        unknownContacts++;
        unknownIds.add(contact.customerId);
      }
      continue;
    }
    const list = contactsOf.get(customerId) ?? [];
    list.push(contact);
    contactsOf.set(customerId, list);
  }
  // Without any customer the helpdesk is used alone: nothing to match, nothing to say.
  if (unknownContacts > 0 && known.size > 0) {
    const examples = [...unknownIds].sort().slice(0, 3).join(', ');
    notices.push({
      kind: 'unknown_customer',
      message: `${unknownContacts} ${unknownContacts === 1 ? 'contact names a customer id' : 'contacts name customer ids'} no customer or order has (e.g. ${examples}): left out of the business figures. Do the helpdesk's customer ids match the shop's?`,
      rowsLeftOut: unknownContacts,
    });
  }

  const customerFacts: Cell[][] = [];
  const monthFacts: Cell[][] = [];
  const contactFacts: Cell[][] = [];
  for (const id of customerIds) {
    const row = customerRows.get(id);
    const segment = text(row?.segment);
    const acquisition = text(row?.acquisition_channel);
    const country = text(row?.country);
    const orders = ordersOf.get(id) ?? [];
    const paid = orders.filter((o) => o.paid);
    const own = contactsOf.get(id) ?? [];
    const firstPaid = paid[0]?.at ?? null;
    const lastPaid = paid.at(-1)?.at ?? null;
    const firstContact = own[0]?.at ?? null;
    const lastContact = own.at(-1)?.at ?? null;
    const earliest = [firstPaid, firstContact].filter((v): v is number => v !== null);
    const firstSeen =
      ms(row?.first_seen) ?? (earliest.length > 0 ? Math.min(...earliest) : (orders[0]?.at ?? null));
    const latest = [lastPaid, lastContact].filter((v): v is number => v !== null);
    const churn = churnOf(
      ms(row?.closed),
      latest.length > 0 ? Math.max(...latest) : firstSeen,
      settings.churnAfterDays,
      until,
    );
    let revenue = 0;
    let margin: number | null = null;
    for (const order of paid) {
      revenue += order.netRevenue ?? 0;
      if (order.margin !== null) margin = (margin ?? 0) + order.margin;
    }
    customerFacts.push([
      id,
      segment,
      acquisition,
      country,
      firstSeen === null ? null : timestamp(firstSeen),
      churn.churnedAt === null ? null : timestamp(churn.churnedAt),
      churn.kind,
      firstPaid === null ? null : timestamp(firstPaid),
      lastPaid === null ? null : timestamp(lastPaid),
      paid.length,
      revenue,
      margin,
      own.length,
      handlingOf(own.map((c) => c.outcome)),
      paid.length === 0 ? 0 : margin,
    ]);
    if (firstSeen !== null)
      for (const month of customerMonths(
        {
          firstSeenAt: firstSeen,
          churnedAt: churn.churnedAt,
          orderTimes: paid.map((o) => o.at),
          contacts: own,
        },
        until,
      ))
        monthFacts.push([
          timestamp(month.monthStart),
          id,
          segment,
          acquisition,
          country,
          true,
          month.activeAtStart,
          month.isNew,
          month.churned,
          month.ordered,
          month.returning,
          month.contacted,
          month.escalations,
        ]);
    const paidTimes = paid.map((o) => ({ at: o.at, netRevenue: o.netRevenue }));
    for (const contact of own) {
      const after = ordersAfter(contact.at, settings.conversionDays, paidTimes, until);
      contactFacts.push([
        contact.key,
        timestamp(contact.at),
        contact.channel,
        contact.teamId,
        contact.agentId,
        contact.topic,
        id,
        segment,
        acquisition,
        contact.outcome.resolved,
        contact.outcome.firstContactResolved,
        after.ordered,
        after.revenue,
      ]);
    }
  }
  if (ordersWithoutMargin > 0)
    notices.push({
      kind: 'missing_margin',
      message: `${ordersWithoutMargin} paid ${ordersWithoutMargin === 1 ? 'order has' : 'orders have'} no cost of goods and no default margin share is set: ${ordersWithoutMargin === 1 ? 'it has' : 'they have'} no margin and ${ordersWithoutMargin === 1 ? 'is' : 'are'} left out of margin and lifetime value.`,
      rowsLeftOut: ordersWithoutMargin,
    });

  // The ledger: work, orders, then costs spread by the work.
  const ledger = new Ledger();
  const teamOf = new Map(input.agents.map((a) => [String(a.id), text(a.team_id)]));
  const handledOn = new Map<
    number,
    Map<string, { teamId: string | null; channel: string | null; contacts: number }>
  >();
  for (const contact of contacts) {
    const teamId =
      contact.teamId ?? (contact.agentId === null ? null : (teamOf.get(contact.agentId) ?? null));
    if (contact.handled) {
      const day = noonOf(contact.at);
      ledger.add(day, teamId, contact.channel, contact.agentId, null, { handled: 1 });
      const onDay = handledOn.get(day) ?? new Map();
      const key = `${teamId ?? ''}\u0000${contact.channel ?? ''}`;
      const entry = onDay.get(key) ?? { teamId, channel: contact.channel, contacts: 0 };
      entry.contacts++;
      onDay.set(key, entry);
      handledOn.set(day, onDay);
    }
    if (contact.resolvedAt !== null && contact.resolvedAt <= until)
      ledger.add(noonOf(contact.resolvedAt), teamId, contact.channel, contact.agentId, null, { resolved: 1 });
  }
  for (const orders of ordersOf.values())
    for (const order of orders)
      if (order.paid && order.netRevenue !== null)
        ledger.add(order.day, null, null, null, null, {
          revenue: order.netRevenue,
          cost_of_goods: order.costOfGoods,
          margin: order.margin,
        });
  for (const line of input.costs) {
    const firstDay = noonOfDate(String(line.period_start));
    const lastDay = noonOfDate(String(line.period_end));
    const days = daysBetween(firstDay, lastDay);
    const currency = String(line.currency).toUpperCase();
    const category = String(line.category) as CostCategory;
    const kind = costKind(category);
    const handled = new Map<string, { teamId: string | null; channel: string | null; contacts: number }>();
    for (const day of days)
      for (const [key, entry] of handledOn.get(day) ?? []) {
        const sum = handled.get(key) ?? { ...entry, contacts: 0 };
        sum.contacts += entry.contacts;
        handled.set(key, sum);
      }
    const shares = costShares(text(line.team_id), text(line.channel), [...handled.values()]);
    const perDay = Number(line.amount) / days.length;
    let missing = false;
    for (const day of days) {
      const amount = book.convert(perDay, currency, day);
      if (amount === null) {
        if (!missing) missingRates.note(currency, 'costLines', day);
        missing = true;
        continue;
      }
      if (kind.cost) ledger.markCosted(day);
      for (const share of shares) {
        const part = amount * share.share;
        ledger.add(day, share.teamId, share.channel, null, category, {
          cost: kind.cost ? part : null,
          payroll: kind.payroll ? part : null,
          spend: kind.spend ? part : null,
          margin: kind.cost ? -part : null,
        });
      }
    }
  }
  for (const row of input.paidHours) {
    const agentId = String(row.agent_id);
    const days = daysBetween(noonOfDate(String(row.period_start)), noonOfDate(String(row.period_end)));
    for (const day of days)
      ledger.add(day, teamOf.get(agentId) ?? null, null, agentId, null, {
        paid_hours: Number(row.hours) / days.length,
      });
  }

  // People days.
  const trainingOn = new Map<string, number>();
  for (const row of input.training) {
    const key = `${row.agent_id}\u0000${noonOfDate(String(row.day))}`;
    const hours = num(row.hours);
    trainingOn.set(key, (trainingOn.get(key) ?? 0) + (hours === null ? 1 : hours / 8));
  }
  const peopleFacts: Cell[][] = [];
  for (const person of input.people) {
    const agentId = String(person.agent_id);
    const teamId = teamOf.get(agentId) ?? null;
    const hired = noonOfDate(String(person.hired_on));
    const leftOn = person.left_on == null ? null : noonOfDate(String(person.left_on));
    const fte = num(person.fte) ?? 1;
    const last = leftOn === null ? untilDay : Math.min(leftOn, untilDay);
    for (const day of daysBetween(hired, last)) {
      const daysEmployed = Math.round((day - hired) / DAY_MS);
      const leaves = day === leftOn;
      peopleFacts.push([
        timestamp(day),
        agentId,
        teamId,
        fte,
        1,
        leaves ? 1 : 0,
        leaves && person.leave_kind === 'voluntary' ? 1 : 0,
        daysEmployed / 365.25,
        daysEmployed < settings.newAgentDays,
        trainingOn.get(`${agentId}\u0000${day}`) ?? 0,
      ]);
      ledger.add(day, teamId, null, agentId, null, { fte_days: fte });
    }
  }

  for (const missing of missingRates.notices(book))
    notices.push({ kind: 'missing_rate', message: missing.message, rowsLeftOut: missing.rowsLeftOut });

  const ledgerFacts = ledger.cells();
  await engine.transaction(async () => {
    for (const table of FACTS_TABLES) await engine.run(`DELETE FROM ${table}`);
    await recordFactsCurrency(engine, choice.currency, now);
    await insertFacts(
      engine,
      'business_customer_facts',
      [
        'customer_id',
        'segment',
        'acquisition_channel',
        'country',
        'first_seen_at',
        'churned_at',
        'churn_kind',
        'first_order_at',
        'last_order_at',
        'orders',
        'revenue',
        'margin',
        'contacts',
        'handling',
        'clv',
      ],
      customerFacts,
    );
    await insertFacts(
      engine,
      'business_customer_month_facts',
      [
        'month_start',
        'customer_id',
        'segment',
        'acquisition_channel',
        'country',
        'active',
        'active_at_start',
        'is_new',
        'churned',
        'ordered',
        'is_returning',
        'contacted',
        'escalations',
      ],
      monthFacts,
    );
    await insertFacts(
      engine,
      'business_contact_facts',
      [
        'contact_key',
        'created_at',
        'channel',
        'team_id',
        'assignee_id',
        'topic',
        'customer_id',
        'segment',
        'acquisition_channel',
        'resolved',
        'first_contact_resolved',
        'ordered_after',
        'revenue_after',
      ],
      contactFacts,
    );
    await insertFacts(
      engine,
      'business_ledger_facts',
      ['day', 'team_id', 'channel', 'agent_id', 'cost_category', ...LEDGER_VALUES, 'costed'],
      ledgerFacts,
    );
    await insertFacts(
      engine,
      'business_people_facts',
      [
        'day',
        'agent_id',
        'team_id',
        'fte',
        'employed',
        'leavers',
        'voluntary_leavers',
        'tenure_years',
        'new_agent',
        'training_days',
      ],
      peopleFacts,
    );
    await insertFacts(
      engine,
      'business_notices',
      ['kind', 'message', 'rows_left_out'],
      notices.map((n) => [n.kind, n.message, n.rowsLeftOut]),
    );
  });
  return {
    reportingCurrency: choice.currency,
    knownUntil: new Date(until).toISOString(),
    customers: customerFacts.length,
    customerMonths: monthFacts.length,
    contacts: contactFacts.length,
    ledgerRows: ledgerFacts.length,
    peopleDays: peopleFacts.length,
    notices,
    seconds: (performance.now() - started) / 1000,
  };
}

/** What the last rebuild left out or chose, in the order it said it. */
export async function listBusinessNotices(engine: Engine): Promise<BusinessNotice[]> {
  const rows = await engine.all('SELECT kind, message, rows_left_out FROM business_notices');
  return rows.map((r) => ({
    kind: String(r.kind) as BusinessNotice['kind'],
    message: String(r.message),
    rowsLeftOut: Number(r.rows_left_out ?? 0),
  }));
}
