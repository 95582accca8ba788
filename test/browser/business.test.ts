import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDuckDb } from '../../src/engines/duckdb/engine.js';
import { launchChromium, type RunningServer, runCli, screenshot, serve, signIn } from './support.js';

const PASSWORD = 'business-password-2026';
const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };
const VIEWER = { email: 'viewer@example.com', password: PASSWORD };
const AGENT = { email: 'agent@example.com', password: PASSWORD };
const FINANCE = { email: 'finance@example.com', password: PASSWORD };
/** Long enough for a page and its answers on a busy machine. */
const WAIT_MS = 30_000;

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-business-'));
  const db = join(dir, 'demo.duckdb');
  // The demo webshop comes with customers, orders, costs and people consistent with its contacts.
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '1500',
    '--seed',
    '17',
    '--replace',
    '--no-serve',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const engine = await openDuckDb({ path: db });
  let agentId: string;
  try {
    const [agent] = await engine.all('SELECT id FROM agents ORDER BY id LIMIT 1');
    agentId = String(agent?.id);
    const [orders] = await engine.all('SELECT count(*) AS n FROM orders');
    expect(Number(orders?.n)).toBeGreaterThan(0);
  } finally {
    await engine.close();
  }
  for (const args of [
    ['--email', VIEWER.email, '--role', 'viewer'],
    ['--email', AGENT.email, '--role', 'agent', '--agent', agentId],
    ['--email', FINANCE.email, '--role', 'finance'],
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

async function openBusiness(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business' }).click();
  await page.getByTestId('business-page').waitFor({ timeout: WAIT_MS });
}

/** The numbers written in a table's body cells, "—" and "no data" left out. */
async function numbersIn(page: Page, testId: string): Promise<number[]> {
  const table = page.getByTestId(testId);
  await table.waitFor({ timeout: WAIT_MS });
  const cells = await table.locator('tbody td').allTextContents();
  return cells
    .map((c) => Number(c.replace(/[^\d.-]/g, '')))
    .filter((n, i) => Number.isFinite(n) && /\d/.test(cells[i] ?? ''));
}

describe('the Business page', () => {
  test('an admin sees customers, cohorts, costs, lifetime value, conversion and people figures', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    try {
      await openBusiness(page);
      expect(new URL(page.url()).searchParams.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
      expect(await page.getByTestId('business-money-note').count()).toBe(0);
      const customers = await numbersIn(page, 'business-customers-table');
      expect(customers.some((n) => n > 0)).toBe(true);
      await page.getByTestId('business-cohort-grid').waitFor({ timeout: WAIT_MS });
      const cell = page.locator('[data-testid="business-cohort-grid"] td[title]').first();
      expect(await cell.getAttribute('title')).toMatch(/month 0: .*%/);
      const costs = await numbersIn(page, 'business-costs-table');
      expect(costs.some((n) => n > 0)).toBe(true);
      await page.getByTestId('business-costs-chart').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('business-clv-table').waitFor({ timeout: WAIT_MS });
      expect(await page.locator('[data-testid="business-clv-table"] tbody tr').count()).toBeGreaterThan(0);
      await page.getByTestId('business-conversion-channel').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('business-conversion-agent').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('business-people-figures').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('business-hourly-cost').waitFor({ timeout: WAIT_MS });
      await screenshot(page, 'business-admin-en');
    } finally {
      await page.context().close();
    }
  });

  test('a viewer sees no money figure, and the line saying whose they are', async () => {
    const page = await signIn(browser, server.url, VIEWER);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/kpi/query')) asked.push(request.postData() ?? '');
    });
    try {
      await openBusiness(page);
      await expect
        .poll(async () => page.getByTestId('business-money-note').textContent(), { timeout: WAIT_MS })
        .toContain('admins and finance');
      await page.getByTestId('business-customers-table').waitFor({ timeout: WAIT_MS });
      await page.getByTestId('business-conversion-channel').waitFor({ timeout: WAIT_MS });
      for (const hidden of [
        'business-costs',
        'business-clv',
        'business-conversion-agent',
        'business-people-agents',
        'business-hourly-cost',
      ]) {
        expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
      }
      const text = (await page.getByTestId('business-page').textContent()) ?? '';
      expect(text).not.toMatch(/[€$£]/);
      expect(asked.length).toBeGreaterThan(0);
      for (const body of asked) {
        for (const money of ['cost_per_contact', 'payroll_cost', 'revenue', 'gross_margin', 'service_cost']) {
          expect(body).not.toContain(`"${money}"`);
        }
      }
      await screenshot(page, 'business-viewer-en');
    } finally {
      await page.context().close();
    }
  });

  test('finance sees the money figures', async () => {
    const page = await signIn(browser, server.url, FINANCE);
    try {
      await openBusiness(page);
      const costs = await numbersIn(page, 'business-costs-table');
      expect(costs.some((n) => n > 0)).toBe(true);
      await page.getByTestId('business-hourly-cost').waitFor({ timeout: WAIT_MS });
    } finally {
      await page.context().close();
    }
  });

  test('an agent has no Business link, and /business is not theirs', async () => {
    const page = await signIn(browser, server.url, AGENT);
    try {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link').first().waitFor();
      expect(await nav.getByRole('link', { name: 'Business' }).count()).toBe(0);
      await page.goto(`${server.url}/business`);
      await page.getByRole('navigation').first().waitFor();
      await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: WAIT_MS });
      expect(await page.getByTestId('business-page').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  test('in Dutch the page reads in Dutch', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    try {
      await page.getByTestId('language-select').selectOption('nl');
      await page.getByRole('navigation').first().getByRole('link', { name: 'Bedrijf' }).click();
      await page.getByTestId('business-page').waitFor({ timeout: WAIT_MS });
      await expect
        .poll(async () => page.getByRole('heading', { level: 2 }).allTextContents(), { timeout: WAIT_MS })
        .toEqual(expect.arrayContaining(['Klanten', 'Behoud per cohort', 'Kosten en marge', 'Mensen']));
      await screenshot(page, 'business-admin-nl');
      // The choice is the user's: the next test signs in afresh, back in English.
      await page.getByTestId('language-select').selectOption('en');
    } finally {
      await page.context().close();
    }
  });
});
