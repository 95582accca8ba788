import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { FIXTURES } from './support/engines.js';

/** The built CLI: run `npm run build:server` first. */
const CLI = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));

function servicemeter(...args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`servicemeter ${args.join(' ')} → ${run.status}\n${run.stderr}`);
  return run.stdout;
}

/** The command and the output the README's "JSON output" section shows, the output cut after its first group. */
function readmeExample(): { args: string[]; firstGroup: unknown } {
  const section = readFileSync(README, 'utf8').split('\n## JSON output\n')[1]?.split('\n## ')[0] ?? '';
  const command = /```sh\nservicemeter (kpi [^\n]+)\n```/.exec(section)?.[1];
  const output = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!command || !output) throw new Error('README: the JSON output section has no sh and json example');
  const shown = JSON.parse(output.replace(/,\n\s*…\n\]$/, '\n]')) as unknown[];
  return { args: command.split(' '), firstGroup: shown[0] };
}

test("the README's kpi --format json example is what the CLI prints on the fixture it names", async () => {
  const { args, firstGroup } = readmeExample();
  const dir = await mkdtemp(join(tmpdir(), 'servicemeter-readme-'));
  try {
    const db = join(dir, 'example.duckdb');
    servicemeter('import', join(FIXTURES, 'small-helpdesk'), '--db', db);
    const printed = JSON.parse(servicemeter(...args, '--db', db)) as unknown[];
    expect(printed.length).toBeGreaterThan(1);
    expect(printed[0]).toEqual(firstGroup);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
