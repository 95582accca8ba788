import { type ChildProcess, spawn } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { importFiles } from '../../src/services/import.js';
import { migrate } from '../../src/services/migrate.js';
import { FIXTURES, withTempDir } from '../support/engines.js';
import { Client } from './support.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const TOKEN = 'a-metrics-token-from-the-environment';

interface Serving {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `servicemeter serve` and waits for the line with its address. */
function serving(args: string[], env: Record<string, string>): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 30 s:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (match?.[1] && /stop with Ctrl\+C/.test(stderr)) {
        clearTimeout(timer);
        resolve({ child, url: match[1], exited });
      }
    });
    exited.then((code) => reject(new Error(`exited ${code} before serving:\n${stderr}`)));
  });
}

async function importedRows(url: string): Promise<number> {
  const reply = await new Client(url).get('/metrics', { authorization: `Bearer ${TOKEN}` });
  expect(reply.status).toBe(200);
  const line = reply.text
    .split('\n')
    .find((l) => l.startsWith('servicemeter_rows_imported_total{via="queue_log"} '));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('serve: the metrics token from the environment, and a queue_log followed across a restart, each call counted once', async () => {
  await withTempDir(async (dir) => {
    const db = join(dir, 'team.duckdb');
    const engine = await openDuckDb({ path: db });
    await migrate(engine);
    const imported = await importFiles(engine, [join(FIXTURES, 'small-helpdesk')]);
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    await engine.close();

    const lines = (await readFile(join(FIXTURES, 'sources/asterisk/queue_log'), 'utf8'))
      .trimEnd()
      .split('\n');
    const log = join(dir, 'queue_log');
    await writeFile(log, `${lines.slice(0, 10).join('\n')}\n`);
    const args = ['--db', db, '--follow-queue-log', log];

    const first = await serving(args, { SERVICEMETER_METRICS_TOKEN: TOKEN });
    expect((await new Client(first.url).get('/metrics')).status).toBe(401);
    await until(async () => (await importedRows(first.url)) > 0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    await appendFile(log, `${lines.slice(10).join('\n')}\n`);
    const second = await serving(args, { SERVICEMETER_METRICS_TOKEN: TOKEN });
    await until(async () => (await importedRows(second.url)) > 0);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const after = await openDuckDb({ path: db });
    try {
      const calls = await after.all(
        `SELECT count(*) AS contacts, count(DISTINCT external_id) AS calls,
           sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed
         FROM contacts WHERE source = 'asterisk-queue-log'`,
      );
      // 8 calls, one still waiting when the log ends.
      expect(calls).toEqual([{ contacts: 8, calls: 8, closed: 7 }]);
      const follow = await after.all('SELECT path, lines_read FROM queue_log_follows');
      expect(follow).toEqual([{ path: log, lines_read: lines.length }]);
    } finally {
      await after.close();
    }
  });
});
