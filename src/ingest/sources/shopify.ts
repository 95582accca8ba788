import type { SourceFormat } from './format.js';
import {
  convertOrderExport,
  customerIdOf,
  headerHas,
  type OrderExport,
  type OrderRow,
  sameAmount,
} from './order-export.js';
import { utcTimestamp } from './writer.js';

/**
 * Shopify's order export (Orders → Export, CSV): one row per line item, the order's own fields
 * (status, amounts, billing address) on its first row only. Each order becomes a row of `orders`
 * and its customer, known by e-mail address, a row of `customers`. Revenue is the goods after
 * discounts, shipping and taxes excluded; see docs/sources/shopify.md.
 */

const REQUIRED = [
  ['Name'],
  ['Email'],
  ['Financial Status'],
  ['Currency'],
  ['Subtotal'],
  ['Total'],
  ['Created at'],
];

/** Shopify's payment states: paid in full or in part and refunded later is still an order that was paid. */
const FINANCIAL_STATUSES: Record<string, OrderRow['status']> = {
  paid: 'paid',
  partially_refunded: 'paid',
  refunded: 'paid',
  pending: 'pending',
  authorized: 'pending',
  partially_paid: 'pending',
  voided: 'cancelled',
  expired: 'cancelled',
};

const shopifyExport: OrderExport = {
  label: 'Shopify order export',
  required: REQUIRED,
  reader() {
    /** The name of the order whose rows are being read: its line items follow its first row. */
    let previousOrder = '';
    return (record) => {
      const id = record.value('Name');
      if (id === '') {
        record.reject('Name', 'a row needs the order name (e.g. #1001)');
        return;
      }
      // The line items after an order's first row repeat its name and leave its own fields empty.
      if (record.value('Financial Status') === '' && record.value('Total') === '') {
        if (previousOrder === id) return;
        record.reject('Financial Status', `the first row of order ${id} has no financial status`);
        return;
      }
      previousOrder = id;
      const customer = customerIdOf(record.value('Email'));
      if (customer === null) {
        // Orders at a till without a customer, or with a mistyped address: no customer to count them for.
        record.warn('order without a customer e-mail address: not imported', id);
        return;
      }
      const financial = record.value('Financial Status').toLowerCase();
      let status = FINANCIAL_STATUSES[financial];
      if (status === undefined) {
        record.reject(
          'Financial Status',
          `'${record.value('Financial Status')}' is not one of ${Object.keys(FINANCIAL_STATUSES).join(', ')}`,
        );
        return;
      }
      const created = record.time('Created at');
      if (created === undefined) record.reject('Created at', 'the order needs its creation time');
      const cancelled = record.time('Cancelled at');
      const currency = record.currency('Currency');
      const subtotal = record.amount('Subtotal', 'required');
      const shipping = record.amount('Shipping');
      const taxes = record.amount('Taxes');
      const total = record.amount('Total', 'required');
      const discount = record.amount('Discount Amount');
      const refunded = record.amount('Refunded Amount');
      if (
        created == null ||
        cancelled === null ||
        currency === null ||
        subtotal === null ||
        shipping === null ||
        taxes === null ||
        total === null ||
        discount === null ||
        refunded === null
      )
        return;
      if (cancelled !== undefined) status = 'cancelled';
      // Shopify's Subtotal is after discounts and before shipping and taxes; in a shop whose prices
      // include tax it includes the tax. The Total tells which, so the revenue never holds tax.
      let revenue = subtotal;
      if (sameAmount(subtotal + shipping + taxes, total)) revenue = subtotal;
      else if (taxes > 0 && sameAmount(subtotal + shipping, total)) revenue = subtotal - taxes;
      else if (discount > 0 && sameAmount(subtotal - discount + shipping + taxes, total))
        revenue = subtotal - discount;
      else
        record.warn('Subtotal, Shipping and Taxes do not add up to the Total: revenue is the Subtotal', id);
      revenue = Math.max(0, Math.round(revenue * 100) / 100);
      // A refund may include shipping and tax; the revenue's share of it is what was paid back of the revenue.
      const refundedRevenue =
        financial === 'refunded'
          ? revenue
          : refunded > 0 && total > 0
            ? Math.min(revenue, Math.round(((refunded * revenue) / total) * 100) / 100)
            : 0;
      if (financial === 'partially_refunded' && refunded === 0)
        record.warn('partially refunded without a Refunded Amount: no refund counted', id);
      record.order(
        {
          external_id: id,
          customer_id: customer,
          ordered_at: utcTimestamp(created),
          revenue,
          currency,
          status,
          refunded_amount: refundedRevenue > 0 ? refundedRevenue : null,
          // The export gives no refund time.
          refunded_at: null,
        },
        {
          name: record.value('Billing Name') || record.value('Shipping Name') || null,
          country: record.value('Billing Country') || record.value('Shipping Country') || null,
        },
      );
    };
  },
};

export const shopify: SourceFormat = {
  name: 'shopify',
  summary: 'Shopify order export (CSV): orders with their customers, revenue, refunds and cancellations',
  mapping: 'none',

  detect({ head }) {
    return headerHas(head, [...REQUIRED, ['Lineitem quantity'], ['Fulfillment Status']])
      ? 'Shopify order export: orders, their customers (by e-mail), revenue and refunds'
      : null;
  },

  async convert(paths, context) {
    await convertOrderExport(shopifyExport, paths, context);
  },
};
