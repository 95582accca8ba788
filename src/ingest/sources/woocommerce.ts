import type { SourceFormat } from './format.js';
import {
  convertOrderExport,
  customerIdOf,
  headerHas,
  type OrderExport,
  type OrderRow,
} from './order-export.js';
import { utcTimestamp } from './writer.js';

/**
 * A WooCommerce order export (CSV, one row per order): WooCommerce's Customer/Order Export
 * (`order_id`, `order_date`, `status`, `order_total`, `billing_email`, …) and the exports that name
 * the same columns in words (`Order ID`, `Order Date`, `Order Status`, `Order Total`, `Billing
 * Email`, …). Dates are the shop's local time, read in --timezone. Revenue is the goods after
 * discounts, shipping and taxes excluded; see docs/sources/woocommerce.md.
 */

/** Other names of the columns read, compared without case, spaces or punctuation. */
const ALIASES: Record<string, readonly string[]> = {
  order_id: ['Order Number', 'order_number', 'Order #'],
  order_date: ['Date', 'Date Created'],
  status: ['Order Status'],
  order_currency: ['Currency'],
  order_total: ['Order Total Amount', 'Total'],
  order_subtotal: ['Order Subtotal Amount', 'Subtotal'],
  shipping_total: ['Order Shipping', 'Order Shipping Amount', 'Shipping'],
  tax_total: ['Order Tax', 'Order Total Tax Amount', 'Tax'],
  discount_total: ['Cart Discount Amount', 'Order Discount', 'Discount'],
  refunded_total: ['Order Refund', 'Order Refund Amount', 'Refunded Total', 'Refunded'],
  billing_email: ['Email (Billing)', 'customer_email', 'Customer Email', 'Email'],
  billing_country: ['Country Code (Billing)', 'Country (Billing)'],
  billing_first_name: ['First Name (Billing)'],
  billing_last_name: ['Last Name (Billing)'],
};

const REQUIRED = ['order_id', 'order_date', 'status', 'order_total', 'billing_email'].map((name) => [
  name,
  ...(ALIASES[name] ?? []),
]);

/** WooCommerce's order states (with or without their `wc-` prefix). */
const STATUSES: Record<string, OrderRow['status']> = {
  completed: 'paid',
  processing: 'paid',
  refunded: 'paid',
  'on-hold': 'pending',
  pending: 'pending',
  cancelled: 'cancelled',
  failed: 'cancelled',
};

const woocommerceExport: OrderExport = {
  label: 'WooCommerce order export',
  required: REQUIRED,
  aliases: ALIASES,
  reader() {
    return (record) => {
      const id = record.value('order_id');
      if (id === '') {
        record.reject('order_id', 'a row needs the order id');
        return;
      }
      const statusText = record.value('status').toLowerCase().replace(/^wc-/, '');
      if (statusText === 'checkout-draft') {
        record.warn('checkout draft (an order never placed): not imported', id);
        return;
      }
      const status = STATUSES[statusText];
      if (status === undefined) {
        record.reject(
          'status',
          `'${record.value('status')}' is not one of ${Object.keys(STATUSES).join(', ')}`,
        );
        return;
      }
      const customer = customerIdOf(record.value('billing_email'));
      if (customer === null) {
        record.warn('order without a customer e-mail address: not imported', id);
        return;
      }
      const ordered = record.time('order_date');
      if (ordered === undefined) record.reject('order_date', 'the order needs its date');
      const currency = record.has('order_currency') ? record.currency('order_currency') : null;
      if (!record.has('order_currency'))
        record.reject('order_currency', 'the export needs the order currency column (order_currency)');
      const total = record.amount('order_total', 'required');
      const shipping = record.amount('shipping_total');
      const tax = record.amount('tax_total');
      const discount = record.amount('discount_total');
      const refunded = record.amount('refunded_total');
      const subtotal = record.has('order_subtotal') ? record.amount('order_subtotal', 'required') : undefined;
      if (
        ordered == null ||
        currency === null ||
        total === null ||
        shipping === null ||
        tax === null ||
        discount === null ||
        refunded === null ||
        subtotal === null
      )
        return;
      // The items' subtotal is before discounts; without it, the total less shipping and taxes is after them.
      const revenue = Math.max(
        0,
        Math.round((subtotal === undefined ? total - shipping - tax : subtotal - discount) * 100) / 100,
      );
      // A refund may include shipping and tax; the revenue's share of it is what was paid back of the revenue.
      const refundedRevenue =
        statusText === 'refunded' || (total > 0 && refunded >= total)
          ? revenue
          : refunded > 0 && total > 0
            ? Math.min(revenue, Math.round(((refunded * revenue) / total) * 100) / 100)
            : 0;
      const name = [record.value('billing_first_name'), record.value('billing_last_name')]
        .filter((n) => n !== '')
        .join(' ');
      record.order(
        {
          external_id: id,
          customer_id: customer,
          ordered_at: utcTimestamp(ordered),
          revenue,
          currency,
          status,
          refunded_amount: refundedRevenue > 0 ? refundedRevenue : null,
          refunded_at: null,
        },
        { name: name || null, country: record.value('billing_country') || null },
      );
    };
  },
};

export const woocommerce: SourceFormat = {
  name: 'woocommerce',
  summary: 'WooCommerce order export (CSV): orders with their customers, revenue, refunds and cancellations',
  mapping: 'none',

  detect({ head }) {
    return headerHas(head, [...REQUIRED, ['order_currency', ...(ALIASES.order_currency ?? [])]])
      ? 'WooCommerce order export: orders, their customers (by e-mail), revenue and refunds'
      : null;
  },

  async convert(paths, context) {
    await convertOrderExport(woocommerceExport, paths, context);
  },
};
