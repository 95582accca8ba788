/**
 * The rules that make customers, their months and their contacts out of orders and contacts: what
 * an order is worth, when a customer churned, how their problems were handled and whether a
 * contact was followed by an order. Pure: src/services/business/facts.ts reads and writes.
 */

import { DAY_MS, monthOf, nextMonth } from './days.js';

/** Pending and cancelled orders are no revenue; an order without a status is paid. */
export function isPaid(status: string | null): boolean {
  return status === null || status === '' || status === 'paid';
}

export interface OrderAmounts {
  /** Revenue less what was refunded. */
  netRevenue: number;
  /** The cost of the goods kept: goods returned with a refund cost the business nothing. */
  costOfGoods: number | null;
  /** Net revenue less the cost of goods kept, or the default margin share of it; null when unknown. */
  margin: number | null;
}

/**
 * What a paid order is worth. The cost of goods scales with the share of the revenue not refunded
 * (a half refund returns half the goods). Without a cost of goods the margin is the default share
 * of net revenue when one is set, else unknown.
 */
export function orderAmounts(
  revenue: number,
  refunded: number | null,
  costOfGoods: number | null,
  defaultMarginShare: number | null,
): OrderAmounts {
  const netRevenue = revenue - (refunded ?? 0);
  if (costOfGoods === null)
    return {
      netRevenue,
      costOfGoods: null,
      margin: defaultMarginShare === null ? null : netRevenue * defaultMarginShare,
    };
  const kept = revenue > 0 ? Math.max(0, netRevenue) / revenue : 1;
  const goods = costOfGoods * kept;
  return { netRevenue, costOfGoods: goods, margin: netRevenue - goods };
}

export interface Churn {
  churnedAt: number | null;
  kind: 'closed' | 'lapsed' | null;
}

/**
 * A closed account churned when it closed. Otherwise a customer whose last activity (paid order or
 * contact; becoming a customer when neither) lies `churnAfterDays` or more before what the data
 * knows lapsed on the day that many days after it: a customer quiet for less is still one.
 */
export function churnOf(
  closedAt: number | null,
  lastActivity: number | null,
  churnAfterDays: number,
  knownUntil: number,
): Churn {
  if (closedAt !== null) return { churnedAt: closedAt, kind: 'closed' };
  if (lastActivity === null) return { churnedAt: null, kind: null };
  const lapse = lastActivity + churnAfterDays * DAY_MS;
  return lapse <= knownUntil ? { churnedAt: lapse, kind: 'lapsed' } : { churnedAt: null, kind: null };
}

/** The same classes as the business contract's `Handling`. */
export type Handling = 'first_contact' | 'later' | 'unresolved' | 'no_contact';

export interface ContactOutcome {
  resolved: boolean;
  /** Null for a contact resolved without any touch: the first-contact rule (fcr_rate) leaves it out. */
  firstContactResolved: boolean | null;
}

/**
 * How a customer's problems were handled, from all their contacts: unresolved when any is open
 * or never resolved, later when all were resolved but some took more than one touch (or came back
 * within 7 days), first contact otherwise.
 */
export function handlingOf(contacts: readonly ContactOutcome[]): Handling {
  if (contacts.length === 0) return 'no_contact';
  if (contacts.some((c) => !c.resolved)) return 'unresolved';
  if (contacts.some((c) => c.firstContactResolved === false)) return 'later';
  return 'first_contact';
}

/**
 * Orders (times and net revenue) after a contact: those of the same customer with
 * created_at < ordered_at ≤ created_at + conversionDays. `orders` is sorted by time. A window
 * that ends after what the data knows is still open: whether the customer will order is unknown,
 * so both are null rather than a "no" that would understate the recent conversion.
 */
export function ordersAfter(
  createdAt: number,
  conversionDays: number,
  orders: readonly { at: number; netRevenue: number | null }[],
  knownUntil: number,
): { ordered: boolean | null; revenue: number | null } {
  const until = createdAt + conversionDays * DAY_MS;
  if (until > knownUntil) return { ordered: null, revenue: null };
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((orders[mid] as { at: number }).at <= createdAt) lo = mid + 1;
    else hi = mid;
  }
  let ordered = false;
  let revenue = 0;
  for (let i = lo; i < orders.length; i++) {
    const order = orders[i] as { at: number; netRevenue: number | null };
    if (order.at > until) break;
    ordered = true;
    revenue += order.netRevenue ?? 0;
  }
  return { ordered, revenue };
}

export interface CustomerActivity {
  firstSeenAt: number;
  churnedAt: number | null;
  /** Times of paid orders, sorted. */
  orderTimes: readonly number[];
  /** Times of contacts, with whether each was escalated. */
  contacts: readonly { at: number; escalated: boolean }[];
}

export interface CustomerMonth {
  /** 12:00 UTC of the month's first day (see days.ts). */
  monthStart: number;
  activeAtStart: boolean;
  isNew: boolean;
  churned: boolean;
  ordered: boolean;
  returning: boolean;
  contacted: boolean;
  escalations: number;
}

const NOON_MS = 12 * 3_600_000;

/**
 * One month per calendar month (UTC) from the month the customer became one to the month they
 * churned, or of what the data knows. A customer is returning in a month they ordered in after a
 * paid order in an earlier month.
 */
export function customerMonths(activity: CustomerActivity, knownUntil: number): CustomerMonth[] {
  const last =
    activity.churnedAt !== null && activity.churnedAt < knownUntil ? activity.churnedAt : knownUntil;
  const months: CustomerMonth[] = [];
  const firstOrder = activity.orderTimes[0] ?? null;
  let orderIndex = 0;
  const contacts = [...activity.contacts].sort((a, b) => a.at - b.at);
  let contactIndex = 0;
  for (let start = monthOf(activity.firstSeenAt); start <= last; start = nextMonth(start)) {
    const end = nextMonth(start);
    let ordered = false;
    while (orderIndex < activity.orderTimes.length && (activity.orderTimes[orderIndex] as number) < end) {
      if ((activity.orderTimes[orderIndex] as number) >= start) ordered = true;
      orderIndex++;
    }
    let contacted = false;
    let escalations = 0;
    while (contactIndex < contacts.length && (contacts[contactIndex] as { at: number }).at < end) {
      const contact = contacts[contactIndex] as { at: number; escalated: boolean };
      if (contact.at >= start) {
        contacted = true;
        if (contact.escalated) escalations++;
      }
      contactIndex++;
    }
    months.push({
      monthStart: start + NOON_MS,
      activeAtStart: activity.firstSeenAt < start,
      isNew: activity.firstSeenAt >= start && activity.firstSeenAt < end,
      churned: activity.churnedAt !== null && activity.churnedAt >= start && activity.churnedAt < end,
      ordered,
      returning: ordered && firstOrder !== null && firstOrder < start,
      contacted,
      escalations,
    });
  }
  return months;
}
