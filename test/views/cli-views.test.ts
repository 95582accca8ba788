/** `servicemeter views list` and `servicemeter dashboards list` on a database file. */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { migrate } from '../../src/services/migrate.js';
import { createUser } from '../../src/services/users.js';
import { createDashboard } from '../../src/services/views/dashboards.js';
import { createSavedView } from '../../src/services/views/views.js';
import { cli } from '../support/cli.js';
import { withTempDir } from '../support/engines.js';

test('the views and dashboards of a file, private ones too, the name first', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'views.duckdb');
    const db = await openDuckDb({ path });
    try {
      await migrate(db);
      const user = await createUser(db, {
        email: 'lead@example.com',
        role: 'manager',
        password: 'long enough password',
      });
      if (!user.ok) throw new Error(JSON.stringify(user.error));
      const owner = { id: user.data.id, role: user.data.role };
      const state = { period: { preset: 'last7' }, timezone: 'Europe/Amsterdam' };
      expect((await createSavedView(db, owner, { name: 'Mail week', page: 'trends', state })).ok).toBe(true);
      expect((await createSavedView(db, owner, { name: 'Private', page: 'overview', state })).ok).toBe(true);
      const board = await createDashboard(db, owner, {
        name: 'Monday',
        shared: true,
        tiles: [{ kpi: 'frt' }, { kpi: 'fcr_rate' }],
      });
      expect(board.ok).toBe(true);
    } finally {
      await db.close();
    }
    const views = await cli(['views', 'list', '--db', path]);
    expect(views.code, views.stderr).toBe(0);
    const lines = views.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^name\s+page\s+period\s+time zone\s+shared\s+owner\s+changed$/);
    expect(lines[2]).toMatch(/^Mail week\s+trends\s+last7\s+Europe\/Amsterdam\s+no\s+lead@example\.com\s/);
    expect(lines[3]).toMatch(/^Private\s+overview\s/);
    const dashboards = await cli(['dashboards', 'list', '--json', '--db', path]);
    expect(dashboards.code, dashboards.stderr).toBe(0);
    const listed = JSON.parse(dashboards.stdout);
    expect(listed.map((d: { name: string; tiles: unknown[] }) => [d.name, d.tiles.length])).toEqual([
      ['Monday', 2],
    ]);
  });
});
