import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

/** The hand-computed fixture: its team `support` is ann and bob. */
const FIXTURE = fileURLToPath(new URL('../fixtures/small-helpdesk/', import.meta.url));
const ANN = { email: 'ann@example.com', password: 'ann-password-2026' };

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-browser-privacy-'));
  const db = join(dir, 'team-of-two.duckdb');
  const imported = await runCli(['import', FIXTURE, '--db', db]);
  expect(imported.code, imported.stderr).toBe(0);
  // An admin first, or the dashboard offers its first-run setup instead of signing in.
  for (const args of [
    ['--email', 'lead@example.com', '--role', 'admin'],
    ['--email', ANN.email, '--role', 'agent', '--agent', 'ann'],
  ]) {
    const added = await runCli(['user', 'add', '--db', db, ...args], `${ANN.password}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  server = await serve(db);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an agent in a team of two', () => {
  test('sees the team tiles withheld, and why, in their language', async () => {
    const page = await signIn(browser, server.url, ANN);
    const tile = page.getByTestId('tile-contacts_created');
    await tile.waitFor();
    // Her team's contacts are hers and bob's: next to her own, the count would be his. It is not
    // shown, and cannot be drilled into.
    expect(await tile.locator('.value').textContent()).toBe('Withheld');
    expect(await page.getByTestId('tile-contacts_created-drill').count()).toBe(0);
    // Nor the weeks of its sparkline, nor a change from the previous period.
    expect(await tile.locator('.sparkline, .change').count()).toBe(0);
    expect(await page.getByTestId('notices').textContent()).toContain(
      'Figures that could reveal one colleague’s work are withheld',
    );
    await page.getByTestId('language-select').selectOption('sv');
    await page.getByText('Siffror som kan avslöja en kollegas arbete visas inte').waitFor();
    expect(await tile.locator('.value').textContent()).toBe('Dold');
    await screenshot(page, 'agent-team-of-two-sv');
    await page.context().close();
  });

  test('is offered no hourly grain: her team comes in whole days', async () => {
    const page = await signIn(browser, server.url, ANN);
    // Two days would be shown per hour, and the address asks for hours: both give days instead.
    await page.goto(`${server.url}/trends?kpi=contacts_created&from=2026-03-02&to=2026-03-04&grain=hour`);
    const grain = page.getByLabel('Per', { exact: true });
    await grain.waitFor();
    expect(await grain.inputValue()).toBe('day');
    expect(
      await grain.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value'))),
    ).not.toContain('hour');
    // The server answered (a refusal would show an error instead of the chart).
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.context().close();
  });
});
