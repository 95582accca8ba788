import { rm } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIN_RANKED_N } from '../../src/core/kpi/samples.js';
import { openDemo, type RunningServer, screenshot, signIn } from './support.js';

/**
 * The agents page as a team lead reads it on the demo: rankings that small samples cannot top,
 * coaching sentences that check by hand against the cells beside them, and a page that fits a
 * laptop and a tablet without scrolling sideways.
 */

const ADMIN = { email: 'demo@example.com', password: 'servicemeter-demo' };

let dir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  ({ dir, server, browser } = await openDemo('agents', { contacts: 3000, seed: 1 }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function agentsPage(width: number): Promise<Page> {
  const page = await signIn(browser, server.url, ADMIN);
  await page.setViewportSize({ width, height: 900 });
  await page.getByRole('link', { name: 'Agents', exact: true }).click();
  await page.getByTestId('agents-table').locator('tbody tr').first().waitFor();
  return page;
}

/** Switches the signed-in user's language; the choice is saved for the user, so tests switch back. */
async function chooseLanguage(page: Page, locale: string): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === locale) return;
  // Waits for the choice to be saved, so that the next page load comes in that language.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByTestId('language-select').selectOption(locale);
  await saved;
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
}

/**
 * How the scorecards table sits at the current width: the page must never scroll sideways, the
 * name column is pinned, and on a laptop the whole table is in view without scrolling its box.
 */
async function expectAgentsTableFits(page: Page, width: number, locale: string): Promise<void> {
  const where = `${width} px, ${locale}`;
  expect(await pageScrollsSideways(page), `${where}: the page scrolls sideways`).toBe(false);
  // The agent's name stays in view while the table scrolls in its own box.
  const nameColumn = await page.evaluate(
    `getComputedStyle(document.querySelector('[data-testid="agents-table"] tbody th[scope="row"]')).position`,
  );
  expect(nameColumn, where).toBe('sticky');
  if (width >= 1440) {
    // On a laptop the columns are chosen to fit: the whole table is in view without scrolling it.
    const [scrolled, shown] = (await page.evaluate(
      `(() => { const box = document.querySelector('[data-testid="agents-table"]').parentElement; return [box.scrollWidth, box.clientWidth]; })()`,
    )) as [number, number];
    expect(
      scrolled,
      `${where}: the scorecards table scrolls sideways by ${scrolled - shown} px`,
    ).toBeLessThanOrEqual(shown);
  }
}

/** Whether the page scrolls sideways, as the page sees itself: wider than the window. */
async function pageScrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')) as boolean;
}

interface RankedRow {
  agent: string;
  n: number;
  value: string;
  /** Shown ▲ or ▼, in colour. */
  marked: boolean;
}

/** The rows of a group of the agents table, with the count and value shown under one indicator. */
function rowsOf(table: Locator, group: 'ranked' | 'apart', kpi: string): Promise<RankedRow[]> {
  return table.locator(`tbody[data-group="${group}"] tr[data-agent]`).evaluateAll(
    (rows, id) =>
      rows.map((row) => {
        const cell = row.querySelector(`td[data-kpi="${id}"]`);
        return {
          agent: row.getAttribute('data-agent') ?? '',
          n: Number(cell?.getAttribute('data-n')),
          value: cell?.querySelector('[data-part="value"]')?.textContent ?? '',
          marked: /[▲▼]/.test(cell?.textContent ?? ''),
        };
      }),
    kpi,
  );
}

const UNIT_SECONDS: [RegExp, number][] = [
  [/^days?$/, 86_400],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(s|secs?|seconds?)$/, 1],
];

type Figure = { value: number; resolution: number };

/**
 * A figure as the English dashboard writes it (`1 hr 5 min`, `84.3%`, `+6.2 pp`, `-50`), in the unit
 * the API uses (seconds, fractions, points), with the resolution its rounding leaves.
 */
function readFigure(text: string): Figure {
  const signed = text.replace(/[−–]/g, '-').replace(/,/g, '').trim();
  const sign = signed.startsWith('-') ? -1 : 1;
  const clean = signed.replace(/^[-+±]\s*/, '');
  const decimals = (digits: string) => digits.split('.')[1]?.length ?? 0;
  const share = /^([\d.]+)\s*(%|pp)$/.exec(clean);
  if (share?.[1])
    return { value: (sign * Number(share[1])) / 100, resolution: 10 ** -decimals(share[1]) / 100 };
  const plain = /^([\d.]+)(\s*points)?$/.exec(clean);
  if (plain?.[1]) return { value: sign * Number(plain[1]), resolution: 10 ** -decimals(plain[1]) };
  const parts = [...clean.matchAll(/([\d.]+)\s*([a-z]+)/g)].map(([, digits = '', unit = '']) => {
    const size = UNIT_SECONDS.find(([pattern]) => pattern.test(unit))?.[1];
    if (size === undefined) throw new Error(`not a figure: ${text}`);
    return { value: Number(digits) * size, resolution: size * 10 ** -decimals(digits) };
  });
  if (parts.length === 0) throw new Error(`not a figure: ${text}`);
  return {
    value: sign * parts.reduce((sum, d) => sum + d.value, 0),
    resolution: Math.min(...parts.map((d) => d.resolution)),
  };
}

/** A coaching sentence's distance from the rest of the team, signed as agent − rest. */
function sentenceDifference(sentence: string): {
  difference: string;
  sign: number;
  low: string;
  high: string;
} {
  const found = /, (.+?) (faster|slower|higher|lower) \(95 % interval (.+?) to (.+?)\)$/.exec(sentence);
  if (!found) throw new Error(`not a coaching sentence: ${sentence}`);
  const [, difference = '', way = '', low = '', high = ''] = found;
  return { difference, sign: way === 'faster' || way === 'lower' ? -1 : 1, low, high };
}

