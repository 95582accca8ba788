import { rm } from 'node:fs/promises';
import type { Browser, Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDemo, type RunningServer, screenshot, signIn as signInAt } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
/** Long enough for a page and its answer on a busy machine; a stalled query takes minutes. */
const NORMAL_WAIT_MS = 20_000;

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('trends', { contacts: 2000, seed: 3 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface ChartSummary {
  categories: string[];
  /** The colours series take in turn. */
  palette: string[];
  series: {
    name: string;
    kind: 'line' | 'band';
    colour: string;
    values: (number | null)[];
    target: string | null;
  }[];
}

/** What the trend chart draws, as the chart component describes it on its figure. */
async function trendChart(page: Page): Promise<ChartSummary> {
  const figure = page.getByTestId('trend-chart');
  await figure.waitFor({ timeout: NORMAL_WAIT_MS });
  await figure.locator('canvas').first().waitFor({ timeout: NORMAL_WAIT_MS });
  return JSON.parse((await figure.getAttribute('data-chart')) ?? '{}') as ChartSummary;
}

/** Resolves with the first failed request to the KPI query route, e.g. one the page aborted. */
function failedQuery(page: Page): Promise<Request> {
  return page.waitForEvent('requestfailed', {
    predicate: (r) => r.url().endsWith('/api/kpi/query'),
    timeout: NORMAL_WAIT_MS,
  });
}

describe('trends in Chromium', () => {
  test('hours over forty years give a readable chart promptly while a second user works on', async () => {
    const lead = await signInAt(browser, server.url, ADMIN);
    const colleague = await signInAt(browser, server.url, ADMIN);
    await lead.goto(`${server.url}/trends?from=1990-01-01&to=2030-01-01&grain=hour&kpi=contacts_created`);
    // Meanwhile the server answers someone else at once.
    const health = await colleague.request.get(`${server.url}/api/health`, { timeout: NORMAL_WAIT_MS });
    expect(health.status()).toBe(200);
    await colleague.goto(`${server.url}/`);
    await colleague.getByTestId('tile-contacts_created-drill').waitFor({ timeout: NORMAL_WAIT_MS });

    const chart = await trendChart(lead);
    const lines = chart.series.filter((s) => s.kind === 'line');
    expect(chart.categories.length).toBeGreaterThan(1);
    expect(chart.categories.length).toBeLessThanOrEqual(1000);
    expect(lines[0]?.values.some((v) => v !== null && v > 0)).toBe(true);
    // The page says why it does not show hours.
    await expect
      .poll(() => lead.getByTestId('trend-grain-note').textContent())
      .toMatch(/Hour.*350,640.*Month/);
    expect(await lead.getByTestId('loading').count()).toBe(0);
    await screenshot(lead, 'trends-forty-years-en');
    await lead.context().close();
    await colleague.context().close();
  });

  test('a slow answer counts the seconds and can be cancelled; leaving the page aborts the query', async () => {
    const page = await signInAt(browser, server.url, ADMIN);
    // The answers are held back in the browser, as a slow query's would be: the server's are real.
    const held: Route[] = [];
    await page.route('**/api/kpi/query', (route) => {
      held.push(route);
    });
    await page.goto(`${server.url}/trends?kpi=frt`);
    const loading = page.getByTestId('loading');
    // The live region says "still working" once; the seconds tick outside it, unread.
    const status = page.getByTestId('loading-status');
    await expect.poll(() => status.textContent(), { timeout: NORMAL_WAIT_MS }).toMatch(/^Still working…/);
    expect(await status.getAttribute('aria-live')).toBe('polite');
    expect(await status.textContent()).not.toMatch(/\d/);
    const elapsed = page.getByTestId('loading-elapsed');
    expect(await elapsed.textContent()).toMatch(/\d.* so far$/);
    expect(await elapsed.getAttribute('aria-hidden')).toBe('true');
    const [cancelled] = await Promise.all([failedQuery(page), page.getByTestId('loading-cancel').click()]);
    expect(cancelled.failure()?.errorText).toMatch(/ABORTED/);
    await page.getByTestId('trend-cancelled').waitFor();
    expect(await loading.count()).toBe(0);

    // Asked again, then left for another page: the request in flight goes with the page.
    await page.getByRole('button', { name: 'Run again' }).click();
    await loading.waitFor();
    const [left] = await Promise.all([
      failedQuery(page),
      page.getByRole('link', { name: 'Heatmap' }).click(),
    ]);
    expect(left.failure()?.errorText).toMatch(/ABORTED/);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    for (const route of held) await route.continue().catch(() => {});
    await page.context().close();
  });

  test('while the next indicator or grouping loads, the previous chart stays whole and busy', async () => {
    const page = await signInAt(browser, server.url, ADMIN);
    const held: Route[] = [];
    let hold = false;
    await page.route('**/api/kpi/query', (route) => {
      if (hold) held.push(route);
      else void route.continue();
    });
    await page.goto(`${server.url}/trends?kpi=frt`);
    await trendChart(page);
    const result = page.getByTestId('trend-result');
    hold = true;

    /** What the page shows while the answer is held: the previous view, never a mix of both. */
    const expectPrevious = async (step: string) => {
      // Waits until the wait is counted, as long as a reader would look at it.
      await page.getByTestId('loading-elapsed').waitFor({ timeout: NORMAL_WAIT_MS });
      expect(await page.getByTestId('empty').count(), step).toBe(0);
      expect(await result.getAttribute('aria-busy'), step).toBe('true');
      expect(await result.getAttribute('data-kpi'), step).toBe('frt');
      expect(await result.getAttribute('data-split'), step).toBe('');
      const chart = await trendChart(page);
      const names = chart.series.map((s) => s.name);
      expect(names, step).not.toContain('(none)');
      expect(
        chart.series.find((s) => s.kind === 'line')?.values.some((v) => v !== null),
        step,
      ).toBe(true);
    };

    await page.getByTestId('kpi-select').selectOption('csat');
    await expectPrevious('indicator frt → csat');
    await page.getByTestId('split-select').selectOption('channel');
    await expectPrevious('split none → channel');

    // The answer comes: the new view, whole.
    hold = false;
    for (const route of held.splice(0)) await route.continue().catch(() => {});
    await expect.poll(() => result.getAttribute('data-split'), { timeout: NORMAL_WAIT_MS }).toBe('channel');
    expect(await result.getAttribute('data-kpi')).toBe('csat');
    expect(await result.getAttribute('aria-busy')).toBe('false');
    const chart = await trendChart(page);
    const lines = chart.series.filter((s) => s.kind === 'line').map((s) => s.name);
    // Besides the channels, "(none)": answers given on a public link, a QR code or the widget
    // belong to no contact, so to no channel.
    expect(lines.filter((name) => name !== '(none)').length).toBeGreaterThan(1);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.context().close();
  });

  test('a query given up mid-flight leaves nothing busy: one channel chosen while the channel lines load', async () => {
    const page = await signInAt(browser, server.url, ADMIN);
    const held: Route[] = [];
    await page.route('**/api/kpi/query', (route) => {
      if (route.request().postData()?.includes('"by":["channel"]')) held.push(route);
      else void route.continue();
    });
    await page.goto(`${server.url}/`);
    const tiles = page.getByTestId('tiles');
    await expect.poll(() => tiles.getAttribute('aria-busy'), { timeout: NORMAL_WAIT_MS }).toBe('true');
    await expect.poll(() => held.length, { timeout: NORMAL_WAIT_MS }).toBeGreaterThan(0);
    // One channel chosen: the overview no longer asks for its channel lines.
    await page.evaluate(
      "history.pushState(null, '', '/?channel=email'); dispatchEvent(new PopStateEvent('popstate'))",
    );
    await expect.poll(() => tiles.getAttribute('aria-busy'), { timeout: NORMAL_WAIT_MS }).toBe('false');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    for (const route of held) await route.continue().catch(() => {});
    await page.context().close();
  });

  test('target lines use a colour no series uses, with and without a split by channel; shares show their interval', async () => {
    const page = await signInAt(browser, server.url, ADMIN);
    for (const view of ['kpi=frt&split=channel', 'kpi=csat']) {
      await page.goto(`${server.url}/trends?${view}`);
      const chart = await trendChart(page);
      const lineColours = chart.series.filter((s) => s.kind === 'line').map((s) => s.colour);
      const targets = chart.series.flatMap((s) => (s.target ? [s.target] : []));
      expect(targets.length, view).toBeGreaterThan(0);
      // Shares come with their interval, drawn as a band around the line.
      if (view === 'kpi=csat') expect(chart.series.some((s) => s.kind === 'band')).toBe(true);
      for (const target of targets) {
        expect(lineColours, view).not.toContain(target);
        expect(chart.palette, view).not.toContain(target);
      }
    }
    await screenshot(page, 'trends-targets-en');
    await page.context().close();
  });
});
