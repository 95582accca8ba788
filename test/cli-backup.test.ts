import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openDuckDb } from '../src/engines/duckdb/engine.js';
import { importFiles } from '../src/services/import.js';
import { migrate } from '../src/services/migrate.js';
import { signedIn, startTestServer } from './server/support.js';
import { FIXTURES, withTempDir } from './support/engines.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SERVICEMETER_TOKEN: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function contactsIn(path: string): Promise<number> {
  const db = await openDuckDb({ path });
  try {
    return Number((await db.all('SELECT count(*) AS n FROM contacts'))[0]?.n);
  } finally {
    await db.close();
  }
}

describe('servicemeter backup', () => {
  test('without a server (or with the marker of a dead one): a copy of the database file, never over an existing file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'team.duckdb');
      const db = await openDuckDb({ path });
      await migrate(db);
      const imported = await importFiles(db, [join(FIXTURES, 'small-helpdesk')]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      await db.close();
      // The marker of a server killed outright: nothing answers there any more.
      await writeFile(
        `${path}.server.json`,
        JSON.stringify({ pid: 999_999, url: 'http://127.0.0.1:9/', startedAt: '2026-03-02T09:00:00Z' }),
      );
      const copy = join(dir, 'copy.duckdb');
      const made = await cli(['backup', '--db', path, '--out', copy]);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/copy\.duckdb: [\d,]+ bytes/);
      expect(await contactsIn(copy)).toBe(await contactsIn(path));

      await writeFile(join(dir, 'taken.duckdb'), 'keep');
      const refused = await cli(['backup', '--db', path, '--out', join(dir, 'taken.duckdb')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('exists; a backup never overwrites a file');
    });
  });

  test('while a server holds the file: the server makes the copy, with an admin token', async () => {
    const ts = await startTestServer();
    try {
      const admin = await signedIn(ts.url, 'admin');
      const created = await admin.post('/api/tokens', { name: 'backups' });
      expect(created.status).toBe(201);
      const copy = join(ts.dir, 'copy.duckdb');

      const without = await cli(['backup', '--db', ts.dbPath, '--out', copy]);
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('give an admin');

      const manager = await signedIn(ts.url, 'manager');
      const managerToken = (await manager.post('/api/tokens', { name: 'not enough' })).json.token;
      const refused = await cli(['backup', '--db', ts.dbPath, '--out', copy, '--token', managerToken]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('made no backup');

      const made = await cli(['backup', '--db', ts.dbPath, '--out', copy], {
        SERVICEMETER_TOKEN: created.json.token,
      });
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toContain('made by the server at');
      const audit = await admin.get('/api/audit?action=backup');
      expect(audit.json.total).toBe(1);
      await ts.server.close();
      expect(await contactsIn(copy)).toBe(await contactsIn(ts.dbPath));
    } finally {
      await ts.stop();
    }
  });
});
