import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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
const AGENT = { email: 'agent@example.com', password: 'agent-password-2026' };

let dir: string;
let server: RunningServer;
let browser: Browser;
/** Agent ids of the demo, busiest first: the first is the signed-in agent, the second a colleague. */
let agents: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'servicemeter-browser-'));
  const db = join(dir, 'demo.duckdb');
  const demo = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    '3000',
    '--seed',
    '1',
    '--replace',
    '--no-serve',
  ]);
  expect(demo.code, demo.stderr).toBe(0);
  const byAgent = await runCli([
    'kpi',
    '--db',
    db,
    '--by',
    'agent',
    '--kpi',
    'contacts_created',
    '--format',
    'csv',
  ]);
  expect(byAgent.code, byAgent.stderr).toBe(0);
  const [header, ...rows] = byAgent.stdout.trim().split('\n');
  const agentColumn = header?.split(',').indexOf('agent') ?? -1;
  agents = rows.map((r) => r.split(',')[agentColumn] ?? '').filter((a) => a !== '');
  expect(agents.length).toBeGreaterThan(1);
  const added = await runCli(
    ['user', 'add', '--db', db, '--email', AGENT.email, '--role', 'agent', '--agent', agents[0] as string],
    `${AGENT.password}\n`,
  );
  expect(added.code, added.stderr).toBe(0);
  server = await serve(db);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The values of a rule table's selects and inputs, one array per row. */
function cellValues(form: Locator): Promise<string[][]> {
  return form
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll('select, input')].map((e) => (e as unknown as { value: string }).value),
      ),
    );
}

function signIn(who: { email: string; password: string }): Promise<Page> {
  return signInAt(browser, server.url, who);
}

/** The text of an overview tile's number once it has loaded. */
async function tileValue(page: Page, kpi: string): Promise<string> {
  const value = page.getByTestId(`tile-${kpi}-drill`);
  await value.waitFor();
  return (await value.textContent()) ?? '';
}

