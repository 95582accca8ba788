import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { withTempDir } from '../../../test/support/engines.js';
import { quoteLiteral } from '../../core/dialect.js';
import type { ColumnType } from '../../core/schema.js';
import { validateFile } from '../../ingest/canonical.js';
import { fieldCheck } from '../../ingest/fields.js';
import { readerSql } from './bulk.js';
import { certainlyGood, goodRecordSql } from './check.js';
import { type DuckDbEngine, openDuckDb } from './engine.js';

let db: DuckDbEngine;
beforeAll(async () => {
  db = await openDuckDb({ path: ':memory:', threads: 1, memoryLimit: '256MB' });
});
afterAll(async () => {
  await db.close();
});

/** Whether SQL vouches for each value, in order. */
async function vouched(type: ColumnType, values: readonly string[]): Promise<boolean[]> {
  const rows = await db.all(
    `SELECT ${certainlyGood(type, 'v')} AS good FROM unnest([${values.map(quoteLiteral).join(', ')}]) WITH ORDINALITY AS t(v, i) ORDER BY i`,
  );
  return rows.map((r) => r.good === true);
}

/** Deterministic pseudo-random strings over an alphabet, so a failure can be replayed. */
function fuzz(alphabet: string, count: number, minLength: number, maxLength: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => {
    const length = minLength + Math.floor(next() * (maxLength - minLength + 1));
    return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  });
}

/** Mutations of good values: one character replaced, dropped or doubled. */
function mutations(values: readonly string[], alphabet: string): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (let i = 0; i < value.length; i++) {
      out.push(value.slice(0, i) + value.slice(i + 1));
      out.push(value.slice(0, i) + value[i] + value.slice(i));
      for (const c of alphabet) out.push(value.slice(0, i) + c + value.slice(i + 1));
    }
  }
  return out;
}

interface Case {
  type: ColumnType;
  /** Values SQL must vouch for: the forms real exports write. */
  common: string[];
  alphabet: string;
}

const CASES: Record<string, Case> = {
  timestamp: {
    type: { kind: 'timestamp' },
    common: [
      '2026-03-02T09:15:00Z',
      '2026-03-02 09:15:00',
      '2026-03-02T09:15:00.123Z',
      '2026-03-02T09:15:00.123456789+01:00',
      '2026-03-02T09:15+0530',
      '2026-03-02T09:15:00-08',
      '2024-02-29T23:59:59Z',
      '1971-01-01T00:00:00Z',
      '2199-12-31T23:59:59+18:00',
    ],
    alphabet: '0123456789-:TZ+. tz',
  },
  date: {
    type: { kind: 'date' },
    common: ['2026-03-02', '1970-01-01', '2200-12-31'],
    alphabet: '0123456789-/ ',
  },
  integer: {
    type: { kind: 'integer', min: 0, max: 10 },
    common: ['0', '7', '10', '007'],
    alphabet: '0123456789-+. e',
  },
  wideInteger: {
    type: { kind: 'integer' },
    common: ['-2147483647', '2147483647', '42'],
    alphabet: '0123456789-',
  },
  double: {
    type: { kind: 'double', min: 0 },
    common: ['0', '1.5', '.5', '5.', '1e3', '2.5E-3'],
    alphabet: '0123456789-+.eE ',
  },
  boolean: {
    type: { kind: 'boolean' },
    common: ['true', 'FALSE', 'Yes', 'n', '1', '0', 't'],
    alphabet: 'truefalsyno01TFYN ',
  },
  enum: {
    type: { kind: 'enum', values: ['email', 'chat', 'phone'] },
    common: ['email', 'chat'],
    alphabet: 'emailchtpoE ',
  },
  timezone: {
    type: { kind: 'timezone' },
    common: ['Europe/Amsterdam', 'UTC', 'America/New_York'],
    alphabet: 'EuropeAmsterdamUTC/_ ',
  },
  currency: { type: { kind: 'currency' }, common: ['EUR', 'usd', 'Jpy'], alphabet: 'EURSDJPYeursd1 ' },
};

