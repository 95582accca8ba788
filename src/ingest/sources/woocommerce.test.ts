import { writeFile } from 'node:fs/promises';
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
import { woocommerce } from './woocommerce.js';

const FIXTURE = fixturePath('business/woocommerce-orders.csv');
const AMSTERDAM = { timezone: 'Europe/Amsterdam' };

const orders = (db: Engine) =>
  db.all(
    "SELECT external_id, customer_id, strftime(ordered_at, '%Y-%m-%dT%H:%M:%SZ') AS ordered_at, revenue, currency, status, refunded_amount FROM orders ORDER BY external_id",
  );
const customers = (db: Engine) =>
  db.all('SELECT id, name, country, first_seen_at FROM customers ORDER BY id');

describe('woocommerce', () => {
  test('the order export becomes orders in the shop’s time zone, revenue without shipping and tax', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, woocommerce, [FIXTURE], AMSTERDAM);
      const order = (
        external_id: string,
        customer_id: string,
        ordered_at: string,
        revenue: number,
        currency: string,
        status: string,
        refunded_amount: number | null,
      ) => ({ external_id, customer_id, ordered_at, revenue, currency, status, refunded_amount });
      expect(await orders(db)).toEqual([
        // 66.55 − shipping 5.00 − tax 11.55 (shipping's tax included); 10:00 in Amsterdam is 09:00 UTC.
        order('2001', 'anna@example.com', '2024-03-04T09:00:00Z', 50, 'EUR', 'paid', null),
        // Refunded: in full.
        order('2002', 'ellen@example.co.uk', '2024-03-10T13:30:00Z', 30, 'GBP', 'paid', 30),
        // 52.40 − 4.00 − 8.40 (after the 10.00 discount); 13.10 of 52.40 refunded: 40 × 13.10 / 52.40 = 10.
        order('2003', 'anna@example.com', '2024-03-12T08:00:00Z', 40, 'EUR', 'paid', 10),
        order('2004', 'gus@example.se', '2024-03-15T10:00:00Z', 20, 'EUR', 'cancelled', null),
        order('2005', 'gus@example.se', '2024-03-20T15:45:00Z', 25, 'EUR', 'pending', null),
        // A failed payment: an order placed and never paid.
        order('2006', 'hana@example.pl', '2024-03-21T07:15:00Z', 18, 'EUR', 'cancelled', null),
      ]);
      expect(await customers(db)).toEqual([
        { id: 'anna@example.com', name: 'Anna de Vries', country: 'NL', first_seen_at: null },
        { id: 'ellen@example.co.uk', name: 'Ellen Hughes', country: 'GB', first_seen_at: null },
        { id: 'gus@example.se', name: 'Gus Berg', country: 'SE', first_seen_at: null },
        { id: 'hana@example.pl', name: 'Hana Kowalska', country: 'PL', first_seen_at: null },
      ]);
    });
  });

  test('columns named in words, an items subtotal before discounts, and the wc- prefix of states', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'orders.csv');
      await writeFile(
        path,
        [
          'Order ID,Order Date,Order Status,Billing Email,Order Currency,Order Subtotal,Cart Discount Amount,Order Shipping,Order Tax,Order Total,Refunded total,Billing Country',
          '3001,2024-03-04 10:00:00,wc-completed,Sam@Example.com,eur,"1,100.00",10.00,5.00,18.90,"1,113.90",0,NL',
          '3002,2024-03-05 10:00:00,wc-checkout-draft,sam@example.com,EUR,10.00,0,0,0,10.00,0,NL',
        ].join('\n'),
      );
      expect(woocommerce.detect(await detectInput(path))).toContain('WooCommerce order export');
      await withDuckDb([], async (db) => {
        const summary = await importSourceOrThrow(db, woocommerce, [path]);
        expect(await orders(db)).toEqual([
          {
            external_id: '3001',
            customer_id: 'sam@example.com',
            ordered_at: '2024-03-04T10:00:00Z',
            revenue: 1090,
            currency: 'EUR',
            status: 'paid',
            refunded_amount: null,
          },
        ]);
        expect(summary.warnings.map((w) => w.message)).toEqual([
          'checkout draft (an order never placed): not imported',
        ]);
      });
    });
  });

  test('importing again changes nothing', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, woocommerce, [FIXTURE], AMSTERDAM);
      const before = { orders: await orders(db), customers: await customers(db) };
      await importSourceOrThrow(db, woocommerce, [FIXTURE], AMSTERDAM);
      expect({ orders: await orders(db), customers: await customers(db) }).toEqual(before);
    });
  });

  test('an unknown state or a broken date is refused with file, line and column; nothing is stored', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'orders.csv');
      await writeEditedCopy(FIXTURE, path, [
        [2, ',refunded,', ',returned,'],
        [4, '2024-03-15 11:00:00', '15/03/2024 11:00'],
      ]);
      await withDuckDb([], async (db) => {
        const refused = await refuseThenSkipBadRows(db, woocommerce, [path], join(dir, 'rejects.csv'), {
          ...AMSTERDAM,
          emptyTable: 'orders',
        });
        expect(refused.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 3,
              column: 'status',
              reason:
                "'returned' is not one of completed, processing, refunded, on-hold, pending, cancelled, failed",
            },
            {
              file: path,
              line: 5,
              column: 'order_date',
              reason:
                "'15/03/2024 11:00' is not a time YYYY-MM-DD HH:MM:SS, with an offset or in Europe/Amsterdam",
            },
          ],
        });
        expect(await db.all('SELECT external_id FROM orders ORDER BY external_id')).toEqual([
          { external_id: '2001' },
          { external_id: '2003' },
          { external_id: '2005' },
          { external_id: '2006' },
        ]);
      });
    });
  });

  test('detect recognises the order export and nothing else', async () => {
    expect(woocommerce.detect(await detectInput(FIXTURE))).toContain('WooCommerce order export');
    for (const other of [
      'business/shopify-orders.csv',
      'business/stripe-charges.csv',
      'sources/freshdesk/tickets.csv',
    ])
      expect(woocommerce.detect(await detectInput(fixturePath(other)))).toBeNull();
  });
});
