import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { importSourceError, importSourceOrThrow, rowCount } from '../../../test/support/sources.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { csvMapped } from './csv-mapped.js';
import { parseMapping } from './mapping.js';

const problemOf = (mapping: unknown) => {
  const parsed = parseMapping(JSON.stringify(mapping), 'UTC');
  return parsed.ok ? null : parsed.problem;
};

/** A payroll and ledger export as a bookkeeping tool writes it: semicolons, decimal commas. */
const LEDGER = [
  'Month;Until;Cost type;Team;Amount;Currency',
  '2024-03-01;2024-03-31;Salaries;support;12.345,67;EUR',
  '2024-03-01;2024-03-31;Employer taxes;support;2.469,13;eur',
  '2024-03-01;2024-03-31;Software;;480,00;USD',
].join('\n');

const COSTS = {
  rows: 'cost',
  delimiter: ';',
  fields: {
    month: { column: 'Month', type: 'date' },
    until: { column: 'Until', type: 'date' },
    category: {
      column: 'Cost type',
      map: { Salaries: 'wages', 'Employer taxes': 'employer_taxes', Software: 'tools' },
    },
    team: { column: 'Team' },
    amount: { column: 'Amount' },
    currency: { column: 'Currency' },
  },
  cost: {
    period_start: 'month',
    period_end: 'until',
    category: 'category',
    team_id: 'team',
    amount: 'amount',
    currency: 'currency',
  },
};

async function importMapped(
  db: DuckDbEngine,
  dir: string,
  name: string,
  csv: string,
  mapping: unknown,
): Promise<void> {
  const path = join(dir, name);
  const mappingPath = join(dir, `${name}.json`);
  await writeFile(path, csv);
  await writeFile(mappingPath, JSON.stringify(mapping));
  await importSourceOrThrow(db, csvMapped, [path], { mappingPath });
}