/** Checks value − rest from a row's cells against the difference its sentence states. */
async function expectSentenceAddsUp(row: Locator): Promise<string> {
  const value = (await row.locator('[data-cell="value"] [data-part="value"]').textContent()) ?? '';
  const rest = (await row.locator('[data-cell="rest"] [data-part="value"]').textContent()) ?? '';
  const sentence = ((await row.locator('[data-cell="reason"]').textContent()) ?? '').trim();
  // The sentence repeats the cells it sits beside, so the reader sees which numbers it speaks of.
  expect(sentence).toContain(value);
  expect(sentence).toContain(rest);
  const stated = sentenceDifference(sentence);
  const [agent, others, difference, low, high] = [
    value,
    rest,
    stated.difference,
    stated.low,
    stated.high,
  ].map(readFigure) as [Figure, Figure, Figure, Figure, Figure];
  const recomputed = agent.value - others.value;
  const rounding = (agent.resolution + others.resolution + difference.resolution) / 2 + 1e-9;
  expect(
    Math.abs(recomputed - stated.sign * difference.value),
    `${sentence}: ${value} − ${rest} = ${recomputed}`,
  ).toBeLessThanOrEqual(rounding);
  expect(low.value).toBeLessThanOrEqual(difference.value + low.resolution);
  expect(high.value).toBeGreaterThanOrEqual(difference.value - high.resolution);
  return sentence;
}

describe('the agents page in Chromium', () => {
  test.each([1440, 768])('fits a %i px wide screen without the page scrolling sideways', async (width) => {
    const page = await agentsPage(width);
    await screenshot(page, `agents-${width}-en`);
    await expectAgentsTableFits(page, width, 'en');

    await page.getByTestId('agents-table').locator('tbody th[scope="row"] a').first().click();
    await page.getByTestId('scorecard-table').waitFor();
    await screenshot(page, `agent-scorecard-${width}-en`);
    expect(await pageScrollsSideways(page)).toBe(false);
    await page.context().close();
  });

  test.each(['zh-CN', 'uk'])(
    'fits a laptop whole and a tablet without the page scrolling sideways in %s, whose headers run longer',
    async (locale) => {
      const page = await signIn(browser, server.url, ADMIN);
      try {
        await chooseLanguage(page, locale);
        for (const width of [1440, 768]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${server.url}/agents`);
          await page.getByTestId('agents-table').locator('tbody tr').first().waitFor();
          await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
          await screenshot(page, `agents-${width}-${locale}`);
          await expectAgentsTableFits(page, width, locale);
        }
      } finally {
        await chooseLanguage(page, 'en');
        await page.context().close();
      }
    },
  );

  test('an agent with a handful of answers is never ranked first: small samples are listed apart', async () => {
    const page = await agentsPage(1440);
    const table = page.getByTestId('agents-table');
    for (const [kpi, heading] of [
      ['nps', 'Net Promoter Score'],
      ['csat', 'Customer satisfaction (CSAT) (share)'],
    ] as const) {
      await table.getByRole('button', { name: heading, exact: true }).click();
      await page.waitForURL(new RegExp(`sort=${kpi}`));
      const ranked = await rowsOf(table, 'ranked', kpi);
      const apart = await rowsOf(table, 'apart', kpi);
      await screenshot(page, `agents-by-${kpi}-en`);
      for (const row of ranked)
        expect(row.n, `${row.agent} ranked by ${kpi}`).toBeGreaterThanOrEqual(MIN_RANKED_N);
      for (const row of apart) {
        expect(row.n, `${row.agent} apart on ${kpi}`).toBeLessThan(MIN_RANKED_N);
        expect(row.marked, `${row.agent} marked on ${kpi} with ${row.n}`).toBe(false);
      }
      // The demo has agents with a few survey answers and a striking score: they must be apart.
      expect(apart.some((row) => row.n > 0)).toBe(true);
      expect(await table.locator('tbody[data-group="apart"] th[scope="rowgroup"]').textContent()).toMatch(
        new RegExp(`^Too few to rank by .+: fewer than ${MIN_RANKED_N} (answers|contacts)$`),
      );
      // Ranked best first: a higher share or score on top.
      const values = ranked.map((row) => readFigure(row.value).value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    await page.context().close();
  });

  test('every coaching sentence adds up from the cells beside it, on the list and on the scorecard', async () => {
    const page = await agentsPage(1440);
    const coaching = page.getByTestId('coaching-table');
    const rows = coaching.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const first = await expectSentenceAddsUp(rows.first());
    expect(first).toMatch(/\((median|90th percentile|mean|share)\)|^Net Promoter Score/);
    for (const row of await rows.all()) await expectSentenceAddsUp(row);

    // On the agent's own scorecard, the same sentence sits beside value, rest and difference.
    const kpi = await rows.first().getAttribute('data-kpi');
    await rows.first().locator('th a').click();
    const scorecard = page.getByTestId('scorecard-table');
    await scorecard.waitFor();
    const row = scorecard.locator(`tr[data-kpi="${kpi}"]`);
    expect(await expectSentenceAddsUp(row)).toBe(first);
    const shown = (await row.locator('[data-cell="difference"] [data-part="value"]').textContent()) ?? '';
    const stated = sentenceDifference(first);
    expect(readFigure(shown).value).toBeCloseTo(stated.sign * readFigure(stated.difference).value, 6);
    await page.context().close();
  });
});
