import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeWorkDir } from '../src/services/work-dir.js';

/** The built CLI: run `npm run build` first (`npm test` does). */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));

let dir: string;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-killed-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Work folders of process `pid` in the OS temp folder. */
async function workDirsOf(pid: number): Promise<string[]> {
  return (await readdir(tmpdir())).filter(
    (name) => name.includes(`-p${pid}-`) && name.startsWith('servicemeter-'),
  );
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

test('an import killed with SIGKILL leaves its work folder only until the next command opens the database', async () => {
  const contacts = join(dir, 'contacts.csv');
  const lines = [
    'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
  ];
  for (let i = 0; i < 100_000; i++)
    lines.push(`helpdesk,t${i},email,2026-03-02T08:00:00Z,c${i},,,,,normal,open,Subject ${i}`);
  await writeFile(contacts, `${lines.join('\n')}\n`);
  const db = join(dir, 'team.duckdb');

  const importing = spawn(process.execPath, [CLI, 'import', contacts, '--db', db], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => importing.on('close', () => resolve()));
  const pid = importing.pid ?? -1;
  let found: string[] = [];
  const deadline = Date.now() + 60_000;
  while (found.length === 0 && Date.now() < deadline && importing.exitCode === null) {
    found = await workDirsOf(pid);
    if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  importing.kill('SIGKILL');
  await exited;
  expect(found, 'the import made its work folder before it was killed').not.toEqual([]);
  expect(await workDirsOf(pid)).toEqual(found);

  // A folder of a process that still runs (this one) is left alone.
  const mine = await makeWorkDir('import');
  try {
    const listed = await run(['user', 'list', '--db', db]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(await workDirsOf(pid)).toEqual([]);
    expect(existsSync(mine)).toBe(true);
  } finally {
    await rm(mine, { recursive: true, force: true });
  }
}, 120_000);
