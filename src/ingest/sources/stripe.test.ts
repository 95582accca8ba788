import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  fixturePath,
  importSourceOrThrow,
  refuseThenSkipBadRows,
  writeEditedCopy,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { stripe } from './stripe.js';

const FIXTURE = fixturePath('business/stripe-charges.csv');

const orders = (db: Engine) =>
  db.all(
    "SELECT external_id, customer_id, strftime(ordered_at, '%Y-%m-%dT%H:%M:%SZ') AS ordered_at, revenue, currency, status, refunded_amount FROM orders ORDER BY external_id",
  );
const customers = (db: Engine) => db.all('SELECT id, name, country FROM customers ORDER BY id');

describe('stripe', () => {
  test('successful charges become orders; a failed charge is none; refunds in part and in full', async () => {
    await withDuckDb([], async (db) => {
      // --timezone does not apply: the export's times are UTC.
      const summary = await importSourceOrThrow(db, stripe, [FIXTURE], { timezone: 'America/New_York' });
      const order = (
        external_id: string,
        customer_id: string,
        ordered_at: string,
        revenue: number,
        currency: string,
        refunded_amount: number | null,
      ) => ({ external_id, customer_id, ordered_at, revenue, currency, status: 'paid', refunded_amount });
      expect(await orders(db)).toEqual([
        order('ch_3OaA1', 'anna@example.com', '2024-03-04T10:00:12Z', 49, 'EUR', null),
        order('ch_3OaA2', 'bob@example.com', '2024-03-06T12:00:00Z', 120, 'USD', 30),
        order('ch_3OaA4', 'frank@example.de', '2024-03-08T17:45:00Z', 20, 'EUR', 20),
        order('ch_3OaA5', 'cus_PGreta', '2024-03-09T09:00:00Z', 35.5, 'EUR', null),
      ]);
      expect(await customers(db)).toEqual([
        { id: 'anna@example.com', name: 'Anna de Vries', country: 'NL' },
        { id: 'bob@example.com', name: 'Bob Miller', country: 'US' },
        { id: 'cus_PGreta', name: 'Greta Lind', country: 'SE' },
        { id: 'frank@example.de', name: 'Frank Meyer', country: 'DE' },
      ]);
      expect(summary.warnings.map((w) => `${w.message}: ${w.examples.join(';')}`)).toEqual([
        'failed charge: not an order: line 4 (order ch_3OaA3)',
        'charge without a customer e-mail address: the customer is its Stripe id: line 6 (order ch_3OaA5)',
      ]);
    });
  });

  test('importing again changes nothing', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, stripe, [FIXTURE]);
      const before = { orders: await orders(db), customers: await customers(db) };
      await importSourceOrThrow(db, stripe, [FIXTURE]);
      expect({ orders: await orders(db), customers: await customers(db) }).toEqual(before);
    });
  });

  test('a negative amount or an unknown currency is refused with file, line and column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'unified_payments.csv');
      await writeEditedCopy(FIXTURE, path, [
        [1, ',49.00,0.00,eur,', ',-49.00,0.00,eur,'],
        [4, ',eur,', ',xyz,'],
      ]);
      await withDuckDb([], async (db) => {
        const refused = await refuseThenSkipBadRows(db, stripe, [path], join(dir, 'rejects.csv'), {
          emptyTable: 'orders',
        });
        expect(refused.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            { file: path, line: 2, column: 'Amount', reason: "'-49.00' is negative" },
            {
              file: path,
              line: 5,
              column: 'Currency',
              reason: "'xyz' is not an ISO 4217 currency code such as EUR or USD",
            },
          ],
        });
        expect(await db.all('SELECT external_id FROM orders ORDER BY external_id')).toEqual([
          { external_id: 'ch_3OaA2' },
          { external_id: 'ch_3OaA5' },
        ]);
      });
    });
  });

  test('detect recognises the payments export and nothing else', async () => {
    expect(stripe.detect(await detectInput(FIXTURE))).toContain('Stripe payments export');
    for (const other of [
      'business/shopify-orders.csv',
      'business/woocommerce-orders.csv',
      'sources/freshdesk/tickets.csv',
    ])
      expect(stripe.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
