/** `servicemeter targets list|set|history` and `servicemeter baselines take|list` on a database file. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { cli } from '../support/cli.js';
import { FIXTURES, withTempDir } from '../support/engines.js';

test('targets are set per scope and date, listed and their changes shown; a baseline is taken', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'test.duckdb');
    const db = await openDuckDb({ path });
    try {
      await migrate(db);
      const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    } finally {
      await db.close();
    }
    const run = async (args: string[]) => {
      const r = await cli([...args, '--db', path]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    await run(['targets', 'set', 'csat', '0.85', '--team', 'support']);
    await run(['targets', 'set', 'csat', '0.9', '--agent', 'ann', '--from', '2026-03-05']);
    const refused = await cli(['targets', 'set', 'csat', '85', '--agent', 'nobody', '--db', path]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('value: csat is a share');
    expect(refused.stderr).toContain('--agent: unknown agent nobody');
    const list = (await run(['targets', 'list'])).trim().split('\n');
    expect(list[0]).toMatch(/^kpi\s+scope\s+from\s+value$/);
    expect(list.slice(2)).toEqual([
      expect.stringMatching(/^csat\s+team support\s+always\s+0\.85$/),
      expect.stringMatching(/^csat\s+agent ann\s+2026-03-05\s+0\.9$/),
    ]);
    const taken = JSON.parse(
      await run([
        'baselines',
        'take',
        'csat',
        '--team',
        'support',
        '--from',
        '2026-03-01',
        '--to',
        '2026-04-01',
        '--json',
      ]),
    );
    expect(taken).toMatchObject({ kpi: 'csat', team: 'support', from: '2026-03-01', to: '2026-04-01' });
  });
}, 180_000);
