import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  launchChromium,
  type RunningServer,
  runCli,
  screenshot,
  serve,
  signIn as signInAt,
} from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
/** Long enough for a page and its answer on a busy machine; a stalled query takes minutes. */
const NORMAL_WAIT_MS = 20_000;

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-trends-'));
  const db = join(dir, 'demo.duckdb');
  const demo = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '2000',
    '--seed',
    '3',
    '--replace',
    '--no-serve',
  ]);
  expect(demo.code, demo.stderr).toBe(0);
  server = await serve(db);
  browser = await launchChromium();
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
    await expect.poll(() => loading.textContent(), { timeout: NORMAL_WAIT_MS }).toMatch(/Still working… \d/);
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
