import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('tables', { contacts: 1500, seed: 3 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface BreakdownShown {
  split: string | null;
  busy: string | null;
  chartLabels: string[];
  chartValues: (number | null)[];
  tableLabels: string[];
  tableValues: (number | null)[];
  header: string;
}

/** What the breakdown shows: the chart's categories and values as given to ECharts, and the table. */
function breakdownShown(page: Page): Promise<BreakdownShown> {
  return page.getByTestId('breakdown-result').evaluate((el) => {
    // The heading of the groups set apart is not a group.
    const rows = [...el.querySelectorAll('[data-testid="breakdown-table"] tbody tr[data-key]')];
    const number = (v: string | null) => (v === null || v === '' ? null : Number(v));
    return {
      split: el.getAttribute('data-split'),
      busy: el.getAttribute('aria-busy'),
      // ECharts draws category axes bottom-up: the chart's last category is the table's first row.
      chartLabels: (JSON.parse(el.getAttribute('data-chart-categories') ?? '[]') as string[]).reverse(),
      chartValues: (JSON.parse(el.getAttribute('data-chart-values') ?? '[]') as (number | null)[]).reverse(),
      tableLabels: rows.map((r) => r.querySelector('th')?.textContent ?? ''),
      tableValues: rows.map((r) => number(r.getAttribute('data-value'))),
      header: el.querySelector('[data-testid="breakdown-table"] thead th')?.textContent ?? '',
    };
  });
}

describe('tables that match their charts, drill-downs that read right', () => {
  test('the breakdown table matches its chart after every change of grouping', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    await page.goto(`${server.url}/breakdown?kpi=frt&split=channel`);
    await page.getByTestId('breakdown-table').waitFor();
    const dimensionName = { channel: 'Channel', team: 'Team', agent: 'Agent', priority: 'Priority' };
    for (const split of ['team', 'agent', 'channel', 'priority', 'agent', 'team'] as const) {
      await page.getByTestId('split-select').selectOption(split);
      await expect
        .poll(async () => {
          const shown = await breakdownShown(page);
          return `${shown.split} ${shown.busy}`;
        })
        .toBe(`${split} false`);
      const shown = await breakdownShown(page);
      expect(shown.header, split).toBe(dimensionName[split]);
      expect(shown.tableLabels.length, split).toBeGreaterThan(1);
      expect(shown.tableLabels, split).toEqual(shown.chartLabels);
      expect(shown.tableValues, split).toEqual(shown.chartValues);
      // One row per group: a row left over from another grouping would repeat or read "(none)".
      expect(new Set(shown.tableLabels).size, split).toBe(shown.tableLabels.length);
    }
    await screenshot(page, 'breakdown-after-regrouping-en');
    await page.context().close();
  });

  test('the breakdown ranks only groups with enough answers and colours only clear changes', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    type Cell = { n: number; change?: { difference: number; clear: boolean } | null };
    for (const split of ['agent', 'channel']) {
      const answered = page.waitForResponse(
        (r) =>
          r.url().endsWith('/api/kpi/query') && (r.request().postData() ?? '').includes(`"by":["${split}"]`),
      );
      await page.goto(`${server.url}/breakdown?kpi=csat&split=${split}`);
      const { rows } = (await (await answered).json()) as { rows: Record<string, unknown>[] };
      await page.getByTestId('breakdown-table').waitFor();
      const shown = await page.getByTestId('breakdown-table').evaluate((table) =>
        [...table.querySelectorAll('tbody tr[data-key]')].map((r) => ({
          key: r.getAttribute('data-key') ?? '',
          n: Number(r.getAttribute('data-n')),
          changeClass: r.querySelector('[data-testid="breakdown-change"]')?.className ?? '',
        })),
      );
      if (split === 'agent') {
        // The demo has agents on fewer than 30 answers: none of them may sit above one with enough.
        const small = shown.findIndex((r) => r.n < 30);
        expect(small, 'an agent with fewer than 30 answers').toBeGreaterThanOrEqual(0);
        expect(
          shown.slice(small).every((r) => r.n < 30),
          JSON.stringify(shown),
        ).toBe(true);
        const apartHeading = page.getByRole('rowheader', { name: /Too few to rank: fewer than 30 answers/ });
        expect(await apartHeading.isVisible()).toBe(true);
      }
      const unclear = rows
        // Answers without a contact (public links, QR codes, the widget) have no channel or agent.
        .map((row) => ({ key: row[split] == null ? '' : String(row[split]), csat: row.csat as Cell }))
        .filter((g) => g.csat?.change && !g.csat.change.clear && g.csat.change.difference !== 0);
      expect(unclear.length, `${split}: a change that is not clear`).toBeGreaterThan(0);
      for (const group of unclear) {
        const row = shown.find((r) => r.key === group.key);
        expect(row?.changeClass, `${split} ${group.key}`).toMatch(/\bsame\b/);
        expect(row?.changeClass, `${split} ${group.key}`).not.toMatch(/\b(better|worse)\b/);
      }
    }
    await screenshot(page, 'breakdown-csat-by-channel-en');
    await page.context().close();
  });

  test('a drill-down from the first-response tile shows and sorts business hours, as the tile counts them', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    const asked: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/contacts/query')) asked.push(r.postDataJSON() as Record<string, unknown>);
    });
    await page.getByTestId('tile-frt-drill').click();
    const table = page.getByTestId('contacts-table');
    await table.waitFor();
    const header = table.locator('th[data-sort="frt_s"]');
    expect(await header.textContent()).toContain('business hours');
    const shownSeconds = () =>
      table
        .locator('td[data-column="frt"]')
        .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-seconds') ?? Number.NaN)));
    for (const order of ['desc', 'asc'] as const) {
      await header.getByRole('button').click();
      await page.waitForURL(new RegExp(`sort=frt_s.*order=${order}|order=${order}.*sort=frt_s`));
      await expect.poll(async () => header.getAttribute('aria-sort')).toBe(`${order}ending`);
      await expect.poll(async () => table.getAttribute('aria-busy')).toBe('false');
      const seconds = await shownSeconds();
      expect(seconds.length).toBeGreaterThan(1);
      expect(seconds.every((s) => Number.isFinite(s))).toBe(true);
      const sorted = [...seconds].sort((a, b) => (order === 'asc' ? a - b : b - a));
      expect(seconds).toEqual(sorted);
    }
    // The numbers are the business-hours first responses the tile's median is taken from.
    // The same list (range, zone, filters) sorted by the KPI's own value of each contact.
    const byValue = { ...asked[asked.length - 1], sort: 'value', order: 'asc' };
    const fromApi = await page.evaluate(async (query) => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/contacts/query', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify(query),
      });
      const body = (await res.json()) as { rows: { value: number | null }[] };
      return body.rows.map((r) => r.value);
    }, byValue);
    const shown = await shownSeconds();
    expect(shown.slice(0, 5)).toEqual(fromApi.slice(0, 5));
    await screenshot(page, 'contacts-frt-sorted-en');
    await page.context().close();
  });

  test('a contact is titled by its source and id, with the time between its events', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    // First-contact resolution lists resolved contacts with a reply: both facts below apply.
    await page.goto(`${server.url}/contacts?kpi=fcr_rate&preset=all`);
    await page.getByTestId('contacts-table').waitFor();
    await page.getByTestId('contact-link').first().click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    await expect.poll(async () => page.getByTestId('contact-title').textContent()).toMatch(/^[a-z_]+ #\S+$/);
    const events = await timeline.locator('li').evaluateAll((items) =>
      items.map((li) => ({
        at: Date.parse(li.querySelector('time')?.getAttribute('datetime') ?? ''),
        gap: li.querySelector('[data-testid="event-gap"]')?.textContent ?? null,
        seconds: li.querySelector('[data-testid="event-gap"]')?.getAttribute('data-seconds') ?? null,
      })),
    );
    expect(events.length).toBeGreaterThan(1);
    expect(events[0]?.gap).toBeNull();
    for (const [i, e] of events.entries()) {
      if (i === 0) continue;
      expect(Number(e.seconds)).toBe((e.at - (events[i - 1]?.at ?? 0)) / 1000);
      expect(e.gap).toMatch(/^\+\d/);
    }
    // A gap of whole minutes under an hour reads "+N min".
    for (const e of events.filter((x) => Number(x.seconds) >= 60 && Number(x.seconds) < 3600))
      expect(e.gap).toMatch(/^\+\d+ min/);
    // The facts in words, with units and hours.
    const summary = await page.getByTestId('contact-summary').textContent();
    expect(summary).toMatch(/Resolved after .+\(business hours\)/);
    expect(summary).toMatch(/Resolved at first contact: (Yes|No)/);
    await screenshot(page, 'contact-timeline-gaps-en');
    await page.context().close();
  });

  test('the contacts list fits a 1440 px screen and a tablet without sideways scrolling of the page, in English, Chinese and Ukrainian', async () => {
    const page = await signIn(browser, server.url, ADMIN);
    try {
      for (const [locale, width] of (['en', 'zh-CN', 'uk'] as const).flatMap((l) =>
        [1440, 768].map((w) => [l, w] as const),
      )) {
        if ((await page.locator('html').getAttribute('lang')) !== locale) {
          // The language is saved for the user; the finally below switches back for the next test.
          const saved = page.waitForResponse(
            (r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH',
          );
          await page.getByTestId('language-select').selectOption(locale);
          await saved;
          await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
        }
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}/contacts?kpi=frt_within_target&preset=all`);
        await page.getByTestId('contacts-table').locator('tbody tr').first().waitFor();
        await expect.poll(() => page.getByTestId('contacts-table').getAttribute('aria-busy')).toBe('false');
        const fit = await page.getByTestId('contacts-table').evaluate((table) => {
          // The test runs its callbacks in the page; Node's types know no DOM.
          type Box = { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number } };
          const page = globalThis as unknown as {
            document: { documentElement: Box };
            getComputedStyle(element: unknown): { position: string };
          };
          const root = page.document.documentElement;
          const wrap = table.parentElement as unknown as Box;
          const subject = table.querySelector('td') as unknown as Box;
          return {
            page: root.scrollWidth - root.clientWidth,
            table: wrap.scrollWidth - wrap.clientWidth,
            pinned: page.getComputedStyle(subject).position === 'sticky',
            subjectRight: subject.getBoundingClientRect().right,
          };
        });
        const where = `${width} px, ${locale}`;
        await screenshot(page, `contacts-${width}-${locale}`);
        expect(fit.page, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(0);
        // On a screen the list is whole; on a tablet it may scroll inside its box, the subject pinned.
        const whole = fit.table <= 0;
        expect(width >= 1440 ? whole : whole || fit.pinned, `${where}: ${JSON.stringify(fit)}`).toBe(true);
        expect(fit.subjectRight).toBeLessThanOrEqual(width);
      }
    } finally {
      if ((await page.locator('html').getAttribute('lang')) !== 'en') {
        const saved = page.waitForResponse(
          (r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH',
        );
        await page.getByTestId('language-select').selectOption('en');
        await saved;
      }
      await page.context().close();
    }
  });
});
