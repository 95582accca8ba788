import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../../test/support/engines.js';
import { cliCommand, demoHint } from './demo-hint.js';

describe('how the hint runs the command line', () => {
  it('is `node <path>` in a clone and `servicemeter` when installed', async () => {
    await withTempDir(async (dir) => {
      const project = join(dir, 'clone');
      const main = join(project, 'dist', 'src', 'cli', 'main.js');
      await mkdir(join(project, 'dist', 'src', 'cli'), { recursive: true });
      await writeFile(main, '');
      // npm installs the bin as a link named after the package.
      await mkdir(join(dir, 'bin'));
      await symlink(main, join(dir, 'bin', 'servicemeter'));

      expect(cliCommand(main, project)).toBe('node dist/src/cli/main.js');
      expect(cliCommand(join(dir, 'bin', 'servicemeter'), project)).toBe('servicemeter');
      const installed = join(dir, 'node_modules', 'servicemeter', 'dist', 'src', 'cli', 'main.js');
      expect(cliCommand(installed, dir)).toBe('servicemeter');
      expect(cliCommand(undefined, project)).toBe('servicemeter');
      expect(cliCommand(main, join(dir, 'my files'))).toBe('node ../clone/dist/src/cli/main.js');
    });
  });
});

describe('the hint after the demo', () => {
  const period = {
    from: '2026-03-31',
    to: '2026-06-29',
    timezone: 'Europe/Amsterdam',
    newestDay: '2026-06-28',
  };
  const login = 'demo login: demo@example.com / servicemeter-demo';

  it('names the period and zone the dashboard opens with', () => {
    const text = demoHint({
      db: 'demo.duckdb',
      period,
      serving: false,
      login,
      cli: 'node dist/src/cli/main.js',
    });
    expect(text).toContain('the last 90 days up to the newest data, 2026-06-28');
    expect(text).toContain(
      'Explore: node dist/src/cli/main.js kpi --db demo.duckdb --from 2026-03-31 --to 2026-06-29 --timezone Europe/Amsterdam --by week',
    );
    expect(text).toContain(`Dashboard: node dist/src/cli/main.js serve --db demo.duckdb (${login})`);
  });

  it('says the server must stop first while it holds the file, and quotes a path with spaces', () => {
    const text = demoHint({ db: 'my demo.duckdb', period, serving: true, login, cli: 'servicemeter' });
    expect(text).toContain('once the server is stopped (Ctrl+C; while it runs it holds my demo.duckdb)');
    expect(text).toContain("servicemeter kpi --db 'my demo.duckdb' --from 2026-03-31");
    expect(text).not.toContain('Dashboard:');
  });

  it('says the served demo runs on its last day’s clock with a live feed, and that serve keeps the real one', () => {
    const live = { lastDay: '2026-06-28', jobs: [{ name: 'Nightly rebuild' }, { name: 'Zendesk sync' }] };
    const served = demoHint({ db: 'demo.duckdb', period, serving: true, login, cli: 'servicemeter', live });
    expect(served).toContain(
      "The server runs on the demo's clock: it is 2026-06-28 (a Sunday, the demo's last day) at the time of day it is now in Europe/Amsterdam.",
    );
    expect(served).toContain('Chatwoot webhook event every few seconds');
    expect(served).toContain('Jobs page: Nightly rebuild; Zendesk sync.');
    expect(served).toContain('servicemeter serve on this database keeps the real clock.');
    const generated = demoHint({
      db: 'demo.duckdb',
      period,
      serving: false,
      login,
      cli: 'servicemeter',
      live,
    });
    expect(generated).not.toContain("demo's clock");
    expect(generated).toContain('servicemeter serve keeps the real clock');
  });
});
