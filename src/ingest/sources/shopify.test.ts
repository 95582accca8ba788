import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import {
  detectInput,
  fixturePath,
  importSourceOrThrow,
  refuseThenSkipBadRows,
} from '../../../test/support/sources.js';
import type { Engine } from '../../core/engine.js';
import { AmountReader } from './order-export.js';
import { shopify } from './shopify.js';

const FIXTURE = fixturePath('business/shopify-orders.csv');

const orders = (db: Engine) =>
  db.all(
    "SELECT external_id, customer_id, strftime(ordered_at, '%Y-%m-%dT%H:%M:%SZ') AS ordered_at, revenue, currency, status, refunded_amount FROM orders ORDER BY external_id",
  );
const customers = (db: Engine) =>
  db.all('SELECT id, name, country, first_seen_at FROM customers ORDER BY id');

/** The fixture's lines as text: a BOM, CRLF line ends, line items on rows of their own. */
async function fixtureLines(): Promise<string[]> {
  return (await readFile(FIXTURE, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
}

describe('shopify', () => {
  test('the order export becomes one order per order, its customer by e-mail, revenue without shipping and tax', async () => {
    await withDuckDb([], async (db) => {
      const summary = await importSourceOrThrow(db, shopify, [FIXTURE]);
      expect(await orders(db)).toEqual([
        // Subtotal + Shipping + Taxes = Total: the Subtotal is the goods after discounts.
        {
          external_id: '#1001',
          customer_id: 'anna@example.com',
          ordered_at: '2024-03-04T09:15:23Z',
          revenue: 45,
          currency: 'EUR',
          status: 'paid',
          refunded_amount: null,
        },
        // Prices include tax (Subtotal + Shipping = Total): 80.00 − 13.88; refunded in full.
        {
          external_id: '#1002',
          customer_id: 'bob@example.com',
          ordered_at: '2024-03-05T21:00:00Z',
          revenue: 66.12,
          currency: 'USD',
          status: 'paid',
          refunded_amount: 66.12,
        },
        // Three line items; 37.55 of 150.20 refunded: the revenue's share 37.55 × 120 / 150.20 = 30.
        {
          external_id: '#1003',
          customer_id: 'anna@example.com',
          ordered_at: '2024-04-02T07:30:00Z',
          revenue: 120,
          currency: 'EUR',
          status: 'paid',
          refunded_amount: 30,
        },
        {
          external_id: '#1004',
          customer_id: 'carla@example.com',
          ordered_at: '2024-04-03T08:00:00Z',
          revenue: 25,
          currency: 'EUR',
          status: 'cancelled',
          refunded_amount: null,
        },
        {
          external_id: '#1006',
          customer_id: 'dave@example.com',
          ordered_at: '2024-04-05T22:00:00Z',
          revenue: 60,
          currency: 'USD',
          status: 'pending',
          refunded_amount: null,
        },
      ]);
      // First seen is left to the figures: the earliest order or contact stored, whichever export came first.
      expect(await customers(db)).toEqual([
        { id: 'anna@example.com', name: 'Anna de Vries', country: 'NL', first_seen_at: null },
        { id: 'bob@example.com', name: 'Bob Miller', country: 'US', first_seen_at: null },
        { id: 'carla@example.com', name: 'Carla Rossi', country: 'IT', first_seen_at: null },
        { id: 'dave@example.com', name: 'Dave Smith', country: 'US', first_seen_at: null },
      ]);
      expect(summary.warnings.map((w) => `${w.message} ×${w.count} ${w.examples.join(';')}`)).toEqual([
        'order without a customer e-mail address: not imported ×1 line 9 (order #1005)',
      ]);
    });
  });

  test('importing again, or a later export that repeats orders, changes nothing', async () => {
    await withTempDir(async (dir) => {
      const lines = await fixtureLines();
      const later = join(dir, 'later.csv');
      // The export of April only: #1003 onwards.
      await writeFile(later, `${[lines[0], ...lines.slice(4)].join('\r\n')}\r\n`);
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, shopify, [FIXTURE]);
        const before = { orders: await orders(db), customers: await customers(db) };
        await importSourceOrThrow(db, shopify, [FIXTURE]);
        await importSourceOrThrow(db, shopify, [later]);
        expect({ orders: await orders(db), customers: await customers(db) }).toEqual(before);
      });
    });
  });

  test('a customer stored before keeps what the customers file said: the export adds only new customers', async () => {
    await withTempDir(async (dir) => {
      const customersFile = join(dir, 'customers.csv');
      await writeFile(
        customersFile,
        'id,name,segment,acquisition_channel,first_seen_at\nanna@example.com,Anna V.,vip,referral,2023-01-05T10:00:00Z\n',
      );
      await withDuckDb([customersFile], async (db) => {
        await importSourceOrThrow(db, shopify, [FIXTURE]);
        expect(
          await db.all(
            "SELECT id, name, segment, acquisition_channel, strftime(first_seen_at, '%Y-%m-%d') AS first_seen FROM customers WHERE id IN ('anna@example.com', 'bob@example.com') ORDER BY id",
          ),
        ).toEqual([
          {
            id: 'anna@example.com',
            name: 'Anna V.',
            segment: 'vip',
            acquisition_channel: 'referral',
            first_seen: '2023-01-05',
          },
          {
            id: 'bob@example.com',
            name: 'Bob Miller',
            segment: null,
            acquisition_channel: null,
            first_seen: null,
          },
        ]);
      });
    });
  });

  test('amounts from a spreadsheet are read carefully; an ambiguous one is refused with file, line and column', async () => {
    expect(new AmountReader().read('12.5000000001', 'a')).toEqual({ ok: true, value: 12.5 });
    const reader = new AmountReader();
    expect(reader.read('1,234.56', 'line 3, Total')).toEqual({ ok: true, value: 1234.56 });
    expect(reader.read('1,234', 'b')).toEqual({ ok: true, value: 1234 });
    expect(reader.read('1.234,56', 'c')).toEqual({
      ok: false,
      reason:
        "'1.234,56' writes decimals with a comma but line 3, Total writes them with a point: the amount is ambiguous; write every amount of the file the same way",
    });
    const comma = new AmountReader();
    expect(comma.read('12,50', 'a')).toEqual({ ok: true, value: 12.5 });
    expect(comma.read('1.234,56', 'b')).toEqual({ ok: true, value: 1234.56 });
    expect(comma.read('1.234', 'c')).toEqual({ ok: true, value: 1234 });
    expect(new AmountReader().read('-5.00', 'a')).toEqual({ ok: false, reason: "'-5.00' is negative" });
    expect(new AmountReader().read('€5', 'a')).toMatchObject({ ok: false });
    expect(new AmountReader().read('1,23,456.00', 'a')).toMatchObject({ ok: false });

    await withTempDir(async (dir) => {
      const lines = await fixtureLines();
      lines[1] = lines[1]?.replace(',45.00,4.95,9.45,59.40,', ',"1,045.00",4.95,9.45,"1,059.40",') ?? '';
      lines[4] = lines[4]?.replace(',120.00,5.00,25.20,150.20,', ',"1.120,00",5.00,25.20,150.20,') ?? '';
      lines[7] = lines[7]?.replace(',EUR,25.00,', ',EURO,25.00,') ?? '';
      const path = join(dir, 'orders.csv');
      await writeFile(path, `\uFEFF${lines.join('\r\n')}\r\n`);
      await withDuckDb([], async (db) => {
        const refused = await refuseThenSkipBadRows(db, shopify, [path], join(dir, 'rejects.csv'), {
          emptyTable: 'orders',
        });
        expect(refused.error).toEqual({
          kind: 'bad_rows',
          total: 2,
          problems: [
            {
              file: path,
              line: 5,
              column: 'Subtotal',
              reason:
                "'1.120,00' writes decimals with a comma but line 2, Subtotal '1,045.00' writes them with a point: the amount is ambiguous; write every amount of the file the same way",
            },
            {
              file: path,
              line: 8,
              column: 'Currency',
              reason: "'EURO' is not an ISO 4217 currency code such as EUR or USD",
            },
          ],
        });
        expect(await db.all("SELECT revenue FROM orders WHERE external_id = '#1001'")).toEqual([
          { revenue: 1045 },
        ]);
        expect(refused.skipped.rejected).toBe(2);
      });
    });
  });

  test('a file that is not an order export is refused at its header', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'orders.csv');
      await writeFile(path, 'Name,Email,Total\n#1,a@b.c,1.00\n');
      await withDuckDb([], async (db) => {
        const refused = await refuseThenSkipBadRows(db, shopify, [path], join(dir, 'rejects.csv'), {
          emptyTable: 'orders',
        });
        expect(refused.error).toMatchObject({
          kind: 'bad_rows',
          problems: [
            {
              file: path,
              line: 1,
              column: '(header)',
              reason:
                'not a Shopify order export: no column "Financial Status", "Currency", "Subtotal", "Created at"',
            },
          ],
        });
      });
    });
  });

  test('detect recognises the order export and nothing else', async () => {
    expect(shopify.detect(await detectInput(FIXTURE, 'orders_export.csv'))).toContain('Shopify order export');
    for (const other of [
      'business/woocommerce-orders.csv',
      'business/stripe-charges.csv',
      'sources/freshdesk/tickets.csv',
    ])
      expect(shopify.detect(await detectInput(fixturePath(other), other))).toBeNull();
  });
});
