import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { DEFAULT_BUSINESS_SETTINGS } from '../../src/services/business/contract.js';
import {
  BusinessSettingsPatch,
  getBusinessSettings,
  updateBusinessSettings,
} from '../../src/services/business/settings.js';
import { ENGINES, type EngineKind, withDuckDb, withMigrated, withTempDir } from '../support/engines.js';

const NOW = new Date('2026-03-31T12:00:00Z');

async function withEngine<T>(kind: EngineKind, work: (db: Engine) => Promise<T>): Promise<T> {
  return withMigrated(kind, work);
}

describe.each(ENGINES)('business settings on $kind', ({ kind }) => {
  test('are the defaults until changed, and keep what was changed', async () => {
    await withEngine(kind, async (db) => {
      expect(await getBusinessSettings(db)).toEqual(DEFAULT_BUSINESS_SETTINGS);
      const first = await updateBusinessSettings(db, { reportingCurrency: 'sek', churnAfterDays: 180 }, NOW);
      expect(first).toEqual({
        ok: true,
        data: { ...DEFAULT_BUSINESS_SETTINGS, reportingCurrency: 'SEK', churnAfterDays: 180 },
      });
      await updateBusinessSettings(db, { defaultMarginShare: 0.4 }, NOW);
      expect(await getBusinessSettings(db)).toEqual({
        ...DEFAULT_BUSINESS_SETTINGS,
        reportingCurrency: 'SEK',
        churnAfterDays: 180,
        defaultMarginShare: 0.4,
      });
      // Null puts the currency back to the one of the data.
      await updateBusinessSettings(db, { reportingCurrency: null }, NOW);
      expect((await getBusinessSettings(db)).reportingCurrency).toBeNull();
      const stored = await db.all("SELECT value FROM business_settings WHERE key = 'settings'");
      expect(JSON.parse(String(stored[0]?.value))).toEqual({
        reportingCurrency: null,
        churnAfterDays: 180,
        defaultMarginShare: 0.4,
      });
    });
  });

  test('refuse values outside their limits, naming the field and the reason', async () => {
    await withEngine(kind, async (db) => {
      const refused = async (patch: unknown) => {
        const result = await updateBusinessSettings(db, patch, NOW);
        if (result.ok) throw new Error(`accepted ${JSON.stringify(patch)}`);
        return result.error.kind === 'invalid' ? result.error.issues : [];
      };
      expect(await refused({ reportingCurrency: 'EURO' })).toEqual([
        { path: 'reportingCurrency', message: '"EURO" is no ISO 4217 currency code, e.g. EUR' },
      ]);
      expect((await refused({ churnAfterDays: 0 }))[0]?.path).toBe('churnAfterDays');
      expect((await refused({ churnAfterDays: 3651 }))[0]?.message).toBe('at most 3650 days');
      expect((await refused({ conversionDays: 366 }))[0]?.message).toBe('at most 365 days');
      expect((await refused({ conversionDays: 2.5 }))[0]?.message).toBe('must be a whole number');
      expect((await refused({ newAgentDays: 0 }))[0]?.path).toBe('newAgentDays');
      expect((await refused({ defaultMarginShare: 1.2 }))[0]?.path).toBe('defaultMarginShare');
      expect((await refused({ defaultMarginShare: -0.1 }))[0]?.path).toBe('defaultMarginShare');
      expect((await refused({ unknownSetting: 1 }))[0]?.message).toMatch(/unknownSetting/);
      // Nothing refused was stored.
      expect(await getBusinessSettings(db)).toEqual(DEFAULT_BUSINESS_SETTINGS);
    });
  });
});

describe('a settings change rebuilds the business facts', () => {
  test('the conversion window decides whether an order three days after a contact converts it', async () => {
    await withTempDir(async (dir) => {
      const files: Record<string, string> = {
        'customers.csv': 'id,first_seen_at\nc1,2026-03-01T00:00:00Z\nc2,2026-03-01T00:00:00Z\n',
        // c2's order takes the data past the contact's window, which is then closed either way.
        'orders.csv':
          'source,external_id,customer_id,ordered_at,revenue,cost_of_goods,currency\nshop,o1,c1,2026-03-05T10:00:00Z,100,60,EUR\nshop,o2,c2,2026-03-20T10:00:00Z,40,20,EUR\n',
        'contacts.csv':
          'source,external_id,channel,created_at,customer_id\nhelpdesk,k1,email,2026-03-02T10:00:00Z,c1\n',
      };
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
      await withDuckDb([dir], async (db) => {
        const converted = async () =>
          (await db.all('SELECT ordered_after FROM business_contact_facts'))[0]?.ordered_after;
        expect(await converted()).toBe(true);
        expect((await updateBusinessSettings(db, { conversionDays: 2 }, NOW)).ok).toBe(true);
        expect(await converted()).toBe(false);
      });
    });
  });

  test('the patch schema is exported for the server and the command line', () => {
    expect(BusinessSettingsPatch.safeParse({ conversionDays: 14 }).success).toBe(true);
    expect(BusinessSettingsPatch.safeParse({ conversionDays: '14' }).success).toBe(false);
  });
});
