import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

/**
 * A team that imported only a call log, one of whose calls waited 18 hours (a mapping mistake):
 * the overview says which figures it cannot give and which days hold doubtful data.
 */

const LEAD = { email: 'lead@example.com', password: 'lead-password-2026' };

const CALLS = [
  'call,queued,answered,ended,agent,outcome',
  'c1,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:05:00Z,ann,answered',
  'c2,2026-03-02T09:10:00Z,2026-03-03T03:10:00Z,2026-03-03T03:15:00Z,ann,answered',
  'c3,2026-03-03T10:00:00Z,2026-03-03T10:00:20Z,2026-03-03T10:04:00Z,bob,answered',
  'c4,2026-03-03T11:00:00Z,,2026-03-03T11:01:00Z,,abandoned',
];

const MAPPING = {
  rows: 'contact',
  fields: {
    call: { column: 'call' },
    queued: { column: 'queued', type: 'timestamp' },
    answered: { column: 'answered', type: 'timestamp' },
    ended: { column: 'ended', type: 'timestamp' },
    agent: { column: 'agent' },
    outcome: { column: 'outcome' },
  },
  contact: {
    external_id: 'call',
    channel: { const: 'phone' },
    created_at: 'queued',
    assignee_id: 'agent',
    status: { const: 'closed' },
  },
  events: [
    { kind: { const: 'queue_enter' }, at: 'queued' },
    {
      kind: { const: 'answer' },
      at: 'answered',
      when: { field: 'outcome', in: ['answered'] },
      agent_id: 'agent',
    },
    { kind: { const: 'abandon' }, at: 'ended', when: { field: 'outcome', in: ['abandoned'] } },
    { kind: { const: 'end' }, at: 'ended', when: { field: 'outcome', in: ['answered'] }, agent_id: 'agent' },
  ],
};

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-notices-'));
  const db = join(dir, 'calls.duckdb');
  await writeFile(join(dir, 'calls.csv'), `${CALLS.join('\n')}\n`);
  await writeFile(join(dir, 'calls.map.json'), JSON.stringify(MAPPING));
  const imported = await runCli([
    'import',
    'csv',
    join(dir, 'calls.csv'),
    '--map',
    join(dir, 'calls.map.json'),
    '--db',
    db,
  ]);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stderr).toMatch(/queue wait/);
  const added = await runCli(
    ['user', 'add', '--db', db, '--email', LEAD.email, '--role', 'admin'],
    `${LEAD.password}\n`,
  );
  expect(added.code, added.stderr).toBe(0);
  server = await serve(db);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('notices on the overview', () => {
  test('a call log alone: no survey figures, and the day of the 18-hour wait is named, in English and Dutch', async () => {
    const page = await signIn(browser, server.url, LEAD);
    await page.goto(`${server.url}/?from=2026-03-01&to=2026-03-08`);
    await page
      .getByText(
        'Data quality: 1 contacts created on 2026-03-02 had an implausibly long queue wait at import',
        {
          exact: false,
        },
      )
      .waitFor();
    await page.getByText('no source in the selection has answered CSAT surveys', { exact: false }).waitFor();
    await screenshot(page, 'notices-en');

    await page.getByTestId('language-select').selectOption('nl');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('nl');
    await page.getByText('een onwaarschijnlijk lange wachttijd in de wachtrij', { exact: false }).waitFor();
    await expect.poll(() => page.getByText('Data quality', { exact: false }).count()).toBe(0);
    await screenshot(page, 'notices-nl');
  });
});