describe('certainlyGood: SQL vouches only for values the JavaScript checks accept', () => {
  for (const [name, { type, common, alphabet }] of Object.entries(CASES)) {
    test(name, async () => {
      const tricky = [
        ...mutations(common, alphabet),
        ...fuzz(alphabet, 3000, 1, 32, name.length),
        ' ',
        '\u00a0',
        'ｔｒｕｅ',
        'K',
        '1970-01-01T00:00:00+01:00',
        '2200-12-31T23:59:59-01:00',
        '2026-02-30T09:00:00Z',
        '2026-03-02T24:00:00Z',
        '2026-03-02T09:15:00.1234567890Z',
        '2026-03-02T09:15:00+19:00',
        '2147483648',
        '1e400',
        'NaN',
        'Infinity',
        '-0',
      ];
      const values = [...common, ...tricky];
      const sql = await vouched(type, values);
      const check = fieldCheck(type);
      const passedWrongly = values.filter((v, i) => sql[i] && check(v) !== null);
      expect(passedWrongly).toEqual([]);
      // The common forms take the fast path: SQL vouches for every one of them.
      expect(values.slice(0, common.length).filter((_, i) => !sql[i])).toEqual([]);
    });
  }
});

describe('goodRecordSql', () => {
  test('doubts a record with a control character in any text field, an empty required field or an unknown column', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'contacts.csv');
      const header = ['source', 'external_id', 'channel', 'created_at', 'subject', 'tags'];
      const rows = [
        ['web', 'c1', 'email', '2026-03-02T09:00:00Z', 'plain', 'a;b'],
        ['web', 'c2', 'email', '2026-03-02T09:00:00Z', 'bell \u0007 inside', ''],
        ['web', 'c3', 'email', '2026-03-02T09:00:00Z', '', 'joined\u{FEFF}files'],
        ['web', 'c4', 'email', '2026-03-02T09:00:00Z', 'latin-1 read as \u0085', ''],
        ['web', '', 'email', '2026-03-02T09:00:00Z', '', ''],
        ['web', 'c6', 'fax', '2026-03-02T09:00:00Z', '', ''],
        ['web', 'c7', 'chat', '2026-03-02 10:00:00', 'tab\tand\r\nline breaks are text', ''],
      ];
      const field = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
      await writeFile(path, [header, ...rows].map((r) => `${r.map(field).join(',')}\n`).join(''));
      const file = {
        path,
        table: 'contacts' as const,
        format: { kind: 'csv' as const, delimiter: ',' as const },
      };
      const good = await db.all(
        `SELECT ${goodRecordSql('contacts', header)} AS good FROM ${readerSql(path, file, header)} s`,
      );
      expect(good.map((r) => r.good)).toEqual([true, false, false, false, false, false, true]);
      // The JavaScript checks refuse exactly the doubted rows here.
      const bad: number[] = [];
      await validateFile(file, { onBadRecord: (line) => bad.push(line) });
      expect(bad).toEqual([3, 4, 5, 6, 7]);
      expect(goodRecordSql('contacts', ['source', 'external_id', 'channel'])).toBe('false');
    });
  });
});

describe('the rules across fields of survey answers', () => {
  test('SQL vouches only for rows the JavaScript rules accept', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'survey_responses.csv');
      const header = 'source,external_id,kind,scale_min,scale_max,score,sent_at,responded_at'.split(',');
      const at = '2026-03-02T09:00:00Z';
      const rows: string[][] = [];
      let id = 0;
      for (const kind of ['csat', 'custom'])
        for (const [min, max] of [
          ['1', '5'],
          ['0', '10'],
          ['5', '1'],
          ['0', '0'],
          ['3', '3'],
          ['-2', '2'],
        ])
          for (const score of ['', '0', '1', '3', '5', '10', '2.5', '-2', '6'])
            for (const [sent, responded] of [
              ['', ''],
              [at, ''],
              ['', at],
              [at, at],
            ])
              rows.push(['web', `r${++id}`, kind, min, max, score, sent, responded] as string[]);
      await writeFile(path, [header, ...rows].map((r) => `${r.join(',')}\n`).join(''));
      const file = {
        path,
        table: 'survey_responses' as const,
        format: { kind: 'csv' as const, delimiter: ',' as const },
      };
      const good = (
        await db.all(
          `SELECT ${goodRecordSql('survey_responses', header)} AS good FROM ${readerSql(path, file, header)} s`,
        )
      ).map((r) => r.good === true);
      const bad = new Set<number>();
      await validateFile(file, { onBadRecord: (line) => bad.add(line) });
      // Line n + 2 holds row n.
      expect(rows.filter((_, i) => good[i] && bad.has(i + 2))).toEqual([]);
      // And it vouches for the rows the rules accept: all of them here, the rules being exact.
      expect(rows.filter((_, i) => !good[i] && !bad.has(i + 2))).toEqual([]);
      expect(bad.size).toBeGreaterThan(100);
      expect(good.filter(Boolean).length).toBeGreaterThan(50);
    });
  });
});