describe('the dashboard in Chromium', () => {
  test('a team lead signs in, sees the overview and narrows it to one channel through the URL-backed filter bar', async () => {
    const page = await signIn(ADMIN);
    const all = await tileValue(page, 'contacts_created');
    expect(all).toMatch(/\d/);
    await screenshot(page, 'overview-en');
    await page.getByTestId('filter-channel').click();
    await page.getByRole('checkbox', { name: 'chat' }).check();
    await page.keyboard.press('Escape');
    await page.waitForURL(/channel=chat/);
    await expect.poll(() => tileValue(page, 'contacts_created')).not.toBe(all);
    // The view is in the URL: opening it again shows the same filter.
    const shared = page.url();
    const again = await page.context().newPage();
    await again.goto(shared);
    expect(await tileValue(again, 'contacts_created')).toBe(await tileValue(page, 'contacts_created'));
    await page.context().close();
  });

  test("drills down from a chart's cell to the contacts behind it and on to one contact's timeline", async () => {
    const page = await signIn(ADMIN);
    await page.getByRole('link', { name: 'Heatmap' }).click();
    const heatmap = page.getByTestId('heatmap');
    await heatmap.waitFor();
    await screenshot(page, 'heatmap-en');
    const cell = heatmap.getByRole('link', { name: /\(n = [1-9]/ }).first();
    const label = (await cell.getAttribute('aria-label')) ?? (await cell.textContent()) ?? '';
    const n = Number(/n = ([\d,.\s]+)\)/.exec(label)?.[1]?.replace(/\D/g, ''));
    await cell.click();
    await page.getByTestId('contacts-table').waitFor();
    // The list holds exactly the contacts counted in the cell.
    await expect
      .poll(async () => (await page.getByTestId('contacts-total').textContent())?.replace(/\D/g, ''))
      .toBe(String(n));
    await page.getByTestId('contact-link').first().click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    expect(await timeline.getByRole('listitem').count()).toBeGreaterThan(0);
    await screenshot(page, 'contact-timeline-en');

    // And from the trend chart's numbers (its table alternative) to the contacts of one period.
    await page.goto(`${server.url}/trends?kpi=frt`);
    await page.getByText('Show the numbers as a table').click();
    await page.getByTestId('trend-table').getByRole('link').first().click();
    await page.getByTestId('contacts-table').waitFor();
    expect(await page.getByTestId('contact-link').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  test('switches through the five languages, each kept across a reload and saved for the user', async () => {
    const page = await signIn(ADMIN);
    const overviewIn = { nl: 'Overzicht', sv: 'Översikt', uk: 'Огляд', 'zh-CN': '概览' };
    for (const [locale, word] of Object.entries(overviewIn)) {
      await page.getByTestId('language-select').selectOption(locale);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
      await page.getByTestId('tile-contacts_created-drill').waitFor();
      const navigation = page.getByRole('navigation').first();
      await expect.poll(async () => navigation.textContent()).toContain(word);
      await screenshot(page, `overview-${locale}`);
    }
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // Saved for the user: another browser signing in gets it too.
    const elsewhere = await signIn(ADMIN);
    await expect.poll(() => elsewhere.locator('html').getAttribute('lang')).toBe('zh-CN');
    await elsewhere.getByTestId('language-select').selectOption('en');
    await expect.poll(() => elsewhere.locator('html').getAttribute('lang')).toBe('en');
    await elsewhere.context().close();
    await page.context().close();
  });

  test('heatmap cells show values in the words and decimals of every other page, never cut off', async () => {
    const page = await signIn(ADMIN);
    const metrics = [
      ['first_response', /^\d+ (sec|min|hr|days?)$/],
      ['abandonment', /^\d+\.\d%$/],
    ] as const;
    for (const [metric, pattern] of metrics) {
      await page.goto(`${server.url}/heatmap?metric=${metric}`);
      const heatmap = page.getByTestId('heatmap');
      await heatmap.waitFor();
      const cells = await heatmap
        .locator('.cell')
        .evaluateAll((all) =>
          all.map((c) => ({ text: c.textContent ?? '', clipped: c.scrollWidth > c.clientWidth })),
        );
      const shown = cells.filter((c) => c.text !== '');
      expect(shown.length, metric).toBeGreaterThan(0);
      for (const c of shown) expect(c.text, metric).toMatch(pattern);
      expect(
        shown.filter((c) => c.clipped).map((c) => c.text),
        metric,
      ).toEqual([]);
    }
    await page.context().close();
  });

  test('exports the current view and the contacts behind a number as CSV files', async () => {
    const page = await signIn(ADMIN);
    await tileValue(page, 'frt');
    const [view] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download this view (CSV)' }).click(),
    ]);
    const viewCsv = await readFile((await view.path()) as string, 'utf8');
    // Each value column names its unit; the values stay unrounded machine numbers.
    const viewHeader =
      viewCsv
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]
        ?.split(',') ?? [];
    expect(viewHeader).toEqual(expect.arrayContaining(['channel', 'frt_seconds', 'frt_n', 'csat_percent']));

    await page.getByTestId('tile-frt-drill').click();
    await page.getByTestId('contacts-table').waitFor();
    const [contacts] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-contacts').click(),
    ]);
    const lines = (await readFile((await contacts.path()) as string, 'utf8')).trim().split('\n');
    const total = Number((await page.getByTestId('contacts-total').textContent())?.replace(/\D/g, ''));
    // A header and one row per contact behind the number.
    expect(lines.length - 1).toBe(total);
    await page.context().close();
  });

  test('an admin adds a target and a threshold; both are saved and shown again after a reload', async () => {
    const page = await signIn(ADMIN);
    await page.goto(`${server.url}/settings?tab=targets`);
    const targets = page.getByTestId('targets-form');
    await targets.waitFor();
    const n = (await targets.locator('tbody tr').count()) + 1;
    await targets.getByRole('button', { name: 'Add target' }).click();
    await targets.getByLabel(`Indicator of row ${n}`).selectOption('csat_response_rate');
    await targets.getByLabel(`Target of row ${n}`).fill('30');
    await targets.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.', { exact: true }).waitFor();

    await page.goto(`${server.url}/settings?tab=thresholds`);
    const thresholds = page.getByTestId('thresholds-form');
    await thresholds.waitFor();
    const m = (await thresholds.locator('tbody tr').count()) + 1;
    await thresholds.getByRole('button', { name: 'Add threshold' }).click();
    await thresholds.getByLabel(`Threshold of row ${m}`).selectOption('short_abandon');
    await thresholds.getByLabel(`Channel of row ${m}`).selectOption('web_form');
    await thresholds.getByLabel(`Short-abandon limit of row ${m}`).fill('7 s');
    await thresholds.getByRole('button', { name: 'Save' }).click();
    // A threshold changes the facts: they are rebuilt before the answer.
    await page
      .getByRole('status')
      .getByText(/rebuilt/i)
      .waitFor();

    // Rows come back in the server's order, not in the order they were added.
    await page.reload();
    await thresholds.waitFor();
    expect(await cellValues(thresholds)).toContainEqual(['short_abandon', 'web_form', '', '7 sec', '']);
    await page.goto(`${server.url}/settings?tab=targets`);
    await targets.waitFor();
    // Shares are edited as percentages and stored as fractions.
    expect(await cellValues(targets)).toContainEqual(['csat_response_rate', '', '30']);
    const stored = await page.evaluate(async () => (await (await fetch('/api/settings')).json()) as unknown);
    expect((stored as { targets: unknown[] }).targets).toContainEqual({
      kpi: 'csat_response_rate',
      channel: null,
      value: 0.3,
    });
    await page.context().close();
  });

  test('an admin adds an interval and a holiday to a calendar; the facts are rebuilt with them', async () => {
    const page = await signIn(ADMIN);
    await page.goto(`${server.url}/settings?tab=calendars`);
    const edit = page.getByRole('button', { name: /^Edit / }).first();
    const calendarId = ((await edit.textContent()) ?? '').replace(/^Edit\s*/, '').trim();
    await edit.click();
    const form = page.getByTestId('calendar-form');
    await form.waitFor();
    const k = (await form.getByLabel(/^Weekday of interval/).count()) + 1;
    await form.getByRole('button', { name: 'Add interval' }).click();
    await form.getByLabel(`Weekday of interval ${k}`).selectOption('6');
    await form.getByLabel(`Start of interval ${k}`).fill('10:00');
    await form.getByLabel(`End of interval ${k} (HH:MM)`).fill('14:00');
    const h = (await form.getByLabel(/^Date of holiday/).count()) + 1;
    await form.getByRole('button', { name: 'Add holiday' }).click();
    await form.getByLabel(`Date of holiday ${h}`).fill('2026-12-25');
    await form.getByLabel(`Name of holiday ${h}`).fill('Christmas');
    await form.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .getByText(/rebuilt/i)
      .waitFor();
    const stored = (await page.evaluate(async () => (await fetch('/api/settings')).json())) as {
      calendars: { id: string; intervals: unknown[]; holidays: unknown[] }[];
    };
    const calendar = stored.calendars.find((c) => c.id === calendarId);
    expect(calendar?.intervals).toContainEqual({ weekday: 6, start: '10:00', end: '14:00' });
    expect(calendar?.holidays).toContainEqual({ date: '2026-12-25', name: 'Christmas' });
    await page.context().close();
  });

  test("an agent sees their own scorecard and cannot reach a colleague's", async () => {
    const page = await signIn(AGENT);
    await page.goto(`${server.url}/agents/${encodeURIComponent(agents[1] as string)}`);
    const scorecard = page.getByTestId('scorecard-table');
    await scorecard.waitFor();
    await screenshot(page, 'agent-scorecard-en');
    expect(await page.locator('main').textContent()).not.toContain(agents[1]);
    // The API behind the page refuses the colleague's figures, contacts and the by-agent breakdown.
    const status = await page.evaluate(async (other) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const csrf = session.csrfToken;
      const scorecard = await fetch(`/api/scorecards/${encodeURIComponent(other)}`);
      const byAgent = await fetch('/api/kpi/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ kpis: ['frt'], by: ['agent'] }),
      });
      return [scorecard.status, byAgent.status];
    }, agents[1] as string);
    expect(status[0]).toBe(403);
    expect(status[1]).toBe(403);
    await page.context().close();
  });
});
