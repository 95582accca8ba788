import type { SourceFormat } from './format.js';
import { convertOrderExport, customerIdOf, headerHas, type OrderExport } from './order-export.js';
import { utcTimestamp } from './writer.js';

/**
 * Stripe's payments export (Payments → Export, CSV): one row per charge. A captured, successful
 * charge is an order of its customer; failed and uncaptured charges are not (counted in a warning).
 * Times are UTC, as the column names say. Revenue is the amount charged, less the tax Stripe
 * collected when the export has a Tax column; see docs/sources/stripe.md.
 */

const REQUIRED = [['id'], ['Created (UTC)', 'Created date (UTC)'], ['Amount'], ['Currency'], ['Status']];

const ALIASES: Record<string, readonly string[]> = {
  'Created (UTC)': ['Created date (UTC)'],
  'Refunded date (UTC)': ['Refunded date'],
};

/** The Status values of a charge that went through; refunds are in Amount Refunded. */
const PAID = new Set(['paid', 'succeeded', 'refunded', 'partially refunded', 'partial refund', 'disputed']);
const NOT_ORDERS: Record<string, string> = {
  failed: 'failed charge: not an order',
  blocked: 'failed charge: not an order',
  canceled: 'cancelled charge: not an order',
  cancelled: 'cancelled charge: not an order',
  uncaptured: 'uncaptured charge: not an order',
};

const stripeExport: OrderExport = {
  label: 'Stripe payments export',
  required: REQUIRED,
  aliases: ALIASES,
  reader() {
    return (record) => {
      const id = record.value('id');
      if (id === '') {
        record.reject('id', 'a row needs the charge id');
        return;
      }
      const statusText = record.value('Status').toLowerCase();
      const notAnOrder = NOT_ORDERS[statusText];
      if (notAnOrder !== undefined) {
        record.warn(notAnOrder, id);
        return;
      }
      if (record.value('Captured').toLowerCase() === 'false') {
        record.warn('uncaptured charge: not an order', id);
        return;
      }
      const pending = statusText === 'pending';
      if (!PAID.has(statusText) && !pending) {
        record.reject(
          'Status',
          `'${record.value('Status')}' is not one of Paid, Succeeded, Refunded, Partially refunded, Disputed, Pending, Failed, Canceled, Uncaptured`,
        );
        return;
      }
      const email = record.value('Customer Email');
      const stripeCustomer = record.value('Customer ID');
      let customer = customerIdOf(email);
      if (customer === null && stripeCustomer !== '') {
        record.warn('charge without a customer e-mail address: the customer is its Stripe id', id);
        customer = stripeCustomer;
      }
      if (customer === null) {
        record.warn('charge without a customer: not imported', id);
        return;
      }
      const created = record.time('Created (UTC)', 'UTC');
      if (created === undefined) record.reject('Created (UTC)', 'the charge needs its creation time');
      const refundedAt = record.time('Refunded date (UTC)', 'UTC');
      const currency = record.currency('Currency');
      const amount = record.amount('Amount', 'required');
      const refunded = record.amount('Amount Refunded');
      const tax = record.amount('Tax');
      if (
        created == null ||
        refundedAt === null ||
        currency === null ||
        amount === null ||
        refunded === null ||
        tax === null
      )
        return;
      const revenue = Math.max(0, Math.round((amount - tax) * 100) / 100);
      const refundedRevenue =
        refunded >= amount
          ? revenue
          : refunded > 0 && amount > 0
            ? Math.min(revenue, Math.round(((refunded * revenue) / amount) * 100) / 100)
            : 0;
      record.order(
        {
          external_id: id,
          customer_id: customer,
          ordered_at: utcTimestamp(created),
          revenue,
          currency,
          status: pending ? 'pending' : 'paid',
          refunded_amount: refundedRevenue > 0 ? refundedRevenue : null,
          refunded_at: refundedRevenue > 0 && refundedAt !== undefined ? utcTimestamp(refundedAt) : null,
        },
        {
          name: record.value('Customer Description') || record.value('Card Name') || null,
          country: record.value('Card Address Country') || record.value('Card Issue Country') || null,
        },
      );
    };
  },
};

export const stripe: SourceFormat = {
  name: 'stripe',
  summary: 'Stripe payments export (CSV): successful charges as orders of their customers, with refunds',
  mapping: 'none',

  detect({ head }) {
    return headerHas(head, [...REQUIRED, ['Amount Refunded'], ['Customer Email']])
      ? 'Stripe payments export: successful charges as orders, their customers (by e-mail) and refunds'
      : null;
  },

  async convert(paths, context) {
    await convertOrderExport(stripeExport, paths, context);
  },
};
