import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const PASSWORD = 'workforce-password-2026';
const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const MANAGER = { email: 'planner@example.com', password: PASSWORD };
const AGENT = { email: 'agent@example.com', password: PASSWORD };
const VIEWER = { email: 'viewer@example.com', password: PASSWORD };
/** Long enough for a page and its answer on a busy machine. */
const WAIT_MS = 30_000;

let dir: string;
let server: RunningServer;
let browser: Browser;
let agentId: string;
let colleagueId: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-workforce-'));
  const db = join(dir, 'demo.duckdb');
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '800',
    '--seed',
    '16',
    '--replace',
    '--no-serve',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const engine = await openDuckDb({ path: db });
  try {
    const agents = await engine.all('SELECT id FROM agents ORDER BY id LIMIT 2');
    expect(agents).toHaveLength(2);
    agentId = String(agents[0]?.id);
    colleagueId = String(agents[1]?.id);
  } finally {
    await engine.close();
  }
  for (const args of [
    ['--email', MANAGER.email, '--role', 'manager'],
    ['--email', AGENT.email, '--role', 'agent', '--agent', agentId],
    ['--email', VIEWER.email, '--role', 'viewer'],
  ]) {
    const added = await runCli(['user', 'add', '--db', db, ...args], `${PASSWORD}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  server = await serve(db);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The Monday of this week as the dashboard's week picker starts on it (the team zone is UTC in the demo or close to it). */
function thisMonday(): Date {
  const today = new Date();
  const monday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() + 1 - (monday.getUTCDay() || 7));
  return monday;
}

async function staffingTotals(page: Page): Promise<string> {
  const totals = page.getByTestId('staffing-totals');
  await totals.waitFor({ timeout: WAIT_MS });
  return (await totals.textContent()) ?? '';
}

describe('the workforce pages', () => {
  test('the staffing week: a heatmap with marks, a detail on focus, and a what-if that recomputes it', async () => {
    const page = await signIn(browser, server.url, MANAGER);
    await page.getByRole('navigation').first().getByRole('link', { name: 'Workforce' }).click();
    await page.waitForURL(/\/workforce\/staffing/, { timeout: WAIT_MS });
    await page.getByRole('heading', { name: 'Staffing week', level: 1 }).waitFor();
    const heatmap = page.getByTestId('staffing-heatmap');
    await heatmap.waitFor({ timeout: WAIT_MS });
    // Seven days across, times of day down.
    expect(await heatmap.locator('thead th').count()).toBe(7);
    expect(await heatmap.locator('tbody tr').count()).toBeGreaterThan(4);
    const legend = (await page.getByTestId('staffing-legend').textContent()) ?? '';
    for (const state of ['Under-staffed', 'Staffed', 'Over-staffed', 'Closed'])
      expect(legend).toContain(state);
    expect(await page.getByTestId('staffing-used').textContent()).toMatch(/Model: Erlang [AC]/);

    // Every open cell says its state in words and marks it in its text, not by colour alone.
    const open = heatmap.locator('[data-state="under"], [data-state="ok"], [data-state="over"]');
    expect(await open.count()).toBeGreaterThan(0);
    const first = open.first();
    const label = (await first.getAttribute('aria-label')) ?? '';
    expect(label).toMatch(/(Under-staffed|Staffed|Over-staffed)\. To schedule/);
    await first.focus();
    const detail = page.getByTestId('staffing-detail');
    await expect.poll(() => detail.textContent()).toContain('Forecast volume');
    expect(await detail.textContent()).toContain('Service level');
    // The arrow keys move through the grid.
    const from = (await first.getAttribute('data-cell')) ?? '';
    await page.keyboard.press(from.endsWith('-6') ? 'ArrowLeft' : 'ArrowRight');
    const focused = () => page.evaluate("document.activeElement?.getAttribute('data-cell') ?? ''");
    await expect.poll(focused).not.toBe(from);
    expect(String(await focused())).toMatch(/^\d+-\d+$/);
    await screenshot(page, 'workforce-staffing');

    const before = await staffingTotals(page);
    const recomputed = page.waitForResponse(
      (r) => r.url().includes('/api/workforce/staffing') && r.url().includes('volume=50'),
      { timeout: WAIT_MS },
    );
    await page.getByTestId('what-if-volumePercent').fill('50');
    expect((await recomputed).status()).toBe(200);
    await expect.poll(() => page.getByTestId('staffing-used').textContent()).toContain('What-if applied');
    await expect.poll(() => staffingTotals(page)).not.toBe(before);

    // A value that does not read is said, and left out of the question.
    await page.getByTestId('what-if-serviceLevel').fill('80');
    await page.getByText('Not a valid value; left unchanged.').waitFor();

    // Previous and next week move the week in the address.
    const shown = (await page.getByTestId('week-input').inputValue()) || '';
    await page.getByTestId('week-next').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('week')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const moved = Date.parse(new URL(page.url()).searchParams.get('week') ?? '') - Date.parse(shown);
    expect(moved).toBe(7 * 86_400_000);
    await page.context().close();
  });

  test('the forecast: a chart of actual and forecast with its band, and the accuracy against the baselines', async () => {
    const page = await signIn(browser, server.url, VIEWER);
    await page.goto(`${server.url}/workforce/forecast?channel=phone&weeksBack=4`);
    await page.getByRole('heading', { name: 'Forecast', level: 1 }).waitFor();
    const figure = page.getByTestId('forecast-chart');
    await figure.waitFor({ timeout: WAIT_MS });
    const chart = JSON.parse((await figure.getAttribute('data-chart')) ?? '{}') as {
      series: { name: string; kind: string; values: (number | null)[] }[];
    };
    expect(chart.series.map((s) => [s.name, s.kind])).toEqual([
      ['Actual', 'line'],
      ['Forecast', 'line'],
      ['Prediction band (low)', 'band'],
      ['Prediction band', 'band'],
    ]);
    // The past has actual arrivals (zero where none came), the future a forecast.
    expect(chart.series[0]?.values.some((v) => v !== null)).toBe(true);
    expect(chart.series[1]?.values.some((v) => v !== null)).toBe(true);
    const accuracy = page.getByTestId('forecast-accuracy');
    expect(await accuracy.locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('forecast-reading').textContent()).toMatch(
      /The forecast was off by|Accuracy cannot be measured yet/,
    );
    await screenshot(page, 'workforce-forecast');
    await page.context().close();
  });

  test('a manager adds, changes and deletes a block with the keyboard, and marks a day', async () => {
    const page = await signIn(browser, server.url, MANAGER);
    const monday = thisMonday().toISOString().slice(0, 10);
    await page.goto(`${server.url}/workforce/schedules?week=${monday}`);
    await page.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor();
    const grid = page.getByTestId('schedule-grid');
    await grid.waitFor({ timeout: WAIT_MS });
    const row = grid.locator(`tr[data-agent="${agentId}"]`);
    const blocksBefore = await row.locator('[data-block]').count();
    type Listed = { blocks: { externalId: string; activity: string; startsAt: string; endsAt: string }[] };
    const listed = async () =>
      (await (
        await page.request.get(
          `${server.url}/api/workforce/schedules?from=${monday}&to=${monday}&agent=${agentId}`,
        )
      ).json()) as Listed;
    const idsBefore = new Set((await listed()).blocks.map((b) => b.externalId));

    await page.getByTestId('schedule-add').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('block-dialog');
    await dialog.waitFor();
    await page.getByTestId('block-agent').selectOption(agentId);
    await page.getByTestId('block-day').fill(monday);
    // A night shift: its end before its start is the next morning.
    await page.getByTestId('block-start').fill('22:00');
    await page.getByTestId('block-end').fill('02:00');
    await page.getByTestId('block-activity').selectOption('chat');
    await screenshot(page, 'workforce-block-dialog');
    await page.getByTestId('block-save').click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await expect.poll(() => row.locator('[data-block]').count(), { timeout: WAIT_MS }).toBe(blocksBefore + 2);
    const night = (await listed()).blocks.find((b) => !idsBefore.has(b.externalId));
    expect(night?.activity).toBe('chat');
    expect(Date.parse(night?.endsAt ?? '') - Date.parse(night?.startsAt ?? '')).toBe(4 * 3_600_000);

    // Open it from the grid, make it training, then delete it.
    const block = row.locator(`[data-block="${night?.externalId}"]`).first();
    await block.focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.getByTestId('block-activity').selectOption('training');
    await page.getByTestId('block-save').click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT_MS });
    await expect.poll(() => block.textContent(), { timeout: WAIT_MS }).toContain('Training');
    await block.click();
    await dialog.waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('block-delete').click();
    await expect.poll(() => row.locator('[data-block]').count(), { timeout: WAIT_MS }).toBe(blocksBefore);

    // Escape closes the dialog without saving.
    await page.getByTestId('schedule-add').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const form = page.getByTestId('marked-day-form');
    await form.getByLabel('Day').fill('2026-12-24');
    await form.getByLabel('Label').fill('Christmas Eve sale');
    await form.getByLabel('Factor').fill('1.5');
    await form.getByRole('button', { name: 'Mark the day' }).click();
    const marked = page.getByTestId('marked-days');
    await expect.poll(() => marked.textContent(), { timeout: WAIT_MS }).toContain('Christmas Eve sale');
    expect(await marked.textContent()).toContain('× 1.5');
    await page.getByRole('button', { name: 'Remove Christmas Eve sale' }).click();
    await expect.poll(() => page.getByText('Christmas Eve sale').count(), { timeout: WAIT_MS }).toBe(0);
    await screenshot(page, 'workforce-schedules');
    await page.context().close();
  });

  test('an agent sees their own schedule read-only and their own time; not the staffing, a colleague or the settings', async () => {
    const page = await signIn(browser, server.url, AGENT);
    await page.getByRole('navigation').first().getByRole('link', { name: 'Workforce' }).click();
    await page.waitForURL(/\/workforce\/schedules/, { timeout: WAIT_MS });
    await page.getByRole('heading', { name: 'My schedule', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Workforce pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['My schedule', 'My time']);
    const grid = page.getByTestId('schedule-grid').or(page.getByText('No blocks this week.'));
    await grid.first().waitFor({ timeout: WAIT_MS });
    expect(await page.locator(`tr[data-agent="${colleagueId}"]`).count()).toBe(0);
    expect(await page.getByTestId('schedule-add').count()).toBe(0);
    expect(await page.locator('button[data-block]').count()).toBe(0);
    for (const path of ['/workforce/staffing', '/workforce/settings', '/workforce/forecast']) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: WAIT_MS });
    }
    await page.goto(`${server.url}/workforce/team-time`);
    await page.getByRole('heading', { name: 'My time', level: 1 }).waitFor();
    await page.context().close();
  });

  test('a viewer has the staffing and the forecast, no schedule rows', async () => {
    const page = await signIn(browser, server.url, VIEWER);
    await page.goto(`${server.url}/workforce`);
    await page.waitForURL(/\/workforce\/staffing/, { timeout: WAIT_MS });
    await page.getByTestId('staffing-heatmap').waitFor({ timeout: WAIT_MS });
    const nav = page.getByRole('navigation', { name: 'Workforce pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Staffing', 'Forecast']);
    await page.goto(`${server.url}/workforce/schedules`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: WAIT_MS });
    await page.context().close();
  });

  test('team time per agent and shrinkage by reason; the settings save', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/workforce/team-time?preset=last_30_days`);
    await page.getByRole('heading', { name: 'Team time', level: 1 }).waitFor();
    const table = page.getByTestId('team-time').or(page.getByText('No scheduled time in this period.'));
    await table.first().waitFor({ timeout: WAIT_MS });
    if ((await page.getByTestId('team-time').count()) > 0) {
      // Rows are people: the team's coverage has no agent and is in the footer only.
      expect(await page.getByTestId('team-time').locator('tbody tr[data-agent=""]').count()).toBe(0);
      const reasons = page.getByTestId('shrinkage-by-reason');
      await reasons.waitFor({ timeout: WAIT_MS });
      // Each reason's share of all scheduled time, so together they are the team's shrinkage, not 100 % each.
      const shares = (await reasons.locator('tbody td:nth-of-type(1)').allTextContents()).map((text) =>
        Number.parseFloat(text),
      );
      expect(shares.length).toBeGreaterThan(1);
      expect(shares.every((share) => share > 0 && share < 100)).toBe(true);
    }
    await screenshot(page, 'workforce-team-time');

    await page.goto(`${server.url}/workforce/settings`);
    await page.getByRole('heading', { name: 'Planning settings', level: 1 }).waitFor();
    const grace = page.getByTestId('settings-graceMinutes');
    await grace.waitFor({ timeout: WAIT_MS });
    await grace.fill('7');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor({ timeout: WAIT_MS });
    const saved = (await (await page.request.get(`${server.url}/api/workforce/settings`)).json()) as {
      graceMinutes: number;
    };
    expect(saved.graceMinutes).toBe(7);
    await page.getByTestId('settings-phoneTarget').fill('80');
    await page.getByTestId('settings-save').click();
    await page.getByText('Check the fields marked.').waitFor();
    await page.context().close();
  });

  test('the pages speak every language', async () => {
    const page = await signIn(browser, server.url, MANAGER);
    const headings: Record<string, string> = {
      nl: 'Bezettingsweek',
      sv: 'Bemanningsvecka',
      uk: 'Тиждень укомплектування',
      'zh-CN': '人力需求周视图',
      en: 'Staffing week',
    };
    await page.goto(`${server.url}/workforce/staffing`);
    await page.getByTestId('staffing-heatmap').waitFor({ timeout: WAIT_MS });
    for (const [locale, heading] of Object.entries(headings)) {
      await page.getByTestId('language-select').selectOption(locale);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: WAIT_MS });
      if (locale !== 'en') await screenshot(page, `workforce-staffing-${locale}`);
    }
    await page.context().close();
  });
});
