import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { detectSourceFormats, SOURCE_FORMATS } from './index.js';

const SOURCES = fileURLToPath(new URL('../../../test/fixtures/sources/', import.meta.url));

/** Every fixture file of a format, in its folder and one level below, except the READMEs. */
async function fixtureFiles(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(SOURCES, folder), { withFileTypes: true })) {
    const path = join(SOURCES, folder, entry.name);
    if (entry.isDirectory()) {
      for (const inner of await readdir(path)) if (!inner.endsWith('.md')) files.push(join(path, inner));
    } else if (!entry.name.endsWith('.md')) files.push(path);
  }
  return files;
}

/** The fixture folder of each format whose files must be recognised as that format alone. */
const FIXTURE_FOLDERS: Record<string, string> = {
  zendesk: 'zendesk',
  freshdesk: 'freshdesk',
  intercom: 'intercom',
  chatwoot: 'chatwoot',
  'asterisk-queue-log': 'asterisk',
  'social-threads': 'social-threads',
};

describe('--detect', () => {
  test('every format with its own fixtures is in the table above', () => {
    const withFixtures = SOURCE_FORMATS.map((f) => f.name).filter(
      (name) => FIXTURE_FOLDERS[name] !== undefined,
    );
    expect(withFixtures.length).toBeGreaterThanOrEqual(6);
  });

  test.each(Object.entries(FIXTURE_FOLDERS))(
    'the %s fixtures are recognised as that format alone',
    async (format, folder) => {
      const files = await fixtureFiles(folder);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const found = (await detectSourceFormats(file)).map((d) => d.format);
        expect(found, file).toEqual([format]);
      }
    },
  );

  test.each([
    ['csv', 'csv/bank-calls.txt'],
    ['csv', 'csv/servicenow-incidents.csv'],
    ['event-log', 'event-log/helpdesk-excerpt.csv'],
    ['surveys', 'surveys/csat-export.csv'],
    ['surveys', 'surveys/nps-export.csv'],
  ])('%s: %s is recognised as that format alone', async (format, file) => {
    expect((await detectSourceFormats(join(SOURCES, file))).map((d) => d.format)).toEqual([format]);
  });

  test.each([
    ['shopify', 'shopify-orders.csv'],
    ['woocommerce', 'woocommerce-orders.csv'],
    ['stripe', 'stripe-charges.csv'],
  ])('%s: the order export %s is recognised as that format alone', async (format, file) => {
    const path = fileURLToPath(new URL(`../../../test/fixtures/business/${file}`, import.meta.url));
    expect((await detectSourceFormats(path)).map((d) => d.format)).toEqual([format]);
  });

  test('a canonical file is no source format', async () => {
    const contacts = fileURLToPath(
      new URL('../../../test/fixtures/small-helpdesk/contacts.csv', import.meta.url),
    );
    expect(await detectSourceFormats(contacts)).toEqual([]);
  });
});
