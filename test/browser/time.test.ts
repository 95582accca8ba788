/**
 * The dashboard counts days where the team is: in the default calendar's time zone whatever the
 * reader's browser says, and it tells when "the last 90 days" end at old data rather than today.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
/** The demo's team is in Amsterdam (its default calendar); its data ends on 28 June 2026. */
const TEAM_ZONE = 'Europe/Amsterdam';
const OPENING = { from: '2026-03-31', to: '2026-06-29' };
/** Far from the team, so that a day there is not a day in Amsterdam. */
const READER_ZONE = 'America/Los_Angeles';
const TOTALS = ['contacts_created', 'contacts_resolved'];

let dir: string;
let server: RunningServer;
let browser: Browser;
/** The totals of `servicemeter kpi` for the opening period in the team's zone. */
let expected: Record<string, number>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-time-'));
  const db = join(dir, 'demo.duckdb');
  const demo = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '2000',
    '--seed',
    '1',
    '--replace',
    '--no-serve',
  ]);
  expect(demo.code, demo.stderr).toBe(0);
  // Before serving: the server holds the file while it runs.
  const kpi = await runCli([
    'kpi',
    '--db',
    db,
    '--kpi',
    TOTALS.join(','),
    '--from',
    OPENING.from,
    '--to',
    OPENING.to,
    '--timezone',
    TEAM_ZONE,
    '--format',
    'json',
  ]);
  expect(kpi.code, kpi.stderr).toBe(0);
  const [row] = JSON.parse(kpi.stdout) as Record<string, { value: number }>[];
  expected = Object.fromEntries(TOTALS.map((id) => [id, row?.[id]?.value ?? Number.NaN]));
  server = await serve(db);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Text as read, with the thin and narrow spaces Intl puts around a range's dash made plain. */
async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function tileCount(page: Page, kpi: string): Promise<number> {
  const text = (await page.getByTestId(`tile-${kpi}`).locator('.value').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

describe("the team's time", () => {
  test('opens in the team’s zone on the 90 days up to the newest contact, and says so', async () => {
    const page = await signIn(browser, server.url, ADMIN, { timezoneId: READER_ZONE, locale: 'en-US' });
    await page.getByTestId('tile-contacts_created-drill').waitFor();
    const zone = page.getByTestId('filter-bar').getByLabel('Time zone');
    expect(await zone.inputValue()).toBe(TEAM_ZONE);
    expect(await zone.locator('option:checked').textContent()).toBe(`${TEAM_ZONE} (team)`);
    expect(await textOf(page, 'range-text')).toBe(
      'Showing Mar 31 – Jun 28, 2026: the newest contact is from Jun 28, 2026.',
    );
    for (const kpi of TOTALS) expect(await tileCount(page, kpi), kpi).toBe(expected[kpi]);
    await screenshot(page, 'time-opening-en');

    // In every language, with the dates as the language writes them.
    await page.getByTestId('language-select').selectOption('uk');
    await expect
      .poll(() => textOf(page, 'range-text'))
      .toMatch(/^Показано 31 бер.* – 28 черв.* 2026 р\.: найновіше звернення створено 28 черв\. 2026 р\.$/);
    // The language is kept with the account: wait until it is stored before opening another page.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH'),
      page.getByTestId('language-select').selectOption('en'),
    ]);

    // A zone chosen in the URL wins over the team's, and moves the days.
    await page.goto(`${server.url}/?tz=${encodeURIComponent(READER_ZONE)}`);
    await page.getByTestId('tile-contacts_created-drill').waitFor();
    expect(await zone.inputValue()).toBe(READER_ZONE);
    await page.context().close();
  });
});
