import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withTempDir } from '../../../test/support/engines.js';
import { TABLES } from '../../core/schema.js';
import { readCsvRecords, recordFields } from '../records.js';
import { CanonicalWriter, utcTimestamp } from './writer.js';

describe('utcTimestamp', () => {
  test('equals the ISO form of the instant, without milliseconds when there are none', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_000_000_000_000, max: 250_000_000_000_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(utcTimestamp(ms)).toBe(iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso);
      }),
      { numRuns: 20_000 },
    );
    expect(utcTimestamp(Date.UTC(2026, 2, 2, 9, 0, 0))).toBe('2026-03-02T09:00:00Z');
    expect(utcTimestamp(Date.UTC(2026, 2, 2, 23, 59, 59, 7))).toBe('2026-03-02T23:59:59.007Z');
  });
});

describe('CanonicalWriter', () => {
  test('writes every value so the CSV reader gives it back, quotes, commas and line breaks included', async () => {
    await withTempDir(async (dir) => {
      const out = new CanonicalWriter(dir);
      const subjects = ['plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ''];
      for (const [i, subject] of subjects.entries()) {
        out.write('contacts', {
          source: 's',
          external_id: `c${i}`,
          channel: 'email',
          created_at: utcTimestamp(Date.UTC(2026, 0, 1, 0, 0, i)),
          subject,
          priority: i % 2 === 0 ? null : undefined,
        });
      }
      out.write('agents', { id: 'a', active: false, name: 'Ann' });
      await out.close();
      const read: string[][] = [];
      for await (const batch of readCsvRecords(join(dir, 'contacts.csv'), ',')) {
        for (const record of batch) read.push(recordFields(record, ','));
      }
      const header = read[0] ?? [];
      expect(header).toEqual(TABLES.contacts.columns.map((c) => c.name));
      expect(read.slice(1).map((r) => r[header.indexOf('subject')])).toEqual(subjects);
      expect(read[1]?.[header.indexOf('created_at')]).toBe('2026-01-01T00:00:00Z');
      expect(await readFile(join(dir, 'agents.csv'), 'utf8')).toBe(
        'id,name,email,team_id,started_on,active\na,Ann,,,,false\n',
      );
      expect(out.counts()).toEqual({ agents: 1, contacts: 6 });
      expect(() => out.write('agents', { id: 'b', nickname: 'B' })).toThrow('agents has no column nickname');
    });
  });
});
