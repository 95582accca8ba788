import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { withDuckDb, withTempDir } from '../support/engines.js';

/** The business tables in their canonical CSV form, with the schema's column names. */
const FILES: Record<string, string> = {
  'customers.csv': [
    'id,name,first_seen_at,segment,country,acquisition_channel,closed_at,close_reason',
    'anna@example.com,Anna de Vries,2023-11-02T10:00:00Z,business,NL,search,,',
    'bob@example.com,Bob Miller,2024-01-15T08:30:00Z,consumer,US,referral,2024-04-01T00:00:00Z,moved to a competitor',
  ].join('\n'),
  'orders.csv': [
    'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency,status,refunded_amount,refunded_at',
    'shop,1001,anna@example.com,2024-03-02T11:00:00Z,99.95,40.00,EUR,paid,,',
    'shop,1002,bob@example.com,2024-03-05T09:00:00Z,45.00,,usd,paid,45.00,2024-03-09T10:00:00Z',
  ].join('\n'),
  'costs.csv': [
    'source,external_id,period_start,period_end,category,amount,currency,team_id,channel,note',
    'payroll,2024-03-wages,2024-03-01,2024-03-31,wages,12345.67,EUR,support,,',
    'ledger,2024-03-tools,2024-03-01,2024-03-31,tools,480,USD,,chat,chat tool',
  ].join('\n'),
  'people.csv': [
    'agent_id,hired_on,left_on,leave_kind,leave_reason,fte,hourly_cost,currency',
    'anna,2022-02-01,,,,1,31.50,EUR',
    'bram,2023-09-15,2024-04-30,voluntary,a job closer to home,0.8,28,EUR',
  ].join('\n'),
  'paid_hours.csv': ['agent_id,period_start,period_end,hours', 'anna,2024-03-01,2024-03-31,168'].join('\n'),
  'exchange_rates.csv': ['currency,valid_from,rate', 'USD,2024-01-01,0.92'].join('\n'),
};

async function writeFiles(dir: string, files: Record<string, string>): Promise<string[]> {
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, `${text}\n`);
    paths.push(path);
  }
  return paths;
}

async function counts(db: DuckDbEngine) {
  const tables = ['customers', 'orders', 'costs', 'people', 'paid_hours', 'exchange_rates'];
  const [row] = await db.all(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return row;
}

describe('canonical business files', () => {
  test('customers, orders, costs, people, paid hours and rates import by their file names; again, nothing doubles', async () => {
    await withTempDir(async (dir) => {
      const paths = await writeFiles(dir, FILES);
      await withDuckDb([], async (db) => {
        const first = await importFiles(db, paths);
        expect(first.ok).toBe(true);
        const expected = {
          customers: 2,
          orders: 2,
          costs: 2,
          people: 2,
          paid_hours: 1,
          exchange_rates: 1,
        };
        expect(await counts(db)).toEqual(expected);
        const again = await importFiles(db, paths);
        expect(again.ok).toBe(true);
        expect(await counts(db)).toEqual(expected);
        expect(
          await db.all('SELECT external_id, currency, refunded_amount FROM orders ORDER BY external_id'),
        ).toEqual([
          { external_id: '1001', currency: 'EUR', refunded_amount: null },
          { external_id: '1002', currency: 'USD', refunded_amount: 45 },
        ]);
      });
    });
  });

  test('a currency that is no ISO code and a negative amount are refused with file, line, column and reason; nothing is stored', async () => {
    await withTempDir(async (dir) => {
      const paths = await writeFiles(dir, {
        ...FILES,
        'orders.csv': FILES['orders.csv']?.replace(',99.95,40.00,EUR,', ',99.95,40.00,EURO,') ?? '',
        'costs.csv': FILES['costs.csv']?.replace(',wages,12345.67,', ',wages,-12345.67,') ?? '',
      });
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, paths);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toMatchObject({ kind: 'bad_rows', total: 2 });
        const problems = result.error.kind === 'bad_rows' ? result.error.problems : [];
        expect(problems).toEqual(
          expect.arrayContaining([
            {
              file: join(dir, 'orders.csv'),
              line: 2,
              column: 'currency',
              reason: "'EURO' is not an ISO 4217 currency code such as EUR or USD",
            },
            {
              file: join(dir, 'costs.csv'),
              line: 2,
              column: 'amount',
              reason: expect.stringContaining('-12345.67'),
            },
          ]),
        );
        expect(await counts(db)).toEqual({
          customers: 0,
          orders: 0,
          costs: 0,
          people: 0,
          paid_hours: 0,
          exchange_rates: 0,
        });
      });
    });
  });
  test('rows that contradict themselves are refused with the column and why: a period ending before it starts, a refund above the revenue, a rate of 0, leaving before being hired, an hourly cost without its currency', async () => {
    await withTempDir(async (dir) => {
      const paths = await writeFiles(dir, {
        'orders.csv': [
          'source,external_id,customer_id,ordered_at,revenue,currency,refunded_amount',
          'shop,1,anna@example.com,2024-03-02T11:00:00Z,100,EUR,500',
        ].join('\n'),
        'costs.csv': [
          'source,external_id,period_start,period_end,category,amount,currency',
          'payroll,w1,2026-01-31,2026-01-01,wages,3100,EUR',
        ].join('\n'),
        'paid_hours.csv': ['agent_id,period_start,period_end,hours', 'anna,2024-03-31,2024-03-01,168'].join(
          '\n',
        ),
        'people.csv': [
          'agent_id,hired_on,left_on,hourly_cost,currency',
          'anna,2024-05-01,2024-04-30,,',
          'bram,2024-01-01,,28,',
        ].join('\n'),
        'exchange_rates.csv': ['currency,valid_from,rate', 'USD,2024-01-01,0'].join('\n'),
      });
      await withDuckDb([], async (db) => {
        const result = await importFiles(db, paths);
        expect(result.ok).toBe(false);
        const problems = !result.ok && result.error.kind === 'bad_rows' ? result.error.problems : [];
        const seen = problems.map(
          (p) => `${p.file.slice(dir.length + 1)}:${p.line} ${p.column}: ${p.reason}`,
        );
        expect(seen.sort()).toEqual([
          'costs.csv:2 period_end: 2026-01-01 is before period_start 2026-01-31',
          'exchange_rates.csv:2 rate: must be above 0: a currency worth nothing converts every amount to 0',
          'orders.csv:2 refunded_amount: 500 is more than the revenue 100',
          'paid_hours.csv:2 period_end: 2024-03-01 is before period_start 2024-03-31',
          'people.csv:2 left_on: 2024-04-30 is before hired_on 2024-05-01',
          'people.csv:3 currency: is required with hourly_cost: an amount without its currency cannot be converted',
        ]);
        expect(await counts(db)).toMatchObject({ orders: 0, costs: 0, people: 0, exchange_rates: 0 });
      });
    });
  });
});
