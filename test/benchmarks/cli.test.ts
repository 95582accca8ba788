/**
 * `servicemeter benchmarks` on a database file holding the small-helpdesk fixture and one imported
 * competitor figure. Runs the built CLI (`npm run build:server` first).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { cli } from '../support/cli.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';

vi.setConfig({ testTimeout: 180_000 });

test('list shows the shipped and imported figures with their year; yoy compares with the year before', async () => {
  await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (db, dir) => {
    const file = join(dir, 'benchmarks.csv');
    await writeFile(
      file,
      'id,kind,kpi_id,value,name,year,channel,source\nacme-csat,competitor,csat,0.78,Acme,2026,email,mystery shopping\n',
    );
    const imported = await importFiles(db, [file]);
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    await db.close();
    const dbPath = join(dir, 'test.duckdb');

    const listed = await cli(['benchmarks', 'list', '--kpi', 'csat', '--db', dbPath]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/csat\s+78\.0 %\s+Acme\s+2026 figure\s+competitor/);
    expect(listed.stdout).toMatch(/csat\s+92\.0 %\s+Zendesk\s+2015 figure\s+published/);

    const yoy = await cli([
      'benchmarks',
      'yoy',
      '--year',
      '2026',
      '--kpi',
      'contacts_created',
      '--json',
      '--db',
      dbPath,
    ]);
    expect(yoy.code, yoy.stderr).toBe(0);
    const view = JSON.parse(yoy.stdout);
    expect(view.lastYear.from).toBe('2025-01-01');
    expect(view.rows[0]).toMatchObject({ kpi: 'contacts_created', lastYear: 0 });
    expect(view.rows[0].value).toBeGreaterThan(0);
  });
});
