import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DemoDashboard, openDemo, screenshot, signIn } from './support.js';

/** The demo's team lead; the demo gives them Dutch, the test reads the pages in English. */
const MANAGER = { email: 'manager@example.com', password: 'servicemeter-demo' };
const WAIT_MS = 30_000;
const DASHBOARD_NAME = 'Monday board';
const VIEW_NAME = 'Chat satisfaction by week';
const TRENDS_QUERY = '?kpi=csat&grain=week&preset=last90&channel=chat';

let demo: DemoDashboard;
let page: Page;

beforeAll(async () => {
  demo = await openDemo('dashboards', { contacts: 300, seed: 21 });
  page = await signIn(demo.browser, demo.server.url, MANAGER);
  await page.getByTestId('language-select').selectOption('en');
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: WAIT_MS });
}, 300_000);

afterAll(async () => {
  await page?.context().close();
  await demo?.browser.close();
  await demo?.server.stop();
  if (demo) await rm(demo.dir, { recursive: true, force: true });
});

/** The tiles as the grid shows them: indicator and width, in order. */
async function tilesShown(): Promise<{ kpi: string | null; width: string | null }[]> {
  const tiles = page.getByTestId('tile');
  const shown = [];
  for (const tile of await tiles.all())
    shown.push({ kpi: await tile.getAttribute('data-kpi'), width: await tile.getAttribute('data-width') });
  return shown;
}

describe('dashboards and saved views', () => {
  test('a manager builds a dashboard by dragging tiles, resizes one, and finds it kept after a reload', async () => {
    // The demo opens the manager's default dashboard; the list is one link away.
    await page.goto(`${demo.server.url}/dashboards?all=1`);
    const form = page.getByRole('form', { name: 'New dashboard' });
    await form.getByLabel('Name', { exact: true }).fill(DASHBOARD_NAME);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: DASHBOARD_NAME }).waitFor({ timeout: WAIT_MS });

    const add = page.getByTestId('add-tile');
    for (const kpi of ['frt', 'csat', 'aht']) {
      await add.getByLabel('Indicator').selectOption(kpi);
      await add.getByRole('button', { name: 'Add' }).click();
    }
    await expect.poll(async () => (await tilesShown()).map((t) => t.kpi)).toEqual(['frt', 'csat', 'aht']);

    // A real drag and drop: the browser's drag events, not the move buttons.
    const tiles = page.getByTestId('tile');
    await tiles.nth(2).dragTo(tiles.nth(0));
    await expect.poll(async () => (await tilesShown()).map((t) => t.kpi)).toEqual(['aht', 'frt', 'csat']);

    await tiles.nth(1).getByLabel('Width').selectOption('3');
    await page.getByTestId('save-dashboard').click();
    await page.getByTestId('add-tile').waitFor({ state: 'detached', timeout: WAIT_MS });

    await page.reload();
    await page.getByTestId('tile-grid').waitFor({ timeout: WAIT_MS });
    await expect.poll(tilesShown, { timeout: WAIT_MS }).toEqual([
      { kpi: 'aht', width: '1' },
      { kpi: 'frt', width: '3' },
      { kpi: 'csat', width: '1' },
    ]);
    await page.getByTestId('tile-value').first().waitFor({ timeout: WAIT_MS });
    await screenshot(page, 'dashboards-built-en');
  });

  test('a view saved on Trends is listed on the Dashboards page and opens at the same address', async () => {
    await page.goto(`${demo.server.url}/trends${TRENDS_QUERY}`);
    const save = page.getByTestId('filter-bar').getByTestId('save-view');
    await save.getByRole('button', { name: 'Save view' }).click();
    await save.getByLabel('Name of the view').fill(VIEW_NAME);
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => page.getByTestId('save-view-message').textContent(), { timeout: WAIT_MS })
      .toBe(`Saved as "${VIEW_NAME}".`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    // The role's default dashboard opens first; every dashboard and view is behind its link.
    await page.getByRole('link', { name: 'All dashboards' }).click();
    const views = page.getByTestId('saved-views');
    await views.getByRole('link', { name: VIEW_NAME }).click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: WAIT_MS }).toBe('/trends');
    const opened = new URL(page.url());
    expect(opened.search).toBe(TRENDS_QUERY);
    // The page reads its filters from the address: the channel picker shows the saved choice.
    await expect
      .poll(async () => page.getByTestId('filter-channel').textContent(), { timeout: WAIT_MS })
      .toMatch(/chat/i);
  });

  test('a second view of the same name is refused, and the form says why', async () => {
    await page.goto(`${demo.server.url}/trends`);
    const save = page.getByTestId('filter-bar').getByTestId('save-view');
    await save.getByRole('button', { name: 'Save view' }).click();
    await save.getByLabel('Name of the view').fill(VIEW_NAME);
    await save.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => page.getByTestId('save-view-message').textContent(), { timeout: WAIT_MS })
      .toBe(`you already have a view named "${VIEW_NAME}"`);
    expect(await page.getByTestId('save-view-message').getAttribute('role')).toBe('alert');
  });
});