describe('mapped business rows', () => {
  test('a payroll and ledger export becomes cost lines; importing it again changes nothing', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb([], async (db) => {
        await importMapped(db, dir, 'ledger.csv', LEDGER, COSTS);
        await importMapped(db, dir, 'ledger.csv', LEDGER, COSTS);
        expect(
          await db.all(
            "SELECT source, external_id, strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end, category, team_id, amount, currency FROM costs ORDER BY amount",
          ),
        ).toEqual([
          {
            source: 'csv',
            external_id: '2024-03-01|tools||',
            period_start: '2024-03-01',
            period_end: '2024-03-31',
            category: 'tools',
            team_id: null,
            amount: 480,
            currency: 'USD',
          },
          {
            source: 'csv',
            external_id: '2024-03-01|employer_taxes|support|',
            period_start: '2024-03-01',
            period_end: '2024-03-31',
            category: 'employer_taxes',
            team_id: 'support',
            amount: 2469.13,
            currency: 'EUR',
          },
          {
            source: 'csv',
            external_id: '2024-03-01|wages|support|',
            period_start: '2024-03-01',
            period_end: '2024-03-31',
            category: 'wages',
            team_id: 'support',
            amount: 12345.67,
            currency: 'EUR',
          },
        ]);
      });
    });
  });

  test('two alike cost lines without an id (two software bills of a month) are both kept, and again only once', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb([], async (db) => {
        const twoBills = `${LEDGER}\n2024-03-01;2024-03-31;Software;;150,00;USD`;
        await importMapped(db, dir, 'ledger.csv', twoBills, COSTS);
        await importMapped(db, dir, 'ledger.csv', twoBills, COSTS);
        expect(
          await db.all("SELECT external_id, amount FROM costs WHERE category = 'tools' ORDER BY amount"),
        ).toEqual([
          { external_id: '2024-03-01|tools|||2', amount: 150 },
          { external_id: '2024-03-01|tools||', amount: 480 },
        ]);
      });
    });
  });

  test('people, paid hours, customers, orders and exchange rates from mapped files', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb([], async (db) => {
        await importMapped(
          db,
          dir,
          'staff.csv',
          'Employee,Start,End,Reason,FTE,Hourly cost\nanna,01/02/2022,,,"1,0",31.50\nbram,15/09/2023,30/04/2024,Resigned,0.8,28.00\n',
          {
            rows: 'person',
            fields: {
              agent: { column: 'Employee' },
              start: { column: 'Start', type: 'date', format: 'dd/MM/yyyy' },
              end: { column: 'End', type: 'date', format: 'dd/MM/yyyy' },
              kind: { column: 'Reason', map: { Resigned: 'voluntary', Dismissed: 'involuntary' } },
              fte: { column: 'FTE', type: 'number' },
              hourly: { column: 'Hourly cost' },
            },
            person: {
              agent_id: 'agent',
              hired_on: 'start',
              left_on: 'end',
              leave_kind: 'kind',
              fte: 'fte',
              hourly_cost: 'hourly',
              currency: { const: 'EUR' },
            },
          },
        );
        await importMapped(db, dir, 'hours.csv', 'agent,from,to,hours\nanna,2024-03-01,2024-03-31,168\n', {
          rows: 'paid_hours',
          fields: {
            agent: { column: 'agent' },
            from: { column: 'from', type: 'date' },
            to: { column: 'to', type: 'date' },
            hours: { column: 'hours', type: 'number' },
          },
          paid_hours: { agent_id: 'agent', period_start: 'from', period_end: 'to', hours: 'hours' },
        });
        await importMapped(
          db,
          dir,
          'crm.csv',
          'email,signed up,plan\nanna@example.com,2023-11-02 10:00,business\n',
          {
            rows: 'customer',
            fields: {
              email: { column: 'email' },
              signup: { column: 'signed up', type: 'timestamp', format: 'yyyy-MM-dd HH:mm' },
              plan: { column: 'plan' },
            },
            customer: { id: 'email', first_seen_at: 'signup', segment: 'plan' },
          },
        );
        await importMapped(
          db,
          dir,
          'sales.csv',
          'invoice,email,date,net,state\nF-1,anna@example.com,2024-03-02 11:00,99.95,Paid\nF-2,anna@example.com,2024-03-09 11:00,15.00,Void\n',
          {
            rows: 'order',
            fields: {
              id: { column: 'invoice' },
              email: { column: 'email' },
              date: { column: 'date', type: 'timestamp', format: 'yyyy-MM-dd HH:mm' },
              net: { column: 'net' },
              state: { column: 'state', map: { Paid: 'paid', Void: 'cancelled' } },
            },
            order: {
              external_id: 'id',
              customer_id: 'email',
              ordered_at: 'date',
              revenue: 'net',
              currency: { const: 'eur' },
              status: 'state',
            },
          },
        );
        await importMapped(db, dir, 'rates.csv', 'code,from,eur\nUSD,2024-01-01,0.92\n', {
          rows: 'rate',
          fields: {
            code: { column: 'code' },
            from: { column: 'from', type: 'date' },
            eur: { column: 'eur' },
          },
          rate: { currency: 'code', valid_from: 'from', rate: 'eur' },
        });
        const day = (column: string) => `strftime(${column}, '%Y-%m-%d') AS ${column}`;
        expect(
          await db.all(
            `SELECT agent_id, ${day('hired_on')}, ${day('left_on')}, leave_kind, fte, hourly_cost, currency FROM people ORDER BY agent_id`,
          ),
        ).toEqual([
          {
            agent_id: 'anna',
            hired_on: '2022-02-01',
            left_on: null,
            leave_kind: null,
            fte: 1,
            hourly_cost: 31.5,
            currency: 'EUR',
          },
          {
            agent_id: 'bram',
            hired_on: '2023-09-15',
            left_on: '2024-04-30',
            leave_kind: 'voluntary',
            fte: 0.8,
            hourly_cost: 28,
            currency: 'EUR',
          },
        ]);
        expect(
          await db.all(
            `SELECT agent_id, ${day('period_start')}, ${day('period_end')}, hours FROM paid_hours`,
          ),
        ).toEqual([{ agent_id: 'anna', period_start: '2024-03-01', period_end: '2024-03-31', hours: 168 }]);
        expect(
          await db.all(
            "SELECT id, strftime(first_seen_at, '%Y-%m-%dT%H:%M') AS first_seen_at, segment FROM customers",
          ),
        ).toEqual([{ id: 'anna@example.com', first_seen_at: '2023-11-02T10:00', segment: 'business' }]);
        expect(
          await db.all(
            'SELECT source, external_id, revenue, currency, status FROM orders ORDER BY external_id',
          ),
        ).toEqual([
          { source: 'csv', external_id: 'F-1', revenue: 99.95, currency: 'EUR', status: 'paid' },
          { source: 'csv', external_id: 'F-2', revenue: 15, currency: 'EUR', status: 'cancelled' },
        ]);
        expect(await db.all(`SELECT currency, ${day('valid_from')}, rate FROM exchange_rates`)).toEqual([
          { currency: 'USD', valid_from: '2024-01-01', rate: 0.92 },
        ]);
      });
    });
  });

  test('a mapping that cannot fill its table is refused with its JSON path', () => {
    expect(problemOf({ ...COSTS, cost: undefined })).toEqual({
      path: 'cost',
      reason: 'rows: "cost" needs a cost section',
    });
    const { amount: _amount, ...withoutAmount } = COSTS.cost;
    expect(problemOf({ ...COSTS, cost: withoutAmount })).toEqual({ path: 'cost.amount', reason: 'required' });
    expect(problemOf({ ...COSTS, cost: { ...COSTS.cost, category: { const: 'salary' } } })).toEqual({
      path: 'cost.category.const',
      reason:
        "'salary' is not one of wages, allowances, employer_taxes, tools, outsourcing, overhead, training, acquisition, retention",
    });
    expect(
      problemOf({
        ...COSTS,
        fields: { ...COSTS.fields, category: { column: 'Cost type', map: { Rent: 'rent' } } },
      }),
    ).toMatchObject({ path: 'fields.category.map' });
    expect(problemOf({ ...COSTS, cost: { ...COSTS.cost, period_start: 'team' } })).toMatchObject({
      path: 'cost.period_start',
    });
    expect(problemOf({ ...COSTS, cost: { ...COSTS.cost, period_end: { const: '31/03/2024' } } })).toEqual({
      path: 'cost.period_end.const',
      reason: "'31/03/2024' is not a day yyyy-MM-dd",
    });
    expect(problemOf({ ...COSTS, cost: { ...COSTS.cost, invoice: 'team' } })).toMatchObject({ path: 'cost' });
  });

  test('a bad currency, a negative or an ambiguous amount is refused with file, line and column; nothing is stored', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'ledger.csv');
      const mappingPath = join(dir, 'ledger.json');
      await writeFile(
        path,
        [
          'Month;Until;Cost type;Team;Amount;Currency',
          '2024-03-01;2024-03-31;Salaries;support;12.345,67;EURO',
          '2024-03-01;2024-03-31;Employer taxes;support;-2.469,13;EUR',
          '2024-03-01;2024-03-31;Software;;1,234.50;USD',
          '2024-03-01;2024-03-31;Software;sales;99,00;USD',
        ].join('\n'),
      );
      await writeFile(mappingPath, JSON.stringify(COSTS));
      await withDuckDb([], async (db) => {
        expect(await importSourceError(db, csvMapped, [path], { mappingPath })).toEqual({
          kind: 'bad_rows',
          total: 3,
          problems: [
            {
              file: path,
              line: 2,
              column: 'cost.currency',
              reason: "'EURO' is not an ISO 4217 currency code such as EUR or USD",
            },
            { file: path, line: 3, column: 'cost.amount', reason: "'-2.469,13' is negative" },
            {
              file: path,
              line: 4,
              column: 'cost.amount',
              reason:
                "'1,234.50' writes decimals with a point but line 2, cost.amount '12.345,67' writes them with a comma: the amount is ambiguous; write every amount of the file the same way",
            },
          ],
        });
        expect(await rowCount(db, 'costs')).toBe(0);
      });
    });
  });
});
